"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { checkMaskingRules } from "./masking";
import { trafficSettingsSchema } from "./schemas";

/** Saves the project's masking rules and retention; a rule that is unsafe to run is refused, naming it. */
export const saveTrafficSettings = projectAction({ permission: "settings.write", schema: trafficSettingsSchema }, async ({ projectId, retentionDays, maskingRules }, { user }) => {
  checkMaskingRules(maskingRules);
  await db.$transaction(async (tx) => {
    await tx.trafficSettings.upsert({ where: { projectId }, create: { projectId, retentionDays, maskingRules }, update: { retentionDays, maskingRules } });
    await recordAudit({ projectId, actorId: user.id, action: "traffic.settings", targetType: "project", targetId: projectId, data: { retentionDays, maskingRules } }, tx);
  });
  revalidatePath(`/projects/${projectId}/settings/traffic`);
  return { projectId };
});
