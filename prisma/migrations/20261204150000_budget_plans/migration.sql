-- Budget plans of the calibrated-estimates planner: a lead's saved prediction of the expert labels
-- needed for a target interval width, kept so the achieved width can be compared later.
-- CreateTable
CREATE TABLE "BudgetPlan" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "criterionKey" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "slice" TEXT NOT NULL DEFAULT '',
    "setupId" TEXT,
    "targetHalfWidth" DOUBLE PRECISION NOT NULL,
    "labelledAtPlan" INTEGER NOT NULL,
    "halfWidthAtPlan" DOUBLE PRECISION,
    "predictedLabels" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BudgetPlan_projectId_createdAt_idx" ON "BudgetPlan"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "BudgetPlan" ADD CONSTRAINT "BudgetPlan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetPlan" ADD CONSTRAINT "BudgetPlan_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;


