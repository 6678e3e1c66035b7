-- Calibration setups may draw items with unequal probabilities (allocation
-- mode): each task records the probability its item had of being drawn, so
-- estimates weight its labels by 1/p and stay unbiased. Null = drawn
-- uniformly or chosen by hand.
ALTER TABLE "ReviewTask" ADD COLUMN "inclusionProbability" DOUBLE PRECISION;
ALTER TABLE "ReviewTask" ADD CONSTRAINT "ReviewTask_inclusionProbability_range"
  CHECK ("inclusionProbability" IS NULL OR ("inclusionProbability" > 0 AND "inclusionProbability" <= 1));
