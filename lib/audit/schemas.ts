import { z } from "zod";

// The audit page's GET form and its CSV link send the same query string.
// Empty form fields arrive as "" and mean "no filter".

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const day = z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-04.").refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), "Not a real date.").optional());

/** `<ISO createdAt>_<id>` of the last row shown: the next page starts after it. */
const cursor = z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[\w-]{1,40}$/, "This page link is broken; start from the first page.").optional());

export const auditFilterSchema = z
  .object({
    actor: z.preprocess(blankToUndefined, z.string().max(40).optional()),
    action: z.preprocess(blankToUndefined, z.string().max(80).optional()),
    from: day,
    to: day,
    after: cursor,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start date is after the end date.", path: ["to"] });

export type AuditFilter = z.output<typeof auditFilterSchema>;

export function parseCursor(after: string) {
  const split = after.lastIndexOf("_");
  return { createdAt: new Date(after.slice(0, split)), id: after.slice(split + 1) };
}

export function makeCursor(row: { createdAt: Date; id: string }) {
  return `${row.createdAt.toISOString()}_${row.id}`;
}

/** The filter as a query string (without the cursor), for the CSV link and "next page". */
export function filterQuery(filter: AuditFilter, extra: Record<string, string> = {}) {
  const entries = Object.entries({ actor: filter.actor, action: filter.action, from: filter.from, to: filter.to, ...extra }).filter((e): e is [string, string] => !!e[1]);
  return new URLSearchParams(entries).toString();
}
