import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireProjectPage } from "@/lib/projects/access";
import { listRubrics } from "@/lib/rubrics/queries";
import type { CriterionKindName } from "@/lib/rubrics/kinds";
import { RubricEditor } from "../rubric-editor";

export const metadata: Metadata = { title: "Edit rubric" };

export default async function EditRubricPage({ params }: { params: Promise<{ projectId: string; rubricId: string }> }) {
  const { projectId, rubricId } = await params;
  await requireProjectPage(projectId, "rubrics.write");
  const rubric = (await listRubrics(projectId)).find((r) => r.id === rubricId);
  if (!rubric) notFound();
  const criteria = rubric.latest?.criteria ?? [];
  return (
    <div>
      <PageHeader title={`Edit ${rubric.name}`} description={rubric.latest ? `Latest version: ${rubric.latest.version}` : undefined} />
      <RubricEditor
        key={rubric.latest?.id}
        projectId={projectId}
        rubricId={rubric.id}
        initialName={rubric.name}
        hasLabels={(rubric.latest?._count.labels ?? 0) > 0}
        initialCriteria={criteria.map((c) => ({ key: c.key, name: c.name, description: c.description, kind: c.kind as CriterionKindName, required: c.required, config: (c.config ?? {}) as Record<string, unknown> }))}
      />
    </div>
  );
}
