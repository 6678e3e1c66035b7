import Link from "next/link";
import { groupIssues, rowsText, type IssueFix } from "@/lib/imports/issue-groups";

export type Issue = { row?: number; field: string; message: string };

/**
 * Every validation problem, so a file can be fixed in one pass: identical
 * problems grouped on one line with their rows, and a link to the screen that
 * fixes a problem when there is one (lib/imports/issue-groups.ts).
 */
export function IssueTable({ projectId, issues, caption, testId = "import-issues" }: { projectId: string; issues: Issue[]; caption?: string; testId?: string }) {
  const groups = groupIssues(issues);
  return (
    <div className="mt-4 max-h-96 overflow-auto rounded-md border border-red-200">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="bg-red-50 px-3 py-2 text-left font-medium text-red-800">
          {caption ?? `${issues.length.toLocaleString("en")} problem${issues.length === 1 ? "" : "s"} to fix (nothing was imported)`}
        </caption>
        <thead className="bg-red-50 text-xs uppercase tracking-wide text-red-900">
          <tr>
            <th scope="col" className="px-3 py-1 font-medium">Row</th>
            <th scope="col" className="px-3 py-1 font-medium">Field</th>
            <th scope="col" className="px-3 py-1 font-medium">Problem</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-red-100">
          {groups.map((group) => (
            <tr key={`${group.field}\u0000${group.message}`}>
              <td className="px-3 py-1 align-top tabular-nums">{rowsText(group)}</td>
              <td className="px-3 py-1 align-top font-mono text-xs">{group.field}</td>
              <td className="px-3 py-1">
                {group.message}
                {group.fix && <FixLink projectId={projectId} fix={group.fix} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FixLink({ projectId, fix }: { projectId: string; fix: IssueFix }) {
  return (
    <>
      {" "}
      <Link href={`/projects/${projectId}${fix.path}`} className="whitespace-nowrap font-medium text-brand-700 underline underline-offset-2">
        {fix.label} →
      </Link>
    </>
  );
}
