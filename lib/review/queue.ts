import crypto from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { isPgUniqueViolation, rawSql, rawTransaction, type SqlClient } from "@/lib/db/raw-sql";
import { SafeError } from "@/lib/errors";
import { freezeCriteria, rubricCriteria, setupConfig, type SetupConfig } from "./cache";
import { noteTeamLabel } from "./queries";
import { buildLabelValues, fieldLabel, type Answers } from "./fields";
import { rationaleDemand, rationaleMessage } from "./rationale-rule";
import { answersFromHandles, outputHandles } from "./handles";
import { EDIT_WINDOW_MS, MAX_ACTIVE_DELTA_MS, type Draft } from "./schemas";
import { assignmentFields, loadTaskViews, shownOutputIds, toView, viewReturning, viewSelect, type TaskView, type ViewRow } from "./task-view";

export type { TaskView } from "./task-view";

// The review queue. Invariants, each backed by the database rather than by
// application code alone:
// - a reviewer never gets the same task twice: unique (taskId, reviewerId);
// - a task never gets more than `overlap` labels: labelCount is incremented
//   with a guarded UPDATE and a CHECK constraint backs it;
// - one submission = one label: unique (reviewerId, clientId).
// Leasing locks the task row with FOR UPDATE SKIP LOCKED, so concurrent
// reviewers (and several app servers) never wait on each other and never
// over-lease a task; every lease of a task is made under that lock.
//
// The hot path (submit, then confirm the prefetched task and lease the one
// after it) is one transaction of a handful of raw statements: lock and read
// the assignment, one CTE statement that counts, closes the lease and inserts
// the label with its values, then the lease statements and one view query.
// Setup configuration and frozen rubric criteria come from an in-process
// cache (./cache.ts).

type Tx = SqlClient;

const PICK_ATTEMPTS = 8;


function shuffledPositions(n: number, randomize: boolean) {
  const order = Array.from({ length: n }, (_, i) => i);
  if (!randomize) return order;
  for (let i = n - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Live leases on task t. The filter sits in the aggregate, not the WHERE, so
 * the count always probes the few assignments of that task through the
 * (taskId, reviewerId) index; with the status in the WHERE the planner may
 * scan every live lease of the whole table once per candidate task.
 */
const liveLeases = Prisma.sql`(SELECT COUNT(*) FILTER (WHERE a.status = 'LEASED' AND a."leaseExpiresAt" > now()) FROM "Assignment" a WHERE a."taskId" = t.id)`;

/**
 * Whether the reviewer ever had task t (they never get it twice). The
 * reviewer sits in the aggregate's filter, not the WHERE, so this probes the
 * task's few assignments through the (taskId, reviewerId) index: with the
 * reviewer in the WHERE (or as a NOT EXISTS) the planner scanned all of the
 * reviewer's assignments instead, once per candidate.
 */
const seenBy = (reviewerId: string) => Prisma.sql`(SELECT COUNT(*) FILTER (WHERE a."reviewerId" = ${reviewerId}) FROM "Assignment" a WHERE a."taskId" = t.id) > 0`;

/**
 * Room taken on task t for this reviewer: its live leases, or the whole
 * overlap if the reviewer ever had the task. One probe of the task's few
 * assignments through the (taskId, reviewerId) index answers both.
 */
const takenOrSeen = (reviewerId: string) => Prisma.sql`(SELECT COUNT(*) FILTER (WHERE a.status = 'LEASED' AND a."leaseExpiresAt" > now())
                                                             + t.overlap * COUNT(*) FILTER (WHERE a."reviewerId" = ${reviewerId})
                                                        FROM "Assignment" a WHERE a."taskId" = t.id)`;

/** One reviewer leases one task at a time, even with two tabs or a double click. */
async function lockReviewer(tx: Tx, reviewerId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${reviewerId}))`;
}

/** Room left on a task (overlap − labels − other live leases), with the task row locked first so the count is exact. */
async function lockedTaskRoom(tx: Tx, taskId: string, exceptAssignmentId: string | null) {
  await tx.$queryRaw`SELECT 1 FROM "ReviewTask" WHERE id = ${taskId} FOR UPDATE`;
  // A new statement: its snapshot is taken after the lock is held.
  const [row] = await tx.$queryRaw<{ free: number; open: boolean }[]>`
    SELECT t.overlap - t."labelCount" - (SELECT COUNT(*) FILTER (WHERE a.status = 'LEASED' AND a."leaseExpiresAt" > now() AND a.id IS DISTINCT FROM ${exceptAssignmentId})
                                              FROM "Assignment" a WHERE a."taskId" = t.id)::int AS free,
           t.status = 'OPEN' AS open
    FROM "ReviewTask" t WHERE t.id = ${taskId}`;
  return row ?? { free: 0, open: false };
}

export type Lease = { assignmentId: string; taskId: string; resumed: boolean };
/** A new lease comes back with its view's row, read by the inserting statement. */
type LeaseWithRow = Lease & { row?: ViewRow };
/** An open task with room that the reviewer has never seen, locked (SKIP LOCKED) by the statement that picked it. */
type Candidate = { id: string; setup_id: string; outputs: number };

/**
 * The highest-priority open task of the setup with room the reviewer has
 * never seen, as SQL; `lock`: locked for this transaction, skipping tasks
 * other transactions hold. Tasks keep their live lease count (a trigger, see
 * migration 20261207000000), exact until their lease horizon passes: the
 * tasks with room by that count come from a partial index, so a pick never
 * walks past the tasks the rest of the team holds leased, and the few whose
 * horizon passed (a counted lease may have expired) are counted exactly.
 * The better of the two is the pick (a second candidate stays locked until
 * commit: others skip it for those milliseconds).
 */
function pickSql(projectId: string, reviewerId: string, setupId: string, rejected: string[], lock = true) {
  const locking = lock ? Prisma.sql`FOR UPDATE OF t SKIP LOCKED` : Prisma.empty;
  const candidate = Prisma.sql`t.id, t."setupId" AS setup_id, t.priority, t."queueOrder" FROM "ReviewTask" t
    WHERE t."setupId" = ${setupId} AND t."projectId" = ${projectId} AND t.status = 'OPEN' AND NOT (t.id = ANY(${rejected}::text[]))`;
  return Prisma.sql`
    WITH with_room AS (
      SELECT ${candidate} AND t."labelCount" + t."leaseCount" < t.overlap
        AND NOT ${seenBy(reviewerId)}
      ORDER BY t.priority DESC, t."queueOrder" LIMIT 1 ${locking}
    ), past_horizon AS (
      SELECT ${candidate} AND t."labelCount" + t."leaseCount" >= t.overlap AND t."leaseHorizon" <= now()
        AND t."labelCount" + ${takenOrSeen(reviewerId)} < t.overlap
      ORDER BY t.priority DESC, t."queueOrder" LIMIT 1 ${locking}
    )
    SELECT c.id, c.setup_id, (SELECT COUNT(*) FROM "ReviewTaskOutput" o WHERE o."taskId" = c.id)::int AS outputs
    FROM (SELECT * FROM with_room UNION ALL SELECT * FROM past_horizon) c
    ORDER BY c.priority DESC, c."queueOrder" LIMIT 1`;
}

/** Pause before looking again for a task that other transactions held for a moment. */
const LOCKED_RETRY_MS = 10;
/** A lease the reviewer already holds, oldest first; `active` = not expired. */
type HeldLease = { id: string; task_id: string; active: boolean };
export type LeaseResult = Lease | null;

/**
 * Up to `want` leases for the reviewer, oldest first: the ones they already
 * hold (drafts survive a reload; an expired one is resumed only if nobody
 * took its place), then new ones on the highest-priority open tasks with room
 * that they have never seen. The caller holds the reviewer lock.
 */
async function leasesInTx(
  tx: Tx,
  projectId: string,
  reviewerId: string,
  options: { setupId: string; excludeTaskIds?: string[]; want: number; held?: HeldLease[]; picked?: Candidate | null },
): Promise<LeaseWithRow[]> {
  const exclude = options.excludeTaskIds ?? [];
  const leases: LeaseWithRow[] = [];
  const held =
    options.held ??
    (await tx.$queryRaw<HeldLease[]>`
      SELECT a.id, a."taskId" AS task_id, a."leaseExpiresAt" > now() AS active
      FROM "Assignment" a JOIN "ReviewTask" t ON t.id = a."taskId"
      WHERE a."reviewerId" = ${reviewerId} AND a.status = 'LEASED' AND t."projectId" = ${projectId} AND t."setupId" = ${options.setupId}
        AND NOT (a."taskId" = ANY(${exclude}::text[]))
      ORDER BY a."startedAt", a.id`);
  for (const assignment of held) {
    if (leases.length >= options.want) break;
    if (assignment.active) {
      leases.push({ assignmentId: assignment.id, taskId: assignment.task_id, resumed: true });
      continue;
    }
    const room = await lockedTaskRoom(tx, assignment.task_id, assignment.id);
    if (room.open && room.free > 0) {
      await tx.$executeRaw`
        UPDATE "Assignment" a SET "leaseExpiresAt" = now() + make_interval(secs => p."leaseSeconds")
        FROM "Project" p WHERE a.id = ${assignment.id} AND p.id = ${projectId}`;
      leases.push({ assignmentId: assignment.id, taskId: assignment.task_id, resumed: true });
    } else {
      await tx.$executeRaw`UPDATE "Assignment" SET status = 'EXPIRED' WHERE id = ${assignment.id}`;
    }
  }

  const rejected = [...exclude, ...leases.map((lease) => lease.taskId)];
  for (let attempt = 0; leases.length < options.want && attempt < PICK_ATTEMPTS; attempt++) {
    // The submit statement may already have picked (and locked) one.
    const prePicked = attempt === 0 && options.picked !== undefined && !rejected.includes(options.picked?.id ?? "");
    const candidate = prePicked ? options.picked : (await tx.$queryRaw<Candidate[]>(pickSql(projectId, reviewerId, options.setupId, rejected)))[0];
    if (!candidate) {
      if (prePicked) continue; // nothing at that statement's snapshot; look once more on a fresh one
      // SKIP LOCKED passes over tasks another reviewer's submit or pick holds for a
      // moment: "nothing left" only if no task qualifies even counting those.
      const [held] = await tx.$queryRaw<Candidate[]>(pickSql(projectId, reviewerId, options.setupId, rejected, false));
      if (!held) break;
      await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
      continue;
    }
    const setup = (await setupConfig(projectId, candidate.setup_id, tx))!;
    const id = crypto.randomUUID();
    // The candidate was chosen on the previous statement's snapshot; this one
    // re-counts on a fresh snapshot now that the task lock is held. startedAt
    // orders a reviewer's leases (the current task is the oldest): the second
    // lease of one transaction is stamped a millisecond later so it never ties.
    // The same statement reads the new lease's view (item, outputs).
    const [row] = await tx.$queryRaw<ViewRow[]>`
      WITH a AS (
        INSERT INTO "Assignment" (id, "taskId", "reviewerId", status, "leaseExpiresAt", "shownOrder", flags, "activeMs", "startedAt")
        SELECT ${id}, t.id, ${reviewerId}, 'LEASED', now() + make_interval(secs => p."leaseSeconds"),
               ${shuffledPositions(candidate.outputs, setup.randomizeOrder)}::int[], '{}', 0, clock_timestamp() + make_interval(secs => ${leases.length} / 1000.0)
        FROM "ReviewTask" t JOIN "Project" p ON p.id = t."projectId"
        WHERE t.id = ${candidate.id} AND t.status = 'OPEN'
          AND t."labelCount" + ${liveLeases} < t.overlap
        RETURNING ${viewReturning}
      )
      ${viewSelect(Prisma.sql`a`, projectId)}`;
    if (!row) {
      rejected.push(candidate.id);
      continue;
    }
    leases.push({ assignmentId: id, taskId: candidate.id, resumed: false, row });
    rejected.push(candidate.id);
  }
  return leases;
}

/**
 * Hands the reviewer a task: the one they already hold (drafts survive a
 * reload), else the highest-priority open task with room that they have
 * never seen. Returns null when nothing is left for them.
 */
export async function leaseNextTask(projectId: string, reviewerId: string, options: { setupId: string; excludeTaskIds?: string[] }): Promise<LeaseResult> {
  return rawTransaction(async (tx) => {
    await lockReviewer(tx, reviewerId);
    const [lease] = await leasesInTx(tx, projectId, reviewerId, { ...options, want: 1 });
    return lease ?? null;
  });
}

/** The task to show and the one to hold ready behind it (prefetched, under its own lease). */
export type QueueScreen = { task: TaskView | null; next: TaskView | null };

/**
 * The reviewer's current task and the next one, both leased, with their views:
 * what the review screen needs when it opens. The next task is leased ahead
 * so that submitting shows it at once; a reviewer never holds more than these
 * two leases in a setup.
 */
export async function openQueue(projectId: string, reviewerId: string, setupId: string): Promise<QueueScreen> {
  return rawTransaction(async (tx) => {
    await lockReviewer(tx, reviewerId);
    const leases = await leasesInTx(tx, projectId, reviewerId, { setupId, want: 2 });
    const views = await loadTaskViews(tx, projectId, reviewerId, leases.map((lease) => lease.assignmentId));
    return { task: views[0] ?? null, next: views[1] ?? null };
  });
}

/**
 * After a submit or skip: the task the screen should now show (normally the
 * prefetched one it already shows: `showing`) and a new next one. Only views
 * the screen does not have yet are loaded.
 */
async function advanceInTx(
  tx: Tx,
  projectId: string,
  reviewerId: string,
  setupId: string,
  showing: string | null,
  stored?: { held?: HeldLease[]; picked?: Candidate | null },
): Promise<QueueAdvance> {
  const leases = await leasesInTx(tx, projectId, reviewerId, { setupId, want: 2, held: stored?.held, picked: stored?.held ? stored.picked : undefined });
  const [current, next] = leases;
  const confirmed = !!current && current.assignmentId === showing;
  const wanted = [...(confirmed ? [] : current ? [current] : []), ...(next ? [next] : [])];
  const byId = new Map<string, TaskView>();
  for (const lease of wanted) if (lease.row) byId.set(lease.assignmentId, await toView(tx, projectId, reviewerId, lease.row, {}));
  const missing = wanted.filter((lease) => !byId.has(lease.assignmentId)).map((lease) => lease.assignmentId);
  for (const view of await loadTaskViews(tx, projectId, reviewerId, missing)) byId.set(view.assignmentId, view);
  return {
    current: confirmed ? { confirmed: true } : { confirmed: false, task: current ? (byId.get(current.assignmentId) ?? null) : null },
    next: next ? (byId.get(next.assignmentId) ?? null) : null,
  };
}

/** `current.confirmed`: keep showing the prefetched task; otherwise show `current.task` instead (null: nothing left). */
export type QueueAdvance = { current: { confirmed: true } | { confirmed: false; task: TaskView | null }; next: TaskView | null };

export type SubmitResult = { labelId: string; taskId: string; duplicate: boolean };

/** What the transaction knows about a stored label beyond what the caller is told. */
type StoredLabel = SubmitResult & { rubricVersionId?: string; held?: HeldLease[]; picked?: Candidate | null; completedTask?: boolean; setupId?: string };

export type SubmitInput = { assignmentId: string; clientId: string; answers: Answers; rationale: string; flags: string[]; flagNote?: string; activeMsDelta: number };

type AssignmentContext = {
  status: string;
  expired: boolean;
  task_id: string;
  setup_id: string;
  shown_order: number[] | null;
  output_ids: string[];
  existing_id: string | null;
  existing_assignment: string | null;
};

/**
 * Locks the reviewer's assignment and reads what validation needs, with any
 * label already stored under this clientId. With `reviewerLock` the
 * reviewer's advisory lock is taken in the same statement, before the row
 * lock (LockRows sits above the join that evaluates it), in the same order
 * as every other queue transaction.
 */
async function lockAssignment(tx: Tx, projectId: string, reviewerId: string, assignmentId: string, clientId: string, reviewerLock: boolean) {
  const lock = reviewerLock ? Prisma.sql`CROSS JOIN (SELECT pg_advisory_xact_lock(hashtext(${reviewerId}))) AS reviewer_lock` : Prisma.empty;
  const [row] = await tx.$queryRaw<AssignmentContext[]>`
    SELECT a.status::text AS status, a."leaseExpiresAt" <= now() AS expired, a."taskId" AS task_id, t."setupId" AS setup_id, a."shownOrder" AS shown_order,
           ARRAY(SELECT o."outputId" FROM "ReviewTaskOutput" o WHERE o."taskId" = a."taskId" ORDER BY o.position) AS output_ids,
           (SELECT l.id FROM "Label" l WHERE l."reviewerId" = ${reviewerId} AND l."clientId" = ${clientId}) AS existing_id,
           (SELECT l."assignmentId" FROM "Label" l WHERE l."reviewerId" = ${reviewerId} AND l."clientId" = ${clientId}) AS existing_assignment
    FROM "Assignment" a JOIN "ReviewTask" t ON t.id = a."taskId" ${lock}
    WHERE a.id = ${assignmentId} AND a."reviewerId" = ${reviewerId} AND t."projectId" = ${projectId}
    FOR UPDATE OF a`;
  return row ?? null;
}

async function labelByClientId(client: Tx, reviewerId: string, clientId: string) {
  const [row] = await client.$queryRaw<{ id: string; task_id: string | null; assignment_id: string | null }[]>`
    SELECT id, "taskId" AS task_id, "assignmentId" AS assignment_id FROM "Label" WHERE "reviewerId" = ${reviewerId} AND "clientId" = ${clientId}`;
  return row ?? null;
}

/**
 * The LabelValue rows of answers the review screen sent: they name outputs
 * by their shown letters (./handles.ts), mapped back to output ids through
 * the assignment's recorded shown order; validation errors name letters and
 * criteria by name. The setup's rationale rule is checked here too, so every
 * way a label is stored or edited obeys it.
 */
async function labelValuesFromScreen(client: Tx, setup: SetupConfig, outputIds: string[], shownOrder: number[] | null, answers: Answers, rationale: string) {
  const shown = shownOutputIds(outputIds, shownOrder);
  const handles = outputHandles(shown);
  const fields = await assignmentFields(client, setup, shown);
  const criteria = await rubricCriteria(setup.rubricVersionId, client);
  const nameOutput = (id: string) => handles.letterOf.get(id) ?? "?";
  const byId = answersFromHandles(answers, handles);
  const values = buildLabelValues(fields, byId, outputIds, { nameOutput, nameCriterion: (id) => criteria.find((criterion) => criterion.id === id)?.name });
  const demand = rationaleDemand(setup.rationaleRule, fields, byId);
  if (demand && rationale.trim() === "") {
    const message = rationaleMessage(demand, fieldLabel(demand.field, nameOutput));
    throw new SafeError("VALIDATION", message, [{ field: "rationale", message }]);
  }
  return values;
}

/**
 * Stores one label inside the caller's transaction, exactly once. A retry
 * with the same clientId returns the label already stored; a label that would
 * exceed the task's overlap, or arrive after someone else took an expired
 * lease, is refused and nothing is written.
 */
async function submitInTx(
  tx: Tx,
  projectId: string,
  reviewerId: string,
  input: SubmitInput,
  advancing?: { setupId: string },
): Promise<StoredLabel> {
  const context = await lockAssignment(tx, projectId, reviewerId, input.assignmentId, input.clientId, !!advancing);
  if (!context) {
    const existing = await labelByClientId(tx, reviewerId, input.clientId);
    if (existing && existing.assignment_id !== input.assignmentId) throw new SafeError("CONFLICT", "This submission id was already used for another task.");
    throw new SafeError("NOT_FOUND", "This task is not assigned to you in this project.");
  }
  if (context.existing_id) {
    if (context.existing_assignment !== input.assignmentId) throw new SafeError("CONFLICT", "This submission id was already used for another task.");
    return { labelId: context.existing_id, taskId: context.task_id, duplicate: true };
  }
  if (context.status !== "LEASED") {
    // A concurrent duplicate that got here second (it waited for the lock): answer with the first one's label.
    const same = await labelByClientId(tx, reviewerId, input.clientId);
    if (same) return { labelId: same.id, taskId: context.task_id, duplicate: true };
    throw new SafeError("CONFLICT", context.status === "SUBMITTED" ? "You already submitted a label for this task." : "This task is no longer assigned to you.");
  }
  const setup = (await setupConfig(projectId, context.setup_id, tx))!;
  const values = await labelValuesFromScreen(tx, setup, context.output_ids, context.shown_order, input.answers, input.rationale);
  if (context.expired) {
    const room = await lockedTaskRoom(tx, context.task_id, input.assignmentId);
    if (room.free <= 0) throw new SafeError("CONFLICT", "Your lease on this task expired and another reviewer took it. Nothing was stored.");
  }
  const labelId = crypto.randomUUID();
  const activeMsDelta = Math.min(input.activeMsDelta, MAX_ACTIVE_DELTA_MS);
  // When the queue advances next, the same statement also reads the other
  // leases the reviewer holds in the setup (the reviewer lock keeps them still).
  const pick = advancing ? Prisma.sql`, pick AS (${pickSql(projectId, reviewerId, advancing.setupId, [])})` : Prisma.empty;
  const held = advancing
    ? Prisma.sql`, (SELECT json_build_object('id', id, 'setup_id', setup_id, 'outputs', outputs) FROM pick) AS picked, (SELECT COALESCE(json_agg(json_build_object('id', a.id, 'task_id', a."taskId", 'active', a."leaseExpiresAt" > now()) ORDER BY a."startedAt", a.id), '[]')
                      FROM "Assignment" a JOIN "ReviewTask" t ON t.id = a."taskId"
                     WHERE a."reviewerId" = ${reviewerId} AND a.status = 'LEASED' AND t."projectId" = ${projectId} AND t."setupId" = ${advancing.setupId}
                       AND a.id <> ${input.assignmentId}) AS held`
    : Prisma.empty;
  // One statement: the guarded counter update gates everything else, so a
  // full task writes nothing. Data-modifying CTEs always run to completion.
  const [written] = await tx.$queryRaw<{ label_id: string | null; completed: boolean | null; held?: HeldLease[] | string; picked?: Candidate | string | null }[]>`
    WITH task AS (
      UPDATE "ReviewTask" SET "labelCount" = "labelCount" + 1,
             status = CASE WHEN "labelCount" + 1 >= overlap THEN 'COMPLETE'::"TaskStatus" ELSE 'OPEN'::"TaskStatus" END
      WHERE id = ${context.task_id} AND "labelCount" < overlap
      RETURNING id, status
    ), assignment AS (
      UPDATE "Assignment" a SET status = 'SUBMITTED', "submittedAt" = now(), draft = NULL, flags = ${input.flags}::text[], "flagNote" = ${input.flagNote ?? ""}, "activeMs" = a."activeMs" + ${activeMsDelta}
      FROM task WHERE a.id = ${input.assignmentId}
      RETURNING a."activeMs"
    ), label AS (
      INSERT INTO "Label" (id, "clientId", "taskId", "assignmentId", "reviewerId", "rubricVersionId", source, rationale, flags, "flagNote", "activeMs", "createdAt", "updatedAt")
      SELECT ${labelId}, ${input.clientId}, ${context.task_id}, ${input.assignmentId}, ${reviewerId}, ${setup.rubricVersionId}, 'REVIEW',
             ${input.rationale}, ${input.flags}::text[], ${input.flagNote ?? ""}, assignment."activeMs", now(), now()
      FROM assignment
      RETURNING id
    ), label_values AS (
      INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", "otherOutputId", value, category)
      SELECT gen_random_uuid()::text, label.id, v.criterion_id, v.target_key, v.output_id, v.other_output_id, v.value, v.category
      FROM label CROSS JOIN unnest(${values.map((v) => v.criterionId)}::text[], ${values.map((v) => v.targetKey)}::text[], ${values.map((v) => v.outputId)}::text[],
                                   ${values.map((v) => v.otherOutputId)}::text[], ${values.map((v) => v.value)}::float8[], ${values.map((v) => v.category)}::text[])
             AS v(criterion_id, target_key, output_id, other_output_id, value, category)
    ) ${pick}
    SELECT (SELECT id FROM label) AS label_id, (SELECT status = 'COMPLETE' FROM task) AS completed ${held}`;
  if (!written?.label_id) throw new SafeError("CONFLICT", "This task already has all the labels it needs. Nothing was stored.");
  const heldLeases = typeof written.held === "string" ? (JSON.parse(written.held) as HeldLease[]) : written.held;
  const picked = typeof written.picked === "string" ? (JSON.parse(written.picked) as Candidate) : (written.picked ?? null);
  return { labelId: written.label_id, taskId: context.task_id, duplicate: false, rubricVersionId: setup.rubricVersionId, held: heldLeases, picked, completedTask: !!written.completed, setupId: setup.id };
}

/** Runs a submitting transaction; two identical submissions racing past every check meet the unique (reviewerId, clientId) key, and the loser reads the winner back. */
async function withSubmitRetry<T>(reviewerId: string, clientId: string, run: () => Promise<T & { submitted: StoredLabel }>) {
  try {
    const result = await run();
    const { submitted } = result;
    if (submitted.rubricVersionId) await freezeCriteria(submitted.rubricVersionId);
    if (submitted.setupId && !submitted.duplicate) noteTeamLabel(submitted.setupId, !!submitted.completedTask);
    return result;
  } catch (error) {
    if (isPgUniqueViolation(error)) {
      const winner = await labelByClientId(rawSql, reviewerId, clientId);
      if (winner) return { duplicate: { labelId: winner.id, taskId: winner.task_id!, duplicate: true } } as const;
    }
    throw error;
  }
}

function publicResult(submitted: StoredLabel): SubmitResult {
  return { labelId: submitted.labelId, taskId: submitted.taskId, duplicate: submitted.duplicate };
}

/**
 * Stores one label for a leased task, exactly once. A retry with the same
 * clientId returns the label already stored; a label that would exceed the
 * task's overlap, or arrive after someone else took an expired lease, is
 * refused and nothing is written.
 */
export async function submitLabel(projectId: string, reviewerId: string, input: SubmitInput): Promise<SubmitResult> {
  const outcome = await withSubmitRetry(reviewerId, input.clientId, () =>
    rawTransaction(async (tx) => ({ submitted: await submitInTx(tx, projectId, reviewerId, input) })),
  );
  return "duplicate" in outcome ? outcome.duplicate : publicResult(outcome.submitted);
}

/**
 * The review screen's submit: stores the label and, in the same transaction,
 * confirms the prefetched task the screen now shows (`showing`) and leases
 * the one after it.
 */
export async function submitAndAdvance(projectId: string, reviewerId: string, setupId: string, input: SubmitInput, showing: string | null): Promise<{ submitted: SubmitResult } & QueueAdvance> {
  const outcome = await withSubmitRetry(reviewerId, input.clientId, () =>
    rawTransaction(async (tx) => {
      // submitInTx's first statement takes the reviewer lock (also when it finds a duplicate).
      const submitted = await submitInTx(tx, projectId, reviewerId, input, { setupId });
      return { submitted, ...(await advanceInTx(tx, projectId, reviewerId, setupId, showing, submitted)) };
    }),
  );
  if ("duplicate" in outcome) return { submitted: outcome.duplicate, ...(await advance(projectId, reviewerId, setupId, showing)) };
  return { ...outcome, submitted: publicResult(outcome.submitted) };
}

async function advance(projectId: string, reviewerId: string, setupId: string, showing: string | null) {
  return rawTransaction(async (tx) => {
    await lockReviewer(tx, reviewerId);
    return advanceInTx(tx, projectId, reviewerId, setupId, showing);
  });
}

/** Autosave: the draft and the active time since the last save; a live lease is extended. */
export async function saveDraft(projectId: string, reviewerId: string, input: { assignmentId: string; draft: Draft; activeMsDelta: number }) {
  const delta = Math.min(input.activeMsDelta, MAX_ACTIVE_DELTA_MS);
  const updated = await db.$executeRaw`
    UPDATE "Assignment" a SET draft = ${JSON.stringify(input.draft)}::jsonb, "draftUpdatedAt" = now(), "activeMs" = a."activeMs" + ${delta},
      "leaseExpiresAt" = CASE WHEN a."leaseExpiresAt" > now() THEN now() + make_interval(secs => p."leaseSeconds") ELSE a."leaseExpiresAt" END
    FROM "ReviewTask" t JOIN "Project" p ON p.id = t."projectId"
    WHERE a.id = ${input.assignmentId} AND a."reviewerId" = ${reviewerId} AND a.status = 'LEASED' AND t.id = a."taskId" AND t."projectId" = ${projectId}`;
  if (updated === 0) throw new SafeError("CONFLICT", "This task is no longer assigned to you; the draft was not saved.");
  return { savedAt: new Date().toISOString() };
}

type SkipInput = { assignmentId: string; reason: string; note: string; flags: string[]; flagNote?: string };

async function skipInTx(tx: Tx, projectId: string, reviewerId: string, input: SkipInput) {
  const reason = input.note ? `${input.reason}: ${input.note}` : input.reason;
  const updated = await tx.$executeRaw`
    UPDATE "Assignment" a SET status = 'SKIPPED', "skipReason" = ${reason}, flags = ${input.flags}::text[], "flagNote" = ${input.flagNote ?? ""}, draft = NULL
    FROM "ReviewTask" t
    WHERE a.id = ${input.assignmentId} AND a."reviewerId" = ${reviewerId} AND a.status = 'LEASED' AND t.id = a."taskId" AND t."projectId" = ${projectId}`;
  if (updated === 0) throw new SafeError("CONFLICT", "This task is no longer assigned to you.");
  return { skipped: true };
}

/** Skips a task with a reason (and optional flags); the reviewer will not be offered it again. */
export async function skipTask(projectId: string, reviewerId: string, input: SkipInput) {
  return skipInTx(rawSql, projectId, reviewerId, input);
}

/** The review screen's skip: like submitAndAdvance, the prefetched task is confirmed and the one after it leased. */
export async function skipAndAdvance(projectId: string, reviewerId: string, setupId: string, input: SkipInput, showing: string | null): Promise<QueueAdvance> {
  return rawTransaction(async (tx) => {
    await lockReviewer(tx, reviewerId);
    await skipInTx(tx, projectId, reviewerId, input);
    return advanceInTx(tx, projectId, reviewerId, setupId, showing);
  });
}

/** Reopens one of the reviewer's recent labels: an edit replaces its values and keeps the old ones as a revision. */
export async function editLabel(projectId: string, reviewerId: string, input: { labelId: string; answers: Answers; rationale: string; flags: string[]; flagNote?: string }) {
  const label = await db.label.findFirst({
    where: { id: input.labelId, reviewerId, task: { projectId } },
    select: {
      id: true,
      createdAt: true,
      assignmentId: true,
      rationale: true,
      flags: true,
      flagNote: true,
      task: { select: { setupId: true, outputs: { select: { outputId: true }, orderBy: { position: "asc" } } } },
      assignment: { select: { shownOrder: true } },
      values: { select: { criterionId: true, targetKey: true, outputId: true, otherOutputId: true, value: true, category: true } },
    },
  });
  if (!label || !label.assignmentId || !label.task) throw new SafeError("NOT_FOUND", "Label not found.");
  if (Date.now() - label.createdAt.getTime() > EDIT_WINDOW_MS) throw new SafeError("CONFLICT", "Labels can be edited for 7 days after they were submitted.");
  const setup = (await setupConfig(projectId, label.task.setupId)) as SetupConfig;
  const outputIds = label.task.outputs.map((output) => output.outputId);
  const values = await labelValuesFromScreen(db, setup, outputIds, label.assignment?.shownOrder ?? null, input.answers, input.rationale);
  await db.$transaction(async (tx) => {
    await tx.labelRevision.create({ data: { labelId: label.id, editorId: reviewerId, previous: { rationale: label.rationale, flags: label.flags, flagNote: label.flagNote, values: label.values } } });
    await tx.labelValue.deleteMany({ where: { labelId: label.id } });
    await tx.labelValue.createMany({ data: values.map((value) => ({ ...value, labelId: label.id })) });
    await tx.label.update({ where: { id: label.id }, data: { rationale: input.rationale, flags: input.flags, flagNote: input.flagNote ?? "" } });
    await recordAudit({ projectId, actorId: reviewerId, action: "label.edit", targetType: "Label", targetId: label.id, data: { criteria: values.length } }, tx);
  });
  return { labelId: label.id };
}

/** What the review screen shows for one of the reviewer's assignments; NOT_FOUND unless it is theirs, in this project. */
export async function loadTaskView(projectId: string, reviewerId: string, assignmentId: string, options: { labelId?: string } = {}): Promise<TaskView> {
  const [view] = await loadTaskViews(rawSql, projectId, reviewerId, [assignmentId], options);
  if (!view) throw new SafeError("NOT_FOUND", "This task is not assigned to you in this project.");
  return view;
}

/** The reviewer's most recent label in the project (for "undo last submission"), if still editable. */
export async function lastEditableLabel(projectId: string, reviewerId: string) {
  return db.label.findFirst({
    where: { reviewerId, task: { projectId }, source: "REVIEW", createdAt: { gt: new Date(Date.now() - EDIT_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, assignmentId: true },
  });
}
