import { beforeAll, describe, expect, it } from "vitest";
import { listDatasets } from "@/lib/datasets/queries";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { listDatasetSummaries } from "@/lib/imports/queries";
import { runImport } from "@/lib/imports/run-import";
import { bytes, jsonl } from "@/lib/imports/test-helpers";
import { previewChoices } from "@/lib/judge-runner/queries";
import { projectOverview } from "@/lib/projects/queries";
import { setupOptions } from "@/lib/review/queries";
import { ensureProductionDataset } from "./production-dataset";

// The production dataset grows from traffic: golden-dataset screens and
// pickers (datasets list, uploads, review setup, run comparison, judge
// preview, overview counts) leave it out; the traffic pages reach it.

let projectId: string;
let adminId: string;

beforeAll(async () => {
  const fixture = await createProjectWithMembers(["ADMIN"]);
  projectId = fixture.project.id;
  adminId = fixture.members.ADMIN.id;
  const golden = await db.dataset.create({ data: { projectId, name: "Golden" } });
  const version = await db.datasetVersion.create({ data: { datasetId: golden.id, version: 1, contentHash: "g", itemCount: 1 } });
  await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: "g-1", position: 0, inputText: "golden question", contentHash: "g-1", tags: ["billing"] } });
  const production = await ensureProductionDataset(projectId);
  await db.datasetItem.create({ data: { datasetVersionId: production.datasetVersionId, externalId: "p-1", position: 0, inputText: "production question", contentHash: "p-1", tags: ["prod"] } });
});

describe("golden-dataset screens", () => {
  it("list golden datasets only", async () => {
    expect((await listDatasets(projectId)).map((d) => d.name)).toEqual(["Golden"]);
    expect((await listDatasetSummaries(projectId)).map((d) => d.name)).toEqual(["Golden"]);
    const options = await setupOptions(projectId);
    expect(options.versions.map((v) => v.label)).toEqual(["Golden v1 (1 items)"]);
    expect(options.versions[0]!.tags).toEqual(["billing"]);
    expect((await previewChoices(projectId)).items.map((item) => item.externalId)).toEqual(["g-1"]);
    expect((await projectOverview(projectId)).datasets).toBe(1);
  });

  it("refuses uploaded items into the production dataset, naming it, and stores nothing", async () => {
    const upload = runImport({ projectId, kind: "ITEMS", userId: adminId, fileName: "items.jsonl", options: { dataset: "Production traffic" }, source: { bytes: bytes(jsonl([{ id: "x", input: "hello" }])) } });
    await expect(upload).rejects.toMatchObject({ code: "VALIDATION", issues: [{ field: "options.dataset", message: expect.stringContaining("sampled production traffic") }] });
    const production = await db.dataset.findFirstOrThrow({ where: { projectId, kind: "PRODUCTION" }, select: { _count: { select: { versions: true } } } });
    expect(production._count.versions).toBe(1);
  });
});
