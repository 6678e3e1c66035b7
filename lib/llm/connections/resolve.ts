import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { openAIChatModel, type CallableConnection } from "../client";
import { SecretBoxError } from "../secret-box";
import type { ChatModel } from "../types";
import { openConnection } from "./open-connection";

// For the server and the worker only: a connection with its API key decrypted
// and its base URL made absolute. Never return this to the browser or log it.

export type ResolvedConnection = CallableConnection & {
  id: string;
  name: string;
  isDemo: boolean;
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
};

export async function resolveConnection(projectId: string, connectionId: string): Promise<ResolvedConnection> {
  const row = await db.llmConnection.findFirst({ where: { id: connectionId, projectId } });
  if (!row) throw new SafeError("NOT_FOUND", "No such LLM connection in this project.");
  let callable: CallableConnection;
  try {
    callable = openConnection(row);
  } catch (error) {
    if (error instanceof SecretBoxError) throw new SafeError("CONFLICT", `The connection “${row.name}”: ${error.message}`);
    throw error;
  }
  return {
    ...callable,
    id: row.id,
    name: row.name,
    isDemo: row.isDemo,
    inputPricePerMTok: row.inputPricePerMTok,
    outputPricePerMTok: row.outputPricePerMTok,
    maxConcurrency: row.maxConcurrency,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
  };
}

/** The ChatModel a judge calls through: the connection, resolved now. */
export async function chatModelFor(projectId: string, connectionId: string): Promise<ChatModel> {
  return openAIChatModel(await resolveConnection(projectId, connectionId));
}
