import { describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import { answersFromValues, buildLabelValues, taskFields, type CriterionSpec } from "./fields";

// Criteria asked once of a pairwise comparison (Criterion.pairwiseScope):
// one field per task, beside the preference, stored as one value on the pair.

const likert = (id: string, pairwiseScope: CriterionSpec["pairwiseScope"] = "EACH_OUTPUT"): CriterionSpec => ({
  id,
  key: id,
  name: id[0]!.toUpperCase() + id.slice(1),
  description: "",
  kind: "LIKERT",
  required: true,
  config: { min: 1, max: 5, anchors: ["", "", "", "", ""] },
  pairwiseScope,
});
const preference: CriterionSpec = { id: "preference", key: "preference", name: "Preference", description: "", kind: "PREFERENCE", required: true, config: {} };
const helpful = likert("helpful");
const confident = likert("confident", "COMPARISON");
const gap = likert("gap", "COMPARISON");

// Shown B first: "z-out" is on the left, "a-out" (the smaller id) on the right.
const shown = ["z-out", "a-out"];

describe("taskFields with criteria asked of the comparison", () => {
  it("gives them one field each, right after the preference, whatever their place in the rubric", () => {
    const fields = taskFields("PAIRWISE", [confident, helpful, preference, gap], shown);
    expect(fields.map((field) => field.id)).toEqual(["preference", "confident", "gap", "helpful@z-out", "helpful@a-out"]);
    expect(fields.find((field) => field.id === "confident")!.outputId).toBeUndefined();
  });

  it("keeps rubric order when the rubric has no criterion about the pair", () => {
    expect(taskFields("PAIRWISE", [helpful, likert("accurate")], shown).map((field) => field.id)).toEqual(["helpful@z-out", "helpful@a-out", "accurate@z-out", "accurate@a-out"]);
  });

  it("asks them of each output in single-output tasks, where there is no comparison", () => {
    expect(taskFields("SINGLE", [confident], ["only"]).map((field) => field.id)).toEqual(["confident@only"]);
  });

  it("ignores the scope of a kind that cannot be asked of the comparison (a stored factuality criterion)", () => {
    const factuality: CriterionSpec = { ...helpful, id: "fact", key: "fact", kind: "FACTUALITY", config: {}, pairwiseScope: "COMPARISON" };
    expect(taskFields("PAIRWISE", [factuality], shown).map((field) => field.id)).toEqual(["fact@z-out", "fact@a-out"]);
  });
});

describe("buildLabelValues for the comparison", () => {
  const fields = taskFields("PAIRWISE", [preference, confident, gap], shown);
  const answers = { preference: { kind: "preference" as const, winner: "z-out" }, confident: { kind: "score" as const, value: 4 }, gap: { kind: "score" as const, value: 2 } };

  it("stores one value per criterion on the sorted pair, as the preference is stored", () => {
    const rows = buildLabelValues(fields, answers, shown);
    expect(rows).toEqual([
      { criterionId: "preference", targetKey: "a-out:z-out", outputId: "a-out", otherOutputId: "z-out", value: null, category: "B" },
      { criterionId: "confident", targetKey: "a-out:z-out", outputId: "a-out", otherOutputId: "z-out", value: 4, category: null },
      { criterionId: "gap", targetKey: "a-out:z-out", outputId: "a-out", otherOutputId: "z-out", value: 2, category: null },
    ]);
  });

  it("reads them back into the same answers when a label is reopened", () => {
    expect(answersFromValues(fields, buildLabelValues(fields, answers, shown))).toEqual(answers);
  });

  it("refuses a comparison answer off the scale, naming the criterion without an output", () => {
    const bad = () => buildLabelValues(fields, { ...answers, gap: { kind: "score", value: 9 } }, shown, (id) => (id === "z-out" ? "A" : "B"));
    expect(bad).toThrow(SafeError);
    expect(bad).toThrow("Gap: Give a whole number from 1 to 5.");
  });

  it("refuses an answer for one output of a criterion asked of the comparison", () => {
    expect(() => buildLabelValues(fields, { ...answers, "confident@z-out": { kind: "score", value: 3 } }, shown, { nameOutput: () => "A", nameCriterion: () => "Confident" })).toThrow(
      '"Confident" for Output A is not asked in this task',
    );
  });
});
