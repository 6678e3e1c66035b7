import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/db/test/factories";
import { SafeError } from "@/lib/errors";
import { closeImportPools } from "./pg";
import { runImport } from "./run-import";
import { bytes, createImportFixture, databaseFingerprint } from "./test-helpers";
import { checkFile } from "./validate-file";

// Label Studio's JSON-MIN and CSV exports (one flat record per annotation)
// import as the same labels as its full JSON export of the same project: the
// three example files in docs/examples hold the same annotations.

const examples = path.join(import.meta.dirname, "../../docs/examples");
const read = (name: string) => fs.readFileSync(path.join(examples, name), "utf8");
// The lead (user 9) has no email in the export; "why" is a TextArea the flat exports keep as plain text.
const MAPPING = { "reviewer:9": "lead@touchstone.local" };
const FLAT_MAPPING = { ...MAPPING, rationale: "why" };

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let projectId: string;

function upload(text: string, mapping: Record<string, string>, fileName: string) {
  return runImport({ projectId, kind: "LABELS", userId: fixture.members.ADMIN.id, fileName, options: { dataset: "support" }, mapping, source: { bytes: bytes(text) } });
}

/** Every imported label as people would describe it: reviewer, item, times, rationale and each judgment by run. */
async function labelsAsWritten() {
  const labels = await db.label.findMany({
    where: { reviewer: { memberships: { some: { projectId } } }, source: "IMPORT" },
    include: { reviewer: true, values: { include: { criterion: true, output: { include: { run: true, item: true } } } } },
  });
  const runOf = new Map((await db.output.findMany({ select: { id: true, run: { select: { name: true } } } })).map((o) => [o.id, o.run.name]));
  return labels
    .map((label) => ({
      reviewer: label.reviewer.email,
      item: label.values[0]?.output?.item.externalId,
      rationale: label.rationale,
      activeMs: label.activeMs,
      createdAt: label.createdAt.toISOString(),
      updatedAt: label.updatedAt.toISOString(),
      values: label.values
        .map((v) => `${v.criterion.key}:${v.output?.run.name}${v.otherOutputId ? `/${runOf.get(v.otherOutputId)}` : ""}=${v.category ?? v.value}`)
        .sort(),
    }))
    .sort((a, b) => `${a.reviewer}${a.item}`.localeCompare(`${b.reviewer}${b.item}`));
}

async function clearLabels() {
  await db.label.deleteMany({ where: { source: "IMPORT" } });
  await db.import.deleteMany({ where: { projectId, kind: "LABELS" } });
}

beforeAll(async () => {
  fixture = await createImportFixture();
  projectId = fixture.project.id;
  for (const email of ["reviewer@touchstone.local", "lead@touchstone.local"]) {
    const user = await createUser({ email });
    await db.membership.create({ data: { projectId, userId: user.id, role: "REVIEWER" } });
  }
  const file = (name: string) => ({ bytes: bytes(fs.readFileSync(path.join(examples, name))) });
  await runImport({ projectId, kind: "ITEMS", userId: null, options: { dataset: "support" }, source: file("items.jsonl") });
  for (const run of ["support-v1", "support-v2"]) {
    await runImport({ projectId, kind: "OUTPUTS", userId: null, options: { dataset: "support", run, model: "gpt-4o-mini" }, source: file("outputs.jsonl") });
  }
});

afterAll(async () => {
  await closeImportPools();
});

describe("Label Studio JSON-MIN and CSV exports → labels", () => {
  it("import the same labels as the full JSON export of the same annotations", async () => {
    const full = await upload(read("labels-labelstudio.json"), MAPPING, "export.json");
    expect(full.summary).toMatchObject({ labels: 3, values: 7, reviewers: 2 });
    const expected = await labelsAsWritten();
    expect(expected.find((l) => l.reviewer === "reviewer@touchstone.local" && l.item === "pw-001")!.rationale).toBe("Clear and complete.\n\nThe right answer names the exact menu.");

    for (const name of ["labels-labelstudio-min.json", "labels-labelstudio.csv"]) {
      await clearLabels();
      const result = await upload(read(name), FLAT_MAPPING, name);
      expect(result.status).toBe("committed");
      expect(result.summary).toMatchObject({ labels: 3, values: 7, reviewers: 2 });
      expect(await labelsAsWritten()).toEqual(expected);
    }
  });

  it("pass the browser's check with the same schemas, and list their users and controls", async () => {
    for (const name of ["labels-labelstudio-min.json", "labels-labelstudio.csv"]) {
      const text = read(name);
      const result = await checkFile({ bytes: bytes(text), totalBytes: text.length, kind: "LABELS", mapping: FLAT_MAPPING });
      expect(result.issues).toEqual([]);
      expect(result.labelStudio!.users.map((u) => u.key).sort()).toEqual(["9", "reviewer@touchstone.local"]);
      // Controls with structured values are known without the rubric; one-choice columns need it (server side).
      expect(result.labelStudio!.controls.map((c) => c.fromName).sort()).toEqual(["helpfulness", "preference", "ranking", "tone"]);
    }
  });

  it("a plain column named like a criterion is a judgment, others are task data; criterion and reviewer mappings apply", async () => {
    await clearLabels();
    const records = [
      { externalId: "pw-001", run: "support-v1", prompt: "How do I reset my password?", tone: "curt", verdict: "correct", annotator: "reviewer@touchstone.local", annotation_id: 1, lead_time: 5 },
      { externalId: "pw-001", run: "support-v2", helpful_rating: [{ rating: 2 }], annotator: 9, annotation_id: 2, lead_time: 3 },
    ];
    const result = await upload(JSON.stringify(records), { ...MAPPING, "criterion:verdict": "correctness", "criterion:helpful_rating": "helpfulness" }, "min.json");
    expect(result.summary).toMatchObject({ labels: 2, values: 3 });
    const labels = await labelsAsWritten();
    expect(labels.map((l) => [l.reviewer, l.values])).toEqual([
      ["lead@touchstone.local", ["helpfulness:support-v2=2"]],
      ["reviewer@touchstone.local", ["correctness:support-v1=correct", "tone:support-v1=curt"]],
    ]);
  });

  it("refuses a structured control the rubric lacks, naming the record and column, and writes nothing", async () => {
    const records = [{ externalId: "pw-001", run: "support-v2", verbosity: [{ rating: 2 }], annotator: "reviewer@touchstone.local", annotation_id: 77, id: 5 }];
    const before = await databaseFingerprint();
    const error = await upload(JSON.stringify(records), MAPPING, "bad.json").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SafeError);
    expect((error as SafeError).issues).toEqual([
      expect.objectContaining({ row: 1, field: "verbosity", message: expect.stringMatching(/^Task 5, annotation 77 \(verbosity\): Unknown criterion "verbosity"/) }),
    ]);
    expect(await databaseFingerprint()).toBe(before);
  });
});
