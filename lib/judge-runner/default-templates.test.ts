import { describe, expect, it } from "vitest";
import { demoModelAnswer } from "@/lib/llm/demo-model";
import { answerSchemaFor, parseJudgeAnswer } from "./answer";
import type { JudgedCriterion } from "./criterion";
import { renderCall, type PromptOutput } from "./render";
import { DEFAULT_TEMPLATES } from "./template";

// The default templates against the app's demo model: every kind's prompt is
// answered (with a JSON schema, and as free text without one) and read back.

const item = { inputText: "How do I reset my router password?", inputTurns: null, context: null, reference: "Hold the reset button for ten seconds, then log in with the admin password printed on the label." };
const good = "Hold the reset button on the router for ten seconds, then log in with the admin password printed on the label underneath.";
const bad = "Routers are networking devices.";
const output = (content: string): PromptOutput => ({ content, turn: 0, earlier: new Map() });

const criteria: JudgedCriterion[] = [
  { id: "c1", key: "helpful", name: "Helpful", description: "Solves the user's problem.", kind: "LIKERT", config: { min: 1, max: 5 } },
  { id: "c2", key: "score", name: "Score", description: "", kind: "SCORE", config: { min: 0, max: 10 } },
  { id: "c3", key: "safe", name: "Accurate", description: "", kind: "BINARY", config: {} },
  { id: "c4", key: "tone", name: "Tone", description: "", kind: "CATEGORICAL", config: { options: ["curt", "neutral", "warm"] } },
  { id: "c5", key: "fact", name: "Correct", description: "", kind: "FACTUALITY", config: {} },
];

describe("default templates with the demo model", () => {
  for (const criterion of criteria) {
    it(`reads the demo model's ${criterion.kind} answers, with and without a schema`, () => {
      const messages = renderCall({ template: DEFAULT_TEMPLATES.POINTWISE, mode: "POINTWISE", criterion, item, outputs: [output(good)], examples: "" });
      for (const schema of [answerSchemaFor(criterion, "POINTWISE"), undefined]) {
        const text = demoModelAnswer(messages, schema);
        const parsed = parseJudgeAnswer(criterion, "POINTWISE", "AB", text);
        if (schema || criterion.kind === "LIKERT") expect(parsed, text).toMatchObject({ ok: true });
      }
    });
  }

  it("scores a good output above a bad one on the Likert scale", () => {
    const score = (content: string) => {
      const messages = renderCall({ template: DEFAULT_TEMPLATES.POINTWISE, mode: "POINTWISE", criterion: criteria[0]!, item, outputs: [output(content)], examples: "" });
      const parsed = parseJudgeAnswer(criteria[0]!, "POINTWISE", "AB", demoModelAnswer(messages, answerSchemaFor(criteria[0]!, "POINTWISE")));
      return parsed.ok ? parsed.value! : Number.NaN;
    };
    expect(score(good)).toBeGreaterThan(score(bad));
  });

  it("prefers the better output of a pair in both shown orders", () => {
    const preference: JudgedCriterion = { id: "p", key: "pref", name: "Preference", description: "", kind: "PREFERENCE", config: {} };
    for (const [order, shown] of [["AB", [good, bad]], ["BA", [bad, good]]] as const) {
      const messages = renderCall({ template: DEFAULT_TEMPLATES.PAIRWISE, mode: "PAIRWISE", criterion: preference, item, outputs: shown.map(output), examples: "" });
      // Canonical A is the good output in both orders.
      expect(parseJudgeAnswer(preference, "PAIRWISE", order, demoModelAnswer(messages, answerSchemaFor(preference, "PAIRWISE")))).toMatchObject({ ok: true, verdict: "A" });
      expect(parseJudgeAnswer(preference, "PAIRWISE", order, demoModelAnswer(messages))).toMatchObject({ ok: true, verdict: "A" });
    }
  });
});
