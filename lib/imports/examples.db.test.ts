import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/db/test/factories";
import { closeImportPools } from "./pg";
import { runImport, type ImportInput } from "./run-import";
import { bytes, createImportFixture } from "./test-helpers";

// Every example file in docs/examples imports cleanly, exactly as documented
// in docs/FORMATS.md (no mapping given: the shapes are detected).

const dir = path.join(import.meta.dirname, "../../docs/examples");
let projectId: string;
let adminId: string;

function importExample(kind: ImportInput["kind"], file: string, options: Record<string, unknown>) {
  return runImport({ projectId, kind, userId: adminId, fileName: file, options, source: { bytes: bytes(fs.readFileSync(path.join(dir, file))) } });
}

beforeAll(async () => {
  const fixture = await createImportFixture();
  projectId = fixture.project.id;
  adminId = fixture.members.ADMIN.id;
  for (const email of ["reviewer@touchstone.local", "lead@touchstone.local"]) {
    const user = await createUser({ email });
    await db.membership.create({ data: { projectId, userId: user.id, role: "REVIEWER" } });
  }
});

afterAll(async () => {
  await closeImportPools();
});

it("imports every documented example", async () => {
  expect((await importExample("ITEMS", "items.jsonl", { dataset: "support" })).summary).toMatchObject({ items: 4 });
  expect((await importExample("ITEMS", "items.csv", { dataset: "support-csv" })).summary).toMatchObject({ items: 2 });
  expect((await importExample("ITEMS", "items-openai.jsonl", { dataset: "openai" })).summary).toMatchObject({ items: 2 });
  expect((await importExample("ITEMS", "items-labelstudio.json", { dataset: "label-studio" })).summary).toMatchObject({ items: 2 });
  expect((await importExample("ITEMS", "items-mtbench.jsonl", { dataset: "mt-bench" })).summary).toMatchObject({ items: 2 });
  expect((await importExample("OUTPUTS", "outputs-mtbench.jsonl", { dataset: "mt-bench", run: "support-v2", model: "m" })).summary).toMatchObject({ outputs: 4 });
  for (const run of ["support-v1", "support-v2"]) {
    expect((await importExample("OUTPUTS", "outputs.jsonl", { dataset: "support", run, model: "gpt-4o-mini" })).summary).toMatchObject({ outputs: 4 });
  }
  // Without a run option each row names its run: two runs from one file.
  expect((await importExample("OUTPUTS", "outputs-runs.csv", { dataset: "support" })).summary).toMatchObject({ runs: 2, runsCreated: 2, outputs: 4 });
  // The last row is a failed judge call: stored and counted, not an upload error.
  expect((await importExample("JUDGE_SCORES", "judge-scores-pointwise.jsonl", { dataset: "support", judge: "quality", model: "gpt-4o", promptVersion: "v1" })).summary).toMatchObject({ scores: 6, failed: 1 });
  expect(
    (await importExample("JUDGE_SCORES", "judge-scores-pairwise.jsonl", { dataset: "support", judge: "pairwise", model: "claude", judgeKind: "PAIRWISE" })).summary,
  ).toMatchObject({ scores: 3 });
  expect((await importExample("LABELS", "labels.csv", { dataset: "support" })).summary).toMatchObject({ labels: 3, values: 7, reviewers: 2 });

  const chat = await db.datasetItem.findFirstOrThrow({ where: { externalId: "oa-1" } });
  expect(chat.reference).toBe("Business and Enterprise.");
  const trace = await db.output.findFirstOrThrow({ where: { item: { externalId: "rag-001" }, run: { name: "support-v1" } } });
  expect(trace.trace).toHaveLength(2);
});
