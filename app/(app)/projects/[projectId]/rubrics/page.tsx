import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireProjectPage } from "@/lib/projects/access";
import { listRubrics } from "@/lib/rubrics/queries";
import { KIND_LABELS, type CriterionKindName } from "@/lib/rubrics/kinds";

export const metadata: Metadata = { title: "Rubrics" };

export default async function RubricsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "rubrics.read");
  const canWrite = can("rubrics.write");
  const rubrics = await listRubrics(projectId);
  return (
    <div>
      <PageHeader
        title="Rubrics"
        description={canWrite ? "What reviewers judge, criterion by criterion." : "What reviewers judge, criterion by criterion. Read-only: admins edit rubrics."}
        actions={canWrite && <ButtonLink href={`/projects/${projectId}/rubrics/new`}>New rubric</ButtonLink>}
      />
      {rubrics.length === 0 ? (
        <EmptyState title="No rubrics yet">Define the criteria experts score: likert scales, pass/fail, categories, preference, ranking and factuality.</EmptyState>
      ) : (
        <div className="space-y-4">
          {rubrics.map((rubric) => (
            <Card
              key={rubric.id}
              title={rubric.name}
              description={rubric.latest ? `Version ${rubric.latest.version} · ${rubric.latest._count.labels} labels` : "No version"}
              actions={
                <ButtonLink variant="secondary" href={`/projects/${projectId}/rubrics/${rubric.id}`} aria-label={`${canWrite ? "Edit" : "View"} ${rubric.name}`}>
                  {canWrite ? "Edit" : "View"}
                </ButtonLink>
              }
            >
              <ol className="space-y-2">
                {rubric.latest?.criteria.map((criterion) => (
                  <li key={criterion.id} className="flex flex-wrap items-baseline gap-2 text-sm">
                    <span className="font-medium text-slate-900">{criterion.name}</span>
                    <code className="font-mono text-xs text-slate-500">{criterion.key}</code>
                    <Badge tone="brand">{KIND_LABELS[criterion.kind as CriterionKindName]}</Badge>
                    {!criterion.required && <Badge>optional</Badge>}
                    {criterion.description && <span className="text-slate-600">{criterion.description}</span>}
                  </li>
                ))}
              </ol>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
