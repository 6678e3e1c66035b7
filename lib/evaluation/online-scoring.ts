import type pg from "pg";
import { db } from "@/lib/db/client";
import type { JudgeCallSpec, JudgeRunScope } from "@/lib/judge-runner/contracts";
import { costUsd, DEFAULT_ANSWER_TOKENS, estimateInputTokens, type Prices } from "@/lib/judge-runner/cost";
import { planJudgeCalls } from "@/lib/judge-runner/plan";
import { queueJudgeRunIn } from "@/lib/judge-runner/runs";
import { isDeterministic, responseCacheKey } from "@/lib/judge-runner/worker/cache";
import { fitUnderCap, utcDay } from "./cost-cap";
import { ensureProductionDataset, materialiseSamples } from "./production-dataset";

// Online judges: the step the worker repeats every few seconds
// (online-loop.ts). Per evaluation rule with pending samples, under a session
// advisory lock (one worker per rule at a time, whatever the number of
// workers):
//   1. the rule's pending samples whose output already has the judge's score
//      turn SCORED (their run finished, or another rule with the same judge
//      version scored the same answer);
//   2. up to BATCH unclaimed samples are materialised as production items and
//      outputs (materialiseSamples); samples whose traffic row retention
//      already deleted are dropped;
//   3. their calls are planned by the judge runner's own planner, each call's
//      cost is estimated (rendered prompt tokens × input price + the answer's
//      token bound × output price; 0 when the response cache answers it) and
//      fitted under the rule's daily cap (cost-cap.ts);
//   4. ONE transaction queues a JudgeRun (purpose "online", one run per rule
//      per batch) for the calls that fit, sets runId on their samples and
//      marks the others SKIPPED_CAP.
// Kill safety: before step 4 commits nothing says a sample is claimed, so a
// killed worker's samples are picked up again (materialisation is
// idempotent); after it, they carry the run's id and are never queued again,
// and the judge runner's exactly-once store covers the calls themselves.

const BATCH = 200;

export type OnlineTickResult = { queued: number; skipped: number; scored: number; dropped: number };

type RuleRow = {
  id: string;
  projectId: string;
  judgeId: string;
  enabled: boolean;
  dailyCostCapUsd: number | null;
  baseUrl: string | null;
  model: string | null;
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
};

const RULES_WITH_PENDING = `
  SELECT r.id, r."projectId", r."judgeId", r.enabled, r."dailyCostCapUsd", c."baseUrl", c.model, c."inputPricePerMTok", c."outputPricePerMTok"
  FROM "EvaluationRule" r JOIN "Judge" j ON j.id = r."judgeId" LEFT JOIN "LlmConnection" c ON c.id = j."connectionId"
  WHERE EXISTS (SELECT 1 FROM "TrafficSample" s WHERE s."ruleId" = r.id AND s.status = 'PENDING')
  ORDER BY r.id`;

// Any score of the rule's judge version on the sample's output: an ERROR score counts (the call failed for good).
const MARK_SCORED = `
  UPDATE "TrafficSample" s SET status = 'SCORED'
  WHERE s."ruleId" = $1 AND s.status = 'PENDING' AND s."outputId" IS NOT NULL
    AND EXISTS (SELECT 1 FROM "JudgeScore" j WHERE j."judgeId" = $2 AND j."outputId" = s."outputId")`;

// Today's spend of the rule: the provider-priced cost of calls done, and the
// estimate of calls still queued (they will be spent; a cancelled run's will not).
const SPENT_TODAY = `
  SELECT coalesce(sum(CASE WHEN c.done THEN coalesce(c."costUsd", 0)
    WHEN r.status = 'CANCELLED' THEN 0
    ELSE (c."estimatedTokens" * $4::float8 + coalesce((c.spec->'params'->>'maxTokens')::int, $6) * $5::float8) / 1e6 END), 0)::float8 AS spent
  FROM "JudgeRun" r JOIN "JudgeCall" c ON c."runId" = r.id
  WHERE r."projectId" = $1 AND r."createdAt" >= $2::timestamp AND r."createdAt" < $3::timestamp AND r.scope->>'purpose' = 'online' AND r.scope->>'ruleId' = $7`;

/** One pass over every rule with pending samples. */
export async function scoreOnlineSamples(pool: pg.Pool, options: { now?: Date; log?: (line: string) => void } = {}): Promise<OnlineTickResult> {
  const total: OnlineTickResult = { queued: 0, skipped: 0, scored: 0, dropped: 0 };
  const { rows: rules } = await pool.query<RuleRow>(RULES_WITH_PENDING);
  for (const rule of rules) {
    const client = await pool.connect();
    let locked = false;
    try {
      locked = (await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('online-rule'), hashtext($1)) AS ok`, [rule.id])).rows[0]!.ok;
      // Another worker has this rule now; it will do what we would.
      if (!locked) continue;
      const result = await scoreRule(client, rule, options.now ?? new Date());
      for (const key of Object.keys(total) as (keyof OnlineTickResult)[]) total[key] += result[key];
    } catch (error) {
      // One rule's trouble (a judge that cannot be planned any more) must not stop the others.
      options.log?.(`online judges: rule ${rule.id}: ${(error as Error).message}`);
    } finally {
      if (locked) await client.query(`SELECT pg_advisory_unlock(hashtext('online-rule'), hashtext($1))`, [rule.id]).catch(() => undefined);
      client.release();
    }
  }
  return total;
}

async function scoreRule(client: pg.PoolClient, rule: RuleRow, now: Date): Promise<OnlineTickResult> {
  const result: OnlineTickResult = { queued: 0, skipped: 0, scored: 0, dropped: 0 };
  result.scored += (await client.query(MARK_SCORED, [rule.id, rule.judgeId])).rowCount ?? 0;
  // A disabled rule keeps its pending samples for when it is enabled again.
  if (!rule.enabled) return result;
  const { rows: picked } = await client.query<{ id: string }>(
    `SELECT id::text FROM "TrafficSample" WHERE "ruleId" = $1 AND status = 'PENDING' AND "runId" IS NULL ORDER BY id LIMIT $2`,
    [rule.id, BATCH],
  );
  if (!picked.length) return result;
  const ids = picked.map((row) => row.id);

  const production = await ensureProductionDataset(rule.projectId);
  await materialiseSamples(client, rule.projectId, ids, production);
  result.dropped += (await client.query(`DELETE FROM "TrafficSample" WHERE id = ANY($1::bigint[]) AND "outputId" IS NULL`, [ids])).rowCount ?? 0;
  result.scored += (await client.query(MARK_SCORED, [rule.id, rule.judgeId])).rowCount ?? 0;
  const { rows: open } = await client.query<{ id: string; outputId: string }>(
    `SELECT id::text, "outputId" FROM "TrafficSample" WHERE id = ANY($1::bigint[]) AND status = 'PENDING' AND "runId" IS NULL ORDER BY id`,
    [ids],
  );
  if (!open.length) return result;

  const scope: JudgeRunScope = {
    datasetVersionId: production.datasetVersionId,
    runIds: [production.runId],
    outputIds: open.map((sample) => sample.outputId),
    purpose: "online",
    ruleId: rule.id,
  };
  const specs = await planJudgeCalls(db, { judgeId: rule.judgeId, scope });
  const specByOutput = new Map(specs.map((spec) => [spec.target.kind === "pointwise" ? spec.target.outputId : "", spec]));
  const samples = open.filter((sample) => specByOutput.has(sample.outputId));
  const prices: Prices = { inputPricePerMTok: rule.inputPricePerMTok, outputPricePerMTok: rule.outputPricePerMTok };
  const costs = await estimateCosts(client, rule, prices, samples.map((sample) => specByOutput.get(sample.outputId)!));
  const day = utcDay(now);
  const spent = rule.dailyCostCapUsd === null ? 0 : await spentToday(client, rule, prices, day);
  const decision = fitUnderCap(costs, spent, rule.dailyCostCapUsd);
  const send = decision.send.map((index) => samples[index]!);
  const skip = decision.skip.map((index) => samples[index]!);

  await client.query("BEGIN");
  try {
    if (send.length) {
      const runId = await queueJudgeRunIn(client, {
        projectId: rule.projectId,
        judgeId: rule.judgeId,
        scope: { ...scope, outputIds: send.map((sample) => sample.outputId) },
        specs: send.map((sample) => specByOutput.get(sample.outputId)!),
        actor: {},
      });
      await client.query(`UPDATE "TrafficSample" SET "runId" = $2 WHERE id = ANY($1::bigint[])`, [send.map((sample) => sample.id), runId]);
    }
    if (skip.length) await client.query(`UPDATE "TrafficSample" SET status = 'SKIPPED_CAP' WHERE id = ANY($1::bigint[])`, [skip.map((sample) => sample.id)]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  result.queued += send.length;
  result.skipped += skip.length;
  return result;
}

/** Each call's estimated cost: 0 when the response cache answers it, null when the connection has no prices. */
async function estimateCosts(client: pg.ClientBase, rule: RuleRow, prices: Prices, specs: JudgeCallSpec[]): Promise<(number | null)[]> {
  const endpoint = { baseUrl: rule.baseUrl ?? "", model: rule.model ?? "" };
  const keys = specs.map((spec) => (isDeterministic(spec.params) ? responseCacheKey(endpoint, spec) : null));
  const wanted = keys.filter((key): key is string => key !== null);
  const { rows } = wanted.length ? await client.query<{ key: string }>(`SELECT key FROM "JudgeResponseCache" WHERE key = ANY($1::text[])`, [wanted]) : { rows: [] };
  const cached = new Set(rows.map((row) => row.key));
  // The answer's bound: the judge's max_tokens when set (a true upper bound), else the runner's usual estimate.
  return specs.map((spec, index) =>
    cached.has(keys[index] ?? "") ? 0 : costUsd(prices, estimateInputTokens(spec.messages), spec.params.maxTokens ?? DEFAULT_ANSWER_TOKENS),
  );
}

async function spentToday(client: pg.ClientBase, rule: RuleRow, prices: Prices, day: { start: Date; end: Date }): Promise<number> {
  const { rows } = await client.query<{ spent: number }>(SPENT_TODAY, [
    rule.projectId, day.start.toISOString(), day.end.toISOString(), prices.inputPricePerMTok ?? 0, prices.outputPricePerMTok ?? 0, DEFAULT_ANSWER_TOKENS, rule.id,
  ]);
  return rows[0]!.spent;
}
