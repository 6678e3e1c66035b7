import { db } from "@/lib/db/client";
import { openSecret } from "../secret-box";
import { defaultParamsSchema } from "./schemas";

// What the browser may see of a connection: everything but the key, which
// shows only as "set, ending in …" (its last 4 characters) or "cannot be read".

const VISIBLE = {
  id: true,
  name: true,
  baseUrl: true,
  apiKeyCipher: true,
  model: true,
  defaultParams: true,
  inputPricePerMTok: true,
  outputPricePerMTok: true,
  maxConcurrency: true,
  requestsPerMinute: true,
  tokensPerMinute: true,
  timeoutMs: true,
  structuredOutput: true,
  isDemo: true,
  updatedAt: true,
  _count: { select: { judges: true } },
} as const;

export type ConnectionView = Awaited<ReturnType<typeof listConnections>>[number];

export async function listConnections(projectId: string) {
  const rows = await db.llmConnection.findMany({ where: { projectId }, orderBy: [{ isDemo: "desc" }, { name: "asc" }], select: VISIBLE });
  return rows.map(({ apiKeyCipher, defaultParams, _count, ...row }) => ({
    ...row,
    defaultParams: defaultParamsSchema.parse(defaultParams),
    key: keyStatus(apiKeyCipher),
    judgeVersions: _count.judges,
  }));
}

/** The names and models of a project's connections, for pickers (the judge editor). */
export function listConnectionChoices(projectId: string) {
  return db.llmConnection.findMany({ where: { projectId }, orderBy: [{ isDemo: "desc" }, { name: "asc" }], select: { id: true, name: true, model: true, isDemo: true } });
}

export type KeyStatus = { state: "none" } | { state: "set"; last4: string } | { state: "unreadable" };

function keyStatus(cipher: string | null): KeyStatus {
  if (!cipher) return { state: "none" };
  try {
    return { state: "set", last4: openSecret(cipher).slice(-4) };
  } catch {
    return { state: "unreadable" };
  }
}
