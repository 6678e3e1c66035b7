-- CreateTable
CREATE TABLE "JudgeScoreByItem" (
    "scoreId" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "turn" INTEGER NOT NULL,
    "outputId" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "category" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JudgeScoreByItem_pkey" PRIMARY KEY ("scoreId")
);

-- CreateIndex
CREATE INDEX "JudgeScoreByItem_pairing_idx" ON "JudgeScoreByItem"("judgeId", "runId", "criterionId", "itemId", "turn", "outputId", "value", "category", "createdAt");

-- AddForeignKey
ALTER TABLE "JudgeScoreByItem" ADD CONSTRAINT "JudgeScoreByItem_scoreId_fkey" FOREIGN KEY ("scoreId") REFERENCES "JudgeScore"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- "JudgeScoreByItem" repeats every JudgeScore row with its output's run, item
-- and turn, so a comparison reads two runs' scores for a criterion as two
-- ranges of one index, already in (item, turn) order, and pairs them with a
-- merge join: no join with "Output", no hashing of 100k-row sides. It is kept
-- exact by the triggers below, so every writer (imports, the API, seeds, tests)
-- keeps it consistent without knowing it exists:
--   * inserted scores (INSERT, COPY, the insert half of an upsert): one
--     set-based INSERT per statement through the transition table;
--   * updated scores (the update half of an upsert, any UPDATE): the changed
--     rows are refreshed from the new rows and their outputs;
--   * deleted scores, directly or by a cascade from a judge, output, run or
--     criterion: the foreign key's ON DELETE CASCADE;
--   * an output moved to another run, item or turn (never done by the app, but
--     possible): a row trigger that fires only when one of those columns changes.
-- lib/comparisons/judge-score-by-item.db.test.ts checks it against a
-- from-scratch recompute after each kind of write.

CREATE FUNCTION judge_score_by_item_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "JudgeScoreByItem" ("scoreId", "judgeId", "runId", "criterionId", "itemId", turn, "outputId", value, category, "createdAt")
  SELECT n.id, n."judgeId", o."runId", n."criterionId", o."itemId", o.turn, n."outputId", n.value, n.category, n."createdAt"
  FROM new_table n JOIN "Output" o ON o.id = n."outputId";
  RETURN NULL;
END
$fn$;

-- Runs after the foreign key's ON UPDATE CASCADE (row-level), so a changed id
-- is already carried over and rows are found by the new id.
CREATE FUNCTION judge_score_by_item_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "JudgeScoreByItem" u
  SET "judgeId" = n."judgeId", "runId" = o."runId", "criterionId" = n."criterionId", "itemId" = o."itemId", turn = o.turn,
      "outputId" = n."outputId", value = n.value, category = n.category, "createdAt" = n."createdAt"
  FROM new_table n JOIN "Output" o ON o.id = n."outputId"
  WHERE u."scoreId" = n.id
    AND (u."judgeId", u."runId", u."criterionId", u."itemId", u.turn, u."outputId", u.value, u.category, u."createdAt")
      IS DISTINCT FROM (n."judgeId", o."runId", n."criterionId", o."itemId", o.turn, n."outputId", n.value, n.category, n."createdAt");
  RETURN NULL;
END
$fn$;

CREATE FUNCTION judge_score_by_item_on_output_move() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "JudgeScoreByItem" SET "runId" = NEW."runId", "itemId" = NEW."itemId", turn = NEW.turn
  WHERE "outputId" IN (OLD.id, NEW.id);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER judge_score_by_item_insert AFTER INSERT ON "JudgeScore"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_by_item_on_insert();
CREATE TRIGGER judge_score_by_item_update AFTER UPDATE ON "JudgeScore"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION judge_score_by_item_on_update();
CREATE TRIGGER judge_score_by_item_output_move AFTER UPDATE OF "runId", "itemId", turn ON "Output"
  FOR EACH ROW WHEN (OLD."runId" IS DISTINCT FROM NEW."runId" OR OLD."itemId" IS DISTINCT FROM NEW."itemId" OR OLD.turn IS DISTINCT FROM NEW.turn)
  EXECUTE FUNCTION judge_score_by_item_on_output_move();

-- The pairing reads the index alone only where the visibility map marks pages
-- all-visible, which autovacuum maintains; vacuum after 2 % new or changed rows
-- rather than the default 20 %, so a fresh import is covered within a minute.
ALTER TABLE "JudgeScoreByItem" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- Scores that exist already.
INSERT INTO "JudgeScoreByItem" ("scoreId", "judgeId", "runId", "criterionId", "itemId", turn, "outputId", value, category, "createdAt")
SELECT s.id, s."judgeId", o."runId", s."criterionId", o."itemId", o.turn, s."outputId", s.value, s.category, s."createdAt"
FROM "JudgeScore" s JOIN "Output" o ON o.id = s."outputId";
