import { describe, expect, it } from "vitest";
import { bytes, jsonl } from "./test-helpers";
import { checkFile, type FileCheckProgress } from "./validate-file";

// The browser's whole-file check (run in a Web Worker by the upload screen).

describe("checkFile", () => {
  it("reads every row, reports problems by row and field, and reports progress", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: `q${i}`, prompt: `Question ${i} ${"x".repeat(50)}` }));
    const text = jsonl(rows).split("\n");
    text[9] = JSON.stringify({ id: "q9" }); // no input
    text[199] = '{"id": "q199", "prompt": '; // malformed
    const file = text.join("\n");
    const progress: FileCheckProgress[] = [];
    const result = await checkFile({ bytes: bytes(file), totalBytes: file.length, kind: "ITEMS", mapping: {}, onProgress: (p) => progress.push(p), progressEveryMs: 0 });
    expect(result).toMatchObject({ rows: 299, issueCount: 2, bytesRead: Buffer.byteLength(file) });
    expect(result.issues).toEqual([
      { row: 10, field: "input", message: expect.stringContaining("Required: input") },
      { row: 200, field: "(row)", message: expect.stringContaining("Malformed JSON") },
    ]);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)!.bytesRead).toBeGreaterThan(progress[0]!.bytesRead);
  });

  it("keeps the first problems but counts them all; file-level problems have no row", async () => {
    const file = jsonl(Array.from({ length: 50 }, (_, i) => ({ id: i })));
    const result = await checkFile({ bytes: bytes(file), totalBytes: file.length, kind: "ITEMS", mapping: {}, maxIssues: 5 });
    expect(result.issueCount).toBe(50);
    expect(result.issues).toHaveLength(5);
    const empty = await checkFile({ bytes: bytes(""), totalBytes: 0, kind: "ITEMS", mapping: {} });
    expect(empty.issues).toEqual([{ field: "(file)", message: expect.stringContaining("empty"), row: undefined }]);
  });

  it("checks Label Studio exports as labels and lists their users and controls", async () => {
    const tasks = [
      {
        id: 1,
        data: { externalId: "q1", run: "v1" },
        annotations: [
          { id: 10, completed_by: 3, result: [{ from_name: "helpfulness", type: "rating", value: { rating: 4 } }] },
          { id: 11, completed_by: { id: 4, email: "Ana@Example.com" }, result: [{ from_name: "tone", type: "choices", value: { choices: [] } }] },
        ],
      },
    ];
    const file = JSON.stringify(tasks);
    const result = await checkFile({ bytes: bytes(file), totalBytes: file.length, kind: "LABELS", mapping: { "reviewer:3": "bo@example.com" } });
    expect(result.labelStudio).toEqual({
      users: [
        { key: "3", email: undefined },
        { key: "4", email: "ana@example.com" },
      ],
      controls: [
        { fromName: "helpfulness", type: "rating" },
        { fromName: "tone", type: "choices" },
      ],
    });
    expect(result.issues).toEqual([{ row: 1, field: "annotations.1.result.0.value.choices", message: "Task 1, annotation 11 (tone): No choice selected; a criterion takes exactly one." }]);
  });

  it("pairwise judge scores use the pairwise row schema", async () => {
    const file = jsonl([{ id: "q1", runA: "a", runB: "b", shownOrder: "AB", verdict: "maybe" }]);
    const result = await checkFile({ bytes: bytes(file), totalBytes: file.length, kind: "JUDGE_SCORES", mapping: {}, judgeKind: "PAIRWISE" });
    expect(result.issues).toEqual([{ row: 1, field: "verdict", message: expect.stringContaining("verdict must be A, B") }]);
  });
});
