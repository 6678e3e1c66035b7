import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { labelMappingChoices } from "@/lib/imports/label-choices";
import { importChoices, listDatasetSummaries, listMappings } from "@/lib/imports/queries";
import { IMPORT_KINDS, type ImportKindName } from "@/lib/imports/schemas";
import { requireProjectPage } from "@/lib/projects/access";
import { UploadWizard } from "./upload-wizard";

export const metadata: Metadata = { title: "Upload data" };

export default async function UploadPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "datasets.write");
  const { kind } = await searchParams;
  const [datasets, choices, mappings, labelChoices] = await Promise.all([listDatasetSummaries(projectId), importChoices(projectId), listMappings(projectId), labelMappingChoices(projectId)]);
  const initialKind = (IMPORT_KINDS as readonly string[]).includes(kind ?? "") ? (kind as ImportKindName) : "ITEMS";
  return (
    <div>
      <PageHeader
        title="Upload data"
        description={
          <>
            JSONL, JSON array or CSV (UTF-8). Nothing is written until every row is valid.{" "}
            <Link href={`/projects/${projectId}/datasets`} className="text-brand-700 underline underline-offset-2">
              Back to data
            </Link>
          </>
        }
      />
      <UploadWizard
        projectId={projectId}
        initialKind={initialKind}
        maxUploadBytes={project.maxUploadBytes}
        datasets={datasets.map((d) => ({ name: d.name, versions: d.versions.map((v) => v.version) }))}
        rubrics={choices.rubrics}
        runs={choices.runs.map((r) => r.name)}
        judges={choices.judges}
        mappings={mappings.map((m) => ({ id: m.id, kind: m.kind, name: m.name, mapping: m.mapping as Record<string, string> }))}
        labelChoices={labelChoices}
      />
    </div>
  );
}
