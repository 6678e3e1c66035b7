import { z } from "zod";
import { registerEndpoint } from "@/lib/api/openapi";
import { submitAndNextSchema } from "@/lib/review/schemas";

// OpenAPI entries for the review screen's two JSON calls (handlers: lib/review/screen-api.ts).
// They serve the browser's review screen and need a session with labels.submit: API tokens are refused.

const setupId = { setupId: z.string().describe("A review setup's id.") };
const taskView = z.object({}).loose().nullable().describe("A leased task as the screen shows it (item, blinded outputs, criteria, draft); null when none is left.");
const note = "For the review screen: needs a signed-in reviewer, lead or admin (API tokens cannot review). Accepts application/json only; the answer is not compressed.";

registerEndpoint({
  method: "post",
  path: "/api/v1/projects/{projectId}/review/{setupId}/queue",
  summary: "Open the review queue",
  description: `The reviewer's current task and the next one, both leased, with progress. POST because it leases. ${note}`,
  tags: ["review"],
  pathParams: setupId,
  response: z.object({ task: taskView, next: taskView, progress: z.object({}).loose() }).loose(),
});

registerEndpoint({
  method: "post",
  path: "/api/v1/projects/{projectId}/review/{setupId}/submit",
  summary: "Submit a label and advance",
  description: `Stores the label (idempotent on clientId), confirms the prefetched task the screen now shows (showing) and leases the one after it, in one transaction. ${note}`,
  tags: ["review"],
  pathParams: setupId,
  body: { "application/json": submitAndNextSchema },
  response: z.object({ submitted: z.object({ labelId: z.string(), taskId: z.string(), duplicate: z.boolean() }), team: z.unknown() }).loose(),
  errors: [409],
});
