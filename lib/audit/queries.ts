import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { makeCursor, parseCursor, type AuditFilter } from "./schemas";

// Audit events newest first, filtered in SQL and read by keyset
// (createdAt, id): a page costs the same on page 1 and page 500.

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

function whereOf(projectId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00Z`);
  // "to" is a whole day, inclusive.
  if (filter.to) createdAt.lt = new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS);
  const where: Prisma.AuditEventWhereInput = { projectId, createdAt };
  if (filter.actor) where.actorId = filter.actor;
  if (filter.action) where.action = filter.action;
  if (filter.after) {
    const last = parseCursor(filter.after);
    where.OR = [{ createdAt: { lt: last.createdAt } }, { createdAt: last.createdAt, id: { lt: last.id } }];
  }
  return where;
}

const EVENT_SELECT = {
  id: true, action: true, targetType: true, targetId: true, data: true, createdAt: true, tokenId: true,
  actor: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.AuditEventSelect;

export type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof EVENT_SELECT }>;

export async function auditPage(projectId: string, filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE) {
  const rows = await db.auditEvent.findMany({
    where: whereOf(projectId, filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: EVENT_SELECT,
  });
  const events = rows.slice(0, pageSize);
  const next = rows.length > pageSize ? makeCursor(events.at(-1)!) : null;
  return { events, next };
}

/** Every filtered event, page by page, so an export never holds the whole log. */
export async function* allAuditEvents(projectId: string, filter: AuditFilter, pageSize = 1000): AsyncGenerator<AuditRow> {
  let after = filter.after;
  for (;;) {
    const { events, next } = await auditPage(projectId, { ...filter, after }, pageSize);
    yield* events;
    if (!next) return;
    after = next;
  }
}

/** Names for the objects events point at: people by name, tokens by name; others by type. */
export async function targetNames(projectId: string, rows: readonly AuditRow[]) {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const tokenIds = [...new Set([...ids("ApiToken"), ...rows.flatMap((r) => (r.tokenId ? [r.tokenId] : []))])];
  const [users, tokens] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, name: true, email: true } }),
    db.apiToken.findMany({ where: { projectId, id: { in: tokenIds } }, select: { id: true, name: true } }),
  ]);
  return {
    users: new Map(users.map((u) => [u.id, `${u.name} (${u.email})`])),
    tokens: new Map(tokens.map((t) => [t.id, t.name])),
  };
}

/** The choices of the filter form: who has acted in this project and which actions happened. */
export async function auditFilterChoices(projectId: string) {
  const [actors, actions] = await Promise.all([
    db.user.findMany({ where: { auditEvents: { some: { projectId } } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
    db.auditEvent.findMany({ where: { projectId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { actors, actions: actions.map((a) => a.action) };
}
