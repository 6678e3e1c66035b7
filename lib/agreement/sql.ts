import { Prisma } from "@/lib/generated/prisma/client";

// The SQL the agreement figures are built on. Everything heavy — latest label
// per reviewer, human consensus, ground-truth override, canonical pairwise
// verdicts, the join with judge scores and the grouping into contingency
// counts — runs in PostgreSQL; JavaScript receives a few hundred rows.
//
// Codes are text: COALESCE(category, value::text), so a Likert 4 is '4',
// binary pass '1', a preference 'A' | 'B' | 'TIE' | 'BOTH_BAD'. Pair targets
// are "<outputA>:<outputB>" with outputA < outputB in byte order (COLLATE "C"
// matches JavaScript's string comparison).

/**
 * judgeId, criterionKey: one judge, one key. rubricVersionId: only judge scores
 * given on that rubric version's criteria; the human side stays every
 * reviewer's newest judgment across versions of the key. itemIds: only units
 * on these items (the judge workbench's held-out set).
 */
export type AgreementFilter = { judgeId?: string; criterionKey?: string; rubricVersionId?: string; itemIds?: string[] };

/** Pointwise scores (alias `s`) on the filter's items, when it names some. */
function scoreItemFilter(filter: AgreementFilter) {
  return filter.itemIds ? Prisma.sql`AND s."outputId" IN (SELECT o.id FROM "Output" o WHERE o."itemId" = ANY(${filter.itemIds}::text[]))` : Prisma.empty;
}

/** The project's criteria (every rubric version), optionally one key: the CTE `crit`. */
export function critCte(projectId: string, filter: AgreementFilter, opts: { inline?: boolean } = {}) {
  // Inlined (NOT MATERIALIZED), the planner sees Criterion's statistics on key:
  // a materialised CTE makes it guess the (key, target) join ~1000× too small
  // and sort half a million rows where a hash aggregate is due.
  return Prisma.sql`
  crit AS ${opts.inline ? Prisma.raw("NOT MATERIALIZED ") : Prisma.empty}(
    SELECT c.id, c.key, c.kind::text AS kind
    FROM "Criterion" c
    JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
    JOIN "Rubric" r ON r.id = rv."rubricId"
    WHERE r."projectId" = ${projectId} ${filter.criterionKey ? Prisma.sql`AND c.key = ${filter.criterionKey}` : Prisma.empty}
      ${filter.rubricVersionId ? Prisma.sql`AND rv.id = ${filter.rubricVersionId}` : Prisma.empty}
  )`;
}

/** A pairwise judge row's pair as its canonical target "<outputA>:<outputB>", ids in byte order. `alias`: the "PairwiseJudgeScore" row. */
export function canonicalPairSql(alias: string) {
  const p = Prisma.raw(alias);
  return Prisma.sql`LEAST(${p}."outputAId" COLLATE "C", ${p}."outputBId" COLLATE "C") || ':' || GREATEST(${p}."outputAId" COLLATE "C", ${p}."outputBId" COLLATE "C")`;
}

/** A pairwise judge row's verdict in the canonical target's terms (A = the output whose id sorts first), as text. */
export function canonicalVerdictSql(alias: string) {
  const p = Prisma.raw(alias);
  return Prisma.sql`CASE WHEN ${p}."outputAId" COLLATE "C" < ${p}."outputBId" COLLATE "C" OR ${p}.verdict::text NOT IN ('A', 'B') THEN ${p}.verdict::text
             WHEN ${p}.verdict = 'A' THEN 'B' ELSE 'A' END`;
}

/**
 * The one rule combining a pair's verdicts over its shown orders (an aggregate
 * over canonical verdicts named `v`, grouped by pair): the swap-averaged
 * verdict (Zheng et al. 2023, §3.4). Both orders agree: that verdict; they
 * differ: TIE; an ERROR in either: NULL (the pair is dropped); one order
 * alone: its verdict. Agreement figures use it for every pairwise judge; the
 * leaderboard for judge versions with swapAverage.
 */
export const SWAP_AVERAGED_VERDICT = Prisma.sql`CASE WHEN BOOL_OR(v = 'ERROR') THEN NULL WHEN MIN(v) = MAX(v) THEN MIN(v) ELSE 'TIE' END`;

/**
 * Judge codes per (judge, criterion key, target). Pairwise verdicts are
 * canonicalised to the A < B target and combined over both shown orders
 * conservatively (Zheng et al. §3.4): a side wins only if chosen every time,
 * disagreement between orders is a tie, any error drops the pair.
 */
export function judgedCte(projectId: string, filter: AgreementFilter) {
  return Prisma.sql`${judgedPartsCte(projectId, filter)},
  judged AS (
    SELECT * FROM judged_point
    UNION ALL
    SELECT * FROM judged_pair
  )`;
}

/**
 * judgedCte's two halves, for queries that join each with the human side on its
 * own: through a UNION ALL the planner loses the statistics of key and target
 * and misjudges the join with "HumanJudgment" by orders of magnitude.
 */
function judgedPartsCte(projectId: string, filter: AgreementFilter, opts: { preferenceKeysOnly?: boolean } = {}) {
  const judgeFilter = filter.judgeId ? Prisma.sql`AND j.id = ${filter.judgeId}` : Prisma.empty;
  // Restricting the criteria (the hashed side) lets PostgreSQL skip the score scans
  // altogether when the project has no preference criterion.
  const keyFilter = opts.preferenceKeysOnly ? Prisma.sql`AND cr.key IN (SELECT key FROM crit WHERE kind = 'PREFERENCE')` : Prisma.empty;
  // …and the one-time EXISTS gate makes sure the scans never start then.
  const gate = opts.preferenceKeysOnly ? Prisma.sql`AND EXISTS (SELECT 1 FROM crit WHERE kind = 'PREFERENCE')` : Prisma.empty;
  return Prisma.sql`
  judged_point AS NOT MATERIALIZED (
    SELECT s."judgeId", cr.key, s."outputId" AS "targetKey", COALESCE(s.category, s.value::text) AS code
    FROM "JudgeScore" s
    JOIN crit cr ON cr.id = s."criterionId" ${keyFilter}
    JOIN "Judge" j ON j.id = s."judgeId" AND j."projectId" = ${projectId} ${judgeFilter}
    WHERE (s.category IS NOT NULL OR s.value IS NOT NULL) ${gate} ${scoreItemFilter(filter)}
  ),
  judged_pair AS (
    SELECT "judgeId", key, "targetKey", ${SWAP_AVERAGED_VERDICT} AS code
    FROM (
      SELECT p."judgeId", cr.key, ${canonicalPairSql("p")} AS "targetKey", ${canonicalVerdictSql("p")} AS v
      FROM "PairwiseJudgeScore" p
      JOIN crit cr ON cr.id = p."criterionId" ${keyFilter}
      JOIN "Judge" j ON j.id = p."judgeId" AND j."projectId" = ${projectId} ${judgeFilter}
      WHERE TRUE ${gate} ${filter.itemIds ? Prisma.sql`AND p."itemId" = ANY(${filter.itemIds}::text[])` : Prisma.empty}
    ) pairwise
    GROUP BY "judgeId", key, "targetKey"
  )`;
}

export type CountRow = { judgeId: string; key: string; slice: string; sliceValue: string; human: string; judge: string; count: number };

// The heavy queries read the human side from "HumanJudgment": one row per
// (project, criterion key, target) holding the reviewers' sorted codes and the
// consensus after the ground-truth override, kept in sync by triggers (see
// prisma/migrations/*_consensus_rule), tested against the from-scratch reference
// in test/reference-sql.ts, without re-deriving the newest label per reviewer from
// a million label rows on every view.
function humanJudgmentJoin(projectId: string, alias: string) {
  const h = Prisma.raw(alias);
  return Prisma.sql`JOIN "HumanJudgment" ${h} ON ${h}."projectId" = ${projectId} AND ${h}."criterionKey" = jd.key AND ${h}."targetKey" = jd."targetKey"`;
}

/**
 * Contingency counts (human consensus × judge code) per judge, criterion key and
 * slice (all, run, category, tag). Pages that show only overall figures use
 * overallPointSql and overallPairAndDedupedSql instead.
 */
export function contingencyCountsSql(projectId: string, filter: AgreementFilter = {}) {
  return Prisma.sql`
  WITH ${critCte(projectId, filter, { inline: true })}, ${judgedCte(projectId, filter)},
  paired AS MATERIALIZED (
    SELECT jd."judgeId", jd.key, jd."targetKey", c.code AS human, jd.code AS judge,
      CASE WHEN POSITION(':' IN jd."targetKey") = 0 THEN o."runId" END AS "runId",
      i.tags, i.metadata->>'category' AS category
    FROM judged jd
    ${humanJudgmentJoin(projectId, "h")}
    CROSS JOIN LATERAL unnest(h.consensus) AS c(code)
    JOIN "Output" o ON o.id = split_part(jd."targetKey", ':', 1)
    JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE jd.code IS NOT NULL
  )
  SELECT "judgeId", key, 'all' AS slice, '' AS "sliceValue", human, judge, COUNT(*)::int AS count
    FROM paired GROUP BY "judgeId", key, human, judge
  UNION ALL
  SELECT "judgeId", key, 'run', "runId", human, judge, COUNT(*)::int
    FROM paired WHERE "runId" IS NOT NULL GROUP BY "judgeId", key, "runId", human, judge
  UNION ALL
  SELECT "judgeId", key, 'category', category, human, judge, COUNT(*)::int
    FROM paired WHERE category IS NOT NULL GROUP BY "judgeId", key, category, human, judge
  UNION ALL
  SELECT "judgeId", key, 'tag', tag, human, judge, COUNT(*)::int
    FROM paired, unnest(tags) AS tag GROUP BY "judgeId", key, tag, human, judge`;
}

/** `versioned`: the criterion keys with several criterion versions (needs `crit`). */
const versionedCte = Prisma.sql`versioned AS (SELECT key FROM crit GROUP BY key HAVING COUNT(*) > 1)`;

export type CeilingRow = { judgeId: string; key: string; codes: string[]; units: number };

/**
 * The human ceiling on the judge's own units: for every target the judge
 * scored that has 2+ reviewers, the multiset of reviewer codes (stored sorted).
 * Identical multisets are grouped (coder identity does not enter α or pairwise
 * agreement), so the result stays small however many units there are.
 */
export function ceilingProfilesSql(projectId: string, filter: AgreementFilter = {}) {
  // Each kind of unit is joined with the human side on its own (see judgedPartsCte).
  // A judge scores an output once per criterion version, so only a key with
  // several versions needs de-duplicating to one unit per target.
  const profiles = (units: Prisma.Sql, when: Prisma.Sql = Prisma.empty) => Prisma.sql`
    SELECT jd."judgeId", jd.key, h.codes, COUNT(*) AS units
    FROM ${units} jd
    ${humanJudgmentJoin(projectId, "h")}
    WHERE h.reviewers >= 2 ${when}
    GROUP BY jd."judgeId", jd.key, h.codes`;
  return Prisma.sql`
  WITH ${critCte(projectId, filter, { inline: true })}, ${judgedPartsCte(projectId, filter)},
  ${versionedCte},
  grouped AS (
    ${profiles(Prisma.sql`(SELECT * FROM judged_point WHERE key NOT IN (SELECT key FROM versioned))`)}
    UNION ALL
    -- The EXISTS is a one-time gate: without versioned keys the join is never started.
    ${profiles(Prisma.sql`(SELECT DISTINCT "judgeId", key, "targetKey" FROM judged_point WHERE key IN (SELECT key FROM versioned))`, Prisma.sql`AND EXISTS (SELECT 1 FROM versioned)`)}
    UNION ALL
    ${profiles(Prisma.sql`judged_pair`)}
  )
  SELECT "judgeId", key, codes, SUM(units)::int AS units FROM grouped GROUP BY "judgeId", key, codes`;
}

export type OverallRow = {
  judgeId: string;
  key: string;
  part: "point" | "pair";
  first: string | null;
  second: string | null;
  judge: string | null;
  codes: string[];
  multi: boolean;
  versioned: boolean;
  deduped: boolean;
  n: number;
};

/**
 * The overall contingency counts and ceiling profiles of the pointwise judges:
 * each judged unit meets its human judgment once, and the rows are grouped on
 * everything both need (consensus, judge code, reviewer codes) — a few hundred
 * groups, which lib/agreement/overall.ts splits into CountRow and CeilingRow.
 *
 * This is the half-million-row part of the overview, so its shape is chosen for
 * speed: per (judge, criterion version), one judge's scores in output order and
 * the key's human judgments in target order both come from covering indexes
 * (index-only scans), merge-joined without hashing a single key, and grouped on
 * the int "profileId" instead of the two text arrays it numbers ("JudgmentProfile",
 * looked up once per group). Run it with analyticalQuery's `mergeJoin` plan.
 */
export function overallPointSql(projectId: string, filter: AgreementFilter = {}) {
  return Prisma.sql`
  WITH ${critCte(projectId, filter, { inline: true })},
  ${versionedCte},
  ${pointScoreGroupsCtes(projectId, filter, Prisma.sql`COUNT(*) AS n`)}
  SELECT g.judge_id AS "judgeId", g.key, 'point' AS part, p.consensus[1] AS first, p.consensus[2] AS second,
    COALESCE(g.category, g.value::text) AS judge, p.codes, cardinality(p.codes) >= 2 AS multi,
    g.key IN (SELECT key FROM versioned) AS versioned, false AS deduped, SUM(g.n)::int AS n
  FROM point_groups g JOIN "JudgmentProfile" p ON p.id = g."profileId"
  GROUP BY g.judge_id, g.key, g.category, g.value, p.id`;
}

/**
 * `combos` and `point_groups` (needs `crit`): per (judge, criterion version),
 * the judge's pointwise scores and the key's human judgments, both in output
 * order from covering indexes (`JudgeScore(judgeId, criterionId, outputId)
 * INCLUDE (category, value)`, the "HumanJudgment" key INCLUDE (profileId)),
 * merge-joined and grouped on (category, value, profileId) with `aggregate`
 * per group. `scoreFilter` narrows the scores (`s`). Run the query with
 * analyticalQuery's `mergeJoin` plan.
 */
export function pointScoreGroupsCtes(projectId: string, filter: AgreementFilter, aggregate: Prisma.Sql, scoreFilter: Prisma.Sql = Prisma.empty) {
  return Prisma.sql`
  combos AS (
    SELECT j.id AS judge_id, cr.id AS criterion_id, cr.key FROM "Judge" j CROSS JOIN crit cr
    WHERE j."projectId" = ${projectId} ${filter.judgeId ? Prisma.sql`AND j.id = ${filter.judgeId}` : Prisma.empty}
  ),
  point_groups AS (
    SELECT c.judge_id, c.key, g.*
    FROM combos c CROSS JOIN LATERAL (
      SELECT s.category, s.value, h."profileId", ${aggregate}
      FROM "JudgeScore" s
      JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = c.key AND h."targetKey" = s."outputId"
      WHERE s."judgeId" = c.judge_id AND s."criterionId" = c.criterion_id AND (s.category IS NOT NULL OR s.value IS NOT NULL) ${scoreFilter} ${scoreItemFilter(filter)}
      GROUP BY s.category, s.value, h."profileId"
    ) g
  )`;
}

/**
 * The rest of the overview in the same row shape: pairwise judges (their verdicts
 * combined over both orders first), and, for a key with several criterion versions,
 * its pointwise units once per target for the ceiling (`deduped` rows; skipped,
 * without starting the join, when no key has several versions).
 */
export function overallPairAndDedupedSql(projectId: string, filter: AgreementFilter = {}) {
  return Prisma.sql`
  WITH ${critCte(projectId, filter, { inline: true })}, ${judgedPartsCte(projectId, filter)},
  ${versionedCte}
  -- A one-time gate: without pairwise scores the join, and the start of its
  -- parallel workers (~15-20 ms), never happens.
  SELECT jd."judgeId", jd.key, 'pair' AS part, h.consensus[1] AS first, h.consensus[2] AS second, jd.code AS judge,
    h.codes, h.reviewers >= 2 AS multi, false AS versioned, false AS deduped, COUNT(*)::int AS n
  FROM judged_pair jd
  ${humanJudgmentJoin(projectId, "h")}
  WHERE EXISTS (SELECT 1 FROM "PairwiseJudgeScore" p WHERE p."judgeId" = ANY(${judgeIdsSql(projectId, filter)}))
  GROUP BY jd."judgeId", jd.key, h.consensus[1], h.consensus[2], jd.code, h.codes, h.reviewers >= 2
  UNION ALL
  SELECT jd."judgeId", jd.key, 'point', NULL, NULL, NULL, h.codes, true, true, true, COUNT(*)::int
  FROM (SELECT DISTINCT "judgeId", key, "targetKey" FROM judged_point WHERE key IN (SELECT key FROM versioned)) jd
  ${humanJudgmentJoin(projectId, "h")}
  WHERE h.reviewers >= 2 AND EXISTS (SELECT 1 FROM versioned)
  GROUP BY jd."judgeId", jd.key, h.codes`;
}

/** The project's judges (or the one asked for) as an array, for one-time id checks. */
function judgeIdsSql(projectId: string, filter: AgreementFilter) {
  return Prisma.sql`ARRAY(SELECT id FROM "Judge" WHERE "projectId" = ${projectId} ${filter.judgeId ? Prisma.sql`AND id = ${filter.judgeId}` : Prisma.empty})`;
}

export type VoteCountRow = { judgeId: string; key: string; judge: "a" | "b" | "tie" | null; a: number; b: number; tie: number; units: number };

/**
 * Preference votes on the pairs a judge and the experts both judged, as counts
 * (lib/stats mtBenchFromVoteCounts): per judge, key, the judge's verdict and
 * how many reviewers chose A, B and a tie (both bad counts as one), the number
 * of pairs alike. Other codes are no vote, as in MT-Bench's canonical votes.
 * Reading every vote instead sent a million rows to the server.
 */
export function preferenceVoteCountsSql(projectId: string, filter: AgreementFilter = {}) {
  return Prisma.sql`
  WITH ${critCte(projectId, filter, { inline: true })}, ${judgedPartsCte(projectId, filter, { preferenceKeysOnly: true })},
  judged AS (SELECT * FROM judged_point UNION ALL SELECT * FROM judged_pair),
  pairs AS (
    SELECT jd."judgeId", jd.key, jd."targetKey", jd.code FROM judged jd
    JOIN crit cr ON cr.key = jd.key AND cr.kind = 'PREFERENCE'
    WHERE jd.code IS NOT NULL AND POSITION(':' IN jd."targetKey") > 0
    GROUP BY jd."judgeId", jd.key, jd."targetKey", jd.code
  )
  SELECT jd."judgeId", jd.key,
    CASE jd.code WHEN 'A' THEN 'a' WHEN 'B' THEN 'b' WHEN 'TIE' THEN 'tie' WHEN 'BOTH_BAD' THEN 'tie' END AS judge,
    v.a, v.b, v.tie, COUNT(*)::int AS units
    FROM pairs jd ${humanJudgmentJoin(projectId, "h")}
    CROSS JOIN LATERAL (
      SELECT COUNT(*) FILTER (WHERE code = 'A')::int AS a, COUNT(*) FILTER (WHERE code = 'B')::int AS b,
        COUNT(*) FILTER (WHERE code IN ('TIE', 'BOTH_BAD'))::int AS tie
      FROM unnest(h.codes) AS code
    ) v
    GROUP BY 1, 2, 3, 4, 5, 6`;
}
