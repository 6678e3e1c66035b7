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
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toEqual(["criteria.1.key"]);
    const noOptions = saveRubricSchema.safeParse({ ...base, criteria: [{ key: "c", name: "C", kind: "CATEGORICAL", config: { options: ["x"] } }] });
    expect(noOptions.error!.issues.map((issue) => issue.path.join("."))).toEqual(["criteria.0.config.options"]);
  });
});
