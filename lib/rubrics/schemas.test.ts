import { describe, expect, it } from "vitest";
import { saveRubricSchema } from "./schemas";

const base = { projectId: "p", name: "Quality" };

describe("saveRubricSchema", () => {
  it("accepts all six kinds with their settings", () => {
    const result = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { key: "helpful", name: "Helpful", kind: "LIKERT", config: { min: 1, max: 3, anchors: ["bad", "ok", "good"] } },
        { key: "safe", name: "Safe", kind: "BINARY" },
        { key: "tone", name: "Tone", kind: "CATEGORICAL", config: { options: ["warm", "curt"] }, required: false },
        { key: "pref", name: "Preference", kind: "PREFERENCE" },
        { key: "rank", name: "Ranking", kind: "RANKING" },
        { key: "fact", name: "Correct", kind: "FACTUALITY" },
      ],
    });
    expect(result.success).toBe(true);
    if (result.success) expect(result.data.criteria[2]).toMatchObject({ required: false, config: { options: ["warm", "curt"] } });
  });

  it("names the field of a bad likert range and anchor count", () => {
    const result = saveRubricSchema.safeParse({ ...base, criteria: [{ key: "h", name: "H", kind: "LIKERT", config: { min: 3, max: 2, anchors: [] } }] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toContain("criteria.0.config.max");
  });

  it("rejects duplicate keys and categorical without options", () => {
    const result = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { key: "a", name: "A", kind: "BINARY" },
        { key: "a", name: "A2", kind: "CATEGORICAL", config: { options: ["x", "y"] } },
      ],
    });
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["criteria.1.key", 'Criterion 2 "A2": key "a" is already used by criterion 1 "A".']]);
    const noOptions = saveRubricSchema.safeParse({ ...base, criteria: [{ key: "c", name: "C", kind: "CATEGORICAL", config: { options: ["x"] } }] });
    expect(noOptions.error!.issues.map((issue) => issue.path.join("."))).toEqual(["criteria.0.config.options"]);
  });

  it("makes a blank key from the name, unique within the rubric", () => {
    const result = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { name: "Factual accuracy", kind: "BINARY" },
        { key: "", name: "Factual  accuracy!", kind: "BINARY" },
        { key: "factual_accuracy_2", name: "Other", kind: "BINARY" },
        { name: "Tone", kind: "BINARY" },
      ],
    });
    expect(result.data?.criteria.map((c) => c.key)).toEqual(["factual_accuracy", "factual_accuracy_3", "factual_accuracy_2", "tone"]);
  });

  it("names the criterion in every problem, never making a key for an unnamed one", () => {
    const result = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { key: "", name: "", kind: "BINARY" },
        { key: "Bad Key", name: "Tone", kind: "BINARY" },
        { name: "正确性", kind: "BINARY" },
        { key: "tone", name: "Tone", kind: "CATEGORICAL", config: { options: ["x"] } },
      ],
    });
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["criteria.0.name", "Criterion 1: name is required."],
      ["criteria.1.key", 'Criterion 2 "Tone": key "Bad Key" may use only lower-case letters, digits and _, and must start with a letter.'],
      ["criteria.2.key", expect.stringMatching(/^Criterion 3 "正确性": key is required: type one/)],
      ["criteria.3.config.options", 'Criterion 4 "Tone": give at least two options.'],
    ]);
  });

  it("reports a clash even when the first criterion has other problems", () => {
    const result = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { key: "tone", name: "Tone", kind: "CATEGORICAL", config: { options: ["x"] } },
        { key: "tone", name: "Voice", kind: "BINARY" },
        { key: 7, name: 8, kind: "BINARY" },
      ],
    });
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["criteria.0.config.options", 'Criterion 1 "Tone": give at least two options.'],
      ["criteria.1.key", 'Criterion 2 "Voice": key "tone" is already used by criterion 1 "Tone".'],
      ["criteria.2.name", expect.stringMatching(/^Criterion 3: invalid input/)],
    ]);
  });

  it("asks a criterion of each output in pairwise tasks unless told once of the comparison, which only answer kinds that name no output allow", () => {
    const likert = { kind: "LIKERT", config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } };
    const result = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { key: "helpful", name: "Helpful", ...likert },
        { key: "confident", name: "Confidence", ...likert, pairwiseScope: "COMPARISON" },
        { key: "fit", name: "Fit", kind: "CATEGORICAL", config: { options: ["yes", "no"] }, pairwiseScope: "COMPARISON" },
      ],
    });
    expect(result.data?.criteria.map((c) => c.pairwiseScope)).toEqual(["EACH_OUTPUT", "COMPARISON", "COMPARISON"]);

    const refused = saveRubricSchema.safeParse({
      ...base,
      criteria: [
        { key: "pref", name: "Preference", kind: "PREFERENCE", pairwiseScope: "COMPARISON" },
        { key: "fact", name: "Correct", kind: "FACTUALITY", pairwiseScope: "EACH_OUTPUT" },
        { key: "odd", name: "Odd", ...likert, pairwiseScope: "BOTH" },
      ],
    });
    expect(refused.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["criteria.0.pairwiseScope", 'Criterion 1 "Preference": only these kinds can be asked once of the comparison: Likert scale, Pass / fail, Categories, Score (real number on a range). Ask this one of each output.'],
      ["criteria.2.pairwiseScope", 'Criterion 3 "Odd": pairwiseScope is EACH_OUTPUT (ask it of each output) or COMPARISON (once, about the comparison).'],
    ]);
  });
});
