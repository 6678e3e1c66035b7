-- SCORE: real-valued criterion kind (a declared range, fractions allowed).
ALTER TYPE "CriterionKind" ADD VALUE 'SCORE';

-- A failed pointwise judge call is stored as data: its reason in "error",
-- value and category null. Such rows never count as a score.
ALTER TABLE "JudgeScore" ADD COLUMN "error" TEXT;
ALTER TABLE "JudgeScore" ADD CONSTRAINT "JudgeScore_error_has_no_score"
  CHECK ("error" IS NULL OR ("value" IS NULL AND "category" IS NULL));
