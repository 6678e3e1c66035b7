"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/errors";
import { resolveBaseUrl } from "../base-url";
import { openSecret, sealSecret, SecretBoxError } from "../secret-box";
import { probeConnection } from "./probe";
import { createConnectionSchema, deleteConnectionSchema, testConnectionSchema, updateConnectionSchema, type ConnectionFields } from "./schemas";

// LLM connections are managed by project admins. The API key goes in sealed
// (lib/llm/secret-box.ts) and never comes back out to the browser; audit
// events record what changed, never the key itself.

const settingsPath = (projectId: string) => `/projects/${projectId}/settings/connections`;

function columns(fields: ConnectionFields) {
  return {
    name: fields.name,
    baseUrl: fields.baseUrl.replace(/\/+$/, ""),
    model: fields.model,
    defaultParams: definedOnly({ temperature: fields.temperature, maxTokens: fields.maxTokens, seed: fields.seed }),
    inputPricePerMTok: fields.inputPricePerMTok ?? null,
    outputPricePerMTok: fields.outputPricePerMTok ?? null,
    maxConcurrency: fields.maxConcurrency,
    requestsPerMinute: fields.requestsPerMinute ?? null,
    tokensPerMinute: fields.tokensPerMinute ?? null,
    timeoutMs: Math.round(fields.timeoutSeconds * 1000),
    structuredOutput: fields.structuredOutput,
  };
}

// PostgreSQL's jsonb reorders object keys, so compare with sorted keys.
const stableJson = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

const definedOnly = (params: Record<string, number | undefined>) => Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));

function duplicateName(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new SafeError("CONFLICT", `A connection named “${name}” already exists in this project.`, [{ field: "name", message: "This name is taken." }]);
  }
  throw error;
}

export const createConnection = projectAction({ permission: "settings.write", schema: createConnectionSchema }, async (input, { user, projectId }) => {
  const connection = await db
    .$transaction(async (tx) => {
      const created = await tx.llmConnection.create({
        data: { projectId, ...columns(input), apiKeyCipher: input.apiKey ? sealSecret(input.apiKey) : null, createdById: user.id },
        select: { id: true, name: true },
      });
      await recordAudit(
        { projectId, actorId: user.id, action: "connection.create", targetType: "LlmConnection", targetId: created.id, data: { name: input.name, baseUrl: input.baseUrl, model: input.model, withKey: !!input.apiKey } },
        tx,
      );
      return created;
    })
    .catch((error) => duplicateName(error, input.name));
  revalidatePath(settingsPath(projectId));
  return connection;
});

export const updateConnection = projectAction({ permission: "settings.write", schema: updateConnectionSchema }, async (input, { user, projectId }) => {
  await db
    .$transaction(async (tx) => {
      const before = await tx.llmConnection.findFirst({ where: { id: input.connectionId, projectId } });
      if (!before) throw new SafeError("NOT_FOUND", "No such LLM connection in this project.");
      const next = columns(input);
      const changed = Object.keys(next).filter((key) => stableJson(before[key as keyof typeof next]) !== stableJson(next[key as keyof typeof next]));
      const apiKeyCipher = input.apiKey ? sealSecret(input.apiKey) : input.clearKey ? null : before.apiKeyCipher;
      if (input.apiKey || (input.clearKey && before.apiKeyCipher)) changed.push(input.apiKey ? "apiKey" : "apiKey removed");
      await tx.llmConnection.update({ where: { id: before.id }, data: { ...next, apiKeyCipher } });
      await recordAudit({ projectId, actorId: user.id, action: "connection.update", targetType: "LlmConnection", targetId: before.id, data: { name: input.name, changed } }, tx);
    })
    .catch((error) => duplicateName(error, input.name));
  revalidatePath(settingsPath(projectId));
  return { updated: true };
});

export const deleteConnection = projectAction({ permission: "settings.write", schema: deleteConnectionSchema }, async (input, { user, projectId }) => {
  await db.$transaction(async (tx) => {
    const connection = await tx.llmConnection.findFirst({ where: { id: input.connectionId, projectId }, select: { id: true, name: true } });
    if (!connection) throw new SafeError("NOT_FOUND", "No such LLM connection in this project.");
    const judges = await tx.judge.findMany({ where: { connectionId: connection.id }, select: { name: true, version: true }, orderBy: { createdAt: "asc" }, take: 3 });
    if (judges.length > 0) {
      const count = await tx.judge.count({ where: { connectionId: connection.id } });
      const examples = judges.map((j) => `“${j.name}${j.version ? ` v${j.version}` : ""}”`).join(", ");
      throw new SafeError(
        "CONFLICT",
        `The connection “${connection.name}” cannot be deleted: ${count} judge version${count === 1 ? "" : "s"} (${examples}${count > 3 ? ", …" : ""}) ran through it, and their scores must keep saying how they were made. Edit the connection instead.`,
      );
    }
    await tx.llmConnection.delete({ where: { id: connection.id } });
    await recordAudit({ projectId, actorId: user.id, action: "connection.delete", targetType: "LlmConnection", targetId: connection.id, data: { name: connection.name } }, tx);
  });
  revalidatePath(settingsPath(projectId));
  return { deleted: true };
});

/** One tiny call with the form as it stands; the stored key is used when no new one was typed. */
export const testConnection = projectAction({ permission: "settings.write", schema: testConnectionSchema }, async (input, { projectId }) => {
  let apiKey: string | null = input.apiKey || null;
  if (!apiKey && !input.clearKey && input.connectionId) {
    const stored = await db.llmConnection.findFirst({ where: { id: input.connectionId, projectId }, select: { apiKeyCipher: true } });
    if (!stored) throw new SafeError("NOT_FOUND", "No such LLM connection in this project.");
    try {
      apiKey = stored.apiKeyCipher ? openSecret(stored.apiKeyCipher) : null;
    } catch (error) {
      if (error instanceof SecretBoxError) throw new SafeError("CONFLICT", error.message, [{ field: "apiKey", message: "Enter the API key again." }]);
      throw error;
    }
  }
  const fields = columns(input);
  return probeConnection({
    baseUrl: resolveBaseUrl(fields.baseUrl),
    apiKey,
    model: fields.model,
    defaultParams: fields.defaultParams,
    timeoutMs: fields.timeoutMs,
    structuredOutput: fields.structuredOutput,
  });
});
