-- HumanJudgment upkeep, fast path for small writes. A review submit touches a
-- handful of targets, and planning the refresh statement afresh for each
-- (as EXECUTE does) cost ~20 ms against ~1 ms of work. Writes of up to 500
-- targets now go through a function whose statement is planned once per
-- session (generic plan, index lookups); bulk writes keep the set-based
-- EXECUTE path, planned for their real size. Same statement text either way:
-- the fast function's body is generated from human_judgment_refresh_sql.

DO $do$
BEGIN
  EXECUTE format(
    $f$CREATE FUNCTION human_judgment_refresh_small(p_projects text[], p_keys text[], p_targets text[]) RETURNS void
       LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS %L$f$,
    'BEGIN ' || human_judgment_refresh_sql('SELECT * FROM unnest(p_projects, p_keys, p_targets) AS t(project_id, key, target_key)') || '; END');
END
$do$;

-- Targets of the rows a statement wrote, as arrays for the fast path; NULL when there are too many.
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
    -- On delete the criterion may already be gone (a cascade from a deleted
    -- criterion or rubric version): every stored judgment of the target is recomputed.
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
