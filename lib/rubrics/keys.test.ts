import { describe, expect, it } from "vitest";
import { CRITERION_KEY_MAX, CRITERION_KEY_PATTERN, keyAfterRename, keyFromName, keyRenameWarning, suggestedKey, uniqueKey } from "./keys";

describe("keyFromName", () => {
  it.each([
    ["Factual accuracy", "factual_accuracy"],
    ["  Tone / style (formal?) ", "tone_style_formal"],
    ["Précision — ÉLÈVE", "precision_eleve"],
    ["2nd opinion", "c_2nd_opinion"],
    ["Safe", "safe"],
    ["正确性", ""],
    ["", ""],
  ])("%j → %j", (name, key) => {
    expect(keyFromName(name)).toBe(key);
    if (key) expect(key).toMatch(CRITERION_KEY_PATTERN);
  });

  it("stays within the key length without a trailing _", () => {
    const key = keyFromName(`${"a".repeat(59)} b`);
    expect(key).toBe("a".repeat(59));
    expect(keyFromName("word ".repeat(30)).length).toBeLessThanOrEqual(CRITERION_KEY_MAX);
  });
});

describe("uniqueKey", () => {
  it("adds _2, _3… only on a real clash", () => {
    expect(uniqueKey("tone", ["safe"])).toBe("tone");
    expect(uniqueKey("tone", ["tone"])).toBe("tone_2");
    expect(uniqueKey("tone", ["tone", "tone_2"])).toBe("tone_3");
    expect(uniqueKey("a".repeat(CRITERION_KEY_MAX), ["a".repeat(CRITERION_KEY_MAX)])).toBe(`${"a".repeat(CRITERION_KEY_MAX - 2)}_2`);
  });
});

describe("keyRenameWarning", () => {
  const series = new Set(["helpful", "safe"]);
  it("warns when a key with a history is changed", () => {
    expect(keyRenameWarning("helpful", "helpfulness", series)).toMatch(/new series.*"helpful"/);
  });
  it("is silent for unchanged keys, new criteria and keys without a history", () => {
    expect(keyRenameWarning("helpful", "helpful", series)).toBeNull();
    expect(keyRenameWarning(undefined, "tone", series)).toBeNull();
    expect(keyRenameWarning("draft_key", "tone", series)).toBeNull();
  });
});

describe("keyAfterRename", () => {
  it("lets a new criterion's key follow its name, with a suffix only on a clash", () => {
    let criterion = { key: "", name: "" };
    for (const name of ["F", "Fact", "Factual accuracy"]) criterion = { key: keyAfterRename(criterion, name, ["tone"]), name };
    expect(criterion.key).toBe("factual_accuracy");
    expect(keyAfterRename(criterion, "Tone", ["tone"])).toBe("tone_2");
    expect(suggestedKey("", ["tone"])).toBe("");
  });

  it("keeps a key typed by hand, and a saved criterion's key", () => {
    expect(keyAfterRename({ key: "accuracy", name: "Factual accuracy" }, "Factual accuracy (strict)", [])).toBe("accuracy");
    expect(keyAfterRename({ key: "helpful", name: "Helpful", savedKey: "helpful" }, "Helpfulness", [])).toBe("helpful");
  });
});
