import type pg from "pg";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { newId } from "@/lib/imports/pg";
import { callSpecSchema } from "./call-spec-schema";
import type { JudgeCallSpec, JudgeRunProgress, JudgeRunScope } from "./contracts";
import { costUsd, DEFAULT_ANSWER_TOKENS, estimateInputTokens } from "./cost";
import { planJudgeCalls } from "./plan";
import { readJudgeRunProgress } from "./progress";
import { sendBatchJobs } from "./queue";
import { inTransaction, runnerPool } from "./run-pool";
import { isDeterministic, responseCacheKey } from "./worker/cache";

// Judge runs: created from planned calls, then paused, resumed or cancelled.
// A run's calls are rows of "JudgeCall" in batches; each batch is one queue
// job (queue.ts), executed by a worker (worker/). Every change is audited.

export type RunActor = { userId?: string | null; tokenId?: string | null };

export type CreateJudgeRunFromSpecsInput = {
  projectId: string;
  judgeId: string;
  scope: JudgeRunScope;
  specs: JudgeCallSpec[];
  actor: RunActor;
};

const INSERT_CHUNK = 2000;

/** Calls per queue job: enough to keep the connection's slots busy between fetches, small enough to spread over workers. */
export function batchSizeFor(maxConcurrency: number) {
  return Math.min(200, Math.max(20, maxConcurrency * 2));
}

type RunJudge = {
  id: string;
  name: string;
  connection: { id: string; baseUrl: string; model: string; maxConcurrency: number; inputPricePerMTok: number | null; outputPricePerMTok: number | null };
};

async function loadRunnableJudge(projectId: string, judgeId: string): Promise<RunJudge> {
  const judge = await db.judge.findFirst({
    where: { id: judgeId, projectId },
    select: {
      id: true,
      name: true,
      connection: { select: { id: true, baseUrl: true, model: true, maxConcurrency: true, inputPricePerMTok: true, outputPricePerMTok: true } },
    },
  });
  if (!judge) throw new SafeError("NOT_FOUND", "That judge does not exist in this project.");
  if (!judge.connection) {
    throw new SafeError("VALIDATION", `Judge "${judge.name}" has no LLM connection: only judges defined in Touchstone can run.`, [
      { field: "judgeId", message: "The judge has no LLM connection." },
    ]);
  }
  return { ...judge, connection: judge.connection };
}

function checkSpecs(specs: JudgeCallSpec[]) {
  if (!specs.length) throw new SafeError("VALIDATION", "Nothing to judge: the scope has no outputs for this judge.");
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    const parsed = callSpecSchema.safeParse(spec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SafeError("VALIDATION", `Planned call ${index + 1} (${spec.key}): ${issue.path.join(".") || "call"} ${issue.message}.`, [
        { row: index + 1, field: issue.path.join(".") || "call", message: issue.message },
      ]);
    }
    if (seen.has(spec.key)) {
      throw new SafeError("VALIDATION", `Planned call ${index + 1}: the key "${spec.key}" is used twice.`, [{ row: index + 1, field: "key", message: "duplicate key" }]);
    }
    seen.add(spec.key);
  });
}

/** Cache keys of the deterministic calls already answered: they will cost nothing. */
async function cachedKeys(client: pg.ClientBase, model: { baseUrl: string; model: string }, specs: JudgeCallSpec[]): Promise<Set<string>> {
  const keys = specs.filter((spec) => isDeterministic(spec.params)).map((spec) => responseCacheKey(model, spec));
  if (!keys.length) return new Set();
  const { rows } = await client.query<{ key: string }>(`SELECT key FROM "JudgeResponseCache" WHERE key = ANY($1::text[])`, [keys]);
  return new Set(rows.map((row) => row.key));
}

/**
 * Creates a run over calls already planned and rendered, and queues it: the
 * run, its calls and its queue jobs commit together, so a run is never half
 * queued. The estimate counts the rendered prompts' tokens and leaves out
 * calls the response cache already answers.
 */
export async function createJudgeRunFromSpecs(input: CreateJudgeRunFromSpecsInput): Promise<JudgeRunProgress> {
  checkSpecs(input.specs);
  const judge = await loadRunnableJudge(input.projectId, input.judgeId);
  const pool = runnerPool();
  const runId = await inTransaction(pool, (client) => insertJudgeRun(client, input, judge));
  await recordAudit({
    projectId: input.projectId,
    actorId: input.actor.userId ?? null,
    tokenId: input.actor.tokenId ?? null,
    action: "judgeRun.start",
    targetType: "JudgeRun",
    targetId: runId,
    data: { judge: judge.name, calls: input.specs.length, purpose: input.scope.purpose },
  });
  return (await readJudgeRunProgress(pool, input.projectId, runId))!;
}

/**
 * Queues a run inside the caller's transaction (`client`), so rows that say
 * "this work is queued" (online samples claimed by the run) commit with it.
 * Same checks, estimate and jobs as createJudgeRunFromSpecs; no audit event
 * (the caller decides). Returns the run's id.
 */
export async function queueJudgeRunIn(client: pg.ClientBase, input: CreateJudgeRunFromSpecsInput): Promise<string> {
  checkSpecs(input.specs);
  return insertJudgeRun(client, input, await loadRunnableJudge(input.projectId, input.judgeId));
}

async function insertJudgeRun(client: pg.ClientBase, input: CreateJudgeRunFromSpecsInput, judge: RunJudge): Promise<string> {
  const { connection } = judge;
  const size = batchSizeFor(connection.maxConcurrency);
  const runId = newId();
  const cached = await cachedKeys(client, connection, input.specs);
  let inputTokens = 0;
  let outputTokens = 0;
  const tokens = input.specs.map((spec) => {
    const estimate = estimateInputTokens(spec.messages);
    if (!(isDeterministic(spec.params) && cached.has(responseCacheKey(connection, spec)))) {
      inputTokens += estimate;
      outputTokens += Math.min(spec.params.maxTokens ?? DEFAULT_ANSWER_TOKENS, DEFAULT_ANSWER_TOKENS);
    }
    return estimate;
  });
  const batches = Math.ceil(input.specs.length / size);
  await client.query(
    `INSERT INTO "JudgeRun" (id, "projectId", "judgeId", scope, total, batches, "estimatedInputTokens", "estimatedOutputTokens", "estimatedCostUsd", "createdById")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [runId, input.projectId, judge.id, JSON.stringify(input.scope), input.specs.length, batches, inputTokens, outputTokens,
      costUsd(connection, inputTokens, outputTokens), input.actor.userId ?? null],
  );
  for (let start = 0; start < input.specs.length; start += INSERT_CHUNK) {
    const chunk = input.specs.slice(start, start + INSERT_CHUNK);
    await client.query(
      `INSERT INTO "JudgeCall" ("runId", batch, key, spec, "estimatedTokens")
       SELECT $1, u.batch, u.key, u.spec::jsonb, u.tokens FROM unnest($2::int[], $3::text[], $4::text[], $5::int[]) AS u(batch, key, spec, tokens)`,
      [
        runId,
        chunk.map((_, i) => Math.floor((start + i) / size)),
        chunk.map((spec) => spec.key),
        chunk.map(({ target, messages, params, answerSchema }) => JSON.stringify({ target, messages, params, answerSchema })),
        chunk.map((_, i) => tokens[start + i]!),
      ],
    );
  }
  await sendBatchJobs(client, Array.from({ length: batches }, (_, batch) => ({ runId, batch })));
  return runId;
}

export type CreateJudgeRunInput = { projectId: string; judgeId: string; scope: JudgeRunScope; actor: RunActor };

/** Plans a judge version's calls over the scope (plan.ts) and queues them as a run. */
export async function createJudgeRun(input: CreateJudgeRunInput): Promise<JudgeRunProgress> {
  // Checked before planning, so a judge of another project is not even rendered.
  await loadRunnableJudge(input.projectId, input.judgeId);
  const specs = await planJudgeCalls(db, { judgeId: input.judgeId, scope: input.scope });
  return createJudgeRunFromSpecs({ ...input, specs });
}

type Transition = { action: "pause" | "resume" | "cancel"; from: string[]; set: string; verb: string };

const TRANSITIONS: Record<Transition["action"], Transition> = {
  pause: { action: "pause", from: ["QUEUED", "RUNNING"], set: `status = 'PAUSED'`, verb: "paused" },
  // A failed run resumes too: after a fixed key or model, its remaining calls run.
  resume: { action: "resume", from: ["PAUSED", "FAILED"], set: `status = 'QUEUED', failure = NULL, "finishedAt" = NULL`, verb: "resumed" },
  cancel: { action: "cancel", from: ["QUEUED", "RUNNING", "PAUSED"], set: `status = 'CANCELLED', "finishedAt" = now()`, verb: "cancelled" },
};

async function transition(projectId: string, runId: string, actor: RunActor, step: Transition): Promise<JudgeRunProgress> {
  const pool = runnerPool();
  const before = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ status: string }>(
      `SELECT status::text AS status FROM "JudgeRun" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`,
      [runId, projectId],
    );
    const run = rows[0];
    if (!run) throw new SafeError("NOT_FOUND", "That judge run does not exist in this project.");
    if (!step.from.includes(run.status)) {
      throw new SafeError("CONFLICT", `This run is ${run.status.toLowerCase()}; only ${step.from.map((s) => s.toLowerCase()).join(" or ")} runs can be ${step.verb}.`);
    }
    await client.query(`UPDATE "JudgeRun" SET ${step.set} WHERE id = $1`, [runId]);
    if (step.action === "resume") {
      // Paused batches completed their jobs, so the calls left get new ones;
      // a batch still held by a worker that has not yet seen the pause is
      // harmless: a call turns done once, with its score.
      const { rows: pending } = await client.query<{ batch: number }>(
        `SELECT DISTINCT batch FROM "JudgeCall" WHERE "runId" = $1 AND NOT done ORDER BY batch`,
        [runId],
      );
      await sendBatchJobs(client, pending.map(({ batch }) => ({ runId, batch })));
      if (!pending.length) await client.query(`UPDATE "JudgeRun" SET status = 'DONE', "finishedAt" = now() WHERE id = $1`, [runId]);
    }
    return run.status;
  });
  await recordAudit({
    projectId,
    actorId: actor.userId ?? null,
    tokenId: actor.tokenId ?? null,
    action: `judgeRun.${step.action}`,
    targetType: "JudgeRun",
    targetId: runId,
    data: { from: before },
  });
  return (await readJudgeRunProgress(pool, projectId, runId))!;
}

/** Workers start no more calls of the run (within a second); calls already in flight finish and are stored, the rest wait for resume. */
export const pauseJudgeRun = (projectId: string, runId: string, actor: RunActor) => transition(projectId, runId, actor, TRANSITIONS.pause);
export const resumeJudgeRun = (projectId: string, runId: string, actor: RunActor) => transition(projectId, runId, actor, TRANSITIONS.resume);
export const cancelJudgeRun = (projectId: string, runId: string, actor: RunActor) => transition(projectId, runId, actor, TRANSITIONS.cancel);

export async function getJudgeRunProgress(projectId: string, runId: string): Promise<JudgeRunProgress> {
  const progress = await readJudgeRunProgress(runnerPool(), projectId, runId);
  if (!progress) throw new SafeError("NOT_FOUND", "That judge run does not exist in this project.");
  return progress;
}
