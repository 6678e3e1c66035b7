-- CreateTable
CREATE TABLE "HumanJudgment" (
    "projectId" TEXT NOT NULL,
    "criterionKey" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "reviewers" INTEGER NOT NULL,
    "codes" TEXT[],
    "reviewerIds" TEXT[],
    "consensus" TEXT[],

    CONSTRAINT "HumanJudgment_pkey" PRIMARY KEY ("projectId","criterionKey","targetKey")
);

-- CreateIndex
CREATE INDEX "HumanJudgment_targetKey_idx" ON "HumanJudgment"("targetKey");

-- AddForeignKey
ALTER TABLE "HumanJudgment" ADD CONSTRAINT "HumanJudgment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- "HumanJudgment" is a pre-aggregate of the human labels per (project,
-- criterion key, target), kept exactly in sync by the statement-level triggers
-- below, so every writer (review submits, label imports, edits, ground truth)
-- keeps it consistent without knowing it exists. Semantics (lib/agreement):
--   * one judgment per reviewer: the reviewer's newest label (Label.updatedAt)
--     with a value wins across rubric versions of the key;
--   * codes = COALESCE(category, value::text), sorted, with the reviewers in the same order;
--   * consensus = the unique most frequent code for nominal kinds (a tie is no
--     consensus), the median rounded half away from zero for LIKERT / RANKING;
--     replaced by the newest ground truth's code when AGREED / ADJUDICATED and
--     dropped when CONTESTED. It is an array because a key whose kind changed
--     between rubric versions yields one consensus per kind (as the
--     from-scratch SQL does); in practice it has zero or one element.
-- Triggers are set-based (transition tables): a bulk import recomputes the
-- touched targets in one pass; a review submit touches a handful of rows.

-- The SQL that recomputes the targets selected by `affected` (a query
-- returning project_id, key, target_key). Built as text so every trigger can run it
-- with EXECUTE inside its own body, where the transition tables are visible,
-- and so each run is planned for the actual number of rows touched.
CREATE FUNCTION human_judgment_refresh_sql(affected text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
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
  -- Upsert what exists now and delete what no longer does: disjoint rows, so one statement
  -- (and one evaluation of the affected set) does both.
  upserted AS (
    INSERT INTO "HumanJudgment" ("projectId", "criterionKey", "targetKey", reviewers, codes, "reviewerIds", consensus)
    SELECT project_id, key, target_key, reviewers, codes, reviewer_ids, consensus FROM fresh
    ON CONFLICT ("projectId", "criterionKey", "targetKey") DO UPDATE
      SET reviewers = EXCLUDED.reviewers, codes = EXCLUDED.codes, "reviewerIds" = EXCLUDED."reviewerIds", consensus = EXCLUDED.consensus
  )
  DELETE FROM "HumanJudgment" h USING affected a
  WHERE h."projectId" = a.project_id AND h."criterionKey" = a.key AND h."targetKey" = a.target_key
    AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.project_id = a.project_id AND f.key = a.key AND f.target_key = a.target_key)
$q$, affected)
$fn$;

-- (project, key, target) of rows naming a criterion, through its rubric.
CREATE FUNCTION human_judgment_targets_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
  SELECT r."projectId" AS project_id, c.key, x."targetKey" AS target_key
  FROM (%s) x
  JOIN "Criterion" c ON c.id = x."criterionId"
  JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
  JOIN "Rubric" r ON r.id = rv."rubricId"
$q$, source)
$fn$;

-- LabelValue and GroundTruth: the rows' own targets. On delete the criterion
-- may already be gone (a cascade from a deleted rubric version), so every
-- stored judgment of a deleted row's target is recomputed as well.
CREATE FUNCTION human_judgment_on_target_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  affected text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    affected := human_judgment_targets_sql('SELECT "criterionId", "targetKey" FROM new_table');
  ELSIF TG_OP = 'UPDATE' THEN
    affected := human_judgment_targets_sql('SELECT "criterionId", "targetKey" FROM new_table UNION SELECT "criterionId", "targetKey" FROM old_table');
  ELSE
    affected := human_judgment_targets_sql('SELECT DISTINCT "criterionId", "targetKey" FROM old_table')
      || ' UNION SELECT h."projectId", h."criterionKey", h."targetKey" FROM "HumanJudgment" h WHERE h."targetKey" IN (SELECT "targetKey" FROM old_table)';
  END IF;
  EXECUTE human_judgment_refresh_sql(affected);
  RETURN NULL;
END
$fn$;

-- Label: which label is a reviewer's newest depends on updatedAt (and on the reviewer).
CREATE FUNCTION human_judgment_on_label_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM new_table n JOIN old_table o ON o.id = n.id
    WHERE n."updatedAt" IS DISTINCT FROM o."updatedAt" OR n."reviewerId" IS DISTINCT FROM o."reviewerId"
  ) THEN
    RETURN NULL;
  END IF;
  EXECUTE human_judgment_refresh_sql(human_judgment_targets_sql($q$
    SELECT lv."criterionId", lv."targetKey" FROM "LabelValue" lv
    WHERE lv."labelId" IN (
      SELECT n.id FROM new_table n JOIN old_table o ON o.id = n.id
      WHERE n."updatedAt" IS DISTINCT FROM o."updatedAt" OR n."reviewerId" IS DISTINCT FROM o."reviewerId"
    )$q$));
  RETURN NULL;
END
$fn$;

-- Criterion: a changed key or kind moves judgments between keys or changes how consensus is taken.
CREATE FUNCTION human_judgment_on_criterion_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text := $q$
    SELECT n.id, o.key AS old_key FROM new_table n JOIN old_table o ON o.id = n.id
    WHERE n.key IS DISTINCT FROM o.key OR n.kind IS DISTINCT FROM o.kind OR n."rubricVersionId" IS DISTINCT FROM o."rubricVersionId"$q$;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM new_table n JOIN old_table o ON o.id = n.id
    WHERE n.key IS DISTINCT FROM o.key OR n.kind IS DISTINCT FROM o.kind OR n."rubricVersionId" IS DISTINCT FROM o."rubricVersionId"
  ) THEN
    RETURN NULL;
  END IF;
  EXECUTE human_judgment_refresh_sql(format($q$
    SELECT r."projectId" AS project_id, k.key, x."targetKey" AS target_key
    FROM (%1$s) ch
    CROSS JOIN LATERAL (
      SELECT "targetKey" FROM "LabelValue" WHERE "criterionId" = ch.id
      UNION SELECT "targetKey" FROM "GroundTruth" WHERE "criterionId" = ch.id
    ) x
    JOIN "Criterion" c ON c.id = ch.id
    JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
    JOIN "Rubric" r ON r.id = rv."rubricId"
    CROSS JOIN LATERAL (VALUES (c.key), (ch.old_key)) k(key)
  $q$, changed));
  RETURN NULL;
END
$fn$;

CREATE TRIGGER human_judgment_label_value_insert AFTER INSERT ON "LabelValue"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_target_rows();
CREATE TRIGGER human_judgment_label_value_update AFTER UPDATE ON "LabelValue"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_target_rows();
CREATE TRIGGER human_judgment_label_value_delete AFTER DELETE ON "LabelValue"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_target_rows();
CREATE TRIGGER human_judgment_ground_truth_insert AFTER INSERT ON "GroundTruth"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_target_rows();
CREATE TRIGGER human_judgment_ground_truth_update AFTER UPDATE ON "GroundTruth"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_target_rows();
CREATE TRIGGER human_judgment_ground_truth_delete AFTER DELETE ON "GroundTruth"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_target_rows();
CREATE TRIGGER human_judgment_label_update AFTER UPDATE ON "Label"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_label_update();
CREATE TRIGGER human_judgment_criterion_update AFTER UPDATE ON "Criterion"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION human_judgment_on_criterion_update();

-- Backfill: every target that already has labels or ground truth.
DO $do$
BEGIN
  EXECUTE human_judgment_refresh_sql(human_judgment_targets_sql(
    'SELECT "criterionId", "targetKey" FROM "LabelValue" UNION SELECT "criterionId", "targetKey" FROM "GroundTruth"'));
END
$do$;
