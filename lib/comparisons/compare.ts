import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { bootstrapCountsCi, type BootstrapCi } from "@/lib/stats/bootstrap";
import { loadCriterionGroups, type CriterionGroup } from "./criteria";
import { analyticalQuery } from "./analytical-query";
import { pairedScoresCtes, type ItemRange } from "./decided-scores-sql";
import { loadRunPair, resolveJudge, type RunSummary } from "./runs";
import type { CompareRunsInput } from "./schemas";

// Baseline vs candidate on one dataset version. SQL decides every score and
// pairs the two runs' outputs by (item, turn, criterion), then returns only
// the cell counts (score in baseline × score in candidate) and the first
// changed items; means, pass rates and their bootstrap CIs come from
// lib/stats on those counts, so 100k items cost no more than 100.

export const BOOTSTRAP = { rounds: 1000, seed: 20240601 } as const;
export const ITEM_LIMIT = 500;

export type Source = "adjudicated" | "human" | "judge";

export type CriterionComparison = {
  key: string;
  name: string;
  rubricName: string;
  kind: CriterionGroup["kind"];
  /** Which value passes (from the criterion's config). */
  pass: CriterionGroup["pass"];
  /** The pass threshold of a threshold rule (likert, score, binary at 1); null for passing categories. */
  threshold: number | null;
  /** "mean" for scores on a numeric scale (likert, score), "pass rate" otherwise: the headline figure and the gate's delta. */
  metric: "mean" | "pass rate";
  baseline: BootstrapCi;
  candidate: BootstrapCi;
  /** Candidate − baseline over items decided in both runs (paired bootstrap). */
  delta: BootstrapCi;
  baselinePassRate: BootstrapCi;
  candidatePassRate: BootstrapCi;
  paired: number;
  regressed: number;
  improved: number;
  sources: { baseline: Record<Source, number>; candidate: Record<Source, number> };
};

export type ChangedItem = {
  itemId: string;
  externalId: string;
  turn: number;
  tags: string[];
  criterionKey: string;
  direction: "regressed" | "improved";
  baseline: { outputId: string; value: number | null; category: string | null; source: Source };
  candidate: { outputId: string; value: number | null; category: string | null; source: Source };
};

export type RunComparison = {
  baseline: RunSummary;
  candidate: RunSummary;
  judge: { id: string; name: string; promptVersion: string } | null;
  tag: string | null;
  criteria: CriterionComparison[];
  /** Distinct (item, turn) units that regressed / improved on at least one criterion. */
  regressedUnits: number;
  improvedUnits: number;
  items: ChangedItem[];
  itemsTruncated: boolean;
  bootstrap: typeof BOOTSTRAP;
};

type Cell = { g: number; bv: number | null; bc: string | null; bp: boolean | null; bs: Source | null; cv: number | null; cc: string | null; cp: boolean | null; cs: Source | null; n: number };

type ChangedRow = { g: number; item_id: string; external_id: string; position: number; turn: number; tags: string[]; boid: string; coid: string; bv: number | null; bc: string | null; bs: Source; cv: number | null; cc: string | null; cs: Source; bp: boolean };

type Part = { cells: Cell[]; items: ChangedRow[]; regressed_units: bigint; improved_units: bigint; changed_rows: bigint };
type Row = { cells: Cell[]; items: ChangedRow[]; regressed_units: number; improved_units: number; changed_rows: number };

/** Items below this many are compared in one query: splitting costs more than it saves. */
const SPLIT_MIN_ITEMS = 20_000;
/** Concurrent parts of a large comparison: the cores of this 2-core deployment. */
const PARTS = 2;

/**
 * Item-id boundaries that split the baseline's outputs into PARTS ranges of about
 * equal size (read off the (run, item, turn) index), or one unbounded range.
 */
async function itemRanges(baseline: RunSummary, splitMinItems: number): Promise<ItemRange[]> {
  const [version] = await db.$queryRaw<{ items: number; bounds: string[] | null }[]>`
    SELECT v."itemCount" AS items, CASE WHEN v."itemCount" >= ${splitMinItems} THEN ARRAY(
      SELECT (SELECT o."itemId" FROM "Output" o WHERE o."runId" = ${baseline.id} ORDER BY o."itemId" OFFSET v."itemCount" * k / ${PARTS} LIMIT 1)
      FROM generate_series(1, ${PARTS - 1}) k
    ) END AS bounds
    FROM "DatasetVersion" v WHERE v.id = ${baseline.datasetVersionId}`;
  // Increasing already (k ascends); duplicates collapse when items are few.
  const bounds = [...new Set((version?.bounds ?? []).filter((bound): bound is string => bound !== null))];
  if (bounds.length === 0) return [{ from: null, to: null }];
  return [null, ...bounds].map((from, i) => ({ from, to: bounds[i] ?? null }));
}

/**
 * One item range of the comparison in one query: SQL pairs the runs
 * (pairedScoresCtes), counts cells (score in baseline × score in candidate) and
 * picks the range's first changed rows. Positions, external ids and output ids
 * are looked up for the first ITEM_LIMIT changed rows alone (output ids through
 * the (run, item, turn) key).
 */
async function comparePart(opts: { projectId: string; groups: CriterionGroup[]; baseline: RunSummary; candidate: RunSummary; judgeId: string | null; tag: string | null; items: ItemRange }): Promise<Part> {
  const { baseline, candidate } = opts;
  // The first changed rows one way (side "bp": regressed, "cp": improved), in dataset order.
  const firstChangedRows = (side: "bp" | "cp", limit: Prisma.Sql) => Prisma.sql`
      SELECT ch.*, i.position, i.external_id, i.tags
      FROM (
        SELECT i.id, i.position, i."externalId" AS external_id, i.tags FROM "DatasetItem" i
        WHERE i."datasetVersionId" = ${baseline.datasetVersionId} AND (i.id IN (SELECT item_id FROM changed WHERE ${Prisma.raw(side)}) OR false)
        ORDER BY i.position LIMIT ${limit}
      ) i JOIN changed ch ON ch.item_id = i.id AND ch.${Prisma.raw(side)}`;
  const query = Prisma.sql`
    ${pairedScoresCtes({ projectId: opts.projectId, groups: opts.groups, baselineId: baseline.id, candidateId: candidate.id, judgeId: opts.judgeId, tag: opts.tag, items: opts.items })},
    -- One pass over the pairs: rows that did not change collapse into their cell, each
    -- changed row stays a group of its own (item, turn); cells and changed rows both
    -- come from this much smaller set.
    cell_rows AS (
      SELECT g, bv, bc, bp, bs, cv, cc, cp, cs,
        CASE WHEN bp <> cp THEN item_id END AS item_id, CASE WHEN bp <> cp THEN turn END AS turn, count(*)::int AS n
      FROM paired GROUP BY g, bv, bc, bp, bs, cv, cc, cp, cs, 10, 11
    ),
    cells AS (SELECT g, bv, bc, bp, bs, cv, cc, cp, cs, sum(n)::int AS n FROM cell_rows GROUP BY g, bv, bc, bp, bs, cv, cc, cp, cs),
    changed AS (SELECT g, bv, bc, bp, bs, cv, cc, cp, cs, item_id, turn FROM cell_rows WHERE item_id IS NOT NULL),
    units AS (SELECT bool_or(bp) AS regressed, bool_or(cp) AS improved FROM changed GROUP BY item_id, turn),
    -- Regressions first, then improvements, each in dataset order. The items are walked in
    -- position order, testing each against the hashed changed set, until ITEM_LIMIT have
    -- changed: no sort of every changed row. ("OR false" keeps the test a hashed filter;
    -- as a semi-join PostgreSQL would hash every item and sort.) Improvements are only
    -- looked for when regressions leave room (a LIMIT of 0 never builds its hash).
    regressed_rows AS (${firstChangedRows("bp", Prisma.sql`${ITEM_LIMIT}`)}),
    improved_rows AS (${firstChangedRows("cp", Prisma.sql`(SELECT GREATEST(0, ${ITEM_LIMIT} - count(*)) FROM regressed_rows)`)}),
    first_changed AS (
      SELECT * FROM (SELECT * FROM regressed_rows UNION ALL SELECT * FROM improved_rows) both_ways
      ORDER BY bp DESC, position, turn, g LIMIT ${ITEM_LIMIT}
    )
    SELECT
      (SELECT COALESCE(json_agg(cells), '[]') FROM cells) AS cells,
      (SELECT COALESCE(json_agg(t ORDER BY t.bp DESC, t.position, t.turn, t.g), '[]') FROM (
        SELECT ch.g, ch.item_id, ch.external_id, ch.position, ch.turn, ch.tags, bo.id AS boid, co.id AS coid, ch.bv, ch.bc, ch.bs, ch.cv, ch.cc, ch.cs, ch.bp
        FROM first_changed ch
        JOIN "Output" bo ON bo."runId" = ${baseline.id} AND bo."itemId" = ch.item_id AND bo.turn = ch.turn
        JOIN "Output" co ON co."runId" = ${candidate.id} AND co."itemId" = ch.item_id AND co.turn = ch.turn
      ) t) AS items,
      (SELECT count(*) FILTER (WHERE regressed) FROM units) AS regressed_units,
      (SELECT count(*) FILTER (WHERE improved) FROM units) AS improved_units,
      (SELECT count(*) FROM changed) AS changed_rows`;
  if (process.env.DEBUG_EXPLAIN) {
    const plan = await analyticalQuery<{ "QUERY PLAN": string }>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
    console.error(plan.map((p) => p["QUERY PLAN"]).join("\n"));
  }
  const [part] = await analyticalQuery<Part>(query);
  return part!;
}

/** `splitMinItems` exists for tests, to check that a split comparison adds up to the whole. */
export async function compareRuns(projectId: string, input: CompareRunsInput, opts: { splitMinItems?: number } = {}): Promise<RunComparison> {
  // Independent look-ups run side by side; errors are still reported runs first.
  const [pair, criteria] = await Promise.allSettled([
    loadRunPair(projectId, input.baseline, input.candidate),
    loadCriterionGroups(projectId, { keys: input.criterion, likertThreshold: input.likertThreshold }),
  ]);
  if (pair.status === "rejected") throw pair.reason;
  if (criteria.status === "rejected") throw criteria.reason;
  const { baseline, candidate } = pair.value;
  const groups = criteria.value;
  if (groups.length === 0) throw new SafeError("VALIDATION", "This project has no criterion with a pass rule to compare runs on (likert, score, binary, factuality, or categories with passing ones).");
  const tag = input.tag ?? null;

  // A large comparison is split into item ranges compared concurrently, one query
  // (and so one server core) each: PostgreSQL runs the merge joins on one core.
  // Cells, unit counts and changed rows of disjoint item ranges simply add up.
  const [judge, ranges] = await Promise.all([
    resolveJudge(projectId, [baseline.id, candidate.id], input.judge),
    itemRanges(baseline, opts.splitMinItems ?? SPLIT_MIN_ITEMS),
  ]);
  const parts = await Promise.all(ranges.map((items) => comparePart({ projectId, groups, baseline, candidate, judgeId: judge?.id ?? null, tag, items })));
  const row: Row = {
    cells: parts.flatMap((part) => part.cells),
    items: parts
      .flatMap((part) => part.items)
      .sort((a, b) => Number(b.bp) - Number(a.bp) || a.position - b.position || a.turn - b.turn || a.g - b.g)
      .slice(0, ITEM_LIMIT),
    regressed_units: parts.reduce((sum, part) => sum + Number(part.regressed_units), 0),
    improved_units: parts.reduce((sum, part) => sum + Number(part.improved_units), 0),
    changed_rows: parts.reduce((sum, part) => sum + Number(part.changed_rows), 0),
  };

  const cells = row.cells;

  for (const [run, side] of [[baseline, "b"], [candidate, "c"]] as const) {
    if (!cells.some((cell) => (side === "b" ? cell.bp : cell.cp) !== null)) {
      throw new SafeError(
        "VALIDATION",
        `Run ${run.name} has no labels or judge scores on ${groups.map((g) => g.key).join(", ")}${tag ? ` for items tagged "${tag}"` : ""}${judge ? "" : " (and the project has no pointwise judge scores for it)"}: nothing to compare.`,
        [{ field: side === "b" ? "baseline" : "candidate", message: "No labels or judge scores." }],
      );
    }
  }

  const byIndex = new Map(groups.map((group) => [group.index, group]));
  return {
    baseline,
    candidate,
    judge,
    tag,
    criteria: groups.map((group) => summariseCriterion(group, cells.filter((cell) => cell.g === group.index))),
    regressedUnits: row.regressed_units,
    improvedUnits: row.improved_units,
    itemsTruncated: row.changed_rows > row.items.length,
    items: row.items.map((item) => ({
      itemId: item.item_id,
      externalId: item.external_id,
      turn: item.turn,
      tags: item.tags,
      criterionKey: byIndex.get(item.g)!.key,
      direction: item.bp ? "regressed" : "improved",
      baseline: { outputId: item.boid, value: item.bv, category: item.bc, source: item.bs },
      candidate: { outputId: item.coid, value: item.cv, category: item.cc, source: item.cs },
    })),
    bootstrap: BOOTSTRAP,
  };
}

/** Weighted mean of the values behind a count vector; the statistic each bootstrap replicate evaluates. */
function weightedMean(values: readonly number[]) {
  return (counts: number[]) => {
    let total = 0;
    let weight = 0;
    counts.forEach((count, i) => {
      total += count * values[i]!;
      weight += count;
    });
    return weight === 0 ? null : total / weight;
  };
}

/** Counts per distinct value, bootstrapped with one multinomial draw per replicate (lib/stats). */
function ciOf(pairs: { value: number; n: number }[]): BootstrapCi {
  const merged = new Map<number, number>();
  for (const { value, n } of pairs) merged.set(value, (merged.get(value) ?? 0) + n);
  const values = [...merged.keys()];
  return bootstrapCountsCi(values.map((v) => merged.get(v)!), weightedMean(values), BOOTSTRAP);
}

function summariseCriterion(group: CriterionGroup, cells: Cell[]): CriterionComparison {
  const scored = group.scored;
  const score = (value: number | null, pass: boolean | null) => (scored ? value : pass === null ? null : pass ? 1 : 0);
  const passOf = (pass: boolean | null) => (pass === null ? null : pass ? 1 : 0);
  const side = (pick: (cell: Cell) => number | null) =>
    ciOf(cells.flatMap((cell) => (pick(cell) === null ? [] : [{ value: pick(cell)!, n: cell.n }])));
  const both = cells.filter((cell) => cell.bp !== null && cell.cp !== null);
  const sources = (pick: (cell: Cell) => Source | null) => {
    const counts: Record<Source, number> = { adjudicated: 0, human: 0, judge: 0 };
    for (const cell of cells) if (pick(cell)) counts[pick(cell)!] += cell.n;
    return counts;
  };
  return {
    key: group.key,
    name: group.name,
    rubricName: group.rubricName,
    kind: group.kind,
    pass: group.pass,
    threshold: group.threshold,
    metric: scored ? "mean" : "pass rate",
    baseline: side((cell) => score(cell.bv, cell.bp)),
    candidate: side((cell) => score(cell.cv, cell.cp)),
    delta: ciOf(both.map((cell) => ({ value: score(cell.cv, cell.cp)! - score(cell.bv, cell.bp)!, n: cell.n }))),
    baselinePassRate: side((cell) => passOf(cell.bp)),
    candidatePassRate: side((cell) => passOf(cell.cp)),
    paired: both.reduce((s, cell) => s + cell.n, 0),
    regressed: both.filter((cell) => cell.bp && !cell.cp).reduce((s, cell) => s + cell.n, 0),
    improved: both.filter((cell) => !cell.bp && cell.cp).reduce((s, cell) => s + cell.n, 0),
    sources: { baseline: sources((cell) => cell.bs), candidate: sources((cell) => cell.cs) },
  };
}
