import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { DEFAULT_TEMPLATES } from "@/lib/judge-runner/template";

// Evaluation rules: what a rule may use (a pointwise judge that runs here; a
// cap only with prices), audited changes, and the REST routes for tokens.

vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null, requireUser: async () => null }));

const { createRule, deleteRule, listRules, updateRule } = await import("./rules");
const rulesRoute = await import("@/app/api/v1/projects/[projectId]/evaluation-rules/route");
const ruleRoute = await import("@/app/api/v1/projects/[projectId]/evaluation-rules/[ruleId]/route");
const { generateApiToken } = await import("@/lib/auth/tokens");

let projectId: string;
let adminId: string;
let pointwise: string;
let pairwise: string;
let imported: string;
let unpriced: string;

async function judgeVersion(name: string, mode: "POINTWISE" | "PAIRWISE", connectionId: string, rubricId: string) {
  const definition = await db.judgeDefinition.create({ data: { projectId, name, mode, rubricId, criterionKey: mode === "POINTWISE" ? "quality" : "preference" } });
  return (await db.judge.create({ data: { projectId, name, model: "m", promptVersion: "v1", definitionId: definition.id, version: 1, connectionId, template: DEFAULT_TEMPLATES[mode] } })).id;
}

beforeAll(async () => {
  const fixture = await createProjectWithMembers(["ADMIN", "LEAD"]);
  projectId = fixture.project.id;
  adminId = fixture.members.ADMIN.id;
  const rubric = await db.rubric.create({ data: { projectId, name: "R" } });
  const priced = await db.llmConnection.create({ data: { projectId, name: "Priced", baseUrl: "http://127.0.0.1:9/v1", model: "m", inputPricePerMTok: 1, outputPricePerMTok: 2 } });
  const free = await db.llmConnection.create({ data: { projectId, name: "No prices", baseUrl: "http://127.0.0.1:9/v1", model: "m" } });
  pointwise = await judgeVersion("Tone", "POINTWISE", priced.id, rubric.id);
  pairwise = await judgeVersion("Duel", "PAIRWISE", priced.id, rubric.id);
  unpriced = await judgeVersion("Cheap", "POINTWISE", free.id, rubric.id);
  imported = (await db.judge.create({ data: { projectId, name: "gpt-4o import", model: "gpt-4o" } })).id;
});

const fields = (overrides: object = {}) => ({
  name: "Tone on 10 %",
  judgeId: pointwise,
  samplingRate: 0.1,
  segments: ["enterprise"],
  models: [],
  appVersions: [],
  metadataFilter: { locale: "fr" },
  dailyCostCapUsd: 5,
  enabled: true,
  ...overrides,
});

describe("evaluation rules", () => {
  it("refuses judges that cannot score traffic and a cap on an unknown cost, saying why on the field", async () => {
    const actor = { userId: adminId };
    await expect(createRule(projectId, fields({ judgeId: pairwise }), actor)).rejects.toMatchObject({ code: "VALIDATION", issues: [{ field: "judgeId" }] });
    await expect(createRule(projectId, fields({ judgeId: imported }), actor)).rejects.toMatchObject({ message: expect.stringContaining("imported") });
    await expect(createRule(projectId, fields({ judgeId: unpriced }), actor)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining('"No prices" has no prices'),
      issues: [{ field: "dailyCostCapUsd" }],
    });
    // Without a cap, a connection without prices is fine (the cost is shown as unknown).
    const free = await createRule(projectId, fields({ name: "uncapped", judgeId: unpriced, dailyCostCapUsd: null }), actor);
    expect(free.priced).toBe(false);
    // …but a cap cannot be added to it later.
    await expect(updateRule(projectId, free.id, { dailyCostCapUsd: 1 }, actor)).rejects.toMatchObject({ issues: [{ field: "dailyCostCapUsd" }] });
    await deleteRule(projectId, free.id, actor);
  });

  it("creates, changes, disables and deletes a rule, each audited", async () => {
    const actor = { userId: adminId };
    const rule = await createRule(projectId, fields(), actor);
    expect(rule).toMatchObject({ name: "Tone on 10 %", samplingRate: 0.1, segments: ["enterprise"], metadataFilter: { locale: "fr" }, dailyCostCapUsd: 5, priced: true });
    await expect(createRule(projectId, fields(), actor)).rejects.toMatchObject({ code: "CONFLICT", issues: [{ field: "name" }] });
    const changed = await updateRule(projectId, rule.id, { enabled: false, samplingRate: 0.5 }, actor);
    // Fields left out stay as they were.
    expect(changed).toMatchObject({ enabled: false, samplingRate: 0.5, segments: ["enterprise"], dailyCostCapUsd: 5 });
    await deleteRule(projectId, rule.id, actor);
    expect(await listRules(projectId)).toEqual([]);
    const audit = await db.auditEvent.findMany({ where: { projectId, targetId: rule.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["evaluationRule.create", "evaluationRule.update", "evaluationRule.delete"]);
    expect(audit[1]!.data).toMatchObject({ changed: ["enabled", "samplingRate"] });
  });
});

describe("the evaluation rules routes", () => {
  const tokenFor = async (scope: "READ" | "WRITE") => {
    const token = generateApiToken();
    await db.apiToken.create({ data: { projectId, name: `t-${scope}-${token.prefix}`, tokenHash: token.hash, prefix: token.prefix, scope, createdById: adminId } });
    return token.secret;
  };
  const request = (path: string, secret: string, init: { method?: string; body?: unknown } = {}) =>
    new Request(`http://test/api/v1/projects/${projectId}/evaluation-rules${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  it("lets a write token manage rules and a read token list them with today's activity, not change them", async () => {
    const write = await tokenFor("WRITE");
    const read = await tokenFor("READ");
    const params = (extra: object = {}) => ({ params: Promise.resolve({ projectId, ...extra }) });

    const created = await rulesRoute.POST(request("", write, { method: "POST", body: { name: "api rule", judgeId: pointwise, samplingRate: 0.25 } }), params());
    expect(created.status).toBe(200);
    const rule = await created.json();
    expect(rule).toMatchObject({ name: "api rule", samplingRate: 0.25, segments: [], dailyCostCapUsd: null, enabled: true, today: { sampled: 0, skippedCap: 0 } });

    const bad = await rulesRoute.POST(request("", write, { method: "POST", body: { name: "bad", judgeId: pointwise, samplingRate: 2 } }), params());
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0]).toMatchObject({ field: "samplingRate", message: "The sampling rate is at most 1 (all matching traffic)." });

    const listed = await rulesRoute.GET(request("", read), params());
    expect((await listed.json()).rules.map((entry: { name: string }) => entry.name)).toEqual(["api rule"]);
    const refused = await ruleRoute.PATCH(request(`/${rule.id}`, read, { method: "PATCH", body: { enabled: false } }), params({ ruleId: rule.id }));
    expect(refused.status).toBe(403);

    const patched = await ruleRoute.PATCH(request(`/${rule.id}`, write, { method: "PATCH", body: { enabled: false } }), params({ ruleId: rule.id }));
    expect(await patched.json()).toMatchObject({ enabled: false, samplingRate: 0.25 });
    const deleted = await ruleRoute.DELETE(request(`/${rule.id}`, write, { method: "DELETE" }), params({ ruleId: rule.id }));
    expect(await deleted.json()).toEqual({ id: rule.id });
    const gone = await ruleRoute.DELETE(request(`/${rule.id}`, write, { method: "DELETE" }), params({ ruleId: rule.id }));
    expect(gone.status).toBe(404);
  });
});
