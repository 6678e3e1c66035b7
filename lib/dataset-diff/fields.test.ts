import { describe, expect, it } from "vitest";
import { itemFieldChanges } from "./fields";

const item = { inputText: "How do I reset my password?", inputTurns: null, context: null, reference: "Use the link.", tags: ["account"], group: null, metadata: { source: "faq", level: 1 } };

describe("itemFieldChanges", () => {
  it("names each field that differs with both values as text", () => {
    const changes = itemFieldChanges(item, { ...item, reference: "Use the reset link in Settings.", tags: ["account", "security"] });
    expect(changes).toEqual([
      { field: "reference", before: "Use the link.", after: "Use the reset link in Settings." },
      { field: "tags", before: "account", after: "account, security" },
    ]);
  });

  it("compares a text prompt with a chat, and metadata by content whatever its key order", () => {
    const chat = { ...item, inputText: null, inputTurns: [{ role: "user", content: "Reset?" }], metadata: { level: 1, source: "faq" } };
    const changes = itemFieldChanges(item, chat);
    expect(changes.map((change) => change.field)).toEqual(["input"]);
    expect(changes[0]!.after).toContain('"content": "Reset?"');
    expect(itemFieldChanges(item, { ...item, metadata: { level: 1, source: "faq" } })).toEqual([]);
    expect(itemFieldChanges({ ...item, metadata: {} }, { ...item, metadata: { source: "new" } })).toEqual([{ field: "metadata", before: "", after: expect.stringContaining('"source": "new"') }]);
  });
});
