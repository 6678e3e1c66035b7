import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { loadDefinition, loadSplit, previewChoices } from "@/lib/judge-runner/queries";
import { TEMPLATE_VARIABLES } from "@/lib/judge-runner/template";
import { requireProjectPage } from "@/lib/projects/access";
import { JudgeEditor } from "./judge-editor";
import { SplitView } from "./split-view";
import { VersionList } from "./version-list";

export const metadata: Metadata = { title: "Judge" };

export default async function JudgeDefinitionPage({ params }: { params: Promise<{ projectId: string; definitionId: string }> }) {
  const { projectId, definitionId } = await params;
  await requireProjectPage(projectId, "judges.write");
  const definition = await loadDefinition(projectId, definitionId);
  const [choices, split] = await Promise.all([previewChoices(projectId), loadSplit(projectId, definition.rubricId, definition.criterionKey)]);
  const variables = Object.entries(TEMPLATE_VARIABLES)
    .filter(([, v]) => (v.modes as readonly string[]).includes(definition.mode))
    .map(([name, v]) => ({ name, description: v.description }));
  const latest = definition.versions[0]!;
  return (
    <div className="space-y-6">
      <PageHeader
        title={definition.name}
        description={`${definition.mode === "PAIRWISE" ? "Pairwise" : "Pointwise"} judge of ${definition.rubric.name} · ${definition.criterionKey}. Latest version: v${latest.version}.`}
        actions={<ButtonLink href={`/projects/${projectId}/judges/${definitionId}/workbench`}>Open the workbench</ButtonLink>}
      />
      <JudgeEditor
        projectId={projectId}
        definitionId={definitionId}
        mode={definition.mode}
        versions={definition.versions.map((v) => ({ version: v.version, connectionId: v.connectionId, template: v.template, params: v.params, fewShotK: v.fewShotK, bothOrders: v.bothOrders, swapAverage: v.swapAverage }))}
        connections={definition.connections}
        variables={variables}
        items={choices.items}
        runs={choices.runs}
      />
      <VersionList versions={definition.versions.map((v) => ({ id: v.id, version: v.version, model: v.model, changeNote: v.changeNote, author: v.author, createdAt: v.createdAt.toISOString(), scoreCount: v.scoreCount, promoted: v.id === definition.promotedJudgeId, fewShotK: v.fewShotK }))} />
      <SplitView projectId={projectId} definitionId={definitionId} split={split} />
    </div>
  );
}
