-- Online judges (issue 17): a sample remembers the judge run that queued its
-- call, set in the same transaction, so the worker's bookkeeping survives a
-- kill -9 at any point (claimed samples are never queued twice).

-- AlterTable
ALTER TABLE "TrafficSample" ADD COLUMN     "runId" TEXT;
