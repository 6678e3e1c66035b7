import { describe, expect, it } from "vitest";
import { applyMapping, detectMapping, rowMappingFor } from "./mapping";
import { itemRowSchema, outputRowSchema, pointwiseScoreRowSchema } from "./schemas";

describe("field mapping", () => {
  it("imports OpenAI messages; a final assistant turn becomes the reference", () => {
    const source = { id: "q1", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi?" }, { role: "assistant", content: "Hello." }] };
    const mapping = detectMapping("ITEMS", source);
    expect(mapping).toMatchObject({ externalId: "id", input: "messages" });
    const [row] = applyMapping("ITEMS", mapping, source);
    const parsed = itemRowSchema.parse(row);
    expect(parsed.input).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: "Hi?" }]);
    expect(parsed.reference).toBe("Hello.");
  });

  it("imports MT-Bench questions and answers (turns)", () => {
    const question = { question_id: 81, category: "writing", turns: ["Write a blog post.", "Now rewrite it."] };
    const mapping = detectMapping("ITEMS", question);
    const item = itemRowSchema.parse(applyMapping("ITEMS", mapping, question)[0]);
    expect(item).toMatchObject({ externalId: "81", tags: ["writing"], input: [{ role: "user", content: "Write a blog post." }, { role: "user", content: "Now rewrite it." }] });

    const answer = { question_id: 81, answer_id: "x", model_id: "vicuna", choices: [{ index: 0, turns: ["Post.", "Rewritten."] }] };
    const outMapping = detectMapping("OUTPUTS", answer);
    expect(outMapping).toMatchObject({ externalId: "question_id", content: "choices.0.turns" });
    const outputs = applyMapping("OUTPUTS", outMapping, answer).map((r) => outputRowSchema.parse(r));
    expect(outputs.map((o) => [o.turn, o.content])).toEqual([[0, "Post."], [1, "Rewritten."]]);
  });

  it("imports Label Studio tasks through data.* paths", () => {
    const task = { id: 7, data: { prompt: "Reset my password", reference: "Use the link." }, annotations: [] };
    const mapping = detectMapping("ITEMS", task);
    expect(mapping).toMatchObject({ externalId: "id", input: "data.prompt", reference: "data.reference" });
    expect(itemRowSchema.parse(applyMapping("ITEMS", mapping, task)[0])).toMatchObject({ externalId: "7", input: "Reset my password" });
  });

  it("reads Hugging Face rows and CSV cells holding JSON or separated tags", () => {
    const row = { id: "a", question: "Q", answer: "A", tags: "billing; refunds", context: '["doc one"]' };
    const item = itemRowSchema.parse(applyMapping("ITEMS", detectMapping("ITEMS", row), row)[0]);
    expect(item).toMatchObject({ input: "Q", reference: "A", tags: ["billing", "refunds"], context: [{ content: "doc one" }] });
  });
});

describe("a partial mapping", () => {
  it("keeps detection for the fields it does not name; its own paths are not offered to other fields; \"\" leaves a field out", () => {
    const mappingFor = rowMappingFor("OUTPUTS", { content: "response", latencyMs: "" });
    expect(mappingFor({ question_id: "q1", response: "mapped", answer: "other", latency_ms: 5, model_id: "gpt-4" })).toEqual({
      externalId: "question_id",
      content: "response",
      latencyMs: "",
      run: "model_id",
    });
    // Detection is per shape of row, still around the explicit fields.
    expect(mappingFor({ id: "q2", response: "x" })).toEqual({ externalId: "id", content: "response", latencyMs: "" });
    // A column the mapping gives one field is not detected for another ("verdict" would be the category).
    expect(rowMappingFor("JUDGE_SCORES", { rationale: "verdict" })({ id: "q1", run: "r", criterion: "correctness", verdict: "Because." })).toEqual({
      externalId: "id",
      run: "run",
      criterion: "criterion",
      rationale: "verdict",
    });
    // A mapping naming every field is used as it is.
    const every = Object.fromEntries(["externalId", "content", "run", "turn", "trace", "latencyMs", "promptTokens", "completionTokens", "costUsd"].map((f) => [f, f]));
    expect(rowMappingFor("OUTPUTS", every)({ question_id: "q1" })).toBe(every);
  });
});

describe("failed judge calls in a pointwise row", () => {
  const base = { externalId: "q1", run: "r", criterion: "helpfulness" };
  it("an error, a failed status or an explicitly empty score is a failed call with its reason and no score", () => {
    expect(pointwiseScoreRowSchema.parse({ ...base, error: "timeout" })).toEqual({ ...base, error: "timeout" });
    expect(pointwiseScoreRowSchema.parse({ ...base, error: true, value: 3 })).toEqual({ ...base, error: "error" });
    expect(pointwiseScoreRowSchema.parse({ ...base, status: "FAILED", rationale: "unparseable" })).toEqual({ ...base, rationale: "unparseable", error: "unparseable" });
    expect(pointwiseScoreRowSchema.parse({ ...base, status: "timeout" })).toEqual({ ...base, error: "status timeout" });
    expect(pointwiseScoreRowSchema.parse({ ...base, value: null })).toEqual({ ...base, error: "no score given (value is null)" });
    expect(pointwiseScoreRowSchema.parse({ ...base, value: "", category: "" })).toEqual({ ...base, error: "no score given (value is null)" });
  });

  it("a score, an ok status, an empty error or an empty value beside a category is an ordinary score", () => {
    expect(pointwiseScoreRowSchema.parse({ ...base, value: "4", status: "ok", error: "" })).toEqual({ ...base, value: 4 });
    expect(pointwiseScoreRowSchema.parse({ ...base, value: "", category: "curt" })).toEqual({ ...base, category: "curt" });
    // No score field at all is the file's mistake, left to the criterion check.
    expect(pointwiseScoreRowSchema.parse(base)).toEqual(base);
    expect(pointwiseScoreRowSchema.safeParse({ ...base, value: "high" }).success).toBe(false);
  });
});
