import { beforeAll, describe, expect, it } from "vitest";
import type { ValidationIssue } from "@/lib/errors";
import { runImport, type ImportInput } from "./run-import";
import { bytes, createImportFixture, expectRejected, jsonl } from "./test-helpers";
import { checkFile } from "./validate-file";

// The browser's whole-file check must find the duplicate rows the server's
// import finds, on the same rows, in the same words (issue 15).

let fixture: Awaited<ReturnType<typeof createImportFixture>>;

function upload(kind: ImportInput["kind"], text: string, options: Record<string, unknown>) {
  return runImport({ projectId: fixture.project.id, kind, userId: fixture.members.ADMIN.id, fileName: "test", options, source: { bytes: bytes(text) } });
}

const duplicatesOf = (issues: readonly ValidationIssue[]) => issues.filter((issue) => issue.message.startsWith("Duplicate"));

async function serverAndBrowser(kind: ImportInput["kind"], rows: unknown[], options: Record<string, unknown>, judgeKind?: string) {
  const text = jsonl(rows);
  const server = await expectRejected(() => upload(kind, text, options));
  const browser = await checkFile({ bytes: bytes(text), totalBytes: text.length, kind, mapping: {}, judgeKind });
  return { server: duplicatesOf(server), browser: duplicatesOf(browser.issues) };
}

beforeAll(async () => {
  fixture = await createImportFixture();
  await upload("ITEMS", jsonl([{ id: "q1", prompt: "a" }, { id: "q2", prompt: "b" }]), { dataset: "golden" });
  for (const run of ["run-a", "run-b"]) await upload("OUTPUTS", jsonl([{ id: "q1", output: "x" }, { id: "q2", output: "y" }]), { dataset: "golden", run });
});

describe("duplicate rows: browser check and server import agree", () => {
  it("items: an externalId used twice", async () => {
    const { server, browser } = await serverAndBrowser("ITEMS", [{ id: "a", prompt: "1" }, { id: "b", prompt: "2" }, { id: "a", prompt: "3" }, { id: "a", prompt: "4" }], { dataset: "dups" });
    expect(server).toEqual([
      { row: 3, field: "externalId", message: 'Duplicate externalId "a" (first used on row 1).' },
      { row: 4, field: "externalId", message: 'Duplicate externalId "a" (first used on row 1).' },
    ]);
    expect(browser).toEqual(server);
  });

  it("outputs: one item and turn twice for a run, whether rows name their run or the option does", async () => {
    const named = await serverAndBrowser("OUTPUTS", [{ id: "q1", run: "new", output: "1" }, { id: "q1", run: "other", output: "2" }, { id: "q1", run: "new", output: "3" }], { dataset: "golden" });
    expect(named.server).toEqual([{ row: 3, field: "externalId", message: 'Duplicate output for run "new", item "q1" turn 0 (first on row 1).' }]);
    expect(named.browser).toEqual(named.server);
    const option = await serverAndBrowser("OUTPUTS", [{ id: "q2", output: "1" }, { id: "q2", output: "2", turn: 0 }], { dataset: "golden", run: "new" });
    expect(option.server).toEqual([{ row: 2, field: "externalId", message: 'Duplicate output for item "q2" turn 0 (first on row 1).' }]);
    expect(option.browser).toEqual(option.server);
  });

  it("judge scores: a score or a verdict given twice", async () => {
    const pointwise = await serverAndBrowser(
      "JUDGE_SCORES",
      [{ id: "q1", run: "run-a", criterion: "helpfulness", score: 4 }, { id: "q1", run: "run-b", criterion: "helpfulness", score: 4 }, { id: "q1", run: "run-a", criterion: "helpfulness", score: 5 }],
      { dataset: "golden", judge: "j", model: "m" },
    );
    expect(pointwise.server).toEqual([{ row: 3, field: "criterion", message: 'Duplicate score for run "run-a", item "q1", helpfulness (first on row 1).' }]);
    expect(pointwise.browser).toEqual(pointwise.server);
    const verdict = { id: "q1", runA: "run-a", runB: "run-b", criterion: "preference", shownOrder: "AB", verdict: "A" };
    const pairwise = await serverAndBrowser("JUDGE_SCORES", [verdict, { ...verdict, shownOrder: "BA" }, verdict], { dataset: "golden", judge: "j", model: "m", judgeKind: "PAIRWISE" }, "PAIRWISE");
    expect(pairwise.server).toEqual([{ row: 3, field: "shownOrder", message: "Duplicate verdict for this pair and order (first on row 1)." }]);
    expect(pairwise.browser).toEqual(pairwise.server);
  });
});
