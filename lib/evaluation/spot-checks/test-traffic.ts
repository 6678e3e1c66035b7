import { db } from "@/lib/db/client";
import { ingestTraffic } from "@/lib/traffic/ingest";
import { trafficPool as connectionPool } from "@/lib/traffic/pool";
import { rowFromInput, trafficRowSchema } from "@/lib/traffic/schemas";
import { ensureProductionDataset, materialiseSamples } from "../production-dataset";

// Judged production traffic for database tests, made the real way: ingest
// (masking and the rules' draws), materialise, then one JudgeScore per sample
// written as the online judge would, and the sample marked SCORED.

export type TrafficSpec = { callerId: string; occurredAt: Date; segment: string; question: string; answer: string; context?: string[]; judge?: { value?: number; error?: string } };

/** A judge, a rubric with one pass/fail criterion and a rule drawing every row. */
export async function createOnlineJudge(projectId: string) {
  const judge = await db.judge.create({ data: { projectId, name: `online-${Math.random().toString(36).slice(2, 8)}`, model: "demo" } });
  const rubric = await db.rubric.create({ data: { projectId, name: `Production quality ${judge.id}` } });
  const rubricVersion = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const criterion = await db.criterion.create({ data: { rubricVersionId: rubricVersion.id, position: 0, key: "correct", name: "Correct", kind: "BINARY", config: {} } });
  const rule = await db.evaluationRule.create({ data: { projectId, judgeId: judge.id, name: `all traffic ${judge.id}`, samplingRate: 1 } });
  return { judge, rubricVersion, criterion, rule };
}

export async function ingestScoredTraffic(projectId: string, online: Awaited<ReturnType<typeof createOnlineJudge>>, specs: TrafficSpec[]) {
  const rows = specs.map((spec) =>
    rowFromInput(
      trafficRowSchema.parse({
        id: spec.callerId,
        timestamp: spec.occurredAt.toISOString(),
        messages: [{ role: "user", content: spec.question }],
        answer: spec.answer,
        context: spec.context,
        segment: spec.segment,
        traceId: `trace-${spec.callerId}`,
      }),
    ),
  );
  await ingestTraffic(projectId, rows, "api");
  const production = await ensureProductionDataset(projectId);
  const samples = await db.trafficSample.findMany({ where: { ruleId: online.rule.id, status: "PENDING" }, select: { id: true } });
  const client = await connectionPool().connect();
  try {
    await materialiseSamples(client, projectId, samples.map((s) => s.id), production);
  } finally {
    client.release();
  }
  const linked = await db.trafficSample.findMany({ where: { ruleId: online.rule.id, status: "PENDING" }, select: { id: true, outputId: true, eventId: true } });
  const items = await db.datasetItem.findMany({ where: { datasetVersionId: production.datasetVersionId }, select: { externalId: true, metadata: true } });
  const callerOf = new Map(items.map((item) => [item.externalId, (item.metadata as { traffic: { callerId: string } }).traffic.callerId]));
  const specOf = new Map(specs.map((spec) => [spec.callerId, spec]));
  await db.judgeScore.createMany({
    data: linked.map((sample) => {
      const judged = specOf.get(callerOf.get(sample.eventId)!)?.judge ?? { value: 1 };
      return { judgeId: online.judge.id, outputId: sample.outputId!, criterionId: online.criterion.id, value: judged.error ? null : (judged.value ?? 1), error: judged.error ?? null };
    }),
  });
  await db.trafficSample.updateMany({ where: { id: { in: linked.map((s) => s.id) } }, data: { status: "SCORED" } });
  return production;
}

/** Noon UTC, `daysAgo` days before today. */
export function noonDaysAgo(daysAgo: number, minutes = 0) {
  const day = new Date();
  day.setUTCHours(12, minutes, 0, 0);
  day.setUTCDate(day.getUTCDate() - daysAgo);
  return day;
}
