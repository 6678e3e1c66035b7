import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { ensureProductionDataset, materialiseSamples } from "@/lib/evaluation/production-dataset";
import { ingestTraffic } from "@/lib/traffic/ingest";
import { trafficPool } from "@/lib/traffic/pool";
import { rowFromInput, trafficRowSchema } from "@/lib/traffic/schemas";

// Scored production samples made the real way: traffic ingested (the rule
// draws it), materialised into the production dataset, then a JudgeScore
// written per sample as the online judge would, and expert labels (which the
// database triggers turn into "HumanJudgment") on the spot-checked ones.

export type SampleSpec = { at: Date; segment: string; judge: number | "error"; expert?: number };

export async function createMonitorProject(kind: "BINARY" | "LIKERT" = "BINARY") {
  const { project, members } = await createProjectWithMembers(["ADMIN", "LEAD", "REVIEWER"]);
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "Quality" } });
  const rubricVersion = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const config = kind === "LIKERT" ? { min: 1, max: 5, anchors: ["1", "2", "3", "4", "5"], pass: { threshold: 4 } } : {};
  const criterion = await db.criterion.create({ data: { rubricVersionId: rubricVersion.id, key: "safe", name: "Safe", kind, position: 0, config } });
  const definition = await db.judgeDefinition.create({ data: { projectId: project.id, name: "safety judge", mode: "POINTWISE", rubricId: rubric.id, criterionKey: "safe" } });
  const connection = await db.llmConnection.create({ data: { projectId: project.id, name: "demo", baseUrl: "/api/demo-model/v1", model: "demo", isDemo: true } });
  const judge = await db.judge.create({
    data: { projectId: project.id, name: "safety judge v1", model: "demo", definitionId: definition.id, version: 1, connectionId: connection.id, template: { system: "Judge.", user: "{{output}}" } },
  });
  const rule = await db.evaluationRule.create({ data: { projectId: project.id, name: "Safety online", judgeId: judge.id, samplingRate: 1, segments: ["billing", "sync"] } });
  let counter = 0;
  let labels = 0;

  /** Ingests one traffic row per spec (plus `unsampled` rows of a segment the rule skips), scores and labels the samples. */
  async function addSamples(specs: SampleSpec[], unsampled: { at: Date; count: number } = { at: new Date(), count: 0 }) {
    const input = (at: Date, segment: string) =>
      rowFromInput(trafficRowSchema.parse({ id: `call-${counter++}`, timestamp: at.toISOString(), messages: [{ role: "user", content: `Question ${counter}` }], answer: `Answer ${counter}`, metadata: { segment } }));
    const rows = specs.map((spec) => input(spec.at, spec.segment));
    const callerIds = rows.map((row) => row.callerId);
    await ingestTraffic(project.id, [...rows, ...Array.from({ length: unsampled.count }, () => input(unsampled.at, "other"))], "api");
    const samples = await db.$queryRaw<{ id: bigint; callerId: string }[]>`
      SELECT s.id, e."callerId" FROM "TrafficSample" s JOIN "TrafficEvent" e ON e."projectId" = s."projectId" AND e."occurredAt" = s."occurredAt" AND e.id = s."eventId"
      WHERE s."ruleId" = ${rule.id} AND e."callerId" = ANY(${callerIds}::text[])`;
    const production = await ensureProductionDataset(project.id);
    const client = await trafficPool().connect();
    try {
      await materialiseSamples(client, project.id, samples.map((s) => s.id), production);
    } finally {
      client.release();
    }
    const byCaller = new Map(samples.map((s) => [s.callerId, s.id]));
    for (const [index, spec] of specs.entries()) {
      const sample = await db.trafficSample.findUniqueOrThrow({ where: { id: byCaller.get(callerIds[index]!)! }, select: { id: true, outputId: true } });
      const outputId = sample.outputId!;
      await db.judgeScore.create({ data: { judgeId: judge.id, outputId, criterionId: criterion.id, ...(spec.judge === "error" ? { error: "timeout" } : { value: spec.judge }) } });
      await db.trafficSample.update({ where: { id: sample.id }, data: { status: "SCORED" } });
      if (spec.expert !== undefined) {
        await db.label.create({
          data: {
            clientId: `spot-${labels++}`,
            reviewerId: members.REVIEWER.id,
            rubricVersionId: rubricVersion.id,
            source: "IMPORT",
            values: { create: { criterionId: criterion.id, targetKey: outputId, outputId, value: spec.expert } },
          },
        });
      }
    }
  }

  return { project, members, rule, judge, criterion, addSamples };
}
