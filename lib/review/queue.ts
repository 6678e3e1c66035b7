import crypto from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { CriterionKindName } from "@/lib/rubrics/schemas";
import { answersFromValues, buildLabelValues, taskFields, type Answers, type CriterionSpec, type Field, type ReviewModeName } from "./fields";
import { EDIT_WINDOW_MS, MAX_ACTIVE_DELTA_MS, type Draft } from "./schemas";

// The review queue. Invariants, each backed by the database rather than by
// application code alone:
// - a reviewer never gets the same task twice: unique (taskId, reviewerId);
// - a task never gets more than `overlap` labels: labelCount is incremented
//   with a guarded UPDATE and a CHECK constraint backs it;
// - one submission = one label: unique (reviewerId, clientId).
// Leasing locks the task row with FOR UPDATE SKIP LOCKED in a short
// transaction, so concurrent reviewers (and several app servers) never wait
// on each other and never over-lease a task.

type Tx = Prisma.TransactionClient;

const PICK_ATTEMPTS = 8;

/**
 * Room left on a task (overlap − labels − other live leases), counted under
 * the task lock, with what a new lease needs to know about the task.
 */
async function taskCapacity(tx: Tx, taskId: string, exceptAssignmentId: string | null) {
  const [row] = await tx.$queryRaw<{ label_count: number; overlap: number; status: string; active: bigint; outputs: bigint; randomize: boolean; lease_seconds: number }[]>`
    SELECT t."labelCount" AS label_count, t.overlap, t.status::text AS status,
           (SELECT COUNT(*) FROM "Assignment" a WHERE a."taskId" = t.id AND a.status = 'LEASED' AND a."leaseExpiresAt" > now()
              AND a.id IS DISTINCT FROM ${exceptAssignmentId}) AS active,
           (SELECT COUNT(*) FROM "ReviewTaskOutput" o WHERE o."taskId" = t.id) AS outputs,
           s."randomizeOrder" AS randomize, p."leaseSeconds" AS lease_seconds
    FROM "ReviewTask" t JOIN "ReviewSetup" s ON s.id = t."setupId" JOIN "Project" p ON p.id = t."projectId"
    WHERE t.id = ${taskId}`;
  if (!row) return { free: 0, open: false, outputs: 0, randomize: false, leaseSeconds: 0 };
  return { free: row.overlap - row.label_count - Number(row.active), open: row.status === "OPEN", outputs: Number(row.outputs), randomize: row.randomize, leaseSeconds: row.lease_seconds };
}

// Under load a transaction may wait for a pooled connection; it waits rather
// than failing, and stays short once it has one.
const QUEUE_TX = { maxWait: 15_000, timeout: 15_000 };

function shuffledPositions(n: number, randomize: boolean) {
  const order = Array.from({ length: n }, (_, i) => i);
  if (!randomize) return order;
  for (let i = n - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export type LeaseResult = { assignmentId: string; taskId: string; resumed: boolean } | null;

/**
 * Hands the reviewer a task: the one they already hold (drafts survive a
 * reload), else the highest-priority open task with room that they have
 * never seen. Returns null when nothing is left for them.
 */
export async function leaseNextTask(projectId: string, reviewerId: string, options: { setupId?: string; excludeTaskIds?: string[] } = {}): Promise<LeaseResult> {
  const setupFilter = options.setupId ? Prisma.sql`AND t."setupId" = ${options.setupId}` : Prisma.empty;
  return db.$transaction(async (tx) => {
    // One reviewer leases one task at a time, even with two tabs or a double click.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${reviewerId}))`;

    const held = await tx.$queryRaw<{ id: string; task_id: string; active: boolean }[]>`
      SELECT a.id, a."taskId" AS task_id, a."leaseExpiresAt" > now() AS active
      FROM "Assignment" a JOIN "ReviewTask" t ON t.id = a."taskId"
      WHERE a."reviewerId" = ${reviewerId} AND a.status = 'LEASED' AND t."projectId" = ${projectId} ${setupFilter}
        AND NOT (a."taskId" = ANY(${options.excludeTaskIds ?? []}::text[]))
      ORDER BY a."startedAt"`;
    for (const assignment of held) {
      if (assignment.active) return { assignmentId: assignment.id, taskId: assignment.task_id, resumed: true };
      // An expired lease is resumed only if nobody has taken its place meanwhile.
      await tx.$queryRaw`SELECT 1 FROM "ReviewTask" WHERE id = ${assignment.task_id} FOR UPDATE`;
      const capacity = await taskCapacity(tx, assignment.task_id, assignment.id);
      if (capacity.open && capacity.free > 0) {
        await tx.$executeRaw`
          UPDATE "Assignment" a SET "leaseExpiresAt" = now() + make_interval(secs => p."leaseSeconds")
          FROM "ReviewTask" t JOIN "Project" p ON p.id = t."projectId" WHERE a.id = ${assignment.id} AND t.id = a."taskId"`;
        return { assignmentId: assignment.id, taskId: assignment.task_id, resumed: true };
      }
      await tx.$executeRaw`UPDATE "Assignment" SET status = 'EXPIRED' WHERE id = ${assignment.id}`;
    }

    const rejected: string[] = [...(options.excludeTaskIds ?? [])];
    for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
      const [candidate] = await tx.$queryRaw<{ id: string }[]>`
        SELECT t.id FROM "ReviewTask" t
        WHERE t."projectId" = ${projectId} AND t.status = 'OPEN' ${setupFilter}
          AND NOT (t.id = ANY(${rejected}::text[]))
          AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."taskId" = t.id AND a."reviewerId" = ${reviewerId})
          AND t."labelCount" + (SELECT COUNT(*) FROM "Assignment" a WHERE a."taskId" = t.id AND a.status = 'LEASED' AND a."leaseExpiresAt" > now()) < t.overlap
        ORDER BY t.priority DESC
        LIMIT 1
        FOR UPDATE OF t SKIP LOCKED`;
      if (!candidate) return null;
      // The candidate was chosen on the statement's snapshot; re-count now that
      // we hold its lock (every lease of a task is made under that lock).
      const capacity = await taskCapacity(tx, candidate.id, null);
      if (!capacity.open || capacity.free <= 0) {
        rejected.push(candidate.id);
        continue;
      }
      const assignment = await tx.assignment.create({
        data: {
          taskId: candidate.id,
          reviewerId,
          shownOrder: shuffledPositions(capacity.outputs, capacity.randomize),
          leaseExpiresAt: new Date(Date.now() + capacity.leaseSeconds * 1000),
        },
        select: { id: true },
      });
      return { assignmentId: assignment.id, taskId: candidate.id, resumed: false };
    }
    return null;
  }, QUEUE_TX);
}

type TaskContext = {
  assignment: NonNullable<Awaited<ReturnType<typeof findAssignment>>>;
  projectId: string;
  mode: ReviewModeName;
  rubricVersionId: string;
  fields: Field[];
  /** Task output ids in canonical (position) order. */
  outputIds: string[];
  /** Output ids in the order this reviewer sees them. */
  shownOutputIds: string[];
};

async function loadCriteria(rubricVersionId: string): Promise<CriterionSpec[]> {
  const criteria = await db.criterion.findMany({
    where: { rubricVersionId },
    orderBy: { position: "asc" },
    select: { id: true, key: true, name: true, description: true, kind: true, required: true, config: true },
  });
  return criteria.map((criterion) => ({ ...criterion, kind: criterion.kind as CriterionKindName }));
}

/** The assignment with everything needed to validate answers; NOT_FOUND unless it is this reviewer's, in this project. */
function findAssignment(projectId: string, assignmentId: string, reviewerId: string) {
  return db.assignment.findFirst({
    where: { id: assignmentId, reviewerId, task: { projectId } },
    select: {
      id: true,
      taskId: true,
      reviewerId: true,
      status: true,
      shownOrder: true,
      draft: true,
      leaseExpiresAt: true,
      activeMs: true,
      flags: true,
      task: {
        select: {
          outputs: { select: { outputId: true, position: true }, orderBy: { position: "asc" } },
          setup: { select: { id: true, name: true, mode: true, rubricVersionId: true, selection: true, blindReview: true, showReference: true } },
          item: { select: { externalId: true, inputText: true, inputTurns: true, context: true, reference: true } },
        },
      },
    },
  });
}

async function loadTaskContext(projectId: string, assignmentId: string, reviewerId: string): Promise<TaskContext> {
  const assignment = await findAssignment(projectId, assignmentId, reviewerId);
  if (!assignment) throw new SafeError("NOT_FOUND", "This task is not assigned to you in this project.");
  const { setup, outputs } = assignment.task;
  const outputIds = outputs.map((output) => output.outputId);
  const shownOutputIds = (assignment.shownOrder.length === outputIds.length ? assignment.shownOrder : outputIds.map((_, i) => i)).map((position) => outputIds[position]!);
  const criterionKeys = (setup.selection as { criterionKeys?: string[] } | null)?.criterionKeys ?? [];
  const fields = taskFields(setup.mode as ReviewModeName, await loadCriteria(setup.rubricVersionId), shownOutputIds, criterionKeys);
  return { assignment, projectId, mode: setup.mode as ReviewModeName, rubricVersionId: setup.rubricVersionId, fields, outputIds, shownOutputIds };
}

export type SubmitResult = { labelId: string; taskId: string; duplicate: boolean };

/**
 * Stores one label for a leased task, exactly once. A retry with the same
 * clientId returns the label already stored; a label that would exceed the
 * task's overlap, or arrive after someone else took an expired lease, is
 * refused and nothing is written.
 */
export async function submitLabel(
  projectId: string,
  reviewerId: string,
  input: { assignmentId: string; clientId: string; answers: Answers; rationale: string; flags: string[]; activeMsDelta: number },
): Promise<SubmitResult> {
  const existing = await db.label.findUnique({ where: { reviewerId_clientId: { reviewerId, clientId: input.clientId } }, select: { id: true, taskId: true, assignmentId: true } });
  if (existing) {
    if (existing.assignmentId !== input.assignmentId) throw new SafeError("CONFLICT", "This submission id was already used for another task.");
    return { labelId: existing.id, taskId: existing.taskId!, duplicate: true };
  }
  const context = await loadTaskContext(projectId, input.assignmentId, reviewerId);
  const values = buildLabelValues(context.fields, input.answers, context.outputIds);
  const activeMsDelta = Math.min(input.activeMsDelta, MAX_ACTIVE_DELTA_MS);

  try {
    return await db.$transaction(async (tx) => {
      const [assignment] = await tx.$queryRaw<{ status: string; expired: boolean; task_id: string }[]>`
        SELECT a.status::text AS status, a."leaseExpiresAt" <= now() AS expired, a."taskId" AS task_id
        FROM "Assignment" a WHERE a.id = ${input.assignmentId} FOR UPDATE`;
      if (!assignment) throw new SafeError("NOT_FOUND", "This task is not assigned to you.");
      if (assignment.status !== "LEASED") {
        // A concurrent duplicate that got here second: answer with the first one's label.
        const same = await tx.label.findUnique({ where: { reviewerId_clientId: { reviewerId, clientId: input.clientId } }, select: { id: true } });
        if (same) return { labelId: same.id, taskId: assignment.task_id, duplicate: true };
        throw new SafeError("CONFLICT", assignment.status === "SUBMITTED" ? "You already submitted a label for this task." : "This task is no longer assigned to you.");
      }
      if (assignment.expired) {
        const capacity = await taskCapacity(tx, assignment.task_id, input.assignmentId);
        if (capacity.free <= 0) throw new SafeError("CONFLICT", "Your lease on this task expired and another reviewer took it. Nothing was stored.");
      }
      const counted = await tx.$executeRaw`
        UPDATE "ReviewTask" SET "labelCount" = "labelCount" + 1,
               status = CASE WHEN "labelCount" + 1 >= overlap THEN 'COMPLETE'::"TaskStatus" ELSE 'OPEN'::"TaskStatus" END
        WHERE id = ${assignment.task_id} AND "labelCount" < overlap`;
      if (counted === 0) throw new SafeError("CONFLICT", "This task already has all the labels it needs. Nothing was stored.");
      const updated = await tx.assignment.update({
        where: { id: input.assignmentId },
        data: { status: "SUBMITTED", submittedAt: new Date(), draft: Prisma.DbNull, flags: input.flags, activeMs: { increment: activeMsDelta } },
        select: { activeMs: true },
      });
      const label = await tx.label.create({
        data: {
          clientId: input.clientId,
          taskId: assignment.task_id,
          assignmentId: input.assignmentId,
          reviewerId,
          rubricVersionId: context.rubricVersionId,
          rationale: input.rationale,
          flags: input.flags,
          activeMs: updated.activeMs,
          values: { createMany: { data: values } },
        },
        select: { id: true },
      });
      return { labelId: label.id, taskId: assignment.task_id, duplicate: false };
    }, QUEUE_TX);
  } catch (error) {
    // Two identical submissions racing past the first look-up: the unique
    // (reviewerId, clientId) key lets one through; the other reads it back.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await db.label.findUnique({ where: { reviewerId_clientId: { reviewerId, clientId: input.clientId } }, select: { id: true, taskId: true } });
      if (winner) return { labelId: winner.id, taskId: winner.taskId!, duplicate: true };
    }
    throw error;
  }
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

/** Skips a task with a reason (and optional flags); the reviewer will not be offered it again. */
export async function skipTask(projectId: string, reviewerId: string, input: { assignmentId: string; reason: string; note: string; flags: string[] }) {
  const reason = input.note ? `${input.reason}: ${input.note}` : input.reason;
  const updated = await db.$executeRaw`
    UPDATE "Assignment" a SET status = 'SKIPPED', "skipReason" = ${reason}, flags = ${input.flags}::text[], draft = NULL
    FROM "ReviewTask" t
    WHERE a.id = ${input.assignmentId} AND a."reviewerId" = ${reviewerId} AND a.status = 'LEASED' AND t.id = a."taskId" AND t."projectId" = ${projectId}`;
  if (updated === 0) throw new SafeError("CONFLICT", "This task is no longer assigned to you.");
  return { skipped: true };
}

/** Reopens one of the reviewer's recent labels: an edit replaces its values and keeps the old ones as a revision. */
export async function editLabel(projectId: string, reviewerId: string, input: { labelId: string; answers: Answers; rationale: string; flags: string[] }) {
  const label = await db.label.findFirst({
    where: { id: input.labelId, reviewerId, task: { projectId } },
    select: { id: true, createdAt: true, assignmentId: true, rationale: true, flags: true, values: { select: { criterionId: true, targetKey: true, outputId: true, otherOutputId: true, value: true, category: true } } },
  });
  if (!label || !label.assignmentId) throw new SafeError("NOT_FOUND", "Label not found.");
  if (Date.now() - label.createdAt.getTime() > EDIT_WINDOW_MS) throw new SafeError("CONFLICT", "Labels can be edited for 7 days after they were submitted.");
  const context = await loadTaskContext(projectId, label.assignmentId, reviewerId);
  const values = buildLabelValues(context.fields, input.answers, context.outputIds);
  await db.$transaction(async (tx) => {
    await tx.labelRevision.create({ data: { labelId: label.id, editorId: reviewerId, previous: { rationale: label.rationale, flags: label.flags, values: label.values } } });
    await tx.labelValue.deleteMany({ where: { labelId: label.id } });
    await tx.labelValue.createMany({ data: values.map((value) => ({ ...value, labelId: label.id })) });
    await tx.label.update({ where: { id: label.id }, data: { rationale: input.rationale, flags: input.flags } });
    await recordAudit({ projectId, actorId: reviewerId, action: "label.edit", targetType: "Label", targetId: label.id, data: { criteria: values.length } }, tx);
  });
  return { labelId: label.id };
}

export type TaskView = Awaited<ReturnType<typeof loadTaskView>>;

/**
 * What the review screen shows for one assignment. Blind review leaves out
 * run names and judge scores entirely (they never reach the browser), and the
 * reference is only sent when the setup shows it.
 */
export async function loadTaskView(projectId: string, reviewerId: string, assignmentId: string, options: { labelId?: string } = {}) {
  const context = await loadTaskContext(projectId, assignmentId, reviewerId);
  const { assignment } = context;
  const { setup, item } = assignment.task;
  const outputs = await db.output.findMany({
    where: { id: { in: context.shownOutputIds } },
    select: { id: true, content: true, turns: true, trace: true, latencyMs: true, run: { select: { name: true, model: true } } },
  });
  const byId = new Map(outputs.map((output) => [output.id, output]));
  const judgeScores = setup.blindReview
    ? []
    : await db.judgeScore.findMany({
        where: { outputId: { in: context.shownOutputIds } },
        select: { outputId: true, value: true, category: true, judge: { select: { name: true, promptVersion: true } }, criterion: { select: { name: true } } },
      });
  let label: { id: string; answers: Answers; rationale: string; flags: string[] } | null = null;
  if (options.labelId) {
    const stored = await db.label.findFirst({
      where: { id: options.labelId, reviewerId, assignmentId },
      select: { id: true, rationale: true, flags: true, values: { select: { criterionId: true, targetKey: true, outputId: true, otherOutputId: true, value: true, category: true } } },
    });
    if (stored) label = { id: stored.id, answers: answersFromValues(context.fields, stored.values), rationale: stored.rationale, flags: stored.flags };
  }
  return {
    assignmentId,
    taskId: assignment.taskId,
    status: assignment.status,
    leaseExpiresAt: assignment.leaseExpiresAt.toISOString(),
    setup: { id: setup.id, name: setup.name, mode: setup.mode as ReviewModeName, blind: setup.blindReview, showReference: setup.showReference },
    item: {
      externalId: item.externalId,
      inputText: item.inputText,
      inputTurns: item.inputTurns as unknown,
      context: item.context as unknown,
      reference: setup.showReference ? item.reference : null,
    },
    outputs: context.shownOutputIds.map((id, index) => {
      const output = byId.get(id)!;
      return {
        id,
        letter: String.fromCharCode(65 + index),
        content: output.content,
        turns: output.turns as unknown,
        trace: output.trace as unknown,
        run: setup.blindReview ? null : { name: output.run.name, model: output.run.model, latencyMs: output.latencyMs },
        judgeScores: judgeScores
          .filter((score) => score.outputId === id)
          .map((score) => ({ judge: `${score.judge.name} ${score.judge.promptVersion}`, criterion: score.criterion.name, value: score.value, category: score.category })),
      };
    }),
    fields: context.fields.map((field) => ({ id: field.id, outputId: field.outputId ?? null, criterion: { ...field.criterion, config: field.criterion.config as Record<string, unknown> } })),
    draft: (assignment.draft as Draft | null) ?? null,
    flags: assignment.flags,
    activeMs: assignment.activeMs,
    label,
  };
}

/** The reviewer's most recent label in the project (for "undo last submission"), if still editable. */
export async function lastEditableLabel(projectId: string, reviewerId: string) {
  return db.label.findFirst({
    where: { reviewerId, task: { projectId }, source: "REVIEW", createdAt: { gt: new Date(Date.now() - EDIT_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, assignmentId: true },
  });
}
