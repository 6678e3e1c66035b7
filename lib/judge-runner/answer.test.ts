import { describe, expect, it } from "vitest";
import { z } from "zod";
import { answerSchemaFor, parseJudgeAnswer } from "./answer";
import type { JudgedCriterion } from "./criterion";

const criterion = (kind: JudgedCriterion["kind"], config: unknown = {}): JudgedCriterion => ({ id: `c-${kind}`, key: `k_${kind.toLowerCase()}`, name: kind, description: "", kind, config });
const likert = criterion("LIKERT", { min: 1, max: 5 });
const score = criterion("SCORE", { min: 0, max: 10 });
const binary = criterion("BINARY");
const categorical = criterion("CATEGORICAL", { options: ["on_topic", "off topic", "Refusal"] });
const factuality = criterion("FACTUALITY");
const preference = criterion("PREFERENCE");

const point = (c: JudgedCriterion, text: string) => parseJudgeAnswer(c, "POINTWISE", "AB", text);

describe("answerSchemaFor", () => {
  it("puts reasoning first, then the answer field typed by the kind", () => {
    const schema = answerSchemaFor(likert, "POINTWISE").schema as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(["reasoning", "score"]);
    expect(schema.properties.score).toMatchObject({ type: "integer", minimum: 1, maximum: 5 });
    expect(schema.required).toEqual(["reasoning", "score"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema).not.toHaveProperty("$schema");
  });

  it("types every judged kind", () => {
    const field = (c: JudgedCriterion, mode: "POINTWISE" | "PAIRWISE" = "POINTWISE") => {
      const properties = (answerSchemaFor(c, mode).schema as { properties: Record<string, unknown> }).properties;
      return Object.entries(properties)[1];
    };
    expect(field(score)).toEqual(["score", expect.objectContaining({ type: "number", minimum: 0, maximum: 10 })]);
    expect(field(binary)).toEqual(["verdict", expect.objectContaining({ enum: ["fail", "pass"] })]);
    expect(field(categorical)).toEqual(["category", expect.objectContaining({ enum: ["on_topic", "off topic", "Refusal"] })]);
    expect(field(factuality)).toEqual(["category", expect.objectContaining({ enum: ["incorrect", "not_attempted", "correct"] })]);
    expect(field(preference, "PAIRWISE")).toEqual(["verdict", expect.objectContaining({ enum: ["first", "second", "tie", "both_bad"] })]);
  });

  it("gives a name OpenAI accepts", () => {
    expect(answerSchemaFor({ ...likert, key: "tone & style" }, "POINTWISE").name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it("refuses kinds a mode cannot judge", () => {
    expect(() => answerSchemaFor(criterion("RANKING"), "POINTWISE")).toThrow(/RANKING/);
    expect(() => answerSchemaFor(likert, "PAIRWISE")).toThrow(/preference/);
  });

  it("is a schema the strict parser accepts answers of", () => {
    const json = answerSchemaFor(likert, "POINTWISE").schema;
    const roundTrip = z.fromJSONSchema ? z.fromJSONSchema(json) : null;
    if (roundTrip) expect(roundTrip.safeParse({ reasoning: "ok", score: 4 }).success).toBe(true);
    expect(point(likert, JSON.stringify({ reasoning: "ok", score: 4 }))).toEqual({ ok: true, value: 4, reasoning: "ok" });
  });
});

describe("parseJudgeAnswer: pointwise", () => {
  it.each([
    ['{"reasoning": "Clear and complete.", "score": 4}', 4, "Clear and complete."],
    ['```json\n{"reasoning": "Fine", "score": 3}\n```', 3, "Fine"],
    ['Here is my evaluation:\n{"explanation": "Mostly right", "rating": "5"}\nThanks!', 5, "Mostly right"],
    ['{"Reasoning": "x", "Score": "4/5"}', 4, "x"],
    ["The answer is accurate but terse.\n\nScore: 4", 4, null],
    ["**Rating:** 2 out of 5", 2, null],
    ["Rating: [[5]]", 5, null],
    ["Thoughts...\nscore = 1\n", 1, null],
    ["First pass: Score: 2\nOn reflection the answer is better.\nFinal score: 3", 3, null],
  ])("reads a likert answer from %j", (text, value, reasoning) => {
    expect(point(likert, text)).toEqual({ ok: true, value, reasoning: reasoning ?? text.trim() });
  });

  it.each([
    ["Score: 7", /7 is not a whole number from 1 to 5/],
    ['{"reasoning": "r", "score": 3.5}', /3.5/],
    ["I think it is quite good.", /no "score"/],
    ["", /empty/],
    ['{"reasoning": "r"}', /no "score"/],
  ])("refuses %j", (text, error) => {
    const parsed = point(likert, text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(error);
      expect(parsed.raw).toBe(text);
    }
  });

  it("reads real-valued scores and keeps them in range", () => {
    expect(point(score, '{"reasoning": "r", "score": 8.5}')).toMatchObject({ ok: true, value: 8.5 });
    expect(point(score, "Score: 10/10")).toMatchObject({ ok: true, value: 10 });
    expect(point(score, '{"reasoning": "r", "score": 11}')).toMatchObject({ ok: false, error: expect.stringMatching(/outside 0–10/) });
  });

  it.each([
    ['{"reasoning": "r", "verdict": "pass"}', 1],
    ['{"reasoning": "r", "verdict": "FAIL"}', 0],
    ['{"reasoning": "r", "pass": true}', 1],
    ['{"reasoning": "r", "result": "Yes"}', 1],
    ["Verdict: Fail - the reply invents a refund policy.", 0],
    ["**Verdict**: PASS", 1],
    ["[[PASS]]", 1],
  ])("reads pass/fail from %j", (text, value) => {
    expect(point(binary, text)).toMatchObject({ ok: true, value });
  });

  it("refuses a pass/fail answer that is neither", () => {
    expect(point(binary, '{"reasoning": "r", "verdict": "maybe"}')).toMatchObject({ ok: false, error: expect.stringMatching(/pass\/fail.*maybe/) });
  });

  it.each([
    ['{"reasoning": "r", "category": "on_topic"}', "on_topic"],
    ['{"reasoning": "r", "label": "ON TOPIC"}', "on_topic"],
    ["Category: off-topic", "off topic"],
    ["Classification: refusal, since it declines.", "Refusal"],
  ])("matches categories loosely from %j, giving the declared option", (text, category) => {
    expect(point(categorical, text)).toMatchObject({ ok: true, category });
  });

  it("refuses a category that is not declared", () => {
    expect(point(categorical, '{"reasoning": "r", "category": "spam"}')).toMatchObject({ ok: false, error: expect.stringMatching(/on_topic, off topic, Refusal.*spam/) });
  });

  it.each([
    ['{"reasoning": "r", "category": "not_attempted"}', "not_attempted"],
    ["Verdict: Not attempted", "not_attempted"],
    ["Answer: INCORRECT.", "incorrect"],
    ['```\n{"reasoning": "r", "category": "correct"}\n```', "correct"],
  ])("reads factuality from %j", (text, category) => {
    expect(point(factuality, text)).toMatchObject({ ok: true, category });
  });

  it("takes the reasoning from the JSON and ignores braces inside its strings", () => {
    const text = 'Sure! {"reasoning": "The reply says {refund} twice", "score": 2} hope this helps';
    expect(point(likert, text)).toEqual({ ok: true, value: 2, reasoning: "The reply says {refund} twice" });
  });

  it("skips a JSON object without the answer field and finds the next one", () => {
    const text = 'Input was {"q": 1}. Answer: {"reasoning": "ok", "score": 5}';
    expect(point(likert, text)).toEqual({ ok: true, value: 5, reasoning: "ok" });
  });
});

describe("parseJudgeAnswer: pairwise", () => {
  const pair = (order: "AB" | "BA", text: string) => parseJudgeAnswer(preference, "PAIRWISE", order, text);

  it("maps shown positions back to canonical A/B", () => {
    const first = '{"reasoning": "r", "verdict": "first"}';
    expect(pair("AB", first)).toEqual({ ok: true, verdict: "A", reasoning: "r" });
    expect(pair("BA", first)).toEqual({ ok: true, verdict: "B", reasoning: "r" });
    expect(pair("BA", '{"reasoning": "r", "verdict": "second"}')).toMatchObject({ verdict: "A" });
    expect(pair("BA", '{"reasoning": "r", "verdict": "tie"}')).toMatchObject({ verdict: "TIE" });
    expect(pair("BA", '{"reasoning": "r", "verdict": "both_bad"}')).toMatchObject({ verdict: "BOTH_BAD" });
  });

  it.each([
    ["After comparing both, my final verdict is: [[A]]", "AB", "A"],
    ["[[B]]", "AB", "B"],
    ["[[B]]", "BA", "A"],
    ["Final verdict: [[C]]", "AB", "TIE"],
    ["Winner: Assistant A", "BA", "B"],
    ["Verdict: Response 2 is better", "AB", "B"],
    ['{"analysis": "x", "winner": "Both bad"}', "AB", "BOTH_BAD"],
    ['{"reasoning": "x", "preference": "Tie."}', "BA", "TIE"],
    ['```json\n{"reasoning": "x", "verdict": "SECOND"}\n```', "AB", "B"],
  ] as const)("reads %j shown %s as %s", (text, order, verdict) => {
    expect(pair(order, text)).toMatchObject({ ok: true, verdict });
  });

  it("refuses an answer naming no verdict", () => {
    expect(pair("AB", "Both have merits and flaws.")).toMatchObject({ ok: false, raw: "Both have merits and flaws." });
    expect(pair("AB", '{"reasoning": "r", "verdict": "third"}')).toMatchObject({ ok: false, error: expect.stringMatching(/third/) });
  });
});
