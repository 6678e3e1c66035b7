import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import type { CurrentUser } from "@/lib/auth/session";
import { itemDiscrimination } from "@/lib/stats/items";

// Dataset health against a real database: the pass matrix built in SQL must
// give exactly lib/stats' discrimination; the core subset is saved as a new
// version by a permitted, audited action.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { datasetHealth } = await import("./health");
const { saveCoreSubset } = await import("./actions");

// runs × items (safe: 1 pass, 0 fail), chosen so the ranking r1 > r2 > r3 > r4 is strict.
const MATRIX = {
  r1: [1, 1, 1, 1, 1, 1, 1, 0],
  r2: [1, 0, 1, 1, 1, 0, 1, 0],
  r3: [1, 0, 1, 0, 0, 1, 0, 0],
  r4: [1, 0, 0, 0, 0, 0, 1, 0],
};
let f: Awaited<ReturnType<typeof createEvalProject>>;

beforeAll(async () => {
  f = await createEvalProject({
    items: [
      { externalId: "q0", tags: ["billing"], group: "q0" },
      { externalId: "q1", tags: ["billing"], group: "q0" },
      { externalId: "q2", tags: ["login"], group: "gB" },
      { externalId: "q3", tags: ["login"], group: "gB" },
      { externalId: "q4", tags: ["billing"] },
      { externalId: "q5", tags: ["login"] },
      { externalId: "q6" },
      { externalId: "q7" },
    ],
    runs: Object.keys(MATRIX),
  });
  for (const [run, row] of Object.entries(MATRIX)) {
    for (const [j, pass] of row.entries()) await f.judgeScore(run, `q${j}`, "safe", pass);
  }
});

describe("datasetHealth", () => {
  it("computes difficulty and discrimination from the SQL pass matrix", async () => {
    const health = await datasetHealth(f.project.id, { datasetVersion: f.version.id, criterion: "safe" });
    expect(health.criterion).toMatchObject({ key: "safe" });
    expect(health.incompleteItems).toBe(0);
    const expected = itemDiscrimination(Object.values(MATRIX));
    expect(health.items.map((item) => item.difficulty)).toEqual(expected.difficulty);
    expect(health.items.map((item) => item.discrimination)).toEqual(expected.discrimination);
    expect(health.items[0]).toMatchObject({ externalId: "q0", discrimination: null, reason: expect.stringContaining("every model") });
    expect(health.runs.map((run) => run.fullScore)).toEqual([7 / 8, 5 / 8, 3 / 8, 2 / 8]);
  });

  it("suggests a smaller core subset that keeps the ranking", async () => {
    const health = await datasetHealth(f.project.id, { datasetVersion: f.version.id, criterion: "safe" });
    expect(health.core.found).toBe(true);
    if (!health.core.found) return;
    expect(health.core.tau).toBeGreaterThanOrEqual(0.9);
    expect(health.core.size).toBeLessThan(8);
    expect(health.core.externalIds).not.toContain("q0");
    expect(health.core.externalIds).not.toContain("q7");
    const scores = health.runs.map((run) => run.coreScore!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("measures paraphrase robustness per run with McNemar", async () => {
    const health = await datasetHealth(f.project.id, { datasetVersion: f.version.id, criterion: "safe" });
    expect(health.robustness!.groups).toBe(2);
    const r2 = health.robustness!.runs.find((run) => run.runName === "r2")!;
    // Pairs (q0 → q1) and (q2 → q3): r2 passes q0, fails q1; passes q2 and q3.
    expect(r2).toMatchObject({ pairs: 2, original: { value: 1 }, paraphrased: { value: 0.5 }, drop: { value: 0.5 }, mcnemar: { b: 1, c: 0, value: 1 } });
  });

  it("refuses an unknown version", async () => {
    await expect(datasetHealth(f.project.id, { datasetVersion: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("saveCoreSubset", () => {
  it("creates the next version with copied items, audited, for admins only", async () => {
    session.user = { ...f.members.LEAD, isInstanceAdmin: false };
    expect(await saveCoreSubset({ projectId: f.project.id, datasetVersionId: f.version.id, externalIds: ["q1", "q2"] })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    session.user = { ...f.members.ADMIN, isInstanceAdmin: false };
    const result = await saveCoreSubset({ projectId: f.project.id, datasetVersionId: f.version.id, externalIds: ["q5", "q1", "q2"] });
    expect(result).toMatchObject({ ok: true, data: { version: 2, itemCount: 3 } });
    if (!result.ok) return;
    const copied = await db.datasetItem.findMany({ where: { datasetVersionId: result.data.datasetVersionId }, orderBy: { position: "asc" } });
    expect(copied.map((item) => [item.externalId, item.position, item.contentHash, item.tags])).toEqual([
      ["q1", 0, "h-q1", ["billing"]],
      ["q2", 1, "h-q2", ["login"]],
      ["q5", 2, "h-q5", ["login"]],
    ]);
    expect(await db.auditEvent.count({ where: { projectId: f.project.id, action: "dataset.version.coreSubset", targetId: result.data.datasetVersionId } })).toBe(1);

    expect(await saveCoreSubset({ projectId: f.project.id, datasetVersionId: f.version.id, externalIds: ["q1", "q2", "q5"] })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await saveCoreSubset({ projectId: f.project.id, datasetVersionId: f.version.id, externalIds: ["zzz"] })).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });
});
