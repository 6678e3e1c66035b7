import type pg from "pg";
import { storedCallSpecSchema, type StoredCallSpec } from "@/lib/judge-runner/call-spec-schema";
import type { ParsedJudgeAnswer } from "@/lib/judge-runner/contracts";
import { costUsd, type Prices } from "@/lib/judge-runner/cost";
import type { BatchJob } from "@/lib/judge-runner/queue";
import { LlmCallError, type ChatModel, type ChatResult, type WireGate } from "@/lib/llm/types";
import { isDeterministic, responseCacheKey } from "./cache";
import { sleep, type ConnectionLimiter, type ConnectionLimits } from "./limiter";
import { OutcomeWriter } from "./outcome-writer";
import { backoffMs, type RetryPolicy } from "./retry";
import type { RunHandle, RunWatch } from "./run-watch";
import type { CallOutcome } from "./store";

// One queue job: the pending calls of one batch of a run, each through the
// connection's limiter, with retries, the cache and a per-call timeout; the
// answers are parsed and stored as scores (store.ts).

/** What the worker needs of an LlmConnection row. */
export type WorkerConnection = Prices &
  ConnectionLimits & {
    id: string;
    projectId: string;
    baseUrl: string;
    apiKeyCipher: string | null;
    model: string;
    defaultParams: unknown;
    structuredOutput: boolean;
    timeoutMs: number;
    updatedAt: Date;
  };

/** The criterion a call scores, as the answer parser needs it (judge-def's JudgedCriterion). */
export type CallCriterion = { id: string; key: string; name: string; description: string; kind: string; config: unknown };

export type WorkerDeps = {
  modelFor(connection: WorkerConnection): ChatModel | Promise<ChatModel>;
  parseAnswer(criterion: CallCriterion, spec: StoredCallSpec, text: string): ParsedJudgeAnswer;
};

export type BatchContext = {
  pool: pg.Pool;
  deps: WorkerDeps;
  watch: RunWatch;
  retry: RetryPolicy;
  limiterFor(connection: WorkerConnection): ConnectionLimiter;
};

type RunRow = { id: string; judgeId: string; status: string; connection: WorkerConnection | null };
type CallRow = { id: string; key: string; spec: unknown; estimatedTokens: number };
type CacheRow = { key: string; text: string; inputTokens: number; outputTokens: number };

const MAX_STORED_TEXT = 100_000;
const MAX_ERROR_TEXT = 2_000;
// PostgreSQL text and jsonb cannot hold NUL; model output sometimes does.
const storable = (text: string, max: number) => text.replaceAll("\u0000", "").slice(0, max);

async function loadRun(pool: pg.Pool, runId: string): Promise<RunRow | null> {
  const { rows } = await pool.query<RunRow>(
    `SELECT r.id, r."judgeId", r.status::text AS status,
       CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object(
         'id', c.id, 'projectId', c."projectId", 'baseUrl', c."baseUrl", 'apiKeyCipher', c."apiKeyCipher", 'model', c.model,
         'defaultParams', c."defaultParams", 'structuredOutput', c."structuredOutput", 'timeoutMs', c."timeoutMs", 'updatedAt', c."updatedAt",
         'maxConcurrency', c."maxConcurrency", 'requestsPerMinute', c."requestsPerMinute", 'tokensPerMinute', c."tokensPerMinute",
         'inputPricePerMTok', c."inputPricePerMTok", 'outputPricePerMTok', c."outputPricePerMTok") END AS connection
     FROM "JudgeRun" r JOIN "Judge" j ON j.id = r."judgeId" LEFT JOIN "LlmConnection" c ON c.id = j."connectionId"
     WHERE r.id = $1`,
    [runId],
  );
  const row = rows[0];
  if (row?.connection) row.connection.updatedAt = new Date(row.connection.updatedAt);
  return row ?? null;
}

/**
 * The model's answer, its request sent through the connection's wire slots
 * (limiter.ts), within timeoutMs of going out, whether or not the model
 * honours the signal.
 */
async function completeWithin(model: ChatModel, spec: StoredCallSpec, timeoutMs: number, handle: RunHandle, limiter: ConnectionLimiter): Promise<ChatResult> {
  // One controller per call, tripped by the run's signal through a listener
  // removed at the end: AbortSignal.any over the long-lived run signal costs
  // more per call and keeps every call's signal tied to the run's.
  const controller = new AbortController();
  const runSignal = handle.signal;
  const stopWithRun = () => controller.abort();
  runSignal.addEventListener("abort", stopWithRun, { once: true });
  if (runSignal.aborted) controller.abort();
  let timer: NodeJS.Timeout | undefined;
  let expire: (error: LlmCallError) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  // The backstop for a model that ignores its signal. Waiting for a wire slot
  // is not the provider's time: the clock stops at the gate and restarts when
  // the request goes out (a model that never calls the gate is timed whole).
  const startClock = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort();
      expire(new LlmCallError(`No answer within ${timeoutMs} ms (the connection's timeout).`, "retryable"));
    }, timeoutMs);
  };
  // A refused request (a 429's Retry-After) keeps its wire slot until its
  // error is read and the connection paused, or the next request would take
  // the slot before the pause.
  let heldForVerdict: (() => void) | undefined;
  const gate: WireGate = async (send) => {
    clearTimeout(timer);
    const leave = await limiter.enterWire(controller.signal);
    // Paused or cancelled while it waited: the prepared request stays unsent.
    if (handle.stopped()) {
      leave();
      throw new DOMException("The run stopped before this call went out.", "AbortError");
    }
    startClock();
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send();
    } catch (error) {
      leave();
      throw error;
    }
    if (answer instanceof Response && !answer.ok) {
      heldForVerdict = leave;
      return answer;
    }
    leave();
    // The call that takes the freed slot sends its request before this
    // answer is read (SDK, parser, score buffer): reading waits for the
    // event loop's next check phase, sending does not.
    await new Promise(setImmediate);
    return answer;
  };
  startClock();
  try {
    return await Promise.race([
      model.complete({ messages: spec.messages, params: spec.params, answerSchema: spec.answerSchema, timeoutMs, signal: controller.signal, gate }),
      expired,
    ]);
  } catch (error) {
    const failure = asCallError(error);
    // The provider limits the key, not one call: no call on the connection starts before its wait.
    if (failure.retryAfterMs) limiter.pauseFor(failure.retryAfterMs);
    throw failure;
  } finally {
    heldForVerdict?.();
    clearTimeout(timer);
    runSignal.removeEventListener("abort", stopWithRun);
  }
}

function asCallError(error: unknown): LlmCallError {
  if (error instanceof LlmCallError) return error;
  // Anything else (a dropped connection, a DNS hiccup, a bug in a client) may pass on a later try.
  return new LlmCallError(error instanceof Error ? error.message : String(error), "retryable");
}

/** A parsed (or unparsable) answer as the score it becomes. */
function answerOutcome(spec: StoredCallSpec, parsed: ParsedJudgeAnswer, rawText: string): Pick<CallOutcome, "isError" | "value" | "category" | "verdict" | "error" | "rationale" | "rawText"> {
  const raw = storable(rawText, MAX_STORED_TEXT);
  if (!parsed.ok) {
    const reason = storable(`Unreadable answer: ${parsed.error}`, MAX_ERROR_TEXT);
    return spec.target.kind === "pairwise"
      ? { isError: true, verdict: "ERROR", rationale: reason, rawText: raw }
      : { isError: true, error: reason, rationale: "", rawText: raw };
  }
  const rationale = storable(parsed.reasoning, MAX_STORED_TEXT);
  if (spec.target.kind === "pairwise") {
    if (!parsed.verdict) return { isError: true, verdict: "ERROR", rationale: "Unreadable answer: no verdict.", rawText: raw };
    return { isError: false, verdict: parsed.verdict, rationale, rawText: raw };
  }
  if (parsed.value === undefined && parsed.category === undefined) {
    return { isError: true, error: "Unreadable answer: no score.", rationale, rawText: raw };
  }
  return { isError: false, value: parsed.value ?? null, category: parsed.category ?? null, rationale, rawText: raw };
}

function failedOutcome(spec: StoredCallSpec, reason: string): Pick<CallOutcome, "isError" | "verdict" | "error" | "rationale" | "rawText"> {
  const text = storable(reason, MAX_ERROR_TEXT);
  return spec.target.kind === "pairwise"
    ? { isError: true, verdict: "ERROR", rationale: text, rawText: null }
    : { isError: true, error: text, rationale: "", rawText: null };
}

/** The judge's parser, and a parser that throws is an unreadable answer, not a crashed batch. */
function parse({ ctx, criteria }: CallContext, spec: StoredCallSpec, text: string): ParsedJudgeAnswer {
  const criterion = criteria.get(spec.target.criterionId);
  if (!criterion) return { ok: false, error: "the criterion was deleted", raw: text };
  try {
    return ctx.deps.parseAnswer(criterion, spec, text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), raw: text };
  }
}

type CallContext = {
  ctx: BatchContext;
  run: RunRow & { connection: WorkerConnection };
  model: ChatModel;
  limiter: ConnectionLimiter;
  handle: RunHandle;
  writer: OutcomeWriter;
  cache: Map<string, CacheRow>;
  criteria: Map<string, CallCriterion>;
};

async function runCall(call: CallRow, spec: StoredCallSpec, callContext: CallContext) {
  const { ctx, run, model, limiter, handle, writer, cache } = callContext;
  const connection = run.connection;
  const cacheKey = isDeterministic(spec.params) ? responseCacheKey(connection, spec) : null;
  const base = { callId: call.id, target: spec.target };
  const hit = cacheKey ? cache.get(cacheKey) : undefined;
  if (hit) {
    const priced = costUsd(connection, 0, 0);
    writer.add({ ...base, ...answerOutcome(spec, parse(callContext, spec, hit.text), hit.text), cached: true, attempts: 0, inputTokens: null, outputTokens: null, costUsd: priced });
    return;
  }
  for (let attempt = 1; ; attempt++) {
    if (handle.stopped()) return;
    const release = await limiter.acquire(call.estimatedTokens);
    if (handle.stopped()) return release();
    let result: ChatResult;
    try {
      result = await completeWithin(model, spec, connection.timeoutMs, handle, limiter);
    } catch (error) {
      release();
      // Failed, paused or cancelled meanwhile: the call stays pending, unsent or unstored.
      if (handle.signal.aborted || handle.stopped()) return;
      const failure = asCallError(error);
      if (failure.kind === "fatal") return ctx.watch.fail(run.id, storable(failure.message, MAX_ERROR_TEXT));
      if (attempt >= ctx.retry.maxAttempts) {
        writer.add({ ...base, ...failedOutcome(spec, `Failed after ${attempt} attempts: ${failure.message}`), cached: false, attempts: attempt, inputTokens: null, outputTokens: null, costUsd: null });
        return;
      }
      await sleep(backoffMs(attempt, ctx.retry, failure.retryAfterMs), handle.signal);
      continue;
    }
    release();
    const { inputTokens, outputTokens } = result.usage;
    writer.add({
      ...base,
      ...answerOutcome(spec, parse(callContext, spec, result.text), result.text),
      cached: false,
      attempts: attempt,
      inputTokens,
      outputTokens,
      costUsd: costUsd(connection, inputTokens, outputTokens),
      cacheEntry: cacheKey ? { key: cacheKey, model: connection.model, text: storable(result.text, MAX_STORED_TEXT), inputTokens, outputTokens } : undefined,
    });
    return;
  }
}

/** Marks the run done once none of its calls is pending (the last batch to finish does it). */
async function finishIfComplete(pool: pg.Pool, runId: string) {
  await pool.query(
    `UPDATE "JudgeRun" SET status = 'DONE', "finishedAt" = now()
     WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') AND NOT EXISTS (SELECT 1 FROM "JudgeCall" WHERE "runId" = $1 AND NOT done)`,
    [runId],
  );
}

/** Runs one batch job; resolves when its calls are stored or left pending (pause, cancel, failure). Throws only on database trouble. */
export async function executeBatch(job: BatchJob, ctx: BatchContext): Promise<void> {
  const loaded = await loadRun(ctx.pool, job.runId);
  if (!loaded || (loaded.status !== "QUEUED" && loaded.status !== "RUNNING")) return;
  if (!loaded.connection) {
    await ctx.watch.fail(job.runId, "The judge has no LLM connection any more.");
    return;
  }
  const run = { ...loaded, connection: loaded.connection };
  const handle = ctx.watch.watch(run.id);
  try {
    await ctx.pool.query(
      `UPDATE "JudgeRun" SET status = 'RUNNING', "startedAt" = coalesce("startedAt", now()) WHERE id = $1 AND status = 'QUEUED'`,
      [run.id],
    );
    const { rows: calls } = await ctx.pool.query<CallRow>(
      `SELECT id::text, key, spec, "estimatedTokens" FROM "JudgeCall" WHERE "runId" = $1 AND batch = $2 AND NOT done ORDER BY id`,
      [run.id, job.batch],
    );
    const specs = calls.map((call) => {
      const parsed = storedCallSpecSchema.safeParse(call.spec);
      return parsed.success ? parsed.data : null;
    });
    const broken = specs.findIndex((spec) => spec === null);
    if (broken >= 0) {
      await ctx.watch.fail(run.id, `Planned call "${calls[broken]!.key}" is not a valid call (stored by an older version?).`);
      return;
    }
    const valid = specs as StoredCallSpec[];
    const keys = valid.filter((spec) => isDeterministic(spec.params)).map((spec) => responseCacheKey(run.connection, spec));
    const { rows: cached } = keys.length
      ? await ctx.pool.query<CacheRow>(`SELECT key, text, "inputTokens", "outputTokens" FROM "JudgeResponseCache" WHERE key = ANY($1::text[])`, [keys])
      : { rows: [] as CacheRow[] };
    const { rows: criteria } = await ctx.pool.query<CallCriterion>(
      `SELECT id, key, name, description, kind::text AS kind, config FROM "Criterion" WHERE id = ANY($1::text[])`,
      [[...new Set(valid.map((spec) => spec.target.criterionId))]],
    );
    let model: ChatModel;
    try {
      model = await ctx.deps.modelFor(run.connection);
    } catch (error) {
      // A key that cannot be opened (another TOUCHSTONE_ENCRYPTION_KEY) will not open on a retry either.
      await ctx.watch.fail(run.id, `Cannot use the connection: ${(error as Error).message}`);
      return;
    }
    const writer = new OutcomeWriter(ctx.pool, run.id, run.judgeId);
    const callContext: CallContext = {
      ctx,
      run,
      model,
      limiter: ctx.limiterFor(run.connection),
      handle,
      writer,
      cache: new Map(cached.map((row) => [row.key, row])),
      criteria: new Map(criteria.map((row) => [row.id, row])),
    };
    const settled = await Promise.allSettled(calls.map((call, i) => runCall(call, valid[i]!, callContext)));
    await writer.close();
    const crashed = settled.find((result) => result.status === "rejected");
    if (crashed) throw (crashed as PromiseRejectedResult).reason;
    await finishIfComplete(ctx.pool, run.id);
  } finally {
    handle.release();
  }
}
