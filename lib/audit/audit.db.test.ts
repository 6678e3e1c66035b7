import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import type { Role } from "@/lib/generated/prisma/enums";
import { auditFilterSchema, type AuditFilter } from "./schemas";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));

const { auditPage, allAuditEvents } = await import("./queries");
const { GET } = await import("@/app/(app)/projects/[projectId]/settings/audit/export/route");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  fixture = await createProjectWithMembers();
  const { ADMIN, LEAD } = fixture.members;
  const projectId = fixture.project.id;
  await db.auditEvent.createMany({
    data: [
      { projectId, actorId: ADMIN.id, action: "member.role", targetType: "user", targetId: LEAD.id, data: { from: "REVIEWER", to: "LEAD" }, createdAt: at("2026-11-01T09:00:00Z") },
      { projectId, actorId: ADMIN.id, action: "token.create", targetType: "ApiToken", targetId: "t1", data: { name: "=HYPERLINK(\"http://evil\")", scope: "READ" }, createdAt: at("2026-11-02T09:00:00Z") },
      { projectId, actorId: LEAD.id, action: "groundTruth.set", targetType: "GroundTruth", targetId: "g1", data: { criterionKey: "correct", targetKey: "k", before: null, after: { status: "SET", value: 1 } }, createdAt: at("2026-11-03T23:59:00Z") },
      // Five events in the same millisecond: the id must break the tie so no page repeats or skips one.
      ...Array.from({ length: 5 }, (_, i) => ({ projectId, actorId: LEAD.id, action: "label.edit", targetType: "Label", targetId: `l${i}`, data: { criteria: i }, createdAt: at("2026-11-05T12:00:00Z") })),
    ],
  });
  // A display name is user input: one that starts a spreadsheet formula.
  const prankster = await createUser({ name: '=HYPERLINK("http://evil")' });
  await db.membership.create({ data: { projectId, userId: prankster.id, role: "ADMIN" } });
  await db.auditEvent.create({ data: { projectId, actorId: prankster.id, action: "token.revoke", targetType: "ApiToken", targetId: "t1", createdAt: at("2026-11-04T08:00:00Z") } });
  // Another project's events never show up.
  const other = await createProjectWithMembers(["ADMIN"]);
  await db.auditEvent.create({ data: { projectId: other.project.id, actorId: other.members.ADMIN.id, action: "member.role", targetType: "user", createdAt: at("2026-11-01T10:00:00Z") } });
});

const page = (filter: Partial<AuditFilter>, size?: number) => auditPage(fixture.project.id, auditFilterSchema.parse(filter), size);

describe("audit log queries", () => {
  it("filters by actor, action and an inclusive day range", async () => {
    expect((await page({ actor: fixture.members.ADMIN.id })).events.map((e) => e.action)).toEqual(["token.create", "member.role"]);
    expect((await page({ action: "member.role" })).events).toHaveLength(1);
    const range = await page({ from: "2026-11-02", to: "2026-11-03" });
    expect(range.events.map((e) => e.action)).toEqual(["groundTruth.set", "token.create"]);
    expect((await page({ from: "2026-11-06" })).events).toEqual([]);
  });

  it("pages by keyset, newest first, without repeating or skipping tied rows", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const { events, next } = await page({ after }, 3);
      seen.push(...events.map((e) => e.id));
      if (!next) break;
      after = next;
    }
    const all = await db.auditEvent.findMany({ where: { projectId: fixture.project.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((e) => e.id));
    expect(seen).toHaveLength(9);
    const streamed: string[] = [];
    for await (const event of allAuditEvents(fixture.project.id, {}, 2)) streamed.push(event.id);
    expect(streamed).toEqual(seen);
  });

  it("explains a bad filter in plain words", () => {
    expect(auditFilterSchema.safeParse({ from: "2026-11-05", to: "2026-11-01" }).error?.issues[0]?.message).toMatch(/start date is after the end date/);
    expect(auditFilterSchema.safeParse({ from: "yesterday" }).error?.issues[0]?.message).toMatch(/date like/);
    expect(auditFilterSchema.parse({ actor: "", action: "", from: "", to: "" })).toEqual({});
  });
});

const exportAs = (role: Role, query = "") => {
  const user = fixture.members[role];
  session.user = { ...user, isInstanceAdmin: false, membership: { projectId: fixture.project.id, role } };
  const url = `http://localhost/projects/${fixture.project.id}/settings/audit/export${query}`;
  return GET(new Request(url), { params: Promise.resolve({ projectId: fixture.project.id }) });
};

describe("audit CSV export", () => {
  it("streams the filtered rows in plain words, with formula-like cells neutralised", async () => {
    const response = await exportAs("ADMIN", "?action=token.revoke");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("when,actor,actorEmail,action,actionCode,object,details,data");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("API token revoked,token.revoke");
    // The actor's name starts with "=": its cell is prefixed so a spreadsheet shows it as text.
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(lines[1]).not.toMatch(/,"?=/);
  });

  it("exports everything matching, across internal pages", async () => {
    const response = await exportAs("ADMIN", "?actor=" + fixture.members.LEAD.id);
    expect((await response.text()).trim().split("\r\n")).toHaveLength(1 + 6);
  });

  it.each(["LEAD", "REVIEWER"] as const)("refuses a %s", async (role) => {
    const response = await exportAs(role);
    expect(response.status).toBe(403);
  });

  it("refuses a bad filter with a validation error", async () => {
    const response = await exportAs("ADMIN", "?from=2026-13-45");
    expect(response.status).toBe(400);
  });
});
