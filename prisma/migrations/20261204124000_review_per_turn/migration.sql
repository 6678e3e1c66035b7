-- Multi-turn items reviewed per turn: a setup asks about the last turn of
-- each item (as before) or about every turn, and a task names its turn.
CREATE TYPE "TurnScope" AS ENUM ('LAST', 'EVERY');
ALTER TABLE "ReviewSetup" ADD COLUMN "turns" "TurnScope" NOT NULL DEFAULT 'LAST';

ALTER TABLE "ReviewTask" ADD COLUMN "turn" INTEGER NOT NULL DEFAULT 0;
-- Existing tasks reviewed their outputs' turn (the latest of each run).
UPDATE "ReviewTask" t SET "turn" = s.turn
FROM (SELECT x."taskId", MAX(o.turn) AS turn FROM "ReviewTaskOutput" x JOIN "Output" o ON o.id = x."outputId" GROUP BY x."taskId") s
WHERE s."taskId" = t.id AND s.turn <> 0;

DROP INDEX "ReviewTask_setupId_itemId_key";
CREATE UNIQUE INDEX "ReviewTask_setupId_itemId_turn_key" ON "ReviewTask"("setupId", "itemId", "turn");
