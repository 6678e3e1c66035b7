-- Judge runs on a durable queue (issue 13): a run, its planned calls with their
-- outcome (a call is marked done in the statement that writes its score), the
-- response cache of deterministic calls, and worker heartbeats for /api/health
-- and crash recovery. The queue itself (pg-boss) keeps its own schema "pgboss",
-- created by lib/judge-runner/queue.ts, not by these migrations.
-- CreateEnum
CREATE TYPE "JudgeRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'PAUSED', 'CANCELLED', 'FAILED', 'DONE');

-- CreateTable
CREATE TABLE "JudgeRun" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "status" "JudgeRunStatus" NOT NULL DEFAULT 'QUEUED',
    "scope" JSONB NOT NULL DEFAULT '{}',
    "total" INTEGER NOT NULL,
    "batches" INTEGER NOT NULL,
    "estimatedInputTokens" INTEGER NOT NULL,
    "estimatedOutputTokens" INTEGER NOT NULL,
    "estimatedCostUsd" DOUBLE PRECISION,
    "failure" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JudgeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeCall" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "estimatedTokens" INTEGER NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "isError" BOOLEAN NOT NULL DEFAULT false,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "JudgeCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeResponseCache" (
    "key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "outputTokens" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeResponseCache_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "JudgeWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activeJobIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "JudgeWorker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JudgeRun_projectId_createdAt_idx" ON "JudgeRun"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "JudgeRun_judgeId_idx" ON "JudgeRun"("judgeId");

-- CreateIndex
CREATE INDEX "JudgeCall_runId_batch_idx" ON "JudgeCall"("runId", "batch");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeCall_runId_key_key" ON "JudgeCall"("runId", "key");

-- CreateIndex
CREATE INDEX "JudgeWorker_heartbeatAt_idx" ON "JudgeWorker"("heartbeatAt");

-- AddForeignKey
ALTER TABLE "JudgeRun" ADD CONSTRAINT "JudgeRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeRun" ADD CONSTRAINT "JudgeRun_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeCall" ADD CONSTRAINT "JudgeCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "JudgeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


