import { db } from "@/lib/db/client";

// Field-level changes of items that changed between two versions (their
// content hashes differ, diff.ts): which of the fields that make the hash
// differ, with both values as text, so the diff page can show what changed.

export const FIELD_CHANGES_LIMIT = 100;

type ItemContent = { inputText: string | null; inputTurns: unknown; context: unknown; reference: string | null; tags: string[]; group: string | null; metadata: unknown };

export type FieldChange = { field: "input" | "context" | "reference" | "tags" | "group" | "metadata"; before: string; after: string };

const text = (value: unknown): string => (value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** The fields whose values differ, in the order the upload format lists them. */
export function itemFieldChanges(before: ItemContent, after: ItemContent): FieldChange[] {
  const fields: [FieldChange["field"], string, string][] = [
    ["input", text(before.inputText ?? before.inputTurns), text(after.inputText ?? after.inputTurns)],
    ["context", text(before.context), text(after.context)],
    ["reference", text(before.reference), text(after.reference)],
    ["tags", before.tags.join(", "), after.tags.join(", ")],
    ["group", text(before.group), text(after.group)],
    ["metadata", canonical(before.metadata), canonical(after.metadata)],
  ];
  return fields.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, before: a, after: b }));
}

/** Metadata objects compare by content, whatever order their keys were stored in. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) return "";
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sorted(value), null, 2);
}

const CONTENT = { externalId: true, inputText: true, inputTurns: true, context: true, reference: true, tags: true, group: true, metadata: true } as const;

/** Field changes of the first FIELD_CHANGES_LIMIT of `externalIds`, keyed by external id (versions already checked by the caller). */
export async function changedItemFields(fromVersionId: string, toVersionId: string, externalIds: readonly string[]): Promise<Map<string, FieldChange[]>> {
  const ids = externalIds.slice(0, FIELD_CHANGES_LIMIT);
  const [before, after] = await Promise.all(
    [fromVersionId, toVersionId].map((datasetVersionId) => db.datasetItem.findMany({ where: { datasetVersionId, externalId: { in: ids } }, select: CONTENT })),
  );
  const afterById = new Map(after!.map((item) => [item.externalId, item]));
  const changes = new Map<string, FieldChange[]>();
  for (const item of before!) {
    const next = afterById.get(item.externalId);
    if (next) changes.set(item.externalId, itemFieldChanges(item, next));
  }
  return changes;
}
