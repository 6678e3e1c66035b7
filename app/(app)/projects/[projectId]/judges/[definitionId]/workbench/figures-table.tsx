import Link from "next/link";
import type { VersionFigures } from "@/lib/judge-runner/workbench";
import type { AgreementChange } from "@/lib/stats/agreement-change";
import { Figure, type FigureKind, type ShownStat } from "../../../dashboards/figure";

type Row = { label: string; kind: FigureKind; of: (v: VersionFigures) => ShownStat | null | undefined };

const ROWS: Row[] = [
  { label: "Exact agreement", kind: "percent", of: (v) => v.report?.overall.figures.exact },
  { label: "Headline (κ, or Lin's CCC for scores)", kind: "decimal", of: (v) => v.headline },
  { label: "Mean absolute error", kind: "decimal", of: (v) => v.report?.overall.figures.mae },
  { label: "Human ceiling: Krippendorff's α", kind: "decimal", of: (v) => v.report?.ceiling.alpha },
];

const POSITION_ROWS: Row[] = [
  { label: "Position inconsistency (flips with the order)", kind: "percent", of: (v) => v.position?.inconsistencyRate },
  { label: "Prefers the first position", kind: "percent", of: (v) => v.position?.firstPositionPreference },
];

function RunStatus({ projectId, figures }: { projectId: string; figures: VersionFigures }) {
  const run = figures.run;
  if (!run) return <span className="text-xs text-slate-500">not run on the held-out set yet</span>;
  return (
    <span className="text-xs text-slate-600">
      <span data-testid={`run-v${figures.version}`}>
        {run.status.toLowerCase()} · {run.done}/{run.total} calls{run.errors > 0 ? ` · ${run.errors} errors` : ""}
        {run.failure ? ` · ${run.failure}` : ""}
      </span>{" "}
      <Link href={`/projects/${projectId}/judges/runs/${run.id}`} className="text-brand-700 hover:underline">
        run details
      </Link>
    </span>
  );
}

/** The two versions side by side, then the change in exact agreement with its interval. */
export function FiguresTable({ projectId, mode, current, compare, change }: { projectId: string; mode: "POINTWISE" | "PAIRWISE"; current: VersionFigures; compare: VersionFigures | null; change: AgreementChange | null }) {
  const columns = [compare, current].filter((v): v is VersionFigures => v !== null);
  const rows = mode === "PAIRWISE" ? [...ROWS, ...POSITION_ROWS] : ROWS;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Held-out figures">
        <thead>
          <tr className="text-xs uppercase text-slate-500">
            <th className="py-2 pr-4 font-medium">Figure</th>
            {columns.map((v) => (
              <th key={v.judgeId} className="py-2 pr-4 font-medium">
                v{v.version}{v.swapAverage ? " · swap-averaged" : ""}
                <span className="block normal-case text-slate-500">{v.changeNote || "no change note"}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="border-t border-slate-100">
            <td className="py-2 pr-4 text-slate-700">Held-out run</td>
            {columns.map((v) => (
              <td key={v.judgeId} className="py-2 pr-4"><RunStatus projectId={projectId} figures={v} /></td>
            ))}
          </tr>
          <tr className="border-t border-slate-100">
            <td className="py-2 pr-4 text-slate-700">Units judged (held out, with an expert consensus)</td>
            {columns.map((v) => (
              <td key={v.judgeId} className="py-2 pr-4 tabular-nums" data-testid={`units-v${v.version}`}>
                {(v.report?.overall.figures.n ?? 0).toLocaleString("en")}
              </td>
            ))}
          </tr>
          {rows.map((row) => (
            <tr key={row.label} className="border-t border-slate-100">
              <td className="py-2 pr-4 text-slate-700">{row.label}</td>
              {columns.map((v) => (
                <td key={v.judgeId} className="py-2 pr-4" data-testid={`${row.label}-v${v.version}`}>
                  <Figure stat={row.of(v)} kind={row.kind} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {compare && change && (
        <p className="mt-4 text-sm text-slate-800" data-testid="version-change">
          Change in exact agreement, v{compare.version} → v{current.version}, on the units both scored:{" "}
          <Figure stat={change} kind="points" />{" "}
          {change.excludesZero === null ? null : change.excludesZero ? (
            <strong className="text-emerald-700">the interval excludes zero</strong>
          ) : (
            <span className="text-slate-600">the interval includes zero: not a clear change</span>
          )}
        </p>
      )}
    </div>
  );
}
