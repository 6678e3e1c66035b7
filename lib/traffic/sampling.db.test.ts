import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { ingestTraffic } from "./ingest";
import { closeTrafficPools } from "./pool";
import { rowFromInput, trafficRowSchema } from "./schemas";

// Ingest draws the sample of each enabled evaluation rule in the statement
// that stores the traffic: the share, the filters, and re-sends drawing nothing.

let projectId: string;
let judgeId: string;

const rows = (count: number, segment: (index: number) => string) =>
  Array.from({ length: count }, (_, index) =>
    rowFromInput(
      trafficRowSchema.parse({
        id: `call-${index}`,
        timestamp: new Date(Date.now() - 60_000).toISOString(),
        messages: [{ role: "user", content: `Question ${index}` }],
        answer: `Answer ${index}`,
        metadata: { segment: segment(index), locale: index % 2 ? "fr" : "en" },
      }),
    ),
  );

async function rule(name: string, data: { samplingRate: number; segments?: string[]; metadataFilter?: object; enabled?: boolean }) {
  return db.evaluationRule.create({ data: { projectId, judgeId, name, ...data } });
}

beforeAll(async () => {
  const fixture = await createProjectWithMembers(["ADMIN"]);
  projectId = fixture.project.id;
  judgeId = (await db.judge.create({ data: { projectId, name: "online", model: "demo" } })).id;
});

afterAll(async () => {
  await closeTrafficPools();
});

describe("drawing traffic for evaluation rules at ingest", () => {
  it("draws about the rule's share of matching rows, once, and never for disabled rules", async () => {
    const half = await rule("half of enterprise", { samplingRate: 0.5, segments: ["enterprise"] });
    const french = await rule("all French", { samplingRate: 1, metadataFilter: { locale: "fr" } });
    const off = await rule("disabled", { samplingRate: 1, enabled: false });
    const batch = rows(400, (index) => (index % 4 === 0 ? "enterprise" : "free"));

    await ingestTraffic(projectId, batch, "api");
    const again = await ingestTraffic(projectId, batch, "api");
    expect(again.inserted).toBe(0);

    const count = (ruleId: string) => db.trafficSample.count({ where: { ruleId } });
    const enterpriseDrawn = await count(half.id);
    // 100 enterprise rows at rate ½: a binomial(100, ½) lands in 30–70 with probability > 0.9999.
    expect(enterpriseDrawn).toBeGreaterThan(30);
    expect(enterpriseDrawn).toBeLessThan(70);
    expect(await db.trafficSample.count({ where: { ruleId: half.id, NOT: { segment: "enterprise" } } })).toBe(0);
    expect(await count(french.id)).toBe(200);
    expect(await count(off.id)).toBe(0);
    expect(await db.trafficSample.count({ where: { ruleId: half.id, status: "PENDING" } })).toBe(enterpriseDrawn);
  });
});
