import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import type { CurrentUser } from "@/lib/auth/session";
import { itemDiscrimination, itemRestCorrelation } from "@/lib/stats/items";

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

describe("the core set and discrimination on scores", () => {
  // 5 runs × 7 items (safe, 1 pass); tag strata a a a b b c c. Item–rest point-biserial:
  // a: q0 −0.33, q1 +0.72, q2 −0.33; b: q3 +0.72, q4 +0.27; c: q5 −0.06, q6 −0.06.
  // Ordering every measurable item (the old rule) put q2 in the core; stratum c has
  // nothing better than −0.06, so one of its items may stay, and the page is told.
  const SAFE = {
    r1: [0, 0, 1, 0, 1, 1, 0],
    r2: [1, 0, 0, 0, 0, 0, 0],
    r3: [0, 0, 1, 0, 0, 0, 1],
    r4: [0, 1, 1, 1, 0, 1, 0],
    r5: [1, 1, 0, 1, 1, 0, 1],
  };
  const TAGS = ["a", "a", "a", "b", "b", "c", "c"];
  // Helpfulness (likert 1–5, passes at ≥ 4): q0 passes on every run, yet its scores separate them.
  const HELPFUL = {
    r1: [5, 2, 3, 1, 4, 4, 2],
    r2: [4, 1, 4, 2, 5, 3, 1],
    r3: [4.5, 5, 2, 4, 3, 3, 2],
    r4: [5, 4, 1, 3, 2, 5, 4],
    r5: [4, 3, 5, 5, 1, 2, 3],
  };
  let g: Awaited<ReturnType<typeof createEvalProject>>;

  beforeAll(async () => {
    g = await createEvalProject({ items: TAGS.map((tag, j) => ({ externalId: `q${j}`, tags: [tag] })), runs: Object.keys(SAFE) });
    for (const [run, row] of Object.entries(SAFE)) for (const [j, pass] of row.entries()) await g.judgeScore(run, `q${j}`, "safe", pass);
    for (const [run, row] of Object.entries(HELPFUL)) for (const [j, score] of row.entries()) await g.judgeScore(run, `q${j}`, "helpfulness", score);
    // Two reviewers at 4 and 5 on r3's q0: the median 4.5 overrides the judge's 4.5 — the same number, now from people.
    await g.label("r3", "q0", "helpfulness", 4);
    await g.label("r3", "q0", "helpfulness", 5, "LEAD");
  });

  it("keeps items with discrimination ≤ 0 out of the core unless their stratum has nothing better, and says so", async () => {
    const health = await datasetHealth(g.project.id, { datasetVersion: g.version.id, criterion: "safe" });
    expect(health.core).toMatchObject({ found: true, externalIds: ["q3", "q6", "q1", "q4"], fallback: { strata: ["c"], externalIds: ["q6"] } });
    const inCore = health.items.filter((item) => item.inCore);
    expect(inCore.filter((item) => item.discrimination! <= 0).map((item) => item.externalId)).toEqual(["q6"]);
    expect(health.core.externalIds).not.toContain("q2");
    // Binary scores are the pass matrix: both correlations agree.
    for (const item of health.items) expect(item.scoreCorrelation).toBeCloseTo(item.discrimination!, 12);
  });

  it("measures item–rest correlation on the decided scores beside the pass/fail one", async () => {
    const health = await datasetHealth(g.project.id, { datasetVersion: g.version.id, criterion: "helpfulness" });
    const matrix = Object.values(HELPFUL);
    const expected = itemRestCorrelation(matrix);
    expect(health.items.map((item) => item.scoreMean)).toEqual(expected.mean.map((m) => expect.closeTo(m, 12)));
    expect(health.items.map((item) => item.scoreCorrelation)).toEqual(expected.correlation.map((r) => (r === null ? null : expect.closeTo(r, 12))));
    const passes = itemDiscrimination(matrix.map((row) => row.map((x) => (x >= 4 ? 1 : 0))));
    expect(health.items.map((item) => item.discrimination)).toEqual(passes.discrimination);
    expect(health.items[0]).toMatchObject({ difficulty: 1, discrimination: null, scoreCorrelation: expect.any(Number) });
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
