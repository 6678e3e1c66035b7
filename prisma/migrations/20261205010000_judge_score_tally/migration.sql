-- Calibrated estimates (lib/estimates) need, for every unit a judge scored,
-- only how many units share each (judge value, expert consensus) per (judge,
-- run, criterion, item tag set): the judge term of PPI runs over all units and
-- the labelled term over those with a consensus, and counts per distinct pair
-- give their sums exactly. Reading them from "JudgeScoreByItem" joined with
-- "HumanJudgment" meant 4M index entries per request (9 s for 20 runs × 100k
-- items); "JudgeScoreTally" holds those counts, a few rows per run and
-- criterion. Only a weighted sample (a setup's tasks) is still joined per unit.

-- CreateTable
CREATE TABLE "JudgeScoreTally" (
    "id" BIGSERIAL NOT NULL,
    "judgeId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "tags" TEXT[],
    "value" DOUBLE PRECISION,
    "category" TEXT,
    "consensus" TEXT,
    "n" INTEGER NOT NULL,

    CONSTRAINT "JudgeScoreTally_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JudgeScoreTally_key" ON "JudgeScoreTally"("judgeId", "runId", "criterionId", "tags", "value", "category", "consensus") NULLS NOT DISTINCT;

-- AddForeignKey
ALTER TABLE "JudgeScoreTally" ADD CONSTRAINT "JudgeScoreTally_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "JudgeScoreTally" ADD CONSTRAINT "JudgeScoreTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "JudgeScoreTally" ADD CONSTRAINT "JudgeScoreTally_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept exact by triggers, like "JudgeScoreByItem" itself, so every writer keeps
-- it consistent without knowing it exists. A row counts present scores (value
-- or category; failed calls have neither) with the category lowercased, as
-- every reader compares categories, and the experts' consensus on the output
-- and the criterion's key (consensus[1] of "HumanJudgment", NULL when there is
-- none). The changes of one statement are netted per key first, so an import
-- adds a few rows' counts, not one per score:
--   * scores inserted into, updated in or deleted from "JudgeScoreByItem"
--     (which follows "JudgeScore", output moves and cascades);
--   * a consensus appearing, changing or going ("HumanJudgment", itself kept
--     by triggers on labels and ground truth): its output's scores move from
--     the old consensus to the new;
--   * an item's tags changed: its scores move from the old tag set to the new;
--   * an output about to be deleted: its scores leave (see the Output branch);
--   * a criterion's key changed: its counts are recomputed (below).
-- Counts only go up through the upsert; a decrement updates existing rows only
-- (a run, judge or criterion being deleted has already taken its rows with it
-- by the foreign keys, and its scores, found through it, give no decrement)
-- and rows falling to zero are removed.
-- lib/estimates/tally.db.test.ts compares it with a from-scratch count after
-- each kind of write.
CREATE FUNCTION judge_score_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text;
  emptied boolean;
BEGIN
  IF TG_TABLE_NAME = 'Output' THEN
    -- Before an output is deleted, while its consensus still stands: the cascades that
    -- follow delete its labels and scores in an order of their own, and PostgreSQL fires
    -- their triggers only at the end of the statement, when its "HumanJudgment" row is
    -- gone, so its scores leave the tally here, at the consensus they were counted under,
    -- and the other branches pass over scores of outputs that no longer exist. A run being
    -- deleted has taken its tally rows already.
    IF NOT EXISTS (SELECT 1 FROM "Run" WHERE id = OLD."runId") THEN
      RETURN OLD;
    END IF;
    changed := format($q$
      SELECT s."judgeId", o."runId", s."criterionId", i.tags, s.value, s.category, h.consensus[1] AS consensus, -1 AS sign
      FROM (SELECT %L::text AS id, %L::text AS "runId", %L::text AS "itemId") o
      JOIN "JudgeScore" s ON s."outputId" = o.id
      JOIN "Criterion" k ON k.id = s."criterionId"
      JOIN "Run" r ON r.id = o."runId"
      JOIN "DatasetItem" i ON i.id = o."itemId"
      LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = o.id AND cardinality(h.consensus) > 0$q$,
      OLD.id, OLD."runId", OLD."itemId");
  ELSIF TG_TABLE_NAME = 'DatasetItem' THEN
    changed := $q$
      SELECT s."judgeId", o."runId", s."criterionId", t.tags, s.value, s.category, h.consensus[1] AS consensus, t.sign
      FROM (SELECT n.id, d.tags, -1 AS sign FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags
            UNION ALL
            SELECT n.id, n.tags, 1 FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags) t
      JOIN "Output" o ON o."itemId" = t.id
      JOIN "JudgeScore" s ON s."outputId" = o.id
      JOIN "Criterion" k ON k.id = s."criterionId"
      JOIN "Run" r ON r.id = o."runId"
      LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = o.id AND cardinality(h.consensus) > 0$q$;
  ELSIF TG_TABLE_NAME = 'HumanJudgment' THEN
    -- A target's state is its consensus[1], or NULL when it has no row or an empty consensus.
    -- A deleted output's scores left the tally before it went (the Output branch below).
    changed := format($q$
      SELECT s."judgeId", b."runId", s."criterionId", i.tags, s.value, s.category, t.state AS consensus, t.sign
      FROM (
        SELECT x."projectId", x."criterionKey", x."targetKey", x.state, sum(x.sign)::int AS sign FROM (%s) x
        GROUP BY 1, 2, 3, 4 HAVING sum(x.sign) <> 0
      ) t
      JOIN "Output" o ON o.id = t."targetKey"
      JOIN "JudgeScore" s ON s."outputId" = o.id
      JOIN "Criterion" k ON k.id = s."criterionId" AND k.key = t."criterionKey"
      JOIN "JudgeScoreByItem" b ON b."scoreId" = s.id
      JOIN "Run" r ON r.id = b."runId" AND r."projectId" = t."projectId"
      JOIN "DatasetItem" i ON i.id = b."itemId"$q$,
      CASE TG_OP
        WHEN 'INSERT' THEN $q$SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END AS state, 1 AS sign FROM new_table
          UNION ALL SELECT "projectId", "criterionKey", "targetKey", NULL, -1 FROM new_table$q$
        WHEN 'DELETE' THEN $q$SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END AS state, -1 AS sign FROM old_table
          UNION ALL SELECT "projectId", "criterionKey", "targetKey", NULL, 1 FROM old_table$q$
        ELSE $q$SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END AS state, 1 AS sign FROM new_table
          UNION ALL SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END, -1 FROM old_table$q$
      END);
  ELSE
    changed := format($q$
      SELECT c."judgeId", c."runId", c."criterionId", i.tags, c.value, c.category, h.consensus[1] AS consensus, c.sign
      FROM (%s) c
      JOIN "DatasetItem" i ON i.id = c."itemId"
      JOIN "Criterion" k ON k.id = c."criterionId"
      JOIN "Run" r ON r.id = c."runId"
      LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = c."outputId" AND cardinality(h.consensus) > 0$q$,
      CASE TG_OP
        WHEN 'INSERT' THEN $q$SELECT *, 1 AS sign FROM new_table$q$
        WHEN 'DELETE' THEN $q$SELECT d.*, -1 AS sign FROM old_table d WHERE EXISTS (SELECT 1 FROM "Output" o WHERE o.id = d."outputId")$q$
        ELSE $q$SELECT *, 1 AS sign FROM new_table UNION ALL SELECT *, -1 FROM old_table$q$
      END);
  END IF;
  EXECUTE format($q$
    WITH d AS (
      SELECT c."judgeId", c."runId", c."criterionId", c.tags, c.value, lower(c.category) AS category, c.consensus, sum(c.sign)::int AS n
      FROM (%s) c
      WHERE c.value IS NOT NULL OR c.category IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(c.sign) <> 0
    ),
    added AS (
      INSERT INTO "JudgeScoreTally" AS t ("judgeId", "runId", "criterionId", tags, value, category, consensus, n)
      SELECT * FROM d WHERE d.n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ("judgeId", "runId", "criterionId", tags, value, category, consensus) DO UPDATE SET n = t.n + EXCLUDED.n
    ),
    removed AS (
      UPDATE "JudgeScoreTally" t SET n = t.n + d.n
      FROM d
      WHERE d.n < 0 AND t."judgeId" = d."judgeId" AND t."runId" = d."runId" AND t."criterionId" = d."criterionId"
        AND t.tags IS NOT DISTINCT FROM d.tags AND t.value IS NOT DISTINCT FROM d.value AND t.category IS NOT DISTINCT FROM d.category
        AND t.consensus IS NOT DISTINCT FROM d.consensus
      RETURNING t.n
    )
    SELECT COALESCE(bool_or(n <= 0), false) FROM removed$q$, changed) INTO emptied;
  IF emptied THEN
    DELETE FROM "JudgeScoreTally" WHERE n <= 0;
  END IF;
  IF TG_LEVEL = 'ROW' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$fn$;

-- A criterion's key names its consensus ("HumanJudgment" is per key): when a key
-- changes (never done by the app, which matches criteria by key, but possible),
-- its counts are recomputed. The trigger's name sorts after
-- human_judgment_criterion_update, so "HumanJudgment" is already up to date.
CREATE FUNCTION judge_score_tally_on_criterion_key() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS judge_score_tally_rekeyed (id text) ON COMMIT DROP;
  DELETE FROM judge_score_tally_rekeyed;
  INSERT INTO judge_score_tally_rekeyed SELECT n.id FROM new_table n JOIN old_table o ON o.id = n.id WHERE n.key IS DISTINCT FROM o.key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  DELETE FROM "JudgeScoreTally" WHERE "criterionId" IN (SELECT id FROM judge_score_tally_rekeyed);
  INSERT INTO "JudgeScoreTally" ("judgeId", "runId", "criterionId", tags, value, category, consensus, n)
  SELECT s."judgeId", b."runId", s."criterionId", i.tags, s.value, lower(s.category), h.consensus[1], count(*)::int
  FROM judge_score_tally_rekeyed c
  JOIN "JudgeScore" s ON s."criterionId" = c.id
  JOIN "JudgeScoreByItem" b ON b."scoreId" = s.id
  JOIN "Criterion" k ON k.id = s."criterionId"
  JOIN "Run" r ON r.id = b."runId"
  JOIN "DatasetItem" i ON i.id = b."itemId"
  LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = s."outputId" AND cardinality(h.consensus) > 0
  WHERE s.value IS NOT NULL OR s.category IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER judge_score_tally_criterion_key AFTER UPDATE ON "Criterion"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_on_criterion_key();

CREATE TRIGGER judge_score_tally_insert AFTER INSERT ON "JudgeScoreByItem"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_update AFTER UPDATE ON "JudgeScoreByItem"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_delete AFTER DELETE ON "JudgeScoreByItem"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
-- Statement triggers with transition tables take no column list: every update
-- of items fires it, and it nets nothing unless some item's tags changed.
CREATE TRIGGER judge_score_tally_consensus_insert AFTER INSERT ON "HumanJudgment"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_consensus_update AFTER UPDATE ON "HumanJudgment"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_consensus_delete AFTER DELETE ON "HumanJudgment"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_output_delete BEFORE DELETE ON "Output"
  FOR EACH ROW EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_item_tags AFTER UPDATE ON "DatasetItem"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();

-- Like every trigger keeping a derived table exact: also in bulk imports'
-- replica sessions (20261127110000_triggers_fire_always).
ALTER TABLE "JudgeScoreByItem" ENABLE ALWAYS TRIGGER judge_score_tally_insert;
ALTER TABLE "JudgeScoreByItem" ENABLE ALWAYS TRIGGER judge_score_tally_update;
ALTER TABLE "JudgeScoreByItem" ENABLE ALWAYS TRIGGER judge_score_tally_delete;
ALTER TABLE "HumanJudgment" ENABLE ALWAYS TRIGGER judge_score_tally_consensus_insert;
ALTER TABLE "HumanJudgment" ENABLE ALWAYS TRIGGER judge_score_tally_consensus_update;
ALTER TABLE "HumanJudgment" ENABLE ALWAYS TRIGGER judge_score_tally_consensus_delete;
ALTER TABLE "Output" ENABLE ALWAYS TRIGGER judge_score_tally_output_delete;
ALTER TABLE "Criterion" ENABLE ALWAYS TRIGGER judge_score_tally_criterion_key;
ALTER TABLE "DatasetItem" ENABLE ALWAYS TRIGGER judge_score_tally_item_tags;

-- Scores that exist already.
INSERT INTO "JudgeScoreTally" ("judgeId", "runId", "criterionId", tags, value, category, consensus, n)
SELECT s."judgeId", s."runId", s."criterionId", i.tags, s.value, lower(s.category), h.consensus[1], count(*)::int
FROM "JudgeScoreByItem" s
JOIN "DatasetItem" i ON i.id = s."itemId"
JOIN "Criterion" k ON k.id = s."criterionId"
JOIN "Run" r ON r.id = s."runId"
LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = s."outputId" AND cardinality(h.consensus) > 0
WHERE s.value IS NOT NULL OR s.category IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;
