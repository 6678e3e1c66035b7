import Link from "next/link";
import type { WorkbenchChanges } from "@/lib/judge-runner/version-change";
import type { VersionFigures } from "@/lib/judge-runner/workbench";
import type { AgreementChange } from "@/lib/stats/agreement-change";
import { Figure, type FigureKind, type ShownStat } from "../../../dashboards/figure";

/** A figure per version and, where a paired difference means something, its change from one version to the other. */
type Row = { label: string; kind: FigureKind; of: (v: VersionFigures) => ShownStat | null | undefined; change?: { kind: FigureKind; of: (c: WorkbenchChanges) => AgreementChange | null }; noChange?: string };

const ROWS: Row[] = [
  { label: "Exact agreement", kind: "percent", of: (v) => v.report?.overall.figures.exact, change: { kind: "points", of: (c) => c.exact } },
  { label: "Headline (κ, or Lin's CCC for scores)", kind: "decimal", of: (v) => v.headline, change: { kind: "signed", of: (c) => c.headline } },
  { label: "Mean absolute error", kind: "decimal", of: (v) => v.report?.overall.figures.mae, change: { kind: "signed", of: (c) => c.mae } },
  { label: "Human ceiling: Krippendorff's α", kind: "decimal", of: (v) => v.report?.ceiling.alpha, noChange: "the experts' figure, not the judge's" },
];

const POSITION_ROWS: Row[] = [
  { label: "Position inconsistency (flips with the order)", kind: "percent", of: (v) => v.position?.inconsistencyRate, change: { kind: "points", of: (c) => c.inconsistencyRate } },
  { label: "Prefers the first position", kind: "percent", of: (v) => v.position?.firstPositionPreference, change: { kind: "points", of: (c) => c.firstPositionPreference } },
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

/** Whether a change's interval excludes zero, in words. */
function ChangeVerdict({ change }: { change: AgreementChange }) {
  if (change.excludesZero === null) return null;
  return change.excludesZero ? (
    <span className="block text-xs font-semibold text-emerald-700">interval excludes zero</span>
  ) : (
    <span className="block text-xs text-slate-600">interval includes zero: not a clear change</span>
  );
}

/** The two versions side by side, then each figure's change with its paired interval. */
export function FiguresTable({ projectId, mode, current, compare, changes }: { projectId: string; mode: "POINTWISE" | "PAIRWISE"; current: VersionFigures; compare: VersionFigures | null; changes: WorkbenchChanges | null }) {
  const columns = [compare, current].filter((v): v is VersionFigures => v !== null);
  const rows = mode === "PAIRWISE" ? [...ROWS, ...POSITION_ROWS] : ROWS;
  const showChange = compare !== null && changes !== null;
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
            {showChange && (
              <th className="py-2 pr-4 font-medium">
                Change v{compare.version} → v{current.version}
                <span className="block normal-case text-slate-500">on the units both scored, 95 % paired interval</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          <tr className="border-t border-slate-100">
            <td className="py-2 pr-4 text-slate-700">Held-out run</td>
            {columns.map((v) => (
              <td key={v.judgeId} className="py-2 pr-4"><RunStatus projectId={projectId} figures={v} /></td>
            ))}
            {showChange && <td />}
          </tr>
          <tr className="border-t border-slate-100">
            <td className="py-2 pr-4 text-slate-700">Units judged (held out, with an expert consensus)</td>
            {columns.map((v) => (
              <td key={v.judgeId} className="py-2 pr-4 tabular-nums" data-testid={`units-v${v.version}`}>
                {(v.report?.overall.figures.n ?? 0).toLocaleString("en")}
              </td>
            ))}
            {showChange && <td />}
          </tr>
          {rows.map((row) => {
            const change = showChange && row.change ? row.change.of(changes) : null;
            return (
              <tr key={row.label} className="border-t border-slate-100">
                <td className="py-2 pr-4 text-slate-700">{row.label}</td>
                {columns.map((v) => (
                  <td key={v.judgeId} className="py-2 pr-4" data-testid={`${row.label}-v${v.version}`}>
                    <Figure stat={row.of(v)} kind={row.kind} />
                  </td>
                ))}
                {showChange && (
                  <td className="py-2 pr-4" data-testid={`${row.label}-change`}>
                    {change ? (
                      <>
                        <Figure stat={change} kind={row.change!.kind} />
                        <ChangeVerdict change={change} />
                      </>
                    ) : (
                      <span className="text-xs text-slate-400">{row.change ? "not applicable to this criterion" : row.noChange}</span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
