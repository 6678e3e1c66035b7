import { describe, expect, it } from "vitest";
import { applyMapping, detectMapping } from "./mapping";
import { itemRowSchema, outputRowSchema } from "./schemas";

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
