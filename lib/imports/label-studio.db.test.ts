import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/db/test/factories";
import { SafeError } from "@/lib/errors";
import { closeImportPools } from "./pg";
import { runImport } from "./run-import";
import { bytes, createImportFixture, databaseFingerprint } from "./test-helpers";

// Label Studio task exports imported as human labels, through runImport and
// through the REST endpoint exactly as the upload screen calls it (raw file
// body, options and mapping in the query string, the session's user).

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const labelsRoute = await import("@/app/api/v1/projects/[projectId]/labels/route");

const examples = path.join(import.meta.dirname, "../../docs/examples");
const example = fs.readFileSync(path.join(examples, "labels-labelstudio.json"), "utf8");
const MAPPING = { "reviewer:9": "lead@touchstone.local" };
const OPTIONS = { dataset: "support" };

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let projectId: string;
const users: Record<string, string> = {};

function upload(text: string, mapping: Record<string, string> = MAPPING, options: Record<string, unknown> = OPTIONS) {
  return runImport({ projectId, kind: "LABELS", userId: fixture.members.ADMIN.id, fileName: "export.json", options, mapping, source: { bytes: bytes(text) } });
}

async function expectRejected(text: string, mapping: Record<string, string> = MAPPING) {
  const before = await databaseFingerprint();
  const error = await upload(text, mapping).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafeError);
  expect((error as SafeError).code).toBe("VALIDATION");
  expect(await databaseFingerprint()).toBe(before);
  return (error as SafeError).issues ?? [];
}

type Task = { id: number; data: Record<string, unknown>; annotations: Record<string, unknown>[] };

function task(id: number, data: Record<string, unknown>, annotations: Record<string, unknown>[]): Task {
  return { id, data, annotations };
}

function annotation(id: number, completedBy: unknown, result: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return { id, completed_by: completedBy, result, was_cancelled: false, lead_time: 10, created_at: "2025-05-01T08:00:00Z", updated_at: "2025-05-01T08:00:10Z", ...extra };
}

const rating = (fromName: string, value: number) => ({ from_name: fromName, to_name: "answer", type: "rating", value: { rating: value } });

async function labelsOf(email: string) {
  return db.label.findMany({
    where: { reviewerId: users[email] },
    include: { values: { include: { criterion: true, output: { include: { run: true, item: true } } } } },
    orderBy: { createdAt: "asc" },
  });
}

beforeAll(async () => {
  fixture = await createImportFixture();
  projectId = fixture.project.id;
  for (const email of ["reviewer@touchstone.local", "lead@touchstone.local"]) {
    const user = await createUser({ email });
    users[email] = user.id;
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

describe("Label Studio export → labels", () => {
  it("imports the documented example: reviewers by email or mapping, values by control type, times kept, cancelled skipped", async () => {
    const result = await upload(example);
    expect(result.status).toBe("committed");
    // reviewer: pw-001 (tasks 101 and 103) and rag-001; lead: pw-001. The cancelled annotation adds nothing.
    expect(result.summary).toMatchObject({ labels: 3, values: 7, reviewers: 2 });

    const [pw, rag] = await labelsOf("reviewer@touchstone.local");
    expect(pw!.source).toBe("IMPORT");
    const byKey = Object.fromEntries(pw!.values.map((v) => [v.criterion.key, v]));
    expect(byKey.helpfulness).toMatchObject({ value: 5 });
    expect(byKey.helpfulness!.output!.run.name).toBe("support-v2");
    expect(byKey.correctness).toMatchObject({ category: "correct" });
    expect(byKey.safe).toMatchObject({ value: 1 });
    // "right" is runB (support-v2); stored in canonical order, the verdict still names support-v2.
    const [low, high] = byKey.preference!.targetKey.split(":");
    const v2 = byKey.helpfulness!.outputId!;
    expect([low, high]).toContain(v2);
    expect(byKey.preference!.category).toBe(v2 === low ? "A" : "B");
    // Textareas are the rationale; lead_time of both annotations summed; earliest creation, latest update.
    expect(pw!.rationale).toBe("Clear and complete.\n\nThe right answer names the exact menu.");
    expect(pw!.activeMs).toBe(42_500 + 19_500);
    expect(pw!.createdAt.toISOString()).toBe("2025-03-04T09:12:40.118Z");
    expect(pw!.updatedAt.toISOString()).toBe("2025-03-04T09:30:19.500Z");

    expect(Object.fromEntries(rag!.values.map((v) => [v.criterion.key, v.category ?? v.value]))).toEqual({ tone: "professional", ranking: 1 });

    const [lead] = await labelsOf("lead@touchstone.local");
    expect(lead!.values.map((v) => [v.criterion.key, v.value])).toEqual([["helpfulness", 4]]);
    expect(lead!.activeMs).toBe(26_100);
    expect(lead!.rationale).toBe("Could link the help page.");
  });

  it("re-importing the same export is a no-op; a corrected export updates in place", async () => {
    const before = await databaseFingerprint();
    expect((await upload(example)).status).toBe("unchanged");
    expect(await databaseFingerprint()).toBe(before);

    const labelCount = await db.label.count();
    const valueCount = await db.labelValue.count();
    const corrected = example.replace('"value": { "rating": 4 }', '"value": { "rating": 3 }');
    expect((await upload(corrected)).status).toBe("committed");
    expect(await db.label.count()).toBe(labelCount);
    expect(await db.labelValue.count()).toBe(valueCount);
    const [lead] = await labelsOf("lead@touchstone.local");
    expect(lead!.values[0]!.value).toBe(3);
  });

  it("skips cancelled annotations, whatever they hold", async () => {
    const tasks = [
      task(201, { externalId: "pw-002", run: "support-v1" }, [
        annotation(6001, { id: 7, email: "reviewer@touchstone.local" }, [rating("helpfulness", 99), { from_name: "nonsense", type: "rectanglelabels", value: {} }], { was_cancelled: true }),
        annotation(6002, 7, [rating("helpfulness", 2)], { was_cancelled: true }),
      ]),
      task(202, { externalId: "pw-002", run: "support-v1" }, [annotation(6003, { id: 7, email: "reviewer@touchstone.local" }, [rating("helpfulness", 2)])]),
    ];
    const result = await upload(JSON.stringify(tasks));
    expect(result.summary).toMatchObject({ labels: 1, values: 1 });
  });

  it("an unknown from_name is named with the task and annotation; a criterion mapping fixes it", async () => {
    const tasks = [
      task(301, { externalId: "pw-002", run: "support-v2" }, [annotation(7001, { id: 7, email: "reviewer@touchstone.local" }, [rating("helpfulness", 3)])]),
      task(302, { externalId: "rag-001", run: "support-v1" }, [annotation(7002, { id: 7, email: "reviewer@touchstone.local" }, [rating("helpfulness", 4), rating("helpful_rating", 4)])]),
    ];
    const issues = await expectRejected(JSON.stringify(tasks));
    expect(issues).toEqual([
      {
        row: 2,
        field: "annotations.0.result.1.from_name",
        message: expect.stringMatching(/^Task 302, annotation 7002 \(helpful_rating\): Unknown criterion "helpful_rating"/),
      },
    ]);
    // Mapped to a criterion key in the upload screen (or the API's mapping), it imports.
    const mapped = await upload(JSON.stringify(tasks).replace("helpful_rating", "other_rating"), { ...MAPPING, "criterion:other_rating": "ranking" });
    expect(mapped.summary).toMatchObject({ values: 3 });
  });

  it("a rating outside the criterion's range names the value's place in the task", async () => {
    const tasks = [task(401, { externalId: "chat-001", run: "support-v1" }, [annotation(8001, { id: 7, email: "reviewer@touchstone.local" }, [rating("safe", 1), rating("helpfulness", 7)])])];
    const issues = await expectRejected(JSON.stringify(tasks));
    expect(issues).toEqual([{ row: 1, field: "annotations.0.result.1.value.rating", message: "Task 401, annotation 8001 (helpfulness): 7 is outside helpfulness's range 1–5 (whole numbers)." }]);
  });

  it("an author without an email needs a reviewer mapping; one error per annotation", async () => {
    const tasks = [task(501, { externalId: "pw-001", run: "support-v1" }, [annotation(9001, 42, [rating("helpfulness", 3), rating("safe", 1)])])];
    const issues = await expectRejected(JSON.stringify(tasks));
    expect(issues).toEqual([{ row: 1, field: "annotations.0.completed_by", message: expect.stringContaining('Label Studio user 42 has no email in the export: map them to a project member (reviewer mapping "reviewer:42")') }]);
    const strangers = await expectRejected(JSON.stringify(tasks), { "reviewer:42": "stranger@example.com" });
    expect(strangers[0]).toMatchObject({ field: "annotations.0.completed_by", message: expect.stringContaining('"stranger@example.com" is not a member') });
    expect((await upload(JSON.stringify(tasks), { "reviewer:42": "lead@touchstone.local" })).summary).toMatchObject({ values: 2 });
  });

  it("is all-or-nothing: one bad task in many writes nothing, and every problem is listed", async () => {
    const good = (id: number, externalId: string) => task(id, { externalId, run: "support-v2" }, [annotation(id * 10, { id: 7, email: "reviewer@touchstone.local" }, [rating("helpfulness", 1)])]);
    const tasks = [
      good(601, "pw-002"),
      good(602, "rag-001"),
      task(603, { externalId: "nope", run: "support-v2" }, [annotation(6031, { id: 7, email: "reviewer@touchstone.local" }, [rating("helpfulness", 1)])]),
      task(604, { externalId: "pw-001", run: "support-v9" }, [annotation(6041, { id: 7, email: "reviewer@touchstone.local" }, [{ from_name: "tone", type: "choices", value: { choices: ["curt", "professional"] } }])]),
      good(605, "chat-001"),
    ];
    const issues = await expectRejected(JSON.stringify(tasks));
    expect(issues).toEqual([
      { row: 3, field: "externalId", message: expect.stringContaining('Task 603, annotation 6031 (helpfulness): Run "support-v2" has no output for item "nope"') },
      { row: 4, field: "annotations.0.result.0.value.choices", message: "Task 604, annotation 6041 (tone): 2 choices selected; a criterion takes exactly one." },
    ]);
  });

  it("imports through the REST endpoint as the upload screen sends it", async () => {
    session.user = { id: fixture.members.ADMIN.id, email: fixture.members.ADMIN.email, name: "Admin" } as CurrentUser;
    const tasks = [task(701, { externalId: "pw-002", run: "support-v2" }, [annotation(9101, 12, [rating("helpfulness", 4), { from_name: "notes", type: "textarea", value: { text: ["Fine."] } }])])];
    const send = (dryRun: boolean) => {
      const query = new URLSearchParams({ dataset: "support", format: "json", fileName: "project-3-export.json", mapping: JSON.stringify({ "reviewer:12": "lead@touchstone.local" }) });
      if (dryRun) query.set("dryRun", "true");
      const request = new Request(`http://localhost/api/v1/projects/${projectId}/labels?${query}`, { method: "POST", headers: { "content-type": "application/octet-stream", origin: "http://localhost" }, body: JSON.stringify(tasks) });
      return labelsRoute.POST(request, { params: Promise.resolve({ projectId }) });
    };
    const before = await databaseFingerprint();
    const checked = await send(true);
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ status: "validated", rows: 1, summary: { labels: 1, values: 1 } });
    expect(await databaseFingerprint()).toBe(before);
    const committed = await send(false);
    expect(await committed.json()).toMatchObject({ status: "committed", summary: { labels: 1, values: 1 } });
    const label = await db.label.findFirstOrThrow({ where: { reviewerId: users["lead@touchstone.local"], values: { some: { output: { item: { externalId: "pw-002" } } } } } });
    expect(label).toMatchObject({ rationale: "Fine.", activeMs: 10_000 });
  });
});
