import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { rawSql } from "@/lib/db/raw-sql";
import { occurredAtFromId } from "./ids";
import { DAY_MS } from "./partitions";
import { DEFAULT_RETENTION_DAYS, maskingRuleSchema, type MaskingRule } from "./schemas";

// Reads for the traffic pages. Every query names the project and bounds
// "occurredAt", so PostgreSQL reads only the partitions of the days asked for.
// Times go to node-postgres as ISO text: it would send a Date in the server's
// local time zone, and "occurredAt" (timestamp without time zone) holds UTC.

export async function getTrafficSettings(projectId: string): Promise<{ retentionDays: number; maskingRules: MaskingRule[] }> {
  const settings = await db.trafficSettings.findUnique({ where: { projectId }, select: { retentionDays: true, maskingRules: true } });
  return {
    retentionDays: settings?.retentionDays ?? DEFAULT_RETENTION_DAYS,
    maskingRules: z.array(maskingRuleSchema).catch([]).parse(settings?.maskingRules ?? []),
  };
}

const text = z.string().trim().max(200).optional().transform((v) => v || undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** The browse page's filters, from its query string; anything malformed is dropped rather than failing the page. */
export const trafficFiltersSchema = z.object({
  from: day,
  to: day,
  model: text.catch(undefined),
  appVersion: text.catch(undefined),
  segment: text.catch(undefined),
  before: z.string().max(40).optional().catch(undefined),
});
export type TrafficFilters = Partial<z.output<typeof trafficFiltersSchema>>;

export const TRAFFIC_PAGE_SIZE = 50;

export type TrafficListRow = {
  id: string;
  occurredAt: Date;
  model: string | null;
  appVersion: string | null;
  segment: string | null;
  latencyMs: number | null;
  tokens: number | null;
  question: string | null;
  answer: string | null;
};

/** The range a filter asks for: the days given, else the last 7 days. */
export function trafficRange(filters: TrafficFilters, now = new Date()) {
  const to = filters.to ? new Date(Date.parse(filters.to) + DAY_MS) : new Date(now.getTime() + DAY_MS);
  const from = filters.from ? new Date(Date.parse(filters.from)) : new Date(to.getTime() - 8 * DAY_MS);
  return { from, to };
}

/** Newest first, TRAFFIC_PAGE_SIZE at a time; `before` is the id of the last row shown (its time is in the id). */
export async function listTraffic(projectId: string, filters: TrafficFilters): Promise<{ rows: TrafficListRow[]; more: boolean }> {
  const { from, to } = trafficRange(filters);
  const beforeTime = filters.before ? occurredAtFromId(filters.before) : null;
  const conditions = [
    Prisma.sql`"projectId" = ${projectId}`,
    Prisma.sql`"occurredAt" >= ${from.toISOString()}::timestamp AND "occurredAt" < ${to.toISOString()}::timestamp`,
    filters.model ? Prisma.sql`model = ${filters.model}` : null,
    filters.appVersion ? Prisma.sql`"appVersion" = ${filters.appVersion}` : null,
    filters.segment ? Prisma.sql`segment = ${filters.segment}` : null,
    beforeTime && filters.before ? Prisma.sql`("occurredAt", id) < (${beforeTime.toISOString()}::timestamp, ${filters.before}::uuid)` : null,
  ].filter((condition): condition is Prisma.Sql => condition !== null);
  const rows = await rawSql.$queryRaw<TrafficListRow[]>(Prisma.sql`
    SELECT id::text, "occurredAt", model, "appVersion", segment, "latencyMs",
           ("inputTokens" + "outputTokens") AS tokens,
           left((SELECT m->>'content' FROM jsonb_array_elements(messages) m WHERE m->>'role' = 'user' ORDER BY 1 DESC LIMIT 1), 200) AS question,
           left(answer, 200) AS answer
      FROM "TrafficEvent"
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY "occurredAt" DESC, id DESC
     LIMIT ${TRAFFIC_PAGE_SIZE + 1}`);
  return { rows: rows.slice(0, TRAFFIC_PAGE_SIZE), more: rows.length > TRAFFIC_PAGE_SIZE };
}

export type TrafficEventView = {
  id: string;
  occurredAt: Date;
  receivedAt: Date;
  callerId: string;
  source: string;
  traceId: string | null;
  messages: unknown;
  answer: string | null;
  context: unknown;
  toolCalls: unknown;
  model: string | null;
  appVersion: string | null;
  segment: string | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  metadata: Record<string, unknown>;
};

export async function getTrafficEvent(projectId: string, id: string): Promise<TrafficEventView | null> {
  const occurredAt = occurredAtFromId(id);
  if (!occurredAt) return null;
  const rows = await rawSql.$queryRaw<TrafficEventView[]>(Prisma.sql`
    SELECT id::text, "occurredAt", "receivedAt", "callerId", source, "traceId", messages, answer, context, "toolCalls", model, "appVersion",
           segment, "latencyMs", "inputTokens", "outputTokens", "costUsd", metadata
      FROM "TrafficEvent" WHERE "projectId" = ${projectId} AND "occurredAt" = ${occurredAt.toISOString()}::timestamp AND id = ${id}::uuid`);
  return rows[0] ?? null;
}
