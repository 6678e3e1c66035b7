import { beforeAll, describe, expect, it, vi } from "vitest";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "./client";
import { dataVersion } from "./analytics";

// The analytic result cache through the real route wrapper and the real
// database: the data version moves with every write to the tables figures are
// computed from (and only those), a cached answer is never served across
// projects, parameters or permissions, and a write is seen by the next read.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const { projectRoute } = await import("@/lib/auth/route");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
let other: Awaited<ReturnType<typeof createProjectWithMembers>>;
let computations = 0;

// An analytic route whose answer depends on the project, a parameter and the data.
const runsNamed = projectRoute({ permission: "dashboards.view", analytic: true }, async ({ projectId, request }) => {
  computations++;
  const prefix = new URL(request.url).searchParams.get("prefix") ?? "";
  return { runs: (await db.run.findMany({ where: { projectId, name: { startsWith: prefix } }, select: { name: true }, orderBy: { name: "asc" } })).map((run) => run.name) };
});
const gateLike = projectRoute({ permission: "dashboards.view", analytic: true, freshOnly: true }, async ({ projectId }) => {
  computations++;
  return { runs: await db.run.count({ where: { projectId } }) };
});

type Handler = typeof runsNamed;
async function call(handler: Handler, projectId: string, as: "LEAD" | "REVIEWER" = "LEAD", query = "") {
  const member = (projectId === fixture.project.id ? fixture : other).members[as];
  session.user = { ...member, isInstanceAdmin: false };
  const response = await handler(new Request(`http://test/api/v1/projects/${projectId}/figures${query}`), { params: Promise.resolve({ projectId }) });
  return { status: response.status, cache: response.headers.get("X-Touchstone-Cache"), asOf: response.headers.get("X-Touchstone-As-Of"), body: await response.json() };
}

async function addRun(projectId: string, name: string) {
  const dataset = await db.dataset.create({ data: { projectId, name: `d-${name}` } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, itemCount: 0, contentHash: "h" } });
  await db.run.create({ data: { projectId, datasetVersionId: version.id, name, model: "m" } });
}

beforeAll(async () => {
  fixture = await createProjectWithMembers();
  other = await createProjectWithMembers();
  await addRun(fixture.project.id, "alpha");
  await addRun(other.project.id, "beta");
});

describe("data version", () => {
  it("moves on writes to the tables figures come from, not on writes elsewhere", async () => {
    const start = await dataVersion();
    await db.auditEvent.create({ data: { projectId: fixture.project.id, action: "test.noop", targetType: "Project", actorId: fixture.members.ADMIN.id } });
    expect(await dataVersion()).toBe(start);
    await db.run.updateMany({ where: { projectId: fixture.project.id }, data: { model: "m2" } });
    const afterUpdate = await dataVersion();
    expect(BigInt(afterUpdate)).toBeGreaterThan(BigInt(start));
    // A statement that touches no row still counts (statement-level trigger): never wrong, only cautious.
    await db.judgeScore.deleteMany({ where: { judgeId: "none" } });
    expect(BigInt(await dataVersion())).toBeGreaterThan(BigInt(afterUpdate));
  });
});

describe("analytic route cache", () => {
  it("serves a repeated read from the cache and recomputes after a write", async () => {
    const first = await call(runsNamed, fixture.project.id);
    expect(first).toMatchObject({ status: 200, cache: "computed", body: { runs: ["alpha"] } });
    const counted = computations;
    const second = await call(runsNamed, fixture.project.id);
    expect(second).toMatchObject({ status: 200, cache: "fresh", body: { runs: ["alpha"] }, asOf: first.asOf });
    expect(computations).toBe(counted);

    await addRun(fixture.project.id, "alpha-2");
    expect(await call(runsNamed, fixture.project.id)).toMatchObject({ cache: "computed", body: { runs: ["alpha", "alpha-2"] } });
    expect(computations).toBe(counted + 1);
  });

  it("never serves one project's or one parameter set's answer for another", async () => {
    await call(runsNamed, fixture.project.id);
    expect((await call(runsNamed, other.project.id)).body).toEqual({ runs: ["beta"] });
    expect((await call(runsNamed, fixture.project.id, "LEAD", "?prefix=alpha-")).body).toEqual({ runs: ["alpha-2"] });
    expect((await call(runsNamed, fixture.project.id)).body).toEqual({ runs: ["alpha", "alpha-2"] });
  });

  it("checks the permission on every request, cached answer or not", async () => {
    expect((await call(runsNamed, fixture.project.id)).cache).toBe("fresh");
    const refused = await call(runsNamed, fixture.project.id, "REVIEWER");
    expect(refused.status).toBe(403);
    expect(refused.body.runs).toBeUndefined();
  });

  it("keeps a route's answers apart from another route's on the same path", async () => {
    expect((await call(gateLike, fixture.project.id)).body).toEqual({ runs: 2 });
  });
});
