-- Picking a task walked the open tasks in priority order and counted each
-- one's live leases in "Assignment": with a team at work every pick passed the
-- tasks the others held leased, so a pick cost grew with the team and the
-- team's total cost with its square (1,000 reviewers hold 2,000 leases).
-- Each task now keeps its live leases: "leaseCount" (leased and unexpired
-- when last counted) and "leaseHorizon" (the earliest expiry among them).
-- Until the horizon passes the count is exact, so the pick reads tasks with
-- room from a partial index, and looks at the few tasks whose horizon passed
-- (a counted lease may have expired) with the exact count.

ALTER TABLE "ReviewTask" ADD COLUMN "leaseCount" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "leaseHorizon" TIMESTAMP(3);

-- Tasks of equal priority were taken in the order they were generated (item
-- position, or the sample's draw order) because the index kept their heap
-- order; a lease now rewrites the task row (its counts are indexed), which
-- moves it, so that order becomes a column. Existing rows are numbered in
-- heap order, which is still their generation order.
ALTER TABLE "ReviewTask" ADD COLUMN "queueOrder" SERIAL NOT NULL;

UPDATE "ReviewTask" t SET "leaseCount" = l.n, "leaseHorizon" = l.horizon
FROM (SELECT "taskId", COUNT(*)::int AS n, MIN("leaseExpiresAt") AS horizon
        FROM "Assignment" WHERE status = 'LEASED' AND "leaseExpiresAt" > now() GROUP BY "taskId") l
WHERE t.id = l."taskId";

-- Re-counts a task's live leases whenever one of its assignments starts or
-- stops being a lease, or a lease's expiry moves (autosave extends it).
CREATE FUNCTION review_task_count_leases() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  task text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'LEASED' THEN RETURN NULL; END IF;
    task := NEW."taskId";
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'LEASED' THEN RETURN NULL; END IF;
    task := OLD."taskId";
  ELSE
    IF (OLD.status <> 'LEASED' AND NEW.status <> 'LEASED')
       OR (OLD.status = NEW.status AND OLD."leaseExpiresAt" = NEW."leaseExpiresAt") THEN
      RETURN NULL;
    END IF;
    task := NEW."taskId";
  END IF;
  -- Lock first, count in the next statement: its snapshot then includes every
  -- change committed by whoever held the task before (a count taken while
  -- waiting could miss a lease another transaction just ended).
  PERFORM 1 FROM "ReviewTask" WHERE id = task FOR UPDATE;
  UPDATE "ReviewTask" t SET "leaseCount" = l.n, "leaseHorizon" = l.horizon
  FROM (SELECT COUNT(*)::int AS n, MIN(a."leaseExpiresAt") AS horizon
          FROM "Assignment" a WHERE a."taskId" = task AND a.status = 'LEASED' AND a."leaseExpiresAt" > now()) l
  WHERE t.id = task AND (t."leaseCount", t."leaseHorizon") IS DISTINCT FROM (l.n, l.horizon);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "Assignment_count_leases"
AFTER INSERT OR DELETE OR UPDATE OF status, "leaseExpiresAt" ON "Assignment"
FOR EACH ROW EXECUTE FUNCTION review_task_count_leases();
-- Bulk writers run with session_replication_role = replica; this one must still fire.
ALTER TABLE "Assignment" ENABLE ALWAYS TRIGGER "Assignment_count_leases";

-- Open tasks with room by their counted leases, in pick order.
CREATE INDEX "ReviewTask_open_room_idx" ON "ReviewTask"("setupId", "priority" DESC, "queueOrder")
WHERE "status" = 'OPEN' AND "labelCount" + "leaseCount" < "overlap";

-- Open tasks full by their counted leases, by horizon: those past it may have room.
CREATE INDEX "ReviewTask_open_full_horizon_idx" ON "ReviewTask"("leaseHorizon")
WHERE "status" = 'OPEN' AND "labelCount" + "leaseCount" >= "overlap";

-- Statistics for the new columns, so the pick's plan reads the horizon index
-- (few rows) rather than walking the open tasks in priority order.
ANALYZE "ReviewTask";
