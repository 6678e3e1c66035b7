import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { BROWSE_PAGE_SIZE, browseVersionItems } from "./browse";
import { browseQuerySchema } from "./schemas";

let projectId: string;
let v1: string;
let v2: string;

const query = (raw: Record<string, unknown>) => browseQuerySchema.parse(raw);

beforeAll(async () => {
  const { project } = await createProjectWithMembers(["ADMIN"]);
  projectId = project.id;
  const dataset = await db.dataset.create({ data: { projectId, name: "golden" } });
  v1 = (await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: crypto.randomUUID(), itemCount: 1 } })).id;
  v2 = (await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 2, note: "Added refund questions", contentHash: crypto.randomUUID(), itemCount: 45 } })).id;
  await db.datasetItem.create({ data: { datasetVersionId: v1, externalId: "old", position: 0, inputText: "refund", contentHash: "o" } });
  await db.datasetItem.createMany({
    data: Array.from({ length: 45 }, (_, i) => ({
      datasetVersionId: v2,
      externalId: `q${String(i).padStart(2, "0")}`,
      position: i,
      inputText: i % 3 === 0 ? `Can I get a refund (100%_off) for order ${i}?` : null,
      inputTurns: i % 3 === 0 ? undefined : [{ role: "user", content: i === 4 ? "환불 받을 수 있나요?" : `Question ${i}` }],
      tags: i % 2 === 0 ? ["billing"] : ["account"],
      contentHash: String(i),
    })),
  });
  const items = await db.datasetItem.findMany({ where: { datasetVersionId: v2 }, select: { id: true, externalId: true } });
  for (const name of ["run-a", "run-b"]) {
    const run = await db.run.create({ data: { projectId, datasetVersionId: v2, name, model: "m" } });
    await db.output.createMany({ data: items.map((item) => ({ runId: run.id, itemId: item.id, content: `${name} answers ${item.externalId}` })) });
  }
});

describe("browseVersionItems", () => {
  it("pages a version's items in upload order with each run's output, its note and the previous version", async () => {
    const first = await browseVersionItems(projectId, v2, query({}));
    expect(first.version).toMatchObject({ version: 2, note: "Added refund questions", previous: { id: v1, version: 1 } });
    expect(first.total).toBe(45);
    expect(first.items.map((item) => item.externalId)).toEqual(Array.from({ length: BROWSE_PAGE_SIZE }, (_, i) => `q${String(i).padStart(2, "0")}`));
    expect(first.items[0]!.outputs.map((output) => output.content).sort()).toEqual(["run-a answers q00", "run-b answers q00"]);
    expect(first.tags).toEqual(["account", "billing"]);
    const last = await browseVersionItems(projectId, v2, query({ page: "3" }));
    expect(last.items.map((item) => item.externalId)).toEqual(["q40", "q41", "q42", "q43", "q44"]);
    const past = await browseVersionItems(projectId, v2, query({ page: "9" }));
    expect([past.items.length, past.total]).toEqual([0, 45]);
  });

  it("searches the id, the prompt and chat turns (wildcards taken literally), and filters by tag", async () => {
    const byId = await browseVersionItems(projectId, v2, query({ q: "Q07" }));
    expect(byId.items.map((item) => item.externalId)).toEqual(["q07"]);
    const byText = await browseVersionItems(projectId, v2, query({ q: "refund", tag: "billing" }));
    expect(byText.items.map((item) => item.externalId)).toEqual(["q00", "q06", "q12", "q18", "q24", "q30", "q36", "q42"]);
    const inChat = await browseVersionItems(projectId, v2, query({ q: "환불" }));
    expect(inChat.items.map((item) => item.externalId)).toEqual(["q04"]);
    const literal = await browseVersionItems(projectId, v2, query({ q: "0%_o" }));
    expect(literal.total).toBe(15);
    const noMatch = await browseVersionItems(projectId, v2, query({ q: "100_%" }));
    expect(noMatch.total).toBe(0);
  });

  it("refuses a version of another project", async () => {
    const { project: stranger } = await createProjectWithMembers(["ADMIN"]);
    await expect(browseVersionItems(stranger.id, v2, query({}))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
