import { JSON_ROUTE_BODY_LIMIT, readBodyText } from "@/lib/auth/request-body";
import { answerChatCompletion, openAIError } from "@/lib/llm/demo-completions";

// The demo model (lib/llm/demo-model.ts), served as an OpenAI-compatible
// endpoint so the demo project's judges run without any API key. No sign-in
// and no database: it is a deterministic toy that reads the prompt and
// answers, so there is nothing to protect; only the body size is bounded.
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  let body: unknown;
  try {
    body = JSON.parse(await readBodyText(request, JSON_ROUTE_BODY_LIMIT, "the demo model's limit"));
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === "PAYLOAD_TOO_LARGE";
    const answer = tooLarge ? openAIError(413, "The request body is larger than 1 MB.", "invalid_request_error") : openAIError(400, "We could not parse the JSON body of your request.", "invalid_request_error");
    return Response.json(answer.body, { status: answer.status });
  }
  const answer = answerChatCompletion(body);
  return Response.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}
