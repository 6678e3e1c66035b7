-- Judgment profiles: "HumanJudgment" gains "profileId", the number of its
-- (codes, consensus) pair in "JudgmentProfile". The agreement table of one judge
-- and criterion groups half a million judged units; grouping on an int instead
-- of two text arrays, and merge-joining two index-only scans in output order
-- (the covering indexes below) instead of hashing half a million keys, takes
-- agreement.1m from ~1.1 s to ~0.4 s. The triggers keep profiles exact like the
-- rest of the aggregate; profiles are never deleted (a few hundred at most:
-- one per distinct multiset of codes and consensus).

CREATE TABLE "JudgmentProfile" (
    "id" SERIAL NOT NULL,
    "codes" TEXT[],
    "consensus" TEXT[],

    CONSTRAINT "JudgmentProfile_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "JudgmentProfile_codes_consensus_key" ON "JudgmentProfile"("codes", "consensus") NULLS NOT DISTINCT;

-- Existing judgments get their profiles before the column becomes required.
ALTER TABLE "HumanJudgment" ADD COLUMN "profileId" INTEGER;
INSERT INTO "JudgmentProfile" (codes, consensus) SELECT DISTINCT codes, consensus FROM "HumanJudgment" ORDER BY codes, consensus;
UPDATE "HumanJudgment" h SET "profileId" = p.id FROM "JudgmentProfile" p
WHERE p.codes IS NOT DISTINCT FROM h.codes AND p.consensus IS NOT DISTINCT FROM h.consensus;
ALTER TABLE "HumanJudgment" ALTER COLUMN "profileId" SET NOT NULL;

-- Covering indexes for index-only merge joins: judged units of one (project,
-- criterion key) in target order with their profile, and one judge's scores on
-- one criterion in output order with the score (the database collation is C,
-- so both orders agree and comparing keys is a memcmp).
ALTER TABLE "HumanJudgment" DROP CONSTRAINT "HumanJudgment_pkey",
  ADD CONSTRAINT "HumanJudgment_pkey" PRIMARY KEY ("projectId", "criterionKey", "targetKey") INCLUDE ("profileId");
CREATE INDEX "JudgeScore_judgeId_criterionId_outputId_idx" ON "JudgeScore"("judgeId", "criterionId", "outputId") INCLUDE (category, value);

-- Index-only scans skip the table only for pages the visibility map marks
-- all-visible, which autovacuum maintains. The default thresholds (20 % of the
-- table changed) leave a large table's map stale for a long time after an
-- import or a busy review day; 2 % keeps it close to current.
ALTER TABLE "HumanJudgment" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE "JudgeScore" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- The refresh statement, now also numbering profiles (same semantics otherwise).
CREATE OR REPLACE FUNCTION human_judgment_refresh_sql(affected text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
  WITH affected AS MATERIALIZED (
    SELECT DISTINCT project_id, key, target_key FROM (%s) s WHERE project_id IS NOT NULL AND key IS NOT NULL
  ),
  crit AS MATERIALIZED (
    SELECT c.id, c.key, c.kind::text AS kind, r."projectId" AS project_id
    FROM "Criterion" c
    JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
    JOIN "Rubric" r ON r.id = rv."rubricId"
    WHERE (r."projectId", c.key) IN (SELECT DISTINCT project_id, key FROM affected)
  ),
  human AS MATERIALIZED (
    SELECT DISTINCT ON (a.project_id, a.key, a.target_key, l."reviewerId")
      a.project_id, a.key, a.target_key, cr.kind, l."reviewerId" AS reviewer_id,
      COALESCE(lv.category, lv.value::text) AS code, lv.value
    FROM affected a
    JOIN crit cr ON cr.project_id = a.project_id AND cr.key = a.key
    JOIN "LabelValue" lv ON lv."criterionId" = cr.id AND lv."targetKey" = a.target_key
    JOIN "Label" l ON l.id = lv."labelId"
    WHERE lv.category IS NOT NULL OR lv.value IS NOT NULL
    ORDER BY a.project_id, a.key, a.target_key, l."reviewerId", l."updatedAt" DESC, l.id DESC, lv.id DESC
  ),
  per_target AS (
    SELECT project_id, key, target_key, COUNT(*)::int AS reviewers,
      ARRAY_AGG(code ORDER BY code, reviewer_id) AS codes,
      ARRAY_AGG(reviewer_id ORDER BY code, reviewer_id) AS reviewer_ids,
      ROUND((percentile_cont(0.5) WITHIN GROUP (ORDER BY value) FILTER (WHERE kind IN ('LIKERT', 'RANKING')))::numeric)::float8::text AS ordinal
    FROM human GROUP BY project_id, key, target_key
  ),
  nominal AS (
    SELECT project_id, key, target_key, MIN(code) AS code FROM (
      SELECT project_id, key, target_key, code, COUNT(*) AS votes,
        MAX(COUNT(*)) OVER (PARTITION BY project_id, key, target_key) AS top
      FROM human WHERE kind NOT IN ('LIKERT', 'RANKING')
      GROUP BY project_id, key, target_key, code
    ) v
    WHERE votes = top GROUP BY project_id, key, target_key HAVING COUNT(*) = 1
  ),
  truth AS (
    SELECT DISTINCT ON (cr.project_id, cr.key, g."targetKey")
      cr.project_id, cr.key, g."targetKey" AS target_key, g.status::text AS status, COALESCE(g.category, g.value::text) AS code
    FROM affected a
    JOIN crit cr ON cr.project_id = a.project_id AND cr.key = a.key
    JOIN "GroundTruth" g ON g."criterionId" = cr.id AND g."targetKey" = a.target_key AND g."projectId" = cr.project_id
    ORDER BY cr.project_id, cr.key, g."targetKey", g."updatedAt" DESC, g.id DESC
  ),
  combined AS (
    SELECT a.project_id, a.key, a.target_key, p.reviewers, p.codes, p.reviewer_ids,
      array_remove(ARRAY[n.code, p.ordinal], NULL) AS human, t.target_key IS NOT NULL AS has_truth, t.status, t.code AS truth
    FROM affected a
    LEFT JOIN per_target p ON p.project_id = a.project_id AND p.key = a.key AND p.target_key = a.target_key
    LEFT JOIN nominal n ON n.project_id = a.project_id AND n.key = a.key AND n.target_key = a.target_key
    LEFT JOIN truth t ON t.project_id = a.project_id AND t.key = a.key AND t.target_key = a.target_key
    WHERE p.target_key IS NOT NULL OR t.target_key IS NOT NULL
  ),
  fresh AS MATERIALIZED (
    SELECT project_id, key, target_key, COALESCE(reviewers, 0) AS reviewers, COALESCE(codes, '{}') AS codes,
      COALESCE(reviewer_ids, '{}') AS reviewer_ids,
      CASE WHEN NOT has_truth THEN human
           WHEN status = 'CONTESTED' THEN '{}'::text[]
           WHEN truth IS NULL THEN human
           ELSE array_fill(truth, ARRAY[GREATEST(cardinality(human), 1)]) END AS consensus
    FROM combined
  ),
  -- Each (codes, consensus) pair's profile id: existing profiles are only read (no
  -- lock, so concurrent submits never queue on a common profile); missing ones are
  -- inserted in a fixed order, and ON CONFLICT DO UPDATE (not DO NOTHING) returns the
  -- id even when another transaction committed the same profile meanwhile.
  known AS MATERIALIZED (
    SELECT p.id, p.codes, p.consensus FROM "JudgmentProfile" p
    WHERE (p.codes, p.consensus) IN (SELECT codes, consensus FROM fresh)
  ),
  added AS (
    INSERT INTO "JudgmentProfile" (codes, consensus)
    SELECT DISTINCT f.codes, f.consensus FROM fresh f
    WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.codes = f.codes AND k.consensus = f.consensus)
    ORDER BY f.codes, f.consensus
    ON CONFLICT (codes, consensus) DO UPDATE SET codes = EXCLUDED.codes
    RETURNING id, codes, consensus
  ),
  profile AS (SELECT * FROM known UNION ALL SELECT * FROM added),
  -- Upsert what exists now and delete what no longer does: disjoint rows, so one statement
  -- (and one evaluation of the affected set) does both.
  upserted AS (
    INSERT INTO "HumanJudgment" ("projectId", "criterionKey", "targetKey", reviewers, codes, "reviewerIds", consensus, "profileId")
    SELECT f.project_id, f.key, f.target_key, f.reviewers, f.codes, f.reviewer_ids, f.consensus, p.id
    FROM fresh f JOIN profile p ON p.codes = f.codes AND p.consensus = f.consensus
    ON CONFLICT ("projectId", "criterionKey", "targetKey") DO UPDATE
      SET reviewers = EXCLUDED.reviewers, codes = EXCLUDED.codes, "reviewerIds" = EXCLUDED."reviewerIds",
        consensus = EXCLUDED.consensus, "profileId" = EXCLUDED."profileId"
  )
  DELETE FROM "HumanJudgment" h USING affected a
  WHERE h."projectId" = a.project_id AND h."criterionKey" = a.key AND h."targetKey" = a.target_key
    AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.project_id = a.project_id AND f.key = a.key AND f.target_key = a.target_key)
$q$, affected)
$fn$;

-- The fast path's function embeds the statement text: generated again from the new one.
DO $do$
BEGIN
  EXECUTE format(
    $f$CREATE OR REPLACE FUNCTION human_judgment_refresh_small(p_projects text[], p_keys text[], p_targets text[]) RETURNS void
       LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS %L$f$,
    'BEGIN ' || human_judgment_refresh_sql('SELECT * FROM unnest(p_projects, p_keys, p_targets) AS t(project_id, key, target_key)') || '; END');
END
$do$;
