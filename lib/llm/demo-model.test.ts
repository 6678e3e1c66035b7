import { describe, expect, it } from "vitest";
import { demoModelAnswer, readSections } from "./demo-model";
import type { ChatMessage } from "./types";

const reference = "Customers can return items within 30 days of delivery for a full refund to the original payment method.";
const good = "You can return items within 30 days of delivery and get a full refund to your original payment method.";
const bad = "Please contact our sales team about upgrades.";
const pointwise = (output: string, instructions = "Rate the output's correctness from 1 to 5."): ChatMessage[] => [
  { role: "system", content: instructions },
  { role: "user", content: `Question: How do returns work?\n\nReference: ${reference}\n\nOutput:\n${output}` },
];
const pairwise = (a: string, b: string): ChatMessage[] => [
  { role: "system", content: "Which output answers better? Answer A, B or TIE." },
  { role: "user", content: `Reference: ${reference}\n\n## Output A\n${a}\n\n## Output B\n${b}` },
];
const scoreOf = (text: string) => Number(/Score: (\d+)$/.exec(text)![1]);

describe("the demo model", () => {
  it("reads labelled sections in the common prompt styles", () => {
    expect(readSections("Intro\n## Output A\nfirst\n## Output B\nsecond")).toMatchObject({ outputA: "first\n", outputB: "second\n" });
    expect(readSections("<reference>\nR\n</reference>\n<output>\nO\n</output>")).toMatchObject({ reference: "R\n", output: "O\n" });
    // An instruction that merely starts with a label word opens no section.
    expect(readSections("Answer with a score from 1 to 5.")).toEqual({});
  });

  it("is deterministic and scores an output that matches the reference above one that does not", () => {
    expect(demoModelAnswer(pointwise(good))).toBe(demoModelAnswer(pointwise(good)));
    expect(scoreOf(demoModelAnswer(pointwise(good)))).toBeGreaterThan(scoreOf(demoModelAnswer(pointwise(bad))));
  });

  it("carries signal over many outputs, with noise: matching outputs average higher, yet not every pair is ordered", () => {
    const words = reference.split(" ");
    let higher = 0;
    let total = 0;
    const gaps: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Outputs with more (k/12) or fewer reference words, padded with filler.
      const rich = words.slice(0, 12 + (i % 5)).join(" ") + ` note ${i}`;
      const poor = words.slice(0, 2).join(" ") + ` unrelated filler text number ${i}`;
      const gap = scoreOf(demoModelAnswer(pointwise(rich))) - scoreOf(demoModelAnswer(pointwise(poor)));
      gaps.push(gap);
      if (gap > 0) higher++;
      total++;
    }
    expect(higher / total).toBeGreaterThan(0.7);
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it("follows the scale the prompt asks for and answers yes/no when asked", () => {
    const score = scoreOf(demoModelAnswer(pointwise(good, "Score the output from 0 to 10.")));
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(10);
    expect(demoModelAnswer(pointwise(good, "Is it correct? Answer yes or no."))).toMatch(/Answer: (yes|no)$/);
  });

  it("prefers the better output in a pairwise prompt, and the first-shown one on close calls", () => {
    expect(demoModelAnswer(pairwise(good, bad))).toMatch(/Verdict: A$/);
    expect(demoModelAnswer(pairwise(bad, good))).toMatch(/Verdict: B$/);
    // Two near-identical outputs: the first-shown one wins far more often than the second-shown one.
    const verdicts = { A: 0, B: 0, TIE: 0 };
    for (let i = 0; i < 20; i++) {
      const x = `${good} (variant ${i})`;
      const y = `${good} (version ${i})`;
      for (const messages of [pairwise(x, y), pairwise(y, x)]) {
        verdicts[/Verdict: (A|B|TIE)$/.exec(demoModelAnswer(messages))![1] as "A" | "B" | "TIE"]++;
      }
    }
    expect(verdicts.A).toBeGreaterThan(2 * verdicts.B);
  });

  it("answers JSON of the answer schema's shape: enums, verdicts, bounded numbers, booleans, reasoning", () => {
    const schema = {
      name: "answer",
      schema: {
        type: "object",
        properties: {
          reasoning: { type: "string" },
          label: { type: "string", enum: ["wrong", "partly", "right"] },
          score: { type: "number", minimum: 0, maximum: 1 },
          rating: { type: "integer", minimum: 1, maximum: 7 },
          passes: { type: "boolean" },
          note: { anyOf: [{ type: "string" }, { type: "null" }] },
        },
      },
    };
    const answer = JSON.parse(demoModelAnswer(pointwise(good), schema));
    expect(["wrong", "partly", "right"]).toContain(answer.label);
    expect(answer.score).toBeGreaterThanOrEqual(0);
    expect(answer.score).toBeLessThanOrEqual(1);
    expect(Number.isInteger(answer.rating) && answer.rating >= 1 && answer.rating <= 7).toBe(true);
    expect(typeof answer.passes).toBe("boolean");
    expect(typeof answer.reasoning).toBe("string");
    expect(typeof answer.note).toBe("string");

    const verdictSchema = { name: "pair", schema: { type: "object", properties: { reasoning: { type: "string" }, verdict: { type: "string", enum: ["A", "B", "TIE", "BOTH_BAD"] } } } };
    expect(JSON.parse(demoModelAnswer(pairwise(good, bad), verdictSchema)).verdict).toBe("A");
    const shownSchema = { name: "pair", schema: { type: "object", properties: { reasoning: { type: "string" }, verdict: { type: "string", enum: ["first", "second", "tie", "both_bad"] } } } };
    expect(JSON.parse(demoModelAnswer(pairwise(bad, good), shownSchema)).verdict).toBe("second");
    // pass/fail is not a scale: a good output passes, a bad one fails.
    const binary = { name: "binary", schema: { type: "object", properties: { verdict: { type: "string", enum: ["pass", "fail"] } } } };
    expect(JSON.parse(demoModelAnswer(pointwise(good), binary)).verdict).toBe("pass");
    expect(JSON.parse(demoModelAnswer(pointwise(bad), binary)).verdict).toBe("fail");
  });

  it("answers JSON in json mode without a schema", () => {
    expect(JSON.parse(demoModelAnswer(pointwise(good), undefined, { json: true }))).toMatchObject({ score: expect.any(Number) });
    expect(JSON.parse(demoModelAnswer(pairwise(good, bad), undefined, { json: true }))).toMatchObject({ verdict: "A" });
  });
});
