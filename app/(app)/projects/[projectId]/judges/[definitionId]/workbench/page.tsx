import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listDefinitions } from "@/lib/judge-runner/queries";
import { loadWorkbench } from "@/lib/judge-runner/workbench";
import { requireProjectPage } from "@/lib/projects/access";
import { DisagreementList } from "./disagreement-list";
import { FiguresTable } from "./figures-table";
import { LiveRefresh } from "./live-refresh";
import { WorkbenchActions } from "./workbench-actions";

export const metadata: Metadata = { title: "Alignment workbench" };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// Leads and admins calibrate a judge against the experts: figures on the
// held-out items only, the change a new version makes, and the items it gets
// wrong, with one click to turn an item into an example.
export default async function WorkbenchPage({ params, searchParams }: { params: Promise<{ projectId: string; definitionId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId, definitionId } = await params;
  await requireProjectPage(projectId, "judges.write");
  const query = await searchParams;
  const [bench, definitions] = await Promise.all([loadWorkbench(projectId, definitionId, { judgeId: one(query.version), compareId: one(query.compare) }), listDefinitions(projectId)]);
  const { definition, current, compare } = bench;
  const base = `/projects/${projectId}/judges/${definitionId}`;
  const active = [current.run, compare?.run].some((run) => run && (run.status === "QUEUED" || run.status === "RUNNING"));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Alignment workbench"
        description={`${definition.name} on ${bench.criterion.name}: agreement with the experts on ${bench.heldOut} held-out items (never used as examples).`}
        actions={<ButtonLink variant="secondary" href={base}>Edit the prompt or examples</ButtonLink>}
      />
      <LiveRefresh active={active} />
      <Card title="Judge and versions">
        <form className="flex flex-wrap items-end gap-4 text-sm" method="get">
          <div className="space-y-1">
            <span className="block font-medium text-slate-800">Judge (criterion)</span>
            <span className="flex flex-wrap gap-2">
              {definitions.map((d) => (
                <Link key={d.id} href={`/projects/${projectId}/judges/${d.id}/workbench`} aria-current={d.id === definitionId ? "page" : undefined} className={`rounded-md px-2 py-1 ${d.id === definitionId ? "bg-brand-100 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}>
                  {d.name} · {d.criterionKey}
                </Link>
              ))}
            </span>
          </div>
          <label className="space-y-1">
            <span className="block font-medium text-slate-800">Version</span>
            <select name="version" defaultValue={current.judgeId} className="rounded-md border border-slate-300 px-2 py-1">
              {definition.versions.map((v) => (
                <option key={v.id} value={v.id}>v{v.version}{v.id === definition.promotedJudgeId ? " (promoted)" : ""}</option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block font-medium text-slate-800">Compare with</span>
            <select name="compare" defaultValue={compare?.judgeId ?? ""} className="rounded-md border border-slate-300 px-2 py-1">
              <option value="">—</option>
              {definition.versions.map((v) => (
                <option key={v.id} value={v.id}>v{v.version}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-100">Show</button>
        </form>
      </Card>
      <Card
        title="Agreement with the experts on the held-out set"
        description={`The dashboards' figures with 95 % intervals, on held-out items only (${bench.split.pool} items are in the example pool). Scores land here as the version's run progresses.`}
        actions={<WorkbenchActions projectId={projectId} definitionId={definitionId} judgeId={current.judgeId} version={current.version} promoted={definition.promotedJudgeId === current.judgeId} />}
      >
        <FiguresTable projectId={projectId} mode={definition.mode} current={current} compare={compare} changes={bench.changes} />
        {definition.promotedJudgeId && (
          <p className="mt-3 text-xs text-slate-600">
            <Badge tone="green">promoted</Badge> v{definition.versions.find((v) => v.id === definition.promotedJudgeId)?.version} is the project&apos;s judge for {bench.criterion.name}.
          </p>
        )}
      </Card>
      <DisagreementList projectId={projectId} definitionId={definitionId} version={current.version} disagreements={bench.disagreements} />
    </div>
  );
}
