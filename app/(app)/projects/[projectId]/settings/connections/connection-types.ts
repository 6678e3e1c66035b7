import type { KeyStatus } from "@/lib/llm/connections/queries";

/** A connection as the settings screen shows it: never the key, only its status. */
export type ConnectionRow = {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  key: KeyStatus;
  temperature: number | null;
  maxTokens: number | null;
  seed: number | null;
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  timeoutSeconds: number;
  structuredOutput: boolean;
  isDemo: boolean;
  judgeVersions: number;
};

export function keyLabel(key: KeyStatus) {
  if (key.state === "none") return "no API key";
  if (key.state === "unreadable") return "API key cannot be decrypted: enter it again";
  return `API key ending in …${key.last4}`;
}
