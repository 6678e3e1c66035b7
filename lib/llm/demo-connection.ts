import { DEMO_MODEL_ID, DEMO_MODEL_LABEL } from "./demo-model";

// The connection the demo project starts with: the app's own deterministic
// demo model (app/api/demo-model), so a newcomer can run a judge without any
// API key. Free (price 0), quick, and plainly labelled as a toy.
export const DEMO_CONNECTION = {
  name: DEMO_MODEL_LABEL,
  baseUrl: "/api/demo-model/v1",
  apiKeyCipher: null,
  model: DEMO_MODEL_ID,
  defaultParams: { temperature: 0 },
  inputPricePerMTok: 0,
  outputPricePerMTok: 0,
  maxConcurrency: 8,
  timeoutMs: 30_000,
  structuredOutput: true,
  isDemo: true,
} as const;
