import type { ExportRecord } from "@/lib/exports/format";
import { actionLabel, actorLabel, describeAuditEvent, objectLabel } from "./describe";
import { allAuditEvents, targetNames } from "./queries";
import type { AuditFilter } from "./schemas";

// The CSV of the audit page: the same filter, the same plain words, plus the
// raw action and JSON details for anyone who wants to process the file.

export const AUDIT_COLUMNS = ["when", "actor", "actorEmail", "action", "actionCode", "object", "details", "data"] as const;

export async function* auditRecords(projectId: string, filter: AuditFilter): AsyncGenerator<ExportRecord> {
  const events = allAuditEvents(projectId, filter);
  for (;;) {
    const { value: batch, done } = await collect(events, 500);
    const names = await targetNames(projectId, batch);
    for (const event of batch) {
      yield {
        when: event.createdAt.toISOString(),
        actor: actorLabel(event, names),
        actorEmail: event.actor?.email ?? "",
        action: actionLabel(event.action),
        actionCode: event.action,
        object: objectLabel(event, names),
        details: describeAuditEvent(event),
        data: event.data as ExportRecord[string],
      };
    }
    if (done) return;
  }
}

async function collect<T>(iterator: AsyncGenerator<T>, size: number) {
  const value: T[] = [];
  while (value.length < size) {
    const next = await iterator.next();
    if (next.done) return { value, done: true };
    value.push(next.value);
  }
  return { value, done: false };
}
