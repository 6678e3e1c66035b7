-- The consensus rule, and every function that keeps "HumanJudgment" exact, in
-- one place. Earlier migrations (*_human_judgment, *_human_judgment_fast_path,
-- *_judgment_profiles) built this upkeep step by step; this one defines each of
-- its functions and triggers in full, as they now are, so a reader follows the
-- whole of it here. docs/METRICS.md ("Consensus") states the rule in words.
--
-- What changed in the rule: a tied numeric vote (two reviewers at 3 and 4) is
-- the mean of the two middle values (3.5), no longer rounded half up to a
-- scale point (4), which biased consensus upwards. Categorical figures (κ,
-- exact agreement) leave such a unit out; numeric ones (MAE, ρ) use 3.5. The
-- run comparison reads this table too (lib/comparisons/decided-scores-sql.ts),
-- so every screen sees one consensus per unit.

-- fromTruth: the consensus is a lead's AGREED / ADJUDICATED ground truth
-- (run comparison shows where its decided values came from).
ALTER TABLE "HumanJudgment" ADD COLUMN "fromTruth" BOOLEAN NOT NULL DEFAULT false;

-- ───────────────────────── the rule ─────────────────────────

-- Kinds whose answers are numbers on an ordered scale: their consensus is a
-- median. The only list of them in SQL.
CREATE OR REPLACE FUNCTION criterion_kind_is_numeric(kind text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT kind IN ('LIKERT', 'RANKING', 'SCORE') $$;

-- The consensus of one unit's answers (each reviewer once) under a criterion kind:
--   numeric kinds: the median; with an even count, the mean of the two middle values;
--   other kinds:   the unique most frequent answer; a tie for the top is no consensus (NULL).
-- Numbers are compared as numbers and written as float8 text ('3.5', '4').
-- Readers call it once per distinct (kind, codes), never once per unit: a
-- call costs ~15 µs and half a million units share a few hundred multisets.
CREATE OR REPLACE FUNCTION consensus_of(kind text, codes text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality(codes) IS NULL OR cardinality(codes) = 0 THEN NULL
    WHEN criterion_kind_is_numeric(kind) THEN (
      SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY c::float8))::text
      FROM unnest(codes) AS c WHERE c ~ '^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$'
    )
    ELSE (
      SELECT CASE WHEN count(*) = 1 OR (array_agg(n ORDER BY n DESC))[1] > (array_agg(n ORDER BY n DESC))[2]
        THEN (array_agg(code ORDER BY n DESC))[1] END
      FROM (SELECT c AS code, count(*) AS n FROM unnest(codes) AS c GROUP BY c) votes
    )
  END
$$;

-- ───────────────────────── the refresh ─────────────────────────

-- The statement that recomputes the "HumanJudgment" rows of the targets selected
-- by `affected` (a query returning project_id, key, target_key). Built as text so
-- each trigger runs it with EXECUTE inside its own body, where the transition
-- tables are visible, planned for the actual number of rows touched.
--   * one judgment per reviewer: the reviewer's newest label (Label.updatedAt,
--     then ids) with a value wins across rubric versions of the key;
--   * codes = COALESCE(category, value::text), sorted, reviewers in the same order;
--   * consensus = consensus_of per criterion kind (an array because a key whose
--     kind changed between rubric versions yields one per kind; zero or one
--     element in practice), replaced by the newest ground truth's code when
--     AGREED / ADJUDICATED (fromTruth) and emptied when CONTESTED;
--   * profileId numbers each distinct (codes, consensus) in "JudgmentProfile".
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
      COALESCE(lv.category, lv.value::text) AS code
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
      ARRAY_AGG(DISTINCT kind) AS kinds
    FROM human GROUP BY project_id, key, target_key
  ),
  -- Codes per kind: the target's codes themselves when it has one kind (always, in practice).
  per_kind AS (
    SELECT project_id, key, target_key, kinds[1] AS kind, codes FROM per_target WHERE cardinality(kinds) = 1
    UNION ALL
    SELECT project_id, key, target_key, kind, ARRAY_AGG(code ORDER BY code)
    FROM human h WHERE EXISTS (
      SELECT 1 FROM per_target p WHERE cardinality(p.kinds) > 1 AND p.project_id = h.project_id AND p.key = h.key AND p.target_key = h.target_key
    ) GROUP BY project_id, key, target_key, kind
  ),
  decided AS MATERIALIZED (
    SELECT kind, codes, consensus_of(kind, codes) AS code FROM (SELECT DISTINCT kind, codes FROM per_kind) d
  ),
  human_consensus AS (
    SELECT k.project_id, k.key, k.target_key, ARRAY_AGG(d.code ORDER BY k.kind) FILTER (WHERE d.code IS NOT NULL) AS human
    FROM per_kind k JOIN decided d ON d.kind = k.kind AND d.codes = k.codes
    GROUP BY k.project_id, k.key, k.target_key
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
      COALESCE(hc.human, '{}') AS human, t.target_key IS NOT NULL AS has_truth, t.status, t.code AS truth
    FROM affected a
    LEFT JOIN per_target p ON p.project_id = a.project_id AND p.key = a.key AND p.target_key = a.target_key
    LEFT JOIN human_consensus hc ON hc.project_id = a.project_id AND hc.key = a.key AND hc.target_key = a.target_key
    LEFT JOIN truth t ON t.project_id = a.project_id AND t.key = a.key AND t.target_key = a.target_key
    WHERE p.target_key IS NOT NULL OR t.target_key IS NOT NULL
  ),
  fresh AS MATERIALIZED (
    SELECT project_id, key, target_key, COALESCE(reviewers, 0) AS reviewers, COALESCE(codes, '{}') AS codes,
      COALESCE(reviewer_ids, '{}') AS reviewer_ids,
      CASE WHEN NOT has_truth THEN human
           WHEN status = 'CONTESTED' THEN '{}'::text[]
           WHEN truth IS NULL THEN human
           ELSE array_fill(truth, ARRAY[GREATEST(cardinality(human), 1)]) END AS consensus,
      COALESCE(has_truth AND status <> 'CONTESTED' AND truth IS NOT NULL, false) AS from_truth
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
  -- Upsert what exists now and delete what no longer does: disjoint rows, so one
  -- statement (and one evaluation of the affected set) does both.
  upserted AS (
    INSERT INTO "HumanJudgment" ("projectId", "criterionKey", "targetKey", reviewers, codes, "reviewerIds", consensus, "fromTruth", "profileId")
    SELECT f.project_id, f.key, f.target_key, f.reviewers, f.codes, f.reviewer_ids, f.consensus, f.from_truth, p.id
    FROM fresh f JOIN profile p ON p.codes = f.codes AND p.consensus = f.consensus
    ON CONFLICT ("projectId", "criterionKey", "targetKey") DO UPDATE
      SET reviewers = EXCLUDED.reviewers, codes = EXCLUDED.codes, "reviewerIds" = EXCLUDED."reviewerIds",
        consensus = EXCLUDED.consensus, "fromTruth" = EXCLUDED."fromTruth", "profileId" = EXCLUDED."profileId"
  )
  DELETE FROM "HumanJudgment" h USING affected a
  WHERE h."projectId" = a.project_id AND h."criterionKey" = a.key AND h."targetKey" = a.target_key
    AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.project_id = a.project_id AND f.key = a.key AND f.target_key = a.target_key)
$q$, affected)
$fn$;

-- The same statement for a handful of targets given as arrays, planned once per
-- session (generic plan, index look-ups): a review submit touches a few targets,
-- and planning the statement afresh each time (as EXECUTE does) cost ~20 ms
-- against ~1 ms of work. Its body is generated from human_judgment_refresh_sql,
-- so both paths run the same text.
DO $do$
BEGIN
  EXECUTE format(
    $f$CREATE OR REPLACE FUNCTION human_judgment_refresh_small(p_projects text[], p_keys text[], p_targets text[]) RETURNS void
       LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS %L$f$,
    'BEGIN ' || human_judgment_refresh_sql('SELECT * FROM unnest(p_projects, p_keys, p_targets) AS t(project_id, key, target_key)') || '; END');
END
$do$;

-- (project, key, target) of rows naming a criterion, through its rubric.
CREATE OR REPLACE FUNCTION human_judgment_targets_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
  SELECT r."projectId" AS project_id, c.key, x."targetKey" AS target_key
  FROM (%s) x
  JOIN "Criterion" c ON c.id = x."criterionId"
  JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
  JOIN "Rubric" r ON r.id = rv."rubricId"
$q$, source)
$fn$;

-- ───────────────────────── the triggers ─────────────────────────

-- LabelValue and GroundTruth: the rows' own targets. Up to 500 inserted or
-- deleted rows (250 updated) take the once-planned small path; larger writes
-- (imports) the set-based EXECUTE, planned for their size. On delete the
-- criterion may already be gone (a cascade from a deleted criterion or rubric
-- version), so every stored judgment of a deleted row's target is recomputed.
CREATE OR REPLACE FUNCTION human_judgment_on_target_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  affected text;
  projects text[];
  keys text[];
  targets text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF (SELECT count(*) FROM (SELECT 1 FROM new_table LIMIT 501) n) <= 500 THEN
      SELECT array_agg(r."projectId"), array_agg(c.key), array_agg(x."targetKey") INTO projects, keys, targets
      FROM (SELECT DISTINCT "criterionId", "targetKey" FROM new_table) x
      JOIN "Criterion" c ON c.id = x."criterionId" JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId";
      PERFORM human_judgment_refresh_small(projects, keys, targets);
      RETURN NULL;
    END IF;
    affected := human_judgment_targets_sql('SELECT "criterionId", "targetKey" FROM new_table');
  ELSIF TG_OP = 'UPDATE' THEN
    IF (SELECT count(*) FROM (SELECT 1 FROM new_table LIMIT 251) n) <= 250 THEN
      SELECT array_agg(r."projectId"), array_agg(c.key), array_agg(x."targetKey") INTO projects, keys, targets
      FROM (SELECT "criterionId", "targetKey" FROM new_table UNION SELECT "criterionId", "targetKey" FROM old_table) x
      JOIN "Criterion" c ON c.id = x."criterionId" JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId";
      PERFORM human_judgment_refresh_small(projects, keys, targets);
      RETURN NULL;
    END IF;
    affected := human_judgment_targets_sql('SELECT "criterionId", "targetKey" FROM new_table UNION SELECT "criterionId", "targetKey" FROM old_table');
  ELSE
    IF (SELECT count(*) FROM (SELECT 1 FROM old_table LIMIT 501) n) <= 500 THEN
      SELECT array_agg(project_id), array_agg(key), array_agg(target_key) INTO projects, keys, targets FROM (
        SELECT r."projectId" AS project_id, c.key, x."targetKey" AS target_key
        FROM (SELECT DISTINCT "criterionId", "targetKey" FROM old_table) x
        JOIN "Criterion" c ON c.id = x."criterionId" JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId"
        UNION
        SELECT h."projectId", h."criterionKey", h."targetKey" FROM "HumanJudgment" h WHERE h."targetKey" IN (SELECT "targetKey" FROM old_table)
      ) a;
      PERFORM human_judgment_refresh_small(projects, keys, targets);
      RETURN NULL;
    END IF;
    affected := human_judgment_targets_sql('SELECT DISTINCT "criterionId", "targetKey" FROM old_table')
      || ' UNION SELECT h."projectId", h."criterionKey", h."targetKey" FROM "HumanJudgment" h WHERE h."targetKey" IN (SELECT "targetKey" FROM old_table)';
  END IF;
  EXECUTE human_judgment_refresh_sql(affected);
  RETURN NULL;
END
$fn$;

-- Label: which label is a reviewer's newest depends on updatedAt (and on the reviewer).
CREATE OR REPLACE FUNCTION human_judgment_on_label_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed int;
  projects text[];
  keys text[];
  targets text[];
BEGIN
  SELECT count(*) INTO changed FROM new_table n JOIN old_table o ON o.id = n.id
  WHERE n."updatedAt" IS DISTINCT FROM o."updatedAt" OR n."reviewerId" IS DISTINCT FROM o."reviewerId";
  IF changed = 0 THEN
    RETURN NULL;
  END IF;
  IF changed <= 50 THEN
    SELECT array_agg(r."projectId"), array_agg(c.key), array_agg(x."targetKey") INTO projects, keys, targets
    FROM (
      SELECT DISTINCT lv."criterionId", lv."targetKey" FROM "LabelValue" lv
      WHERE lv."labelId" IN (
        SELECT n.id FROM new_table n JOIN old_table o ON o.id = n.id
        WHERE n."updatedAt" IS DISTINCT FROM o."updatedAt" OR n."reviewerId" IS DISTINCT FROM o."reviewerId"
      )
    ) x
    JOIN "Criterion" c ON c.id = x."criterionId" JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId";
    IF projects IS NOT NULL THEN
      PERFORM human_judgment_refresh_small(projects, keys, targets);
    END IF;
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
CREATE OR REPLACE FUNCTION human_judgment_on_criterion_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

-- The triggers, as created by *_human_judgment and enabled ALWAYS by
-- *_triggers_fire_always (so bulk imports in replica mode keep them firing):
--   "LabelValue", "GroundTruth": AFTER INSERT / UPDATE / DELETE FOR EACH STATEMENT → human_judgment_on_target_rows()
--   "Label":     AFTER UPDATE FOR EACH STATEMENT → human_judgment_on_label_update()
--   "Criterion": AFTER UPDATE FOR EACH STATEMENT → human_judgment_on_criterion_update()
-- They call the functions above by name, so replacing the functions is enough.

-- ───────────────────────── the data ─────────────────────────

-- Every stored judgment again under the new rule (ties of numeric votes change).
DO $do$
BEGIN
  EXECUTE human_judgment_refresh_sql(human_judgment_targets_sql(
    'SELECT "criterionId", "targetKey" FROM "LabelValue" UNION SELECT "criterionId", "targetKey" FROM "GroundTruth"'));
END
$do$;
