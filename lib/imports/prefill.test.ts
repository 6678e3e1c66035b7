import { describe, expect, it } from "vitest";
import { prefilledOptions } from "./prefill";

describe("prefilledOptions", () => {
  const base = { fileName: "support-v2.jsonl", datasets: ["golden"], mapping: {}, options: {} };

  it("names new items after the file, and points other uploads at the only dataset", () => {
    expect(prefilledOptions({ ...base, kind: "ITEMS" })).toEqual({ dataset: "support-v2" });
    expect(prefilledOptions({ ...base, kind: "JUDGE_SCORES" })).toEqual({ dataset: "golden" });
    expect(prefilledOptions({ ...base, kind: "LABELS", datasets: ["golden", "edge-cases"] })).toEqual({});
  });

  it("names an outputs file's run after the file unless a column names each row's run", () => {
    expect(prefilledOptions({ ...base, kind: "OUTPUTS" })).toEqual({ dataset: "golden", run: "support-v2" });
    expect(prefilledOptions({ ...base, kind: "OUTPUTS", mapping: { run: "model" } })).toEqual({ dataset: "golden" });
  });

  it("drops what another kind filled in from the file's name when the kind changes", () => {
    const asItems = prefilledOptions({ ...base, kind: "ITEMS" });
    expect(prefilledOptions({ ...base, kind: "OUTPUTS", options: asItems })).toEqual({ dataset: "golden", run: "support-v2" });
    const asOutputs = prefilledOptions({ ...base, kind: "OUTPUTS", datasets: [] });
    expect(prefilledOptions({ ...base, kind: "JUDGE_SCORES", datasets: [], options: asOutputs })).toEqual({});
  });

  it("never replaces what was typed", () => {
    expect(prefilledOptions({ ...base, kind: "OUTPUTS", options: { dataset: "other", run: "mine" } })).toEqual({ dataset: "other", run: "mine" });
  });
});
