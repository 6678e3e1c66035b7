import type { ValidationIssue } from "@/lib/errors";

// Upload problems as people read them: a file with one mistake repeated on
// 200 rows shows one line ("200 rows: Unknown criterion …"), not 200, and a
// problem that has a fix elsewhere in the app links to it. Pure: used by the
// upload screen for both the browser's check and the server's answer.

export type IssueFix = { label: string; /** Under /projects/{id}. */ path: string };

export type IssueGroup = {
  field: string;
  message: string;
  /** Rows in file order; empty for file-level problems. */
  rows: number[];
  /** How many issues the group holds (file-level problems have no row but still count). */
  count: number;
  fix?: IssueFix;
};

/** Identical problems (same field, same words) in one group, in the order they first appear. */
export function groupIssues(issues: readonly ValidationIssue[]): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const issue of issues) {
    const key = `${issue.field}\u0000${issue.message}`;
    let group = groups.get(key);
    if (!group) {
      group = { field: issue.field, message: issue.message, rows: [], count: 0, fix: fixFor(issue.message) };
      groups.set(key, group);
    }
    group.count++;
    if (issue.row !== undefined) group.rows.push(issue.row);
  }
  return [...groups.values()];
}

/** "7", or "200 rows: 3, 4, 5, 9, 12 …" */
export function rowsText(group: Pick<IssueGroup, "rows">, shown = 5): string {
  if (group.rows.length === 0) return "—";
  if (group.rows.length === 1) return String(group.rows[0]);
  const listed = group.rows.slice(0, shown).join(", ");
  return `${group.rows.length.toLocaleString("en")} rows: ${listed}${group.rows.length > shown ? " …" : ""}`;
}

// Each problem whose fix is another screen, recognised by the words the
// importer uses for it (lib/imports/lookups.ts, judge-scores.ts, labels.ts,
// outputs.ts; issue-groups.test.ts holds them to those words).
const FIXES: { pattern: RegExp; fix: IssueFix }[] = [
  { pattern: /^(No rubric in this project|This project has no rubric yet)/, fix: { label: "Create a rubric", path: "/rubrics/new" } },
  { pattern: /^(Unknown criterion|The rubric has no criteria|Rubric ".*" has no criteria)/, fix: { label: "Open the rubrics", path: "/rubrics" } },
  { pattern: /^(Unknown dataset|No dataset named)/, fix: { label: "Upload the dataset's items", path: "/datasets/upload?kind=ITEMS" } },
  { pattern: /^(Unknown run|Run ".*" has no output for item)/, fix: { label: "Upload the run's outputs", path: "/datasets/upload?kind=OUTPUTS" } },
  { pattern: /is not a member of this project/, fix: { label: "Add members", path: "/settings" } },
  { pattern: /^Unknown item/, fix: { label: "See the dataset's items", path: "/datasets" } },
];

export function fixFor(message: string): IssueFix | undefined {
  return FIXES.find(({ pattern }) => pattern.test(message))?.fix;
}
