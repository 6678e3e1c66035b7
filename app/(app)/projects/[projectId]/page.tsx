import type { Metadata } from "next";
import { StatTile } from "@/components/stat-tile";
import { Card } from "@/components/ui/card";
import { requireProjectPage } from "@/lib/projects/access";
import { checklistComplete, firstHourChecklist } from "@/lib/projects/checklist";
import { projectOverview } from "@/lib/projects/queries";
import { FirstHourChecklist } from "./first-hour-checklist";

export const metadata: Metadata = { title: "Overview" };

export default async function ProjectOverviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, can } = await requireProjectPage(projectId, "project.view");
  const overview = await projectOverview(projectId);
  const steps = firstHourChecklist(overview.checklist);
  const empty = [overview.datasets, overview.runs, overview.judges, overview.rubrics, overview.openTasks, overview.labels].every((count) => count === 0);
  return (
    <div className="space-y-6">
      {project.description && <p className="max-w-3xl text-slate-700">{project.description}</p>}
      {!checklistComplete(steps) && <FirstHourChecklist projectId={projectId} steps={steps} can={can} />}
      {/* Seven zeros say nothing: an empty project shows only the checklist. */}
      {!empty && <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        <StatTile label="Datasets" value={overview.datasets} />
        <StatTile label="Runs" value={overview.runs} />
        <StatTile label="Judges" value={overview.judges} />
        <StatTile label="Rubrics" value={overview.rubrics} />
        <StatTile label="Members" value={overview.members} />
        <StatTile label="Open tasks" value={overview.openTasks} />
        <StatTile label="Labels" value={overview.labels} />
      </dl>}
      <Card title="Review settings" description="Defaults for new review setups.">
        <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
          <Setting label="Mode" value={project.defaultMode.toLowerCase()} />
          <Setting label="Reviewers per task (overlap)" value={String(project.overlap)} />
          <Setting label="Blind review" value={project.blindReview ? "on: model names and judge scores hidden" : "off"} />
          <Setting label="Left/right order" value={project.randomizeOrder ? "randomised and recorded" : "fixed"} />
          <Setting label="Reference answer" value={project.showReference ? "shown to reviewers" : "hidden from reviewers"} />
          <Setting label="Task lease" value={`${Math.round(project.leaseSeconds / 60)} min`} />
        </dl>
      </Card>
    </div>
  );
}

function Setting({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-slate-100 py-1.5">
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium text-slate-900">{value}</dd>
    </div>
  );
}
