import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { runAnalytic } from "@/lib/db/analytics";
import { listSamples, samplesFiltersSchema, samplesPageOptions } from "@/lib/evaluation/spot-checks/samples";
import { requireProjectPage } from "@/lib/projects/access";
import { trafficRange } from "@/lib/traffic/queries";
import { SamplesFilters } from "./samples-filters";
import { SamplesTable } from "./samples-table";

export const metadata: Metadata = { title: "Traffic samples" };

export default async function TrafficSamplesPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "traffic.read");
  const query = Object.fromEntries(Object.entries(await searchParams).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const filters = samplesFiltersSchema.parse(query);
  const [{ rows, more }, options] = await Promise.all([runAnalytic(() => listSamples(projectId, filters)), samplesPageOptions(projectId)]);
  const { from, to } = trafficRange(filters);
  const shown = { ...filters, from: filters.from ?? from.toISOString().slice(0, 10), to: filters.to ?? new Date(to.getTime() - 1).toISOString().slice(0, 10) };
  const pageLink = (page: number) => `/projects/${projectId}/traffic/samples?${new URLSearchParams({ ...query, page: String(page) })}`;
  return (
    <div className="space-y-4">
      <PageHeader
        title="Traffic samples"
        description="Production answers drawn by the evaluation rules, with the judge's verdict and the experts' spot checks. Select failures to add them to a golden dataset as regression items."
        actions={
          <Link href={`/projects/${projectId}/traffic`} className="text-sm text-brand-700 underline">
            ← All traffic
          </Link>
        }
      />
      <SamplesFilters projectId={projectId} filters={shown} rules={options.rules} />
      {rows.length === 0 ? (
        <EmptyState title="No sampled answers match">Evaluation rules draw production answers as they arrive; widen the period or clear the filters.</EmptyState>
      ) : (
        <SamplesTable projectId={projectId} rows={rows} datasets={options.datasets} canPromote={can("traffic.promote")} ruleId={filters.rule} />
      )}
      {(filters.page > 1 || more) && (
        <p className="flex gap-4 text-sm">
          {filters.page > 1 && (
            <Link href={pageLink(filters.page - 1)} className="text-brand-700 underline-offset-2 hover:underline">
              ← Newer
            </Link>
          )}
          {more && (
            <Link href={pageLink(filters.page + 1)} className="text-brand-700 underline-offset-2 hover:underline">
              Older →
            </Link>
          )}
        </p>
      )}
    </div>
  );
}
