import { describe, expect, it } from "vitest";
import { editorReducer, stateFrom, toDraft, type VersionSource } from "./editor-state";

const version: VersionSource = {
  version: 3,
  connectionId: "conn",
  template: { system: "S", user: "U {{output}}" },
  params: { temperature: 0, seed: 4 },
  fewShotK: 2,
  bothOrders: true,
  swapAverage: true,
};

describe("the judge editor's state", () => {
  it("starts from a saved version with an empty change note and reads back the same draft", () => {
    const state = stateFrom(version, "other");
    expect(state).toMatchObject({ baseVersion: 3, connectionId: "conn", temperature: "0", maxTokens: "", seed: "4", fewShotK: "2", changeNote: "" });
    expect(toDraft(state)).toEqual({
      ok: true,
      draft: { connectionId: "conn", template: { system: "S", user: "U {{output}}" }, params: { temperature: 0, seed: 4 }, fewShotK: 2, bothOrders: true, swapAverage: true, changeNote: "" },
    });
    expect(stateFrom({ ...version, connectionId: null }, "fallback").connectionId).toBe("fallback");
  });

  it("makes a saved draft the base of the next edit", () => {
    const edited = editorReducer(stateFrom(version, "c"), { type: "set", field: "changeNote", value: "shorter" });
    expect(editorReducer(edited, { type: "saved", version: 4 })).toMatchObject({ baseVersion: 4, changeNote: "", user: "U {{output}}" });
  });

  it("names the fields that are not numbers yet", () => {
    const state = editorReducer(editorReducer(stateFrom(version, "c"), { type: "set", field: "maxTokens", value: "12.5" }), { type: "set", field: "temperature", value: "warm" });
    const draft = toDraft(state);
    expect(draft.ok).toBe(false);
    if (!draft.ok) expect(draft.issues.map((i) => i.field)).toEqual(["temperature", "maxTokens"]);
  });

  it("turns swap-averaging off with both orders, and inserts variables where the cursor is", () => {
    const state = editorReducer(stateFrom(version, "c"), { type: "toggle", field: "bothOrders", value: false });
    expect(state).toMatchObject({ bothOrders: false, swapAverage: false });
    expect(editorReducer(state, { type: "insertVariable", part: "user", name: "reference", at: 2 }).user).toBe("U {{reference}}{{output}}");
    expect(editorReducer(state, { type: "insertVariable", part: "system", name: "criterion", at: 99 }).system).toBe("S{{criterion}}");
  });
});
