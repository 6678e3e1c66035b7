import { db } from "@/lib/db/client";
import { MONITOR_DEFAULTS } from "./schemas";

export type MonitorSettingsView = { [K in keyof typeof MONITOR_DEFAULTS]: number } & { webhookUrl: string | null; hasSecret: boolean };

/** The project's drift settings (defaults until an admin saves them); the secret only as "set or not". */
export async function getMonitorSettings(projectId: string): Promise<MonitorSettingsView> {
  const row = await db.monitorSettings.findUnique({ where: { projectId } });
  if (!row) return { ...MONITOR_DEFAULTS, webhookUrl: null, hasSecret: false };
  const { recentHours, baselineDays, fdr, minEffect, minCount, webhookUrl, webhookSecretCipher } = row;
  return { recentHours, baselineDays, fdr, minEffect, minCount, webhookUrl, hasSecret: !!webhookSecretCipher };
}
