import { resolveBaseUrl } from "../base-url";
import type { CallableConnection } from "../client";
import { openSecret } from "../secret-box";
import { defaultParamsSchema } from "./schemas";

// The one place a stored connection becomes callable: its API key decrypted
// (in memory only), its base URL made absolute, its default parameters read.
// Used by the app (resolve.ts, from a Prisma row) and by the judge worker
// (from the row its batch query already read), so neither needs the other's
// database client. Throws SecretBoxError when the key cannot be opened.

/** What a stored LlmConnection row holds that a call needs. */
export type StoredConnection = {
  baseUrl: string;
  apiKeyCipher: string | null;
  model: string;
  defaultParams: unknown;
  timeoutMs: number;
  structuredOutput: boolean;
};

export function openConnection(row: StoredConnection): CallableConnection {
  return {
    baseUrl: resolveBaseUrl(row.baseUrl),
    apiKey: row.apiKeyCipher ? openSecret(row.apiKeyCipher) : null,
    model: row.model,
    defaultParams: defaultParamsSchema.parse(row.defaultParams),
    timeoutMs: row.timeoutMs,
    structuredOutput: row.structuredOutput,
  };
}
