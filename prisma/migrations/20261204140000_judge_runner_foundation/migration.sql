-- The judge runner's foundation, shared by its parts: LLM connections (keys
-- encrypted by the app), judge definitions whose versions are Judge rows, and
-- the per-criterion calibration split of expert-labelled items.
-- A connection still used by a judge version cannot be deleted (NO ACTION, so a
-- project delete that cascades to both still works).
-- CreateEnum
CREATE TYPE "JudgeMode" AS ENUM ('POINTWISE', 'PAIRWISE');

-- CreateEnum
CREATE TYPE "CalibrationSplitKind" AS ENUM ('POOL', 'HELDOUT');

-- AlterTable
ALTER TABLE "Judge" ADD COLUMN     "bothOrders" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "changeNote" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "connectionId" TEXT,
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "definitionId" TEXT,
ADD COLUMN     "fewShotK" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "params" JSONB,
ADD COLUMN     "swapAverage" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "template" JSONB,
ADD COLUMN     "version" INTEGER;

-- CreateTable
CREATE TABLE "LlmConnection" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKeyCipher" TEXT,
    "model" TEXT NOT NULL,
    "defaultParams" JSONB NOT NULL DEFAULT '{}',
    "inputPricePerMTok" DOUBLE PRECISION,
    "outputPricePerMTok" DOUBLE PRECISION,
    "maxConcurrency" INTEGER NOT NULL DEFAULT 8,
    "requestsPerMinute" INTEGER,
    "tokensPerMinute" INTEGER,
    "timeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "structuredOutput" BOOLEAN NOT NULL DEFAULT true,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LlmConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeDefinition" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mode" "JudgeMode" NOT NULL,
    "rubricId" TEXT NOT NULL,
    "criterionKey" TEXT NOT NULL,
    "promotedJudgeId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalibrationSplit" (
    "rubricId" TEXT NOT NULL,
    "criterionKey" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "split" "CalibrationSplitKind" NOT NULL,
    "stratum" TEXT NOT NULL,
    "movedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalibrationSplit_pkey" PRIMARY KEY ("rubricId","criterionKey","itemId")
);

-- CreateIndex
CREATE UNIQUE INDEX "LlmConnection_projectId_name_key" ON "LlmConnection"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeDefinition_promotedJudgeId_key" ON "JudgeDefinition"("promotedJudgeId");

-- CreateIndex
CREATE INDEX "JudgeDefinition_rubricId_criterionKey_idx" ON "JudgeDefinition"("rubricId", "criterionKey");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeDefinition_projectId_name_key" ON "JudgeDefinition"("projectId", "name");

-- CreateIndex
CREATE INDEX "CalibrationSplit_itemId_idx" ON "CalibrationSplit"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "Judge_definitionId_version_key" ON "Judge"("definitionId", "version");

-- AddForeignKey
ALTER TABLE "Judge" ADD CONSTRAINT "Judge_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "JudgeDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judge" ADD CONSTRAINT "Judge_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "LlmConnection"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmConnection" ADD CONSTRAINT "LlmConnection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeDefinition" ADD CONSTRAINT "JudgeDefinition_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeDefinition" ADD CONSTRAINT "JudgeDefinition_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "Rubric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeDefinition" ADD CONSTRAINT "JudgeDefinition_promotedJudgeId_fkey" FOREIGN KEY ("promotedJudgeId") REFERENCES "Judge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationSplit" ADD CONSTRAINT "CalibrationSplit_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "Rubric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationSplit" ADD CONSTRAINT "CalibrationSplit_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "DatasetItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- A judge version that runs inside Touchstone has all it needs to run.
ALTER TABLE "Judge" ADD CONSTRAINT "Judge_runnable_version" CHECK (
  "definitionId" IS NULL
  OR ("version" IS NOT NULL AND "connectionId" IS NOT NULL AND "template" IS NOT NULL)
);
