import { describe, expect, it } from "vitest";
import { prefilledOptions } from "./prefill";

describe("prefilledOptions", () => {
  const base = { fileName: "support-v2.jsonl", datasets: ["golden"], mapping: {}, options: {} };

  it("names new items after the file, and points other uploads at the only dataset", () => {
    expect(prefilledOptions({ ...base, kind: "ITEMS" }).options).toEqual({ dataset: "support-v2" });
    expect(prefilledOptions({ ...base, kind: "JUDGE_SCORES" }).options).toEqual({ dataset: "golden" });
    expect(prefilledOptions({ ...base, kind: "LABELS", datasets: ["golden", "edge-cases"] }).options).toEqual({});
  });

  it("names an outputs file's run after the file unless a column names each row's run", () => {
    expect(prefilledOptions({ ...base, kind: "OUTPUTS" })).toEqual({ options: { dataset: "golden", run: "support-v2" }, filled: { dataset: "golden", run: "support-v2" } });
    expect(prefilledOptions({ ...base, kind: "OUTPUTS", mapping: { run: "model" } }).options).toEqual({ dataset: "golden" });
  });

  it("replaces what it filled for an earlier file or kind, never what was typed", () => {
    const first = prefilledOptions({ ...base, kind: "ITEMS", datasets: [] });
    const asOutputs = prefilledOptions({ ...base, kind: "OUTPUTS", datasets: [], options: first.options, filledBefore: first.filled });
    expect(asOutputs.options).toEqual({ run: "support-v2" });
    // Another file whose rows name their run: the run filled from the first file's name goes.
    const next = prefilledOptions({ ...base, kind: "OUTPUTS", fileName: "both.jsonl", mapping: { run: "run" }, options: asOutputs.options, filledBefore: asOutputs.filled });
    expect(next.options).toEqual({ dataset: "golden" });
    const typed = prefilledOptions({ ...base, kind: "OUTPUTS", options: { dataset: "other", run: "mine" }, filledBefore: { run: "support-v1" } });
    expect(typed.options).toEqual({ dataset: "other", run: "mine" });
  });
});
