import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { runImport } from "@/lib/imports/run-import";
import { openQueue, submitLabel } from "@/lib/review/queue";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { createSpotCheckSetup } from "../spot-checks/setup";
import { createOnlineJudge, ingestScoredTraffic, noonDaysAgo } from "../spot-checks/test-traffic";
import { promotedExternalId, promoteToGolden, type Provenance } from "./promote";

// Promotion: the golden dataset's next version = its latest items + the
// promoted production answers (masked as stored, provenance, the experts'
// labels), through the import path, so promoting again reuses the version.

let projectId: string;
let leadId: string;
let production: Awaited<ReturnType<typeof ingestScoredTraffic>>;
let online: Awaited<ReturnType<typeof createOnlineJudge>>;
let golden: { id: string; versionId: string };
const items: Record<"card" | "error" | "fine", { id: string; eventId: string }> = {} as never;

beforeAll(async () => {
  const fixture = await createProjectWithMembers(["ADMIN", "LEAD", "REVIEWER"]);
  projectId = fixture.project.id;
  leadId = fixture.members.LEAD.id;
  await db.trafficSettings.create({ data: { projectId, maskingRules: [{ pattern: "\\d{4}-\\d{4}-\\d{4}-\\d{4}", flags: "", replacement: "[card]" }] } });
  online = await createOnlineJudge(projectId);
  production = await ingestScoredTraffic(projectId, online, [
    { callerId: "card", occurredAt: noonDaysAgo(1), segment: "enterprise", question: "Charge my card 4111-1111-1111-1111 again?", answer: "Done, charged twice.", context: ["Refund policy: 30 days."], judge: { value: 0 } },
    { callerId: "error", occurredAt: noonDaysAgo(1, 5), segment: "free", question: "Where is my parcel?", answer: "On its way.", judge: { error: "timeout" } },
    { callerId: "fine", occurredAt: noonDaysAgo(1, 10), segment: "free", question: "Opening hours?", answer: "9 to 5." },
  ]);
  for (const item of await db.datasetItem.findMany({ where: { datasetVersionId: production.datasetVersionId }, select: { id: true, externalId: true, metadata: true } })) {
    items[(item.metadata as { traffic: { callerId: "card" | "error" | "fine" } }).traffic.callerId] = { id: item.id, eventId: item.externalId };
  }

  // An expert spot-checks the card answer: wrong (0), flagged.
  const { setupId } = await createSpotCheckSetup(
    { projectId, name: "spot", rubricVersionId: online.rubricVersion.id, criterionKeys: [], overlap: 1, blindReview: true, showReference: false, selection: { ruleId: online.rule.id, from: noonDaysAgo(2).toISOString(), to: new Date().toISOString(), period: "range", perSegment: false, split: "stratum", draw: "stratified", n: 10, seed: 1 } },
    leadId,
  );
  const reviewer = fixture.members.REVIEWER.id;
  for (;;) {
    const { task } = await openQueue(projectId, reviewer, setupId);
    if (!task) break;
    const isCard = (await db.reviewTask.findUniqueOrThrow({ where: { id: task.taskId } })).itemId === items.card.id;
    await submitLabel(projectId, reviewer, {
      assignmentId: task.assignmentId,
      clientId: crypto.randomUUID(),
      answers: { [task.fields[0]!.id]: { kind: "score", value: isCard ? 0 : 1 } },
      rationale: "",
      flags: isCard ? ["hallucination"] : [],
      activeMsDelta: 0,
    });
  }

  await runImport({
    projectId,
    kind: "ITEMS",
    userId: leadId,
    options: { dataset: "Regressions" },
    source: { rows: [{ externalId: "r1", input: "Can I return shoes?", reference: "Yes, within 30 days.", metadata: { source: "support", a: 1 } }, { externalId: "r2", input: [{ role: "user", content: "Cancel my plan" }] }] },
  });
  const dataset = await db.dataset.findFirstOrThrow({ where: { projectId, name: "Regressions" }, select: { id: true, versions: { select: { id: true } } } });
  golden = { id: dataset.id, versionId: dataset.versions[0]!.id };
});

afterAll(async () => {
  await closeTrafficPools();
});

describe("promoting production answers into a golden dataset", () => {
  it("makes a new version with the previous items and the promoted ones, masked, with provenance and the experts' labels", async () => {
    const result = await promoteToGolden({ projectId, itemIds: [items.card.id, items.error.id], target: { datasetId: golden.id }, ruleId: online.rule.id }, leadId);
    expect(result).toMatchObject({ dataset: "Regressions", version: 2, promoted: 2, unchanged: false, added: 2, changed: 0 });

    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: result.datasetVersionId }, select: { itemCount: true, items: { orderBy: { position: "asc" } } } });
    expect(version.itemCount).toBe(4);
    expect(version.items.map((item) => item.externalId)).toEqual(["r1", "r2", promotedExternalId(items.card.eventId), promotedExternalId(items.error.eventId)]);
    expect(version.items[0]!.reference).toBe("Yes, within 30 days.");

    const card = version.items[2]!;
    expect(card.inputTurns).toEqual([{ role: "user", content: "Charge my card [card] again?" }]);
    expect(JSON.stringify(card)).not.toContain("4111");
    expect(card.context).toEqual([{ content: "Refund policy: 30 days." }]);
    expect(card.tags).toEqual(["production"]);
    const metadata = card.metadata as { segment: string; provenance: Provenance; expertLabels?: Record<string, unknown> };
    expect(metadata.segment).toBe("enterprise");
    expect(metadata.provenance).toMatchObject({ eventId: items.card.eventId, callerId: "card", traceId: null, ruleId: online.rule.id, period: noonDaysAgo(1).toISOString().slice(0, 10), promotedBy: leadId });
    expect(metadata.provenance.occurredAt.slice(0, 16)).toBe(noonDaysAgo(1).toISOString().slice(0, 16));
    expect(metadata.expertLabels).toEqual({ correct: 0 });
    // The error answer was judged (failed call) but the expert's label is what counts: 1.
    expect((version.items[3]!.metadata as { expertLabels?: unknown }).expertLabels).toEqual({ correct: 1 });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { projectId, action: "traffic.promote", targetId: result.datasetVersionId } });
    expect(audit).toMatchObject({ actorId: leadId, data: { dataset: "Regressions", version: 2, promoted: 2, unchanged: false } });
  });

  it("reuses the version when the same answers are promoted again", async () => {
    const before = await db.datasetVersion.findFirstOrThrow({ where: { datasetId: golden.id }, orderBy: { version: "desc" } });
    const again = await promoteToGolden({ projectId, itemIds: [items.error.id, items.card.id], target: { datasetId: golden.id } }, leadId);
    expect(again).toMatchObject({ datasetVersionId: before.id, version: 2, unchanged: true });
    expect(await db.datasetVersion.count({ where: { datasetId: golden.id } })).toBe(2);
  });

  it("adds one more answer as version 3, keeping the first promotion's provenance", async () => {
    const third = await promoteToGolden({ projectId, itemIds: [items.fine.id, items.card.id], target: { datasetId: golden.id } }, leadId);
    expect(third).toMatchObject({ version: 3, added: 1, changed: 0 });
    const card = await db.datasetItem.findFirstOrThrow({ where: { datasetVersionId: third.datasetVersionId, externalId: promotedExternalId(items.card.eventId) } });
    expect((card.metadata as { provenance: Provenance }).provenance.ruleId).toBe(online.rule.id);
  });

  it("creates a new golden dataset, and refuses the production dataset, a taken name and foreign items", async () => {
    const fresh = await promoteToGolden({ projectId, itemIds: [items.fine.id], target: { newDatasetName: "Production failures" } }, leadId);
    expect(fresh).toMatchObject({ dataset: "Production failures", version: 1, promoted: 1 });
    expect((await db.dataset.findFirstOrThrow({ where: { projectId, name: "Production failures" } })).kind).toBe("GOLDEN");

    await expect(promoteToGolden({ projectId, itemIds: [items.fine.id], target: { datasetId: production.datasetId } }, leadId)).rejects.toThrow(/golden dataset, not the production one/);
    await expect(promoteToGolden({ projectId, itemIds: [items.fine.id], target: { newDatasetName: "Regressions" } }, leadId)).rejects.toThrow(/exists already/);
    const goldenItem = await db.datasetItem.findFirstOrThrow({ where: { datasetVersionId: golden.versionId } });
    await expect(promoteToGolden({ projectId, itemIds: [goldenItem.id], target: { datasetId: golden.id } }, leadId)).rejects.toThrow(/not production answers of this project/);
  });
});
