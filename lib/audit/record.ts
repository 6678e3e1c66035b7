import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";

type AuditClient = Pick<typeof db, "auditEvent">;

export type AuditInput = {
  projectId?: string | null;
  actorId?: string | null;
  tokenId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Prisma.InputJsonValue;
};

/** Writes one audit event; pass the transaction client so it commits with the change it describes. */
export function recordAudit(event: AuditInput, client: AuditClient = db) {
  return client.auditEvent.create({ data: { ...event, data: event.data ?? {} } });
}
