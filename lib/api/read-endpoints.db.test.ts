import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { generateApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/db/test/factories";
import { closeImportPools } from "@/lib/imports/pg";
import { runImport } from "@/lib/imports/run-import";
import { bytes, createImportFixture, jsonl } from "@/lib/imports/test-helpers";
import { judgeBiasSchema } from "./judge-bias";
import { judgeListSchema } from "./judges";
import { judgeSummarySchema } from "./judge-summary";
import { runListSchema } from "./runs";

// The list endpoints a script needs (runs, judges, a judge's bias and
// summary), called as Next calls them. Data comes in through runImport; the
// figures are worked out by hand below. Only the session lookup is replaced.
//
// Items q1–q6; runs x and y with an output for each, run z for q1–q3 only.
// Judge "scorer" (pointwise), helpfulness (Likert 1–5):
//   x: q1 4, q2 5, q3 3, q4 4, q5 failed ("timeout"), q6 failed ("refused")
//      → scored 4, errors 2, mean 4, sd √(2/3); t.test(c(4, 5, 3, 4))$conf.int = [2.7007717, 5.2992283] (checked with scipy.stats.t.interval)
//   y: q1 2 → scored 1, mean 2, no interval (one score)
//   correctness (categorical) on x: q1 correct, q2 incorrect → scored 2, no mean
// Judge "pairs" (pairwise), preference, runA x / runB y, position chosen in (AB, BA):
//   q1 AB A, BA A (first, second) consistent     q2 AB A, BA B (first, first) biased to first
//   q3 AB B, BA A (second, second) to second     q4 AB TIE, BA A (tie, second) to second
//   q5 AB B, BA B (second, first) consistent     q6 AB ERROR, BA B error pair
//   → judged 6, valid 5, consistent 2, inconsistent 3 (first 1, second 2), errors 1;
//     rates 3/5, 1/5, 2/5. Verdicts 11, errors 1.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));

const runsRoute = await import("@/app/api/v1/projects/[projectId]/runs/route");
const judgesRoute = await import("@/app/api/v1/projects/[projectId]/judges/route");
const biasRoute = await import("@/app/api/v1/projects/[projectId]/judges/[judgeId]/bias/route");
const summaryRoute = await import("@/app/api/v1/projects/[projectId]/judges/[judgeId]/summary/route");

type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let other: Awaited<ReturnType<typeof createImportFixture>>;
const tokens: Record<string, string> = {};
const judges: Record<string, string> = {};

async function makeToken(projectId: string, scope: "READ" | "WRITE", createdById: string) {
  const { secret, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { projectId, name: scope, scope, tokenHash: hash, prefix, createdById } });
  return secret;
}

function call(handler: Handler, params: Record<string, string>, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return handler(new Request(`http://localhost/api/v1/projects/${params.projectId}/x`, { headers }), { params: Promise.resolve(params) });
}

async function json(handler: Handler, params: Record<string, string>, token = tokens.read) {
  const response = await call(handler, params, token);
  expect(response.status).toBe(200);
  return response.json();
}

function upload(kind: "ITEMS" | "OUTPUTS" | "JUDGE_SCORES", rows: unknown[], options: Record<string, unknown>) {
  return runImport({ projectId: fixture.project.id, kind, userId: fixture.members.ADMIN.id, fileName: "test", options, source: { bytes: bytes(jsonl(rows)) } });
}

const ITEMS = ["q1", "q2", "q3", "q4", "q5", "q6"];

beforeAll(async () => {
  fixture = await createImportFixture();
  other = await createImportFixture();
  tokens.read = await makeToken(fixture.project.id, "READ", fixture.members.ADMIN.id);
  tokens.otherRead = await makeToken(other.project.id, "READ", other.members.ADMIN.id);

  await upload("ITEMS", ITEMS.map((id) => ({ id, prompt: `Question ${id}` })), { dataset: "golden" });
  await upload("OUTPUTS", ITEMS.map((id) => ({ id, output: `x on ${id}` })), { dataset: "golden", run: "x", model: "model-x" });
  await upload("OUTPUTS", ITEMS.map((id) => ({ id, output: `y on ${id}` })), { dataset: "golden", run: "y", model: "model-y" });
  await upload("OUTPUTS", ITEMS.slice(0, 3).map((id) => ({ id, output: `z on ${id}` })), { dataset: "golden", run: "z", model: "model-z" });
  const score = (id: string, run: string, criterion: string, value: number | string) => ({ id, run, criterion, ...(typeof value === "number" ? { value } : { category: value }) });
  await upload(
    "JUDGE_SCORES",
    [score("q1", "x", "helpfulness", 4), score("q2", "x", "helpfulness", 5), score("q3", "x", "helpfulness", 3), score("q4", "x", "helpfulness", 4), score("q1", "y", "helpfulness", 2), score("q1", "x", "correctness", "correct"), score("q2", "x", "correctness", "incorrect")],
    { dataset: "golden", judge: "scorer", model: "gpt-4o", promptVersion: "v1" },
  );
  const pair = (id: string, shownOrder: "AB" | "BA", verdict: string) => ({ id, runA: "x", runB: "y", criterion: "preference", shownOrder, verdict });
  await upload(
    "JUDGE_SCORES",
    [
      ["q1", "A", "A"],
      ["q2", "A", "B"],
      ["q3", "B", "A"],
      ["q4", "TIE", "A"],
      ["q5", "B", "B"],
      ["q6", "ERROR", "B"],
    ].flatMap(([id, ab, ba]) => [pair(id!, "AB", ab!), pair(id!, "BA", ba!)]),
    { dataset: "golden", judge: "pairs", model: "claude", judgeKind: "PAIRWISE" },
  );
  for (const judge of await db.judge.findMany({ where: { projectId: fixture.project.id }, select: { id: true, name: true } })) judges[judge.name] = judge.id;

  // Failed pointwise calls are stored as data (error set, no value); written directly so this test does not depend on the importer's error format.
  const helpfulness = await db.criterion.findFirstOrThrow({ where: { rubricVersionId: fixture.rubricVersionId, key: "helpfulness" }, select: { id: true } });
  for (const [externalId, error] of [["q5", "timeout"], ["q6", "refused"]]) {
    const output = await db.output.findFirstOrThrow({ where: { run: { name: "x", projectId: fixture.project.id }, item: { externalId } }, select: { id: true } });
    await db.judgeScore.create({ data: { judgeId: judges.scorer!, outputId: output.id, criterionId: helpfulness.id, error } });
  }
});

afterAll(async () => {
  await closeImportPools();
});

describe("GET /runs", () => {
  it("lists runs with their dataset version and counts, as documented", async () => {
    const body = runListSchema.parse(await json(runsRoute.GET, { projectId: fixture.project.id }));
    expect(body.runs.map((r) => [r.name, r.model, r.dataset.name, r.dataset.version, r.counts])).toEqual([
      ["x", "model-x", "golden", 1, { outputs: 6, items: 6 }],
      ["y", "model-y", "golden", 1, { outputs: 6, items: 6 }],
      ["z", "model-z", "golden", 1, { outputs: 3, items: 3 }],
    ]);
  });
});

describe("GET /judges", () => {
  it("counts scores, verdicts and failed calls apart, as documented", async () => {
    const body = judgeListSchema.parse(await json(judgesRoute.GET, { projectId: fixture.project.id }));
    expect(body.judges.map((j) => [j.name, j.kinds, j.promptVersion, j.counts])).toEqual([
      ["pairs", ["PAIRWISE"], "", { pointwiseScores: 0, pointwiseErrors: 0, pairwiseVerdicts: 11, pairwiseErrors: 1, errors: 1 }],
      ["scorer", ["POINTWISE"], "v1", { pointwiseScores: 7, pointwiseErrors: 2, pairwiseVerdicts: 0, pairwiseErrors: 0, errors: 2 }],
    ]);
  });
});

describe("GET /judges/{judgeId}/summary", () => {
  it("gives per run and criterion the scored, failed and mean with its t interval", async () => {
    const body = judgeSummarySchema.parse(await json(summaryRoute.GET, { projectId: fixture.project.id, judgeId: judges.scorer! }));
    expect(body.judge.name).toBe("scorer");
    expect(body.level).toBe(0.95);
    const row = (run: string, key: string) => body.rows.find((r) => r.run.name === run && r.criterionKey === key);
    expect(body.rows).toHaveLength(3);
    const x = row("x", "helpfulness")!;
    expect(x).toMatchObject({ scored: 4, errors: 2, mean: { value: 4, n: 4 } });
    expect(x.mean.sd).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(x.mean.lower).toBeCloseTo(2.700771736, 8);
    expect(x.mean.upper).toBeCloseTo(5.299228264, 8);
    expect(row("y", "helpfulness")).toMatchObject({ scored: 1, errors: 0, mean: { value: 2, n: 1, reason: "one score: no interval", lower: null, upper: null } });
    expect(row("x", "correctness")).toMatchObject({ scored: 2, errors: 0, mean: { value: null, n: 0, reason: "categorical scores have no mean" } });
    expect(body.pairwise).toEqual([]);
  });

  it("counts a pairwise judge's verdicts and errors per criterion", async () => {
    const body = judgeSummarySchema.parse(await json(summaryRoute.GET, { projectId: fixture.project.id, judgeId: judges.pairs! }));
    expect(body.rows).toEqual([]);
    expect(body.pairwise).toEqual([{ criterionKey: "preference", verdicts: 11, errors: 1 }]);
  });
});

describe("GET /judges/{judgeId}/bias", () => {
  it("gives position bias over valid pairs per criterion, with the page's other figures", async () => {
    const body = judgeBiasSchema.parse(await json(biasRoute.GET, { projectId: fixture.project.id, judgeId: judges.pairs! }));
    expect(body.judge).toMatchObject({ name: "pairs", kinds: ["PAIRWISE"] });
    expect(body.positionByCriterion).toHaveLength(1);
    const [preference] = body.positionByCriterion;
    expect(preference).toMatchObject({ criterionKey: "preference", judgedBothOrders: 6, validPairs: 5, consistent: 2, inconsistent: 3, errorPairs: 1, biasedFirst: 1, biasedSecond: 2, oneOrderOnly: 0 });
    expect(preference!.inconsistencyRate.value).toBeCloseTo(3 / 5, 12);
    expect(preference!.firstPositionPreference.value).toBeCloseTo(1 / 5, 12);
    expect(preference!.secondPositionPreference.value).toBeCloseTo(2 / 5, 12);
    expect(preference!.inconsistencyRate.lower).toEqual(expect.any(Number));
    expect(body.position).toMatchObject({ n: 6, error: 1 / 6 });
    expect(body.verbosity.basis).toContain("pairwise");
    expect(body.selfPreference.family).toBe("");
  });

  it("has no position figures for a pointwise judge, and says why", async () => {
    const body = judgeBiasSchema.parse(await json(biasRoute.GET, { projectId: fixture.project.id, judgeId: judges.scorer! }));
    expect(body.positionByCriterion).toEqual([]);
    expect(body.position).toEqual({ n: 0, reason: "a pointwise judge sees one answer at a time" });
  });
});

describe("who may read", () => {
  const endpoints = () =>
    [
      ["runs", runsRoute.GET, { projectId: fixture.project.id }],
      ["judges", judgesRoute.GET, { projectId: fixture.project.id }],
      ["bias", biasRoute.GET, { projectId: fixture.project.id, judgeId: judges.pairs! }],
      ["summary", summaryRoute.GET, { projectId: fixture.project.id, judgeId: judges.scorer! }],
    ] as const;

  it("another project's token is refused (403), no credentials are 401", async () => {
    for (const [name, handler, params] of endpoints()) {
      const response = await call(handler, params, tokens.otherRead);
      expect(response.status, name).toBe(403);
      expect(await response.json(), name).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("another project") });
      session.user = null;
      expect((await call(handler, params)).status, name).toBe(401);
    }
  });

  it("a reviewer's session is refused (403), a lead's is served, a non-member gets 404", async () => {
    const stranger = await createUser();
    try {
      for (const [name, handler, params] of endpoints()) {
        session.user = { ...fixture.members.REVIEWER, isInstanceAdmin: false };
        expect((await call(handler, params)).status, name).toBe(403);
        session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
        expect((await call(handler, params)).status, name).toBe(200);
        session.user = { ...stranger, isInstanceAdmin: false };
        expect((await call(handler, params)).status, name).toBe(404);
      }
    } finally {
      session.user = null;
    }
  });

  it("a judge of another project is not found, even with a valid token", async () => {
    const foreign = await db.judge.create({ data: { projectId: other.project.id, name: "theirs", model: "m" }, select: { id: true } });
    for (const handler of [biasRoute.GET, summaryRoute.GET]) {
      const response = await call(handler, { projectId: fixture.project.id, judgeId: foreign.id }, tokens.read);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: "NOT_FOUND", message: "Judge not found in this project." });
    }
  });
});
