import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireProjectPage } from "@/lib/projects/access";
import { loadRubricHistory } from "@/lib/rubrics/queries";
import type { CriterionKindName } from "@/lib/rubrics/kinds";
import { Markdown } from "@/components/output/markdown";
import { RubricEditor } from "../rubric-editor";
import { RubricVersions } from "../rubric-versions";
import { RubricView } from "../rubric-view";

export const metadata: Metadata = { title: "Rubric" };

// Admins edit the latest version; leads (rubrics.read) and anyone opening an
// earlier version get the read-only view. Saving is checked on the server
// (saveRubric needs rubrics.write), not only hidden here.
export default async function RubricPage({ params, searchParams }: { params: Promise<{ projectId: string; rubricId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId, rubricId } = await params;
  const { can } = await requireProjectPage(projectId, "rubrics.read");
  const rubric = await loadRubricHistory(projectId, rubricId);
  if (!rubric) notFound();
  const { version: requested } = await searchParams;
  const latest = rubric.versions[0] ?? null;
  const shown = rubric.versions.find((v) => String(v.version) === requested) ?? latest;
  const basePath = `/projects/${projectId}/rubrics/${rubric.id}`;
  const versions = rubric.versions.length > 0 && <RubricVersions basePath={basePath} versions={rubric.versions} shown={shown?.version ?? null} />;

  if (can("rubrics.write") && shown === latest) {
    const criteria = latest?.criteria ?? [];
    return (
      <div className="space-y-6">
        <PageHeader title={`Edit ${rubric.name}`} description={latest ? `Latest version: ${latest.version}` : undefined} />
        <RubricEditor
          key={latest?.id}
          projectId={projectId}
          rubricId={rubric.id}
          initialName={rubric.name}
          initialInstructions={rubric.instructions}
          hasLabels={(latest?._count.labels ?? 0) > 0}
          seriesKeys={rubric.seriesKeys}
          initialCriteria={criteria.map((c) => ({ key: c.key, savedKey: c.key, name: c.name, description: c.description, kind: c.kind as CriterionKindName, required: c.required, pairwiseScope: c.pairwiseScope, config: (c.config ?? {}) as Record<string, unknown> }))}
        />
        {versions}
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader
        title={rubric.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {shown ? `Version ${shown.version}${shown === latest ? " (latest)" : ""} · ${shown._count.labels} labels` : "No version"}
            <Badge tone="amber">read-only</Badge>
            {!can("rubrics.write") && <span>Admins edit rubrics.</span>}
          </span>
        }
      />
      {rubric.instructions.trim() && (
        <section aria-label="Guidelines for reviewers" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <h2 className="mb-2 text-sm font-semibold text-slate-900">Guidelines for reviewers</h2>
          <Markdown>{rubric.instructions}</Markdown>
        </section>
      )}
      {shown ? <RubricView version={shown} /> : <EmptyState title="No version yet">This rubric has no criteria yet.</EmptyState>}
      {versions}
    </div>
  );
}
