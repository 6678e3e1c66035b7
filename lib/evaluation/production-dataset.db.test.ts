import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { ingestTraffic } from "@/lib/traffic/ingest";
import { closeTrafficPools, trafficPool } from "@/lib/traffic/pool";
import { rowFromInput, trafficRowSchema } from "@/lib/traffic/schemas";
import { ensureProductionDataset, materialiseSamples } from "./production-dataset";

// Sampled traffic rows become items and outputs of the project's production
// dataset: content carried over, shared between rules, idempotent.

let projectId: string;

beforeAll(async () => {
  projectId = (await createProjectWithMembers(["ADMIN"])).project.id;
});

afterAll(async () => {
  await closeTrafficPools();
});

describe("materialising sampled traffic", () => {
  it("makes one item and output per traffic row, shared by rules, and links every sample", async () => {
    const judge = await db.judge.create({ data: { projectId, name: "online", model: "demo" } });
    const rules = await Promise.all(["a", "b"].map((name) => db.evaluationRule.create({ data: { projectId, judgeId: judge.id, name, samplingRate: 1 } })));
    const rows = [0, 1, 2].map((index) =>
      rowFromInput(
        trafficRowSchema.parse({
          id: `call-${index}`,
          timestamp: new Date(Date.now() - (index + 1) * 60_000).toISOString(),
          messages: [{ role: "user", content: `Where is order ${index}?` }],
          answer: `Order ${index} ships tomorrow.`,
          context: [`Order ${index} is packed.`],
          segment: index === 0 ? "enterprise" : "free",
          latencyMs: 812.4,
          metadata: { locale: "de-DE" },
        }),
      ),
    );
    await ingestTraffic(projectId, rows, "api");

    const production = await ensureProductionDataset(projectId);
    expect(await ensureProductionDataset(projectId)).toEqual(production);
    const samples = await db.trafficSample.findMany({ where: { projectId }, orderBy: { id: "asc" } });
    expect(samples).toHaveLength(6);

    const client = await trafficPool().connect();
    try {
      expect(await materialiseSamples(client, projectId, samples.map((s) => s.id), production)).toBe(6);
      expect(await materialiseSamples(client, projectId, samples.map((s) => s.id), production)).toBe(6);
    } finally {
      client.release();
    }

    const items = await db.datasetItem.findMany({ where: { datasetVersionId: production.datasetVersionId }, include: { outputs: true }, orderBy: { position: "asc" } });
    expect(items).toHaveLength(3);
    expect(items.map((item) => item.position)).toEqual([0, 1, 2]);
    expect((await db.datasetVersion.findUniqueOrThrow({ where: { id: production.datasetVersionId } })).itemCount).toBe(3);
    const oldest = items[0]!;
    expect(oldest.inputTurns).toEqual([{ role: "user", content: "Where is order 2?" }]);
    expect(oldest.context).toEqual([{ content: "Order 2 is packed." }]);
    expect(oldest.metadata).toMatchObject({ locale: "de-DE", segment: "free", traffic: { callerId: "call-2" } });
    expect(oldest.outputs).toMatchObject([{ runId: production.runId, turn: 0, content: "Order 2 ships tomorrow.", latencyMs: 812 }]);

    const linked = await db.trafficSample.findMany({ where: { projectId } });
    for (const sample of linked) {
      const item = items.find((candidate) => candidate.externalId === sample.eventId)!;
      expect(sample.itemId).toBe(item.id);
      expect(sample.outputId).toBe(item.outputs[0]!.id);
    }
    expect(new Set(linked.filter((s) => s.ruleId === rules[0]!.id).map((s) => s.outputId))).toEqual(new Set(linked.filter((s) => s.ruleId === rules[1]!.id).map((s) => s.outputId)));
    expect((await db.dataset.findUniqueOrThrow({ where: { id: production.datasetId } })).kind).toBe("PRODUCTION");
  });
});
