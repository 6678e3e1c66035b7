import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { definitionChoices, listDefinitions } from "@/lib/judge-runner/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { NewDefinitionForm } from "./new-definition-form";

export const metadata: Metadata = { title: "Judges" };

// Judges that run inside Touchstone: a prompt, a criterion and a model
// connection, versioned. Leads and admins define and calibrate them.
export default async function JudgesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "judges.write");
  const [definitions, choices] = await Promise.all([listDefinitions(projectId), definitionChoices(projectId)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Judges"
        description="LLM judges defined here: each saved prompt is a new version, measured against the experts on held-out items."
        actions={<ButtonLink variant="secondary" href={`/projects/${projectId}/judges/runs`}>Judge runs</ButtonLink>}
      />
      {definitions.length === 0 ? (
        <EmptyState title="No judges defined yet">Create one below: pick a criterion, a model connection, then edit its prompt and calibrate it in the workbench.</EmptyState>
      ) : (
        <Card title="Definitions">
          <ul className="divide-y divide-slate-100" aria-label="Judge definitions">
            {definitions.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="space-y-1">
                  <Link href={`/projects/${projectId}/judges/${d.id}`} className="font-medium text-brand-700 hover:underline">
                    {d.name}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {d.rubric.name} · <code className="font-mono">{d.criterionKey}</code> · {d.latest ? `v${d.latest.version} on ${d.latest.model}` : "no version"} · {d.versionCount} {d.versionCount === 1 ? "version" : "versions"}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  <Badge tone="brand">{d.mode === "PAIRWISE" ? "pairwise" : "pointwise"}</Badge>
                  {d.promotedJudgeId && <Badge tone="green">promoted</Badge>}
                  <Link href={`/projects/${projectId}/judges/${d.id}/workbench`} className="text-sm font-medium text-brand-700 hover:underline">
                    Workbench
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <NewDefinitionForm projectId={projectId} rubrics={choices.rubrics} connections={choices.connections} />
    </div>
  );
}
