import crypto from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { SafeError } from "@/lib/errors";
import { closeImportPools, importPool, maySkipForeignKeyChecks } from "./pg";
import { runImport, type ImportInput } from "./run-import";
import { bytes, createImportFixture, databaseFingerprint, jsonl, expectRejected } from "./test-helpers";

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let projectId: string;

const ITEMS = [
  { id: "q1", prompt: "How do I reset my password?", reference: "Use the reset link.", tags: ["account"] },
  { id: "q2", messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }, { role: "user", content: "Refund?" }] },
  { id: "q3", prompt: "Cancel my plan", reference: "Settings → Billing." },
];

function upload(kind: ImportInput["kind"], text: string | Uint8Array, options: Record<string, unknown>, extra: Partial<ImportInput> = {}) {
  return runImport({ projectId, kind, userId: fixture.members.ADMIN.id, fileName: "test", options, source: { bytes: bytes(text) }, ...extra });
}


beforeAll(async () => {
  fixture = await createImportFixture();
  projectId = fixture.project.id;
  // Baseline data every later test builds on: one dataset, two runs.
  await upload("ITEMS", jsonl(ITEMS), { dataset: "golden" });
  for (const run of ["run-a", "run-b"]) {
    await upload(
      "OUTPUTS",
      jsonl([
        { id: "q1", output: `${run} answer 1`, latency_ms: 120 },
        { id: "q2", output: `${run} answer 2`, turn: 1 },
        { id: "q3", output: `${run} answer 3` },
      ]),
      { dataset: "golden", run, model: "gpt-x" },
    );
  }
});

afterAll(async () => {
  await closeImportPools();
});

describe("dataset items", () => {
  it("stored the first version with text and chat inputs", async () => {
    const items = await db.datasetItem.findMany({ where: { datasetVersion: { dataset: { projectId, name: "golden" } } }, orderBy: { position: "asc" } });
    expect(items.map((i) => i.externalId)).toEqual(["q1", "q2", "q3"]);
    expect(items[0]).toMatchObject({ inputText: "How do I reset my password?", reference: "Use the reset link.", tags: ["account"] });
    expect(items[1]!.inputTurns).toHaveLength(3);
  });

  it("a changed upload under the same name is a new version with added/removed/changed counts", async () => {
    const next = [{ ...ITEMS[0], reference: "Use the link in the email." }, ITEMS[1], { id: "q4", prompt: "New question" }];
    const result = await upload("ITEMS", jsonl(next), { dataset: "golden" });
    expect(result.status).toBe("committed");
    expect(result.summary).toMatchObject({ version: 2, items: 3, added: 1, removed: 1, changed: 1 });
    // Identical content again (even reordered, as CSV-free JSON array) reuses version 2.
    const again = await upload("ITEMS", JSON.stringify([next[2], next[0], next[1]]), { dataset: "golden" });
    expect(again).toMatchObject({ status: "unchanged", summary: { version: 2 } });
    expect(await db.datasetVersion.count({ where: { dataset: { projectId, name: "golden" } } })).toBe(2);
  });

  it("re-sending the exact same file changes nothing", async () => {
    const before = await databaseFingerprint();
    const result = await upload("ITEMS", jsonl(ITEMS), { dataset: "other" });
    expect(result.status).toBe("committed");
    const mid = await databaseFingerprint();
    expect(mid).not.toBe(before);
    expect((await upload("ITEMS", jsonl(ITEMS), { dataset: "other" })).status).toBe("unchanged");
    expect(await databaseFingerprint()).toBe(mid);
  });

  it("a dry run validates and writes nothing", async () => {
    const before = await databaseFingerprint();
    const result = await upload("ITEMS", jsonl([{ id: "z", prompt: "p" }]), { dataset: "dry" }, { dryRun: true });
    expect(result).toMatchObject({ status: "validated", rows: 1 });
    expect(await databaseFingerprint()).toBe(before);
  });

  it("two concurrent uploads to one dataset both land as separate versions", async () => {
    const a = upload("ITEMS", jsonl([{ id: "c1", prompt: "A" }]), { dataset: "race" });
    const b = upload("ITEMS", jsonl([{ id: "c1", prompt: "B" }]), { dataset: "race" });
    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.summary.version).sort()).toEqual([1, 2]);
    const versions = await db.datasetVersion.findMany({ where: { dataset: { projectId, name: "race" } }, include: { _count: { select: { items: true } } } });
    expect(versions.map((v) => v._count.items)).toEqual([1, 1]);
  });
});

describe("outputs, judge scores and labels", () => {
  it("stored outputs keyed by externalId and turn, on the latest version at the time", async () => {
    const outputs = await db.output.findMany({ where: { run: { name: "run-a", datasetVersion: { version: 1, dataset: { projectId, name: "golden" } } } }, include: { item: true } });
    expect(outputs.map((o) => [o.item.externalId, o.turn]).sort()).toEqual([["q1", 0], ["q2", 1], ["q3", 0]]);
    expect(outputs.find((o) => o.item.externalId === "q1")!.latencyMs).toBe(120);
  });

  it("a corrected outputs file for an existing run updates what it names and adds the rest", async () => {
    const options = { dataset: "golden", version: 1, run: "run-b", model: "gpt-x" };
    const result = await upload("OUTPUTS", jsonl([{ id: "q1", output: "run-b answer 1, corrected" }]), options);
    expect(result.summary).toMatchObject({ runCreated: false, inserted: 0, updated: 1 });
    const output = await db.output.findFirstOrThrow({ where: { run: { name: "run-b", datasetVersion: { version: 1, dataset: { projectId, name: "golden" } } }, item: { externalId: "q1" } } });
    expect(output.content).toBe("run-b answer 1, corrected");
    expect(await db.output.count({ where: { run: { name: "run-b", datasetVersion: { version: 1, dataset: { projectId, name: "golden" } } } } })).toBe(3);
  });

  it("imports pointwise and pairwise judge scores; a new prompt version is a new judge", async () => {
    const scores = jsonl([
      { id: "q1", run: "run-a", criterion: "helpfulness", score: 4, rationale: "ok" },
      { id: "q1", run: "run-a", criterion: "correctness", verdict: "correct" },
    ]);
    const options = { dataset: "golden", version: 1, judge: "j", model: "gpt-4o" };
    await upload("JUDGE_SCORES", scores, { ...options, promptVersion: "v1" });
    await upload("JUDGE_SCORES", scores, { ...options, promptVersion: "v2" });
    expect(await db.judge.count({ where: { projectId, name: "j" } })).toBe(2);
    expect(await db.judgeScore.count({ where: { judge: { projectId } } })).toBe(4);

    const pairs = jsonl([
      { id: "q1", model_a: "run-a", model_b: "run-b", order: "AB", winner: "A" },
      { id: "q1", model_a: "run-a", model_b: "run-b", order: "BA", winner: "tie" },
    ]);
    const result = await upload("JUDGE_SCORES", pairs, { ...options, judge: "pair", judgeKind: "PAIRWISE" });
    expect(result.summary.scores).toBe(2);
    expect(await db.pairwiseJudgeScore.findMany({ where: { judge: { name: "pair" } }, select: { shownOrder: true, verdict: true }, orderBy: { shownOrder: "asc" } })).toEqual([
      { shownOrder: "AB", verdict: "A" },
      { shownOrder: "BA", verdict: "TIE" },
    ]);
  });

  it("imports labels attributed to reviewers with the targetKey convention", async () => {
    const reviewer = fixture.members.REVIEWER.email;
    const rows = jsonl([
      { reviewer, id: "q1", run: "run-a", criterion: "helpfulness", value: 5 },
      { reviewer, id: "q1", run: "run-a", criterion: "tone", category: "Professional" },
      { reviewer, id: "q1", runA: "run-b", runB: "run-a", criterion: "preference", category: "A" },
    ]);
    const result = await upload("LABELS", rows, { dataset: "golden", version: 1 });
    expect(result.summary).toMatchObject({ labels: 1, values: 3 });
    const label = await db.label.findFirstOrThrow({ where: { reviewerId: fixture.members.REVIEWER.id }, include: { values: { include: { criterion: true } } } });
    expect(label.source).toBe("IMPORT");
    const pref = label.values.find((v) => v.criterion.key === "preference")!;
    const [low, high] = pref.targetKey.split(":");
    expect(low! < high!).toBe(true);
    const runBOutput = await db.output.findFirstOrThrow({ where: { run: { name: "run-b", datasetVersion: { version: 1 } }, item: { externalId: "q1" } } });
    // The file preferred run-b (its A); stored in canonical order the verdict names the same output.
    expect(pref.category).toBe(runBOutput.id === low ? "A" : "B");
    expect(label.values.find((v) => v.criterion.key === "tone")!.category).toBe("professional");
    expect((await upload("LABELS", rows, { dataset: "golden", version: 1 })).status).toBe("unchanged");
  });
});

describe("bad input: a clear error naming row and field, and the database unchanged", () => {
  const itemOpts = { dataset: "golden" };
  const scoreOpts = { dataset: "golden", version: 1, judge: "bad", model: "m" };

  it("malformed JSON line", async () => {
    const issues = await expectRejected(() => upload("ITEMS", '{"id":"a","prompt":"x"}\n{"id": "b", "prompt": \n', itemOpts));
    expect(issues).toEqual([expect.objectContaining({ row: 2, field: "(row)", message: expect.stringContaining("Malformed JSON") })]);
  });

  it("wrong types and a missing required field, all reported at once", async () => {
    const issues = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q1", output: "ok", latency_ms: "slow" }, { id: "q3" }]), { dataset: "golden", version: 1, run: "r", model: "m" }));
    expect(issues).toEqual([
      expect.objectContaining({ row: 1, field: "latencyMs" }),
      expect.objectContaining({ row: 2, field: "content", message: expect.stringContaining("Required") }),
    ]);
  });

  it("duplicate externalId within a file", async () => {
    const issues = await expectRejected(() => upload("ITEMS", jsonl([{ id: "a", prompt: "1" }, { id: "a", prompt: "2" }]), itemOpts));
    expect(issues).toEqual([expect.objectContaining({ row: 2, field: "externalId", message: expect.stringContaining("first used on row 1") })]);
  });

  it("output for an unknown item", async () => {
    const issues = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q1", output: "ok" }, { id: "nope", output: "x" }]), { dataset: "golden", version: 1, run: "r", model: "m" }));
    expect(issues).toEqual([expect.objectContaining({ row: 2, field: "externalId", message: expect.stringContaining('Unknown item "nope"') })]);
  });

  it("score outside the criterion's range, and an unknown criterion", async () => {
    const issues = await expectRejected(() =>
      upload("JUDGE_SCORES", jsonl([{ id: "q1", run: "run-a", criterion: "helpfulness", score: 7 }, { id: "q1", run: "run-a", criterion: "verbosity", score: 1 }]), scoreOpts),
    );
    expect(issues).toEqual([
      expect.objectContaining({ row: 1, field: "value", message: expect.stringContaining("outside helpfulness's range 1–5") }),
      expect.objectContaining({ row: 2, field: "criterion", message: expect.stringContaining('Unknown criterion "verbosity"') }),
    ]);
  });

  it("empty file", async () => {
    const issues = await expectRejected(() => upload("ITEMS", "", itemOpts));
    expect(issues[0]).toMatchObject({ field: "(file)", message: expect.stringContaining("empty") });
  });

  it("file over the size limit", async () => {
    await expectRejected(() => upload("ITEMS", jsonl(ITEMS), itemOpts, { maxBytes: 50 }), "PAYLOAD_TOO_LARGE");
  });

  it("wrong encoding (Latin-1)", async () => {
    const latin1 = Uint8Array.from([...Buffer.from('id,prompt\n1,caf'), 0xe9, 0x0a]);
    const issues = await expectRejected(() => upload("ITEMS", latin1, itemOpts));
    expect(issues[0]).toMatchObject({ field: "(encoding)", message: expect.stringContaining("not valid UTF-8") });
  });

  it("a CSV with a ragged row", async () => {
    const issues = await expectRejected(() => upload("ITEMS", "id,prompt\n1,a\n2,b,c\n3,d\n", itemOpts));
    expect(issues).toEqual([expect.objectContaining({ row: 3, field: "(row)", message: expect.stringContaining("Ragged") })]);
  });

  it("a label by someone outside the project", async () => {
    const issues = await expectRejected(() => upload("LABELS", jsonl([{ reviewer: "stranger@x.test", id: "q1", run: "run-a", criterion: "safe", value: 1 }]), { dataset: "golden", version: 1 }));
    expect(issues[0]).toMatchObject({ row: 1, field: "reviewer" });
  });
});

describe("property: randomly corrupted files", () => {
  const good = jsonl(ITEMS.map((item, i) => ({ ...item, id: `p${i}` })));
  it("never throw anything but a SafeError, and never leave partial data", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom("jsonl", "csv"),
        async (edits, shape) => {
          const source = shape === "csv" ? `id,prompt,reference\np0,"Hello, there",ref\np1,Second,"two\nlines"\n` : good;
          const data = Buffer.from(source);
          for (const edit of edits) data[edit.at % data.length] = edit.byte;
          const before = await databaseFingerprint();
          try {
            const result = await upload("ITEMS", new Uint8Array(data), { dataset: "fuzz" });
            const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: String(result.summary.datasetVersionId) }, include: { _count: { select: { items: true } } } });
            expect(version._count.items).toBe(result.summary.items);
            expect(version.itemCount).toBe(result.summary.items);
          } catch (error) {
            expect(error).toBeInstanceOf(SafeError);
            expect((error as SafeError).code).not.toBe("INTERNAL");
            expect(await databaseFingerprint()).toBe(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("streaming COPY across many batches", () => {
  // Enough rows that several batches are already sent to PostgreSQL before
  // the problem turns up: nothing of them may survive.
  const many = (n: number, at?: (i: number) => Record<string, unknown> | undefined) =>
    jsonl(Array.from({ length: n }, (_, i) => at?.(i) ?? { id: `m${i}`, prompt: `Question ${i}\twith a tab`, reference: `Answer ${i}\\n`, tags: ["bulk"] }));

  it("imports 3,000 items and their outputs, in file order, with increasing ids", async () => {
    const items = await upload("ITEMS", many(3000), { dataset: "bulk" });
    expect(items.status).toBe("committed");
    const stored = await db.datasetItem.findMany({ where: { datasetVersionId: String(items.summary.datasetVersionId) }, orderBy: { position: "asc" } });
    expect(stored).toHaveLength(3000);
    expect(stored[2999]).toMatchObject({ externalId: "m2999", position: 2999, inputText: "Question 2999\twith a tab", reference: "Answer 2999\\n", tags: ["bulk"] });
    expect([...stored.map((s) => s.id)].sort()).toEqual(stored.map((s) => s.id));
    const outputs = await upload("OUTPUTS", jsonl(Array.from({ length: 3000 }, (_, i) => ({ id: `m${i}`, output: `A${i}`, latency_ms: i }))), { dataset: "bulk", run: "bulk-run", model: "m" });
    expect(outputs.summary).toMatchObject({ outputs: 3000, inserted: 3000 });
    expect(await db.output.count({ where: { runId: String(outputs.summary.runId) } })).toBe(3000);
  });

  it("rolls back every sent batch when row 2,900 is invalid", async () => {
    const issues = await expectRejected(() => upload("ITEMS", many(3000, (i) => (i === 2899 ? { id: "bad", prompt: 42 } : undefined)), { dataset: "bulk-late-error" }));
    expect(issues[0]).toMatchObject({ row: 2900, field: "input" });
  });

  it("turns a value PostgreSQL refuses mid-COPY into a validation error, leaving nothing behind", async () => {
    // A NUL character passes the row schema but cannot be stored as text.
    await expectRejected(() => upload("ITEMS", many(3000, (i) => (i === 2500 ? { id: "nul", prompt: "a\u0000b" } : undefined)), { dataset: "bulk-nul" }));
    // The pooled connection is usable again afterwards.
    const again = await upload("ITEMS", many(10), { dataset: "bulk-after" });
    expect(again.status).toBe("committed");
  });
});

describe("writes without per-row foreign-key checks (when the role may)", () => {
  it("skip nothing else: every trigger of the schema fires in every session (ENABLE ALWAYS)", async () => {
    // session_replication_role = replica turns off every trigger not enabled ALWAYS.
    const triggers = await db.$queryRaw<{ table: string; name: string; enabled: string }[]>`
      SELECT tgrelid::regclass::text AS table, tgname AS name, tgenabled::text AS enabled FROM pg_trigger
      WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace)`;
    expect(triggers.length).toBeGreaterThan(10);
    expect(triggers.filter((t) => t.enabled !== "A")).toEqual([]);
  });

  it("judge scores written that way still reach JudgeScoreByItem through its trigger", async () => {
    const result = await upload("JUDGE_SCORES", jsonl([{ id: "q1", run: "run-a", criterion: "helpfulness", score: 4 }]), { dataset: "golden", version: 1, judge: "trigger check", model: "m" });
    expect(result.status).toBe("committed");
    const [copy] = await db.$queryRaw<{ value: number }[]>`
      SELECT b.value FROM "JudgeScoreByItem" b JOIN "JudgeScore" s ON s.id = b."scoreId" WHERE s."judgeId" = ${String(result.summary.judgeId)}`;
    expect(copy).toEqual({ value: 4 });
  });

  it("labels written that way still reach HumanJudgment through its triggers", async () => {
    const reviewer = fixture.members.LEAD.email;
    await upload("LABELS", jsonl([{ reviewer, id: "q3", run: "run-b", criterion: "helpfulness", value: 2 }]), { dataset: "golden", version: 1 });
    const output = await db.output.findFirstOrThrow({ where: { run: { name: "run-b", datasetVersion: { version: 1 } }, item: { externalId: "q3" } } });
    const [judgment] = await db.$queryRaw<{ codes: string[]; consensus: string[] }[]>`
      SELECT codes, consensus FROM "HumanJudgment" WHERE "projectId" = ${projectId} AND "criterionKey" = 'helpfulness' AND "targetKey" = ${output.id}`;
    expect(judgment).toEqual({ codes: ["2"], consensus: ["2"] });
  });

  it("leaves the pooled connection with the checks on", async () => {
    await upload("ITEMS", jsonl([{ id: "t1", prompt: "Triggers?" }]), { dataset: "triggers-back-on" });
    const client = await importPool().connect();
    try {
      expect((await client.query("SHOW session_replication_role")).rows[0]).toEqual({ session_replication_role: "origin" });
    } finally {
      client.release();
    }
  });

  it("a role that may not skip them imports with the checks on", async () => {
    const role = `limited_${crypto.randomUUID().slice(0, 8)}`;
    await db.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN PASSWORD 'limited'`);
    await db.$executeRawUnsafe(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await db.$executeRawUnsafe(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    const url = new URL(env().DATABASE_URL);
    url.username = role;
    url.password = "limited";
    try {
      const client = await importPool(url.toString()).connect();
      try {
        expect(await maySkipForeignKeyChecks(client)).toBe(false);
      } finally {
        client.release();
      }
      const items = await upload("ITEMS", jsonl(ITEMS), { dataset: "limited-role" }, { databaseUrl: url.toString() });
      const outputs = await upload("OUTPUTS", jsonl([{ id: "q1", output: "A" }]), { dataset: "limited-role", run: "r", model: "m" }, { databaseUrl: url.toString() });
      const scores = await upload("JUDGE_SCORES", jsonl([{ id: "q1", run: "r", criterion: "helpfulness", score: 3 }]), { dataset: "limited-role", judge: "limited", model: "m" }, { databaseUrl: url.toString() });
      const labels = await upload("LABELS", jsonl([{ reviewer: fixture.members.REVIEWER.email, id: "q1", run: "r", criterion: "helpfulness", value: 4 }]), { dataset: "limited-role" }, { databaseUrl: url.toString() });
      expect([items.status, outputs.status, scores.status, labels.status]).toEqual(["committed", "committed", "committed", "committed"]);
      expect(await db.output.count({ where: { runId: String(outputs.summary.runId) } })).toBe(1);
    } finally {
      await closeImportPools();
      await db.$executeRawUnsafe(`DROP OWNED BY ${role}`);
      await db.$executeRawUnsafe(`DROP ROLE ${role}`);
    }
  });
});
