"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { generateApiToken } from "@/lib/auth/tokens";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { createTokenSchema, revokeTokenSchema } from "./schemas";

// API tokens are created and revoked by project admins in the UI. The secret
// is returned once, from createApiToken, and only its sha256 is stored.

export const createApiToken = projectAction({ permission: "tokens.manage", schema: createTokenSchema }, async (input, { user, projectId }) => {
  const { secret, hash, prefix } = generateApiToken();
  const token = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { projectId, name: input.name, scope: input.scope, tokenHash: hash, prefix, createdById: user.id },
      select: { id: true, name: true, scope: true, prefix: true },
    });
    await recordAudit({ projectId, actorId: user.id, action: "token.create", targetType: "ApiToken", targetId: created.id, data: { name: input.name, scope: input.scope } }, tx);
    return created;
  });
  revalidatePath(`/projects/${projectId}/settings/tokens`);
  return { ...token, secret };
});

export const revokeApiToken = projectAction({ permission: "tokens.manage", schema: revokeTokenSchema }, async (input, { user, projectId }) => {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: input.tokenId, projectId }, select: { id: true, revokedAt: true } });
    if (!token) throw new SafeError("NOT_FOUND", "No such token in this project.");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit({ projectId, actorId: user.id, action: "token.revoke", targetType: "ApiToken", targetId: token.id }, tx);
  });
  revalidatePath(`/projects/${projectId}/settings/tokens`);
  return { revoked: true };
});
