-- Monitoring (issue 17): drift settings per project, drift alerts and their webhook
-- deliveries (see the models' comments in schema.prisma).
-- CreateEnum
CREATE TYPE "MonitorAlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED');

-- CreateTable
CREATE TABLE "MonitorSettings" (
    "projectId" TEXT NOT NULL,
    "webhookUrl" TEXT,
    "webhookSecretCipher" TEXT,
    "recentHours" INTEGER NOT NULL DEFAULT 24,
    "baselineDays" INTEGER NOT NULL DEFAULT 7,
    "fdr" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "minEffect" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "minCount" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitorSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "MonitorAlert" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "segment" TEXT,
    "figure" TEXT NOT NULL,
    "test" TEXT NOT NULL,
    "baselineFrom" TIMESTAMP(3) NOT NULL,
    "recentFrom" TIMESTAMP(3) NOT NULL,
    "recentTo" TIMESTAMP(3) NOT NULL,
    "baselineValue" DOUBLE PRECISION NOT NULL,
    "recentValue" DOUBLE PRECISION NOT NULL,
    "baselineN" INTEGER NOT NULL,
    "recentN" INTEGER NOT NULL,
    "pValue" DOUBLE PRECISION NOT NULL,
    "qValue" DOUBLE PRECISION NOT NULL,
    "fdr" DOUBLE PRECISION NOT NULL,
    "status" "MonitorAlertStatus" NOT NULL DEFAULT 'OPEN',
    "acknowledgedById" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitorAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitorAlertDelivery" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitorAlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MonitorAlert_projectId_status_createdAt_idx" ON "MonitorAlert"("projectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "MonitorAlertDelivery_alertId_createdAt_idx" ON "MonitorAlertDelivery"("alertId", "createdAt");

-- AddForeignKey
ALTER TABLE "MonitorSettings" ADD CONSTRAINT "MonitorSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorAlert" ADD CONSTRAINT "MonitorAlert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "EvaluationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorAlertDelivery" ADD CONSTRAINT "MonitorAlertDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "MonitorAlert"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: Prisma models neither partial unique indexes nor CHECKs.
-- One OPEN alert per rule and segment (NULL segment = all traffic): the monitor job inserts with ON CONFLICT DO NOTHING, so a lasting drift is not alerted twice.
CREATE UNIQUE INDEX "MonitorAlert_open_key" ON "MonitorAlert"("ruleId", COALESCE("segment", '')) WHERE "status" = 'OPEN';
ALTER TABLE "MonitorSettings" ADD CONSTRAINT "MonitorSettings_ranges" CHECK ("recentHours" BETWEEN 1 AND 720 AND "baselineDays" BETWEEN 1 AND 90 AND "fdr" > 0 AND "fdr" < 1 AND "minEffect" >= 0 AND "minCount" >= 2);
