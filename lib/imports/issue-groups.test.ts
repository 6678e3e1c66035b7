import { describe, expect, it } from "vitest";
import { fixFor, groupIssues, rowsText } from "./issue-groups";

describe("groupIssues", () => {
  it("puts identical problems in one group with their rows, in order of first appearance", () => {
    const unknown = 'Unknown criterion "preference" (the rubric has helpfulness, safe).';
    const issues = [
      ...Array.from({ length: 200 }, (_, i) => ({ row: i + 2, field: "criterion", message: unknown })),
      { row: 7, field: "value", message: "value must be a number." },
      { row: 9, field: "value", message: "value must be a number." },
      // Same words, another field: another problem.
      { row: 9, field: "category", message: "value must be a number." },
      { field: "options.rubric", message: "No rubric in this project." },
    ];
    const groups = groupIssues(issues);
    expect(groups.map((g) => [g.field, g.count, g.rows.length])).toEqual([
      ["criterion", 200, 200],
      ["value", 2, 2],
      ["category", 1, 1],
      ["options.rubric", 1, 0],
    ]);
    expect(rowsText(groups[0]!)).toBe("200 rows: 2, 3, 4, 5, 6 …");
    expect(rowsText(groups[1]!)).toBe("2 rows: 7, 9");
    expect(rowsText(groups[2]!)).toBe("9");
    expect(rowsText(groups[3]!)).toBe("—");
    expect(groups[0]!.fix).toEqual({ label: "Open the rubrics", path: "/rubrics" });
    expect(groups[1]!.fix).toBeUndefined();
    expect(groups[3]!.fix).toEqual({ label: "Create a rubric", path: "/rubrics/new" });
  });

  it("links each problem that has a fix elsewhere, as the importer words it", () => {
    // The importer's own words (lib/imports/lookups.ts, judge-scores.ts, labels.ts, outputs.ts).
    expect(fixFor("This project has no rubric yet: create one before importing scores or labels.")?.path).toBe("/rubrics/new");
    expect(fixFor('No dataset named "golden" in this project: upload its items first.')?.path).toBe("/datasets/upload?kind=ITEMS");
    expect(fixFor('Unknown dataset "golden".')?.path).toBe("/datasets/upload?kind=ITEMS");
    expect(fixFor('Unknown run "v2" on dataset "golden" v1.')?.path).toBe("/datasets/upload?kind=OUTPUTS");
    expect(fixFor('Run "v2" has no output for item "q1" turn 0 (unknown item, or outputs not imported yet).')?.path).toBe("/datasets/upload?kind=OUTPUTS");
    expect(fixFor('"ann@example.com" is not a member of this project: add them first.')?.path).toBe("/settings");
    expect(fixFor('Unknown item "q9": dataset "golden" v1 has no such externalId.')?.path).toBe("/datasets");
    expect(fixFor("value must be a number.")).toBeUndefined();
  });
});
