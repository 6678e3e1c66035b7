import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { runAnalytic } from "@/lib/db/analytics";
import { requireProjectPage } from "@/lib/projects/access";
import { listTraffic, trafficFiltersSchema, trafficRange } from "@/lib/traffic/queries";
import { TrafficFilters } from "./traffic-filters";

export const metadata: Metadata = { title: "Traffic" };

const time = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

export default async function TrafficPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "traffic.read");
  const filters = trafficFiltersSchema.parse(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")));
  const { rows, more } = await runAnalytic(() => listTraffic(projectId, filters));
  const { from, to } = trafficRange(filters);
  const next = new URLSearchParams(Object.entries({ ...filters, before: rows.at(-1)?.id }).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Traffic"
        description="What the application answered in production, newest first, as stored after masking."
        actions={can("settings.write") && <ButtonLink variant="secondary" href={`/projects/${projectId}/settings/traffic`}>Masking and retention</ButtonLink>}
      />
      <TrafficFilters projectId={projectId} filters={{ ...filters, from: filters.from ?? from.toISOString().slice(0, 10), to: filters.to ?? new Date(to.getTime() - 1).toISOString().slice(0, 10) }} />
      {rows.length === 0 ? (
        <EmptyState title="No traffic in this range">
          Send production answers with <code>POST /api/v1/projects/{projectId}/traffic</code> or an OpenTelemetry exporter; see the README.
        </EmptyState>
      ) : (
        <Card title={`${rows.length}${more ? "+" : ""} ${rows.length === 1 && !more ? "answer" : "answers"}`}>
          <table className="w-full table-fixed text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="w-40 py-2">Time (UTC)</th>
                <th className="py-2">Question → answer</th>
                <th className="w-36 py-2">Model</th>
                <th className="w-24 py-2">Version</th>
                <th className="w-28 py-2">Segment</th>
                <th className="w-24 py-2 text-right">Latency</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id} className="align-top">
                  <td className="py-2 font-mono text-xs">
                    <Link href={`/projects/${projectId}/traffic/${row.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                      {time(row.occurredAt)}
                    </Link>
                  </td>
                  {/* Model output is shown as plain text in a cell: React escapes it, and it is cut short. */}
                  <td className="truncate py-2 pr-2 text-slate-800" title={row.answer ?? ""}>
                    <span className="text-slate-600">{row.question ?? "—"}</span> → {row.answer ?? "—"}
                  </td>
                  <td className="truncate py-2">{row.model ?? "—"}</td>
                  <td className="truncate py-2">{row.appVersion ?? "—"}</td>
                  <td className="truncate py-2">{row.segment ?? "—"}</td>
                  <td className="py-2 text-right tabular-nums">{row.latencyMs === null ? "—" : `${Math.round(row.latencyMs)} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more && (
            <p className="mt-3 text-sm">
              <Link href={`/projects/${projectId}/traffic?${next}`} className="text-brand-700 underline-offset-2 hover:underline">
                Older →
              </Link>
            </p>
          )}
        </Card>
      )}
    </div>
  );
}
