import { listModels } from "@/lib/llm/demo-completions";

// GET /v1/models of the demo model's OpenAI-compatible endpoint (see ../chat/completions/route.ts).
export function GET() {
  const answer = listModels();
  return Response.json(answer.body, { status: answer.status });
}
