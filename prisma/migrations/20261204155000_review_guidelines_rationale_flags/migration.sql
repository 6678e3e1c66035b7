-- Review flow (issue 15): rubric-level guidelines for reviewers, a setup's rule for when a
-- rationale is required, and the reviewer's free-text comment on a flagged item (kept on the
-- assignment for skips and drafts, and on the label the lead sees in the disagreement explorer).
-- AlterTable
ALTER TABLE "Rubric" ADD COLUMN     "instructions" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ReviewSetup" ADD COLUMN     "rationaleRule" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "flagNote" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Label" ADD COLUMN     "flagNote" TEXT NOT NULL DEFAULT '';


