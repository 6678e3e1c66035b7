import { describe, expect, it } from "vitest";
import { parseMetadataLines, ruleFieldsSchema, splitList, updateRuleSchema } from "./rule-schemas";

describe("evaluation rule fields", () => {
  it("fills the defaults and refuses a rate outside (0, 1] in plain words", () => {
    expect(ruleFieldsSchema.parse({ name: " Tone ", judgeId: "j", samplingRate: 0.1 })).toEqual({
      name: "Tone", judgeId: "j", samplingRate: 0.1, segments: [], models: [], appVersions: [], metadataFilter: {}, dailyCostCapUsd: null, enabled: true,
    });
    const zero = ruleFieldsSchema.safeParse({ name: "x", judgeId: "j", samplingRate: 0 });
    expect(zero.success || zero.error.issues[0]).toMatchObject({ path: ["samplingRate"], message: "The sampling rate must be above 0." });
    const cap = ruleFieldsSchema.safeParse({ name: "x", judgeId: "j", samplingRate: 1, dailyCostCapUsd: 0 });
    expect(cap.success || cap.error.issues[0]!.path).toEqual(["dailyCostCapUsd"]);
  });

  it("leaves out of a change what it does not name (no defaults filled in)", () => {
    expect(updateRuleSchema.parse({ enabled: false })).toEqual({ enabled: false });
  });

  it("reads the form's lists and metadata lines, naming a bad line", () => {
    expect(splitList(" enterprise, free ,,")).toEqual(["enterprise", "free"]);
    expect(parseMetadataLines("locale = fr\n\ntier=pro=1")).toEqual({ ok: true, value: { locale: "fr", tier: "pro=1" } });
    expect(parseMetadataLines("locale=fr\nnope")).toEqual({ ok: false, message: "Metadata line 2: write key=value." });
  });
});
