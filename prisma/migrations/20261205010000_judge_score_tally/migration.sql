-- Calibrated estimates (lib/estimates) need, for every unit a judge scored, only
-- how many units share each judge value, per (judge, run, criterion, item tag
-- set): the judge term of PPI runs over all units, and counts per distinct
-- value give its sums exactly. Reading them from "JudgeScoreByItem" meant
-- scanning 4M index entries per request (9 s for 20 runs × 100k items);
-- "JudgeScoreTally" holds those counts, a few rows per run and criterion.
-- Only the small expert-labelled side is still joined per unit.

-- CreateTable
CREATE TABLE "JudgeScoreTally" (
    "id" BIGSERIAL NOT NULL,
    "judgeId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "tags" TEXT[],
    "value" DOUBLE PRECISION,
    "category" TEXT,
    "n" INTEGER NOT NULL,

    CONSTRAINT "JudgeScoreTally_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JudgeScoreTally_key" ON "JudgeScoreTally"("judgeId", "runId", "criterionId", "tags", "value", "category") NULLS NOT DISTINCT;

-- AddForeignKey
ALTER TABLE "JudgeScoreTally" ADD CONSTRAINT "JudgeScoreTally_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "JudgeScoreTally" ADD CONSTRAINT "JudgeScoreTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "JudgeScoreTally" ADD CONSTRAINT "JudgeScoreTally_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept exact by triggers, like "JudgeScoreByItem" itself, so every writer keeps
-- it consistent without knowing it exists. A row counts a present score
-- (value or category; failed calls have neither) with its category lowercased,
-- as every reader compares categories. The changes of one statement are netted
-- per key first, so an import adds a few rows' counts, not one per score:
--   * scores inserted into, updated in or deleted from "JudgeScoreByItem"
--     (which follows "JudgeScore", output moves and cascades), keyed by the
--     tags of their item;
--   * an item's tags changed: its scores move from the old tag set to the new.
-- Counts only go up through the upsert; a decrement updates existing rows only
-- (a run, judge or criterion being deleted has already taken its rows with it
-- by the foreign keys) and rows falling to zero are removed.
-- lib/estimates/tally.db.test.ts compares it with a from-scratch count after
-- each kind of write.
CREATE FUNCTION judge_score_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text;
  emptied boolean;
BEGIN
  IF TG_TABLE_NAME = 'DatasetItem' THEN
    changed := $q$
      SELECT s."judgeId", o."runId", s."criterionId", t.tags, s.value, s.category, t.sign
      FROM (SELECT n.id, d.tags, -1 AS sign FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags
            UNION ALL
            SELECT n.id, n.tags, 1 FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags) t
      JOIN "Output" o ON o."itemId" = t.id
      JOIN "JudgeScore" s ON s."outputId" = o.id$q$;
  ELSE
    changed := format($q$
      SELECT c."judgeId", c."runId", c."criterionId", i.tags, c.value, c.category, c.sign
      FROM (%s) c JOIN "DatasetItem" i ON i.id = c."itemId"$q$,
      CASE TG_OP
        WHEN 'INSERT' THEN $q$SELECT *, 1 AS sign FROM new_table$q$
        WHEN 'DELETE' THEN $q$SELECT *, -1 AS sign FROM old_table$q$
        ELSE $q$SELECT *, 1 AS sign FROM new_table UNION ALL SELECT *, -1 FROM old_table$q$
      END);
  END IF;
  EXECUTE format($q$
    WITH d AS (
      SELECT c."judgeId", c."runId", c."criterionId", c.tags, c.value, lower(c.category) AS category, sum(c.sign)::int AS n
      FROM (%s) c
      WHERE c.value IS NOT NULL OR c.category IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(c.sign) <> 0
    ),
    added AS (
      INSERT INTO "JudgeScoreTally" AS t ("judgeId", "runId", "criterionId", tags, value, category, n)
      SELECT * FROM d WHERE d.n > 0 ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ("judgeId", "runId", "criterionId", tags, value, category) DO UPDATE SET n = t.n + EXCLUDED.n
    ),
    removed AS (
      UPDATE "JudgeScoreTally" t SET n = t.n + d.n
      FROM d
      WHERE d.n < 0 AND t."judgeId" = d."judgeId" AND t."runId" = d."runId" AND t."criterionId" = d."criterionId"
        AND t.tags IS NOT DISTINCT FROM d.tags AND t.value IS NOT DISTINCT FROM d.value AND t.category IS NOT DISTINCT FROM d.category
      RETURNING t.n
    )
    SELECT COALESCE(bool_or(n <= 0), false) FROM removed$q$, changed) INTO emptied;
  IF emptied THEN
    DELETE FROM "JudgeScoreTally" WHERE n <= 0;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER judge_score_tally_insert AFTER INSERT ON "JudgeScoreByItem"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_update AFTER UPDATE ON "JudgeScoreByItem"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
CREATE TRIGGER judge_score_tally_delete AFTER DELETE ON "JudgeScoreByItem"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();
-- Statement triggers with transition tables take no column list: every update
-- of items fires it, and it nets nothing unless some item's tags changed.
CREATE TRIGGER judge_score_tally_item_tags AFTER UPDATE ON "DatasetItem"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_tally_apply();

-- Like every trigger keeping a derived table exact: also in bulk imports'
-- replica sessions (20261127110000_triggers_fire_always).
ALTER TABLE "JudgeScoreByItem" ENABLE ALWAYS TRIGGER judge_score_tally_insert;
ALTER TABLE "JudgeScoreByItem" ENABLE ALWAYS TRIGGER judge_score_tally_update;
ALTER TABLE "JudgeScoreByItem" ENABLE ALWAYS TRIGGER judge_score_tally_delete;
ALTER TABLE "DatasetItem" ENABLE ALWAYS TRIGGER judge_score_tally_item_tags;

-- Scores that exist already.
INSERT INTO "JudgeScoreTally" ("judgeId", "runId", "criterionId", tags, value, category, n)
SELECT s."judgeId", s."runId", s."criterionId", i.tags, s.value, lower(s.category), count(*)::int
FROM "JudgeScoreByItem" s JOIN "DatasetItem" i ON i.id = s."itemId"
WHERE s.value IS NOT NULL OR s.category IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
