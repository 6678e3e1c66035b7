-- A judge's kind no longer restricts its scores: one judge (name + prompt
-- version) may carry pointwise scores and pairwise verdicts, and whether its
-- figures are pointwise or pairwise follows from which scores exist.
ALTER TABLE "Judge" DROP COLUMN "kind";
DROP TYPE "JudgeKind";
