import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { diffDatasetVersions } from "./diff";
import { changedItemFields } from "./fields";

let projectId: string;
let v1: string;
let v2: string;
let otherDatasetVersion: string;

async function version(datasetId: string, n: number, items: [string, string][]) {
  const created = await db.datasetVersion.create({ data: { datasetId, version: n, contentHash: crypto.randomUUID(), itemCount: items.length } });
  await db.datasetItem.createMany({ data: items.map(([externalId, hash], position) => ({ datasetVersionId: created.id, externalId, position, inputText: externalId, tags: ["t"], contentHash: hash })) });
  return created.id;
}

beforeAll(async () => {
  const { project } = await createProjectWithMembers(["ADMIN"]);
  projectId = project.id;
  const dataset = await db.dataset.create({ data: { projectId, name: "golden" } });
  v1 = await version(dataset.id, 1, [["a", "1"], ["b", "2"], ["c", "3"], ["d", "4"]]);
  v2 = await version(dataset.id, 2, [["a", "1"], ["b", "2-edited"], ["d", "4"], ["e", "5"], ["f", "6"]]);
  const run = await db.run.create({ data: { projectId, datasetVersionId: v1, name: "old-run", model: "m" } });
  const item = await db.datasetItem.findFirstOrThrow({ where: { datasetVersionId: v1, externalId: "a" } });
  await db.output.create({ data: { runId: run.id, itemId: item.id, content: "x" } });
  await db.run.create({ data: { projectId, datasetVersionId: v2, name: "new-run", model: "m" } });
  const other = await db.dataset.create({ data: { projectId, name: "other" } });
  otherDatasetVersion = await version(other.id, 1, [["a", "1"]]);
});

describe("diffDatasetVersions", () => {
  it("lists added, removed and changed items by externalId and content hash", async () => {
    const diff = await diffDatasetVersions(projectId, v1, v2);
    expect(diff.counts).toEqual({ added: 2, removed: 1, changed: 1, unchanged: 2 });
    expect(diff.added.map((item) => item.externalId)).toEqual(["e", "f"]);
    expect(diff.removed).toEqual([{ externalId: "c", tags: ["t"], fromPosition: 2, toPosition: null }]);
    expect(diff.changed).toEqual([{ externalId: "b", tags: ["t"], fromPosition: 1, toPosition: 1 }]);
    expect(diff.from.runs).toEqual([expect.objectContaining({ name: "old-run", outputs: 1, judgeScores: 0, labels: 0 })]);
    expect(diff.to.runs.map((run) => run.name)).toEqual(["new-run"]);
  });

  it("refuses versions of different datasets and unknown versions", async () => {
    await expect(diffDatasetVersions(projectId, v1, otherDatasetVersion)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(diffDatasetVersions(projectId, v1, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { project: stranger } = await createProjectWithMembers(["ADMIN"]);
    await expect(diffDatasetVersions(stranger.id, v1, v2)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows what changed in a changed item, field by field", async () => {
    await db.datasetItem.updateMany({ where: { datasetVersionId: v2, externalId: "b" }, data: { reference: "edited answer", tags: ["t", "new"] } });
    const diff = await diffDatasetVersions(projectId, v1, v2);
    const fields = await changedItemFields(diff.from.id, diff.to.id, diff.changed.map((item) => item.externalId));
    expect([...fields.keys()]).toEqual(["b"]);
    expect(fields.get("b")).toEqual([
      { field: "reference", before: "", after: "edited answer" },
      { field: "tags", before: "t", after: "t, new" },
    ]);
  });
});
