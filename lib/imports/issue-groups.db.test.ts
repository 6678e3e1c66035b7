import { beforeAll, describe, expect, it } from "vitest";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { groupIssues, rowsText } from "./issue-groups";
import { runImport, type ImportInput } from "./run-import";
import { bytes, createImportFixture, expectRejected, jsonl } from "./test-helpers";

// The server's real answers, grouped as the upload screen shows them: the
// words the fixes are recognised by must be the words the importer uses.

let fixture: Awaited<ReturnType<typeof createImportFixture>>;

function upload(projectId: string, userId: string, kind: ImportInput["kind"], rows: unknown[], options: Record<string, unknown>) {
  return runImport({ projectId, kind, userId, fileName: "test", options, source: { bytes: bytes(jsonl(rows)) } });
}

beforeAll(async () => {
  fixture = await createImportFixture();
  const { project, members } = fixture;
  await upload(project.id, members.ADMIN.id, "ITEMS", Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, prompt: "p" })), { dataset: "golden" });
  await upload(project.id, members.ADMIN.id, "OUTPUTS", Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, output: "o" })), { dataset: "golden", run: "run-a" });
});

describe("grouped import errors", () => {
  it("shows one line for a criterion unknown on every row, with the rubric as its fix", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, run: i === 29 ? "run-z" : "run-a", criterion: i === 29 ? "helpfulness" : "verbosity", score: 1 }));
    const issues = await expectRejected(() => upload(fixture.project.id, fixture.members.ADMIN.id, "JUDGE_SCORES", rows, { dataset: "golden", judge: "j", model: "m" }));
    const groups = groupIssues(issues);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ field: "criterion", count: 29, message: expect.stringMatching(/^Unknown criterion "verbosity" \(the rubric has helpfulness, /), fix: { path: "/rubrics" } });
    expect(rowsText(groups[0]!)).toBe("29 rows: 1, 2, 3, 4, 5 …");
    expect(groups[1]).toMatchObject({ field: "run", rows: [30], fix: { path: "/datasets/upload?kind=OUTPUTS" } });
  });

  it("sends a project without a rubric to create one", async () => {
    const { project, members } = await createProjectWithMembers(["ADMIN"]);
    await upload(project.id, members.ADMIN.id, "ITEMS", [{ id: "q1", prompt: "p" }], { dataset: "golden" });
    await upload(project.id, members.ADMIN.id, "OUTPUTS", [{ id: "q1", output: "o" }], { dataset: "golden", run: "r" });
    const issues = await expectRejected(() => upload(project.id, members.ADMIN.id, "JUDGE_SCORES", [{ id: "q1", run: "r", criterion: "c", score: 1 }], { dataset: "golden", judge: "j", model: "m" }));
    const fixes = groupIssues(issues).map((group) => group.fix?.path);
    expect(fixes).toContain("/rubrics/new");
  });
});
