-- A pointwise criterion of a pairwise task may be asked once of the comparison
-- ("How confident are you?") instead of once per output, so a preference and
-- two such criteria take 4 keys. Existing criteria keep asking each output.

-- CreateEnum
CREATE TYPE "PairwiseScope" AS ENUM ('EACH_OUTPUT', 'COMPARISON');

-- AlterTable
ALTER TABLE "Criterion" ADD COLUMN     "pairwiseScope" "PairwiseScope" NOT NULL DEFAULT 'EACH_OUTPUT';
