import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireProjectPage } from "@/lib/projects/access";
import { RubricEditor } from "../rubric-editor";

export const metadata: Metadata = { title: "New rubric" };

export default async function NewRubricPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "rubrics.write");
  return (
    <div>
      <PageHeader title="New rubric" />
      <RubricEditor
        projectId={projectId}
        initialName=""
        hasLabels={false}
        initialCriteria={[{ key: "helpfulness", name: "Helpfulness", description: "", kind: "LIKERT", required: true, pairwiseScope: "EACH_OUTPUT", config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } }]}
      />
    </div>
  );
}
