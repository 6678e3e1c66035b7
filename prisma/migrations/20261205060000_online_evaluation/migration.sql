-- Online evaluation (issue 17): production datasets, evaluation rules and the
-- traffic rows they draw at ingest (see the models' comments in schema.prisma).
-- CreateEnum
CREATE TYPE "DatasetKind" AS ENUM ('GOLDEN', 'PRODUCTION');

-- CreateEnum
CREATE TYPE "TrafficSampleStatus" AS ENUM ('PENDING', 'SCORED', 'SKIPPED_CAP');

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "kind" "DatasetKind" NOT NULL DEFAULT 'GOLDEN';

-- CreateTable
CREATE TABLE "EvaluationRule" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "samplingRate" DOUBLE PRECISION NOT NULL,
    "segments" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "models" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "appVersions" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "metadataFilter" JSONB NOT NULL DEFAULT '{}',
    "dailyCostCapUsd" DOUBLE PRECISION,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvaluationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrafficSample" (
    "id" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "eventId" UUID NOT NULL,
    "segment" TEXT,
    "status" "TrafficSampleStatus" NOT NULL DEFAULT 'PENDING',
    "itemId" TEXT,
    "outputId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrafficSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationRule_projectId_name_key" ON "EvaluationRule"("projectId", "name");

-- CreateIndex
CREATE INDEX "TrafficSample_ruleId_status_id_idx" ON "TrafficSample"("ruleId", "status", "id");

-- CreateIndex
CREATE INDEX "TrafficSample_ruleId_occurredAt_idx" ON "TrafficSample"("ruleId", "occurredAt");

-- CreateIndex
CREATE INDEX "TrafficSample_outputId_idx" ON "TrafficSample"("outputId");

-- CreateIndex
CREATE UNIQUE INDEX "TrafficSample_ruleId_eventId_key" ON "TrafficSample"("ruleId", "eventId");

-- AddForeignKey
ALTER TABLE "EvaluationRule" ADD CONSTRAINT "EvaluationRule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationRule" ADD CONSTRAINT "EvaluationRule_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrafficSample" ADD CONSTRAINT "TrafficSample_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "EvaluationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: Prisma models neither NOT NULL arrays (above) nor CHECKs.
ALTER TABLE "EvaluationRule" ADD CONSTRAINT "EvaluationRule_samplingRate_range" CHECK ("samplingRate" > 0 AND "samplingRate" <= 1);
ALTER TABLE "EvaluationRule" ADD CONSTRAINT "EvaluationRule_dailyCostCap_positive" CHECK ("dailyCostCapUsd" IS NULL OR "dailyCostCapUsd" >= 0);
-- Filters on the rows ingest reads: enabled rules of one project.
CREATE INDEX "EvaluationRule_projectId_enabled_idx" ON "EvaluationRule"("projectId") WHERE "enabled";
