export type Issue = { row?: number; field: string; message: string };

/** Every validation problem, by row and field, so a file can be fixed in one pass. */
export function IssueTable({ issues, caption, testId = "import-issues" }: { issues: Issue[]; caption?: string; testId?: string }) {
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
          {issues.map((issue, i) => (
            <tr key={i}>
              <td className="px-3 py-1 tabular-nums">{issue.row ?? "—"}</td>
              <td className="px-3 py-1 font-mono text-xs">{issue.field}</td>
              <td className="px-3 py-1">{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
