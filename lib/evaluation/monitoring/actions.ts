"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { sealSecret } from "@/lib/llm/secret-box";
import { acknowledgeAlertSchema, monitorSettingsSchema } from "./schemas";

/** Saves drift settings and the alert webhook; the secret is sealed at rest and kept when left empty. */
export const saveMonitorSettings = projectAction({ permission: "settings.write", schema: monitorSettingsSchema }, async (input, { user }) => {
  const { projectId, webhookSecret, ...settings } = input;
  const secret = webhookSecret ? { webhookSecretCipher: sealSecret(webhookSecret) } : {};
  const existing = await db.monitorSettings.findUnique({ where: { projectId }, select: { webhookSecretCipher: true } });
  if (settings.webhookUrl && !webhookSecret && !existing?.webhookSecretCipher) {
    throw new SafeError("VALIDATION", "Give a signing secret for the webhook: receivers check every alert's signature with it.", [{ field: "webhookSecret", message: "Required with a webhook URL." }]);
  }
  await db.$transaction(async (tx) => {
    await tx.monitorSettings.upsert({ where: { projectId }, create: { projectId, ...settings, ...secret }, update: { ...settings, ...secret } });
    // The secret itself never goes into the audit log.
    await recordAudit({ projectId, actorId: user.id, action: "monitoring.settings", targetType: "project", targetId: projectId, data: { ...settings, secretChanged: !!webhookSecret } }, tx);
  });
  revalidatePath(`/projects/${projectId}/settings/monitoring`);
  return { projectId };
});

/** Marks an open alert as seen: the next drift of the same rule and segment raises a new one. */
export const acknowledgeAlert = projectAction({ permission: "monitoring.acknowledge", schema: acknowledgeAlertSchema }, async ({ projectId, alertId }, { user }) => {
  await db.$transaction(async (tx) => {
    const updated = await tx.monitorAlert.updateManyAndReturn({
      where: { id: alertId, projectId, status: "OPEN" },
      data: { status: "ACKNOWLEDGED", acknowledgedById: user.id, acknowledgedAt: new Date() },
      select: { segment: true, rule: { select: { name: true } } },
    });
    if (updated.length === 0) throw new SafeError("NOT_FOUND", "This alert is not open any more (acknowledged already, or deleted).");
    const [alert] = updated;
    await recordAudit({ projectId, actorId: user.id, action: "monitoring.acknowledge", targetType: "MonitorAlert", targetId: alertId, data: { rule: alert!.rule.name, segment: alert!.segment } }, tx);
  });
  revalidatePath(`/projects/${projectId}/traffic/monitoring`);
  return { alertId };
});
