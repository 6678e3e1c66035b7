import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { runAnalytic } from "@/lib/db/analytics";
import { listOpenAlerts } from "@/lib/evaluation/monitoring/alerts";
import { evaluateDrift } from "@/lib/evaluation/monitoring/drift";
import { samplesLink } from "@/lib/evaluation/monitoring/links";
import { loadMonitoredRules } from "@/lib/evaluation/monitoring/rule-criterion";
import { monitorFiltersSchema } from "@/lib/evaluation/monitoring/schemas";
import { monitorSeries, monitoredSegments } from "@/lib/evaluation/monitoring/series";
import { requireProjectPage } from "@/lib/projects/access";
import { DAY_MS, startOfUtcDay } from "@/lib/traffic/partitions";
import { AcknowledgeButton } from "./acknowledge-button";
import { MonitorFilters } from "./monitor-filters";
import { TrendChart } from "./trend-chart";

export const metadata: Metadata = { title: "Monitoring" };

const day = (date: Date) => date.toISOString().slice(0, 10);
const time = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ");
const pct = (value: number | null | undefined) => (value == null ? "—" : `${(value * 100).toFixed(1)} %`);

export default async function MonitoringPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "traffic.read");
  const filters = monitorFiltersSchema.parse(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")));
  const rules = await loadMonitoredRules(projectId);
  const alerts = await listOpenAlerts(projectId);
  const header = (
    <PageHeader
      title="Monitoring"
      description="Online judges' figures over time, drift against the baseline window, and the alerts sent to the project's webhook."
      actions={
        <span className="flex items-center gap-2">
          <Badge tone={alerts.length ? "amber" : "green"}>{alerts.length ? `${alerts.length} open alert${alerts.length === 1 ? "" : "s"}` : "No open alerts"}</Badge>
          {can("settings.write") && <ButtonLink variant="secondary" href={`/projects/${projectId}/settings/monitoring`}>Drift and webhook settings</ButtonLink>}
        </span>
      }
    />
  );
  const rule = rules.find((r) => r.id === filters.rule) ?? rules[0];
  if (!rule) {
    return (
      <div className="space-y-4">
        {header}
        <EmptyState title="No evaluation rule to monitor">An online judge scores sampled production traffic once an evaluation rule exists (Traffic → Rules).</EmptyState>
      </div>
    );
  }

  const to = filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY_MS) : new Date(startOfUtcDay(new Date()).getTime() + DAY_MS);
  const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : new Date(to.getTime() - 7 * DAY_MS);
  const size = filters.bucket ?? (to.getTime() - from.getTime() <= 2 * DAY_MS ? "hour" : "day");
  const now = new Date();
  const [series, segments, drift] = await runAnalytic(() =>
    Promise.all([monitorSeries(rule, { from, to, size, segment: filters.segment }), monitoredSegments(rule.id, from, to), evaluateDrift(projectId, now)]),
  );
  const scale = rule.group.scored ? scaleOf(series.map((p) => p.judge.value)) : { min: 0, max: 1 };
  const figure = rule.group.scored ? "mean score" : "pass rate";
  const show = (value: number | null | undefined) => (rule.group.scored ? (value == null ? "—" : value.toFixed(2)) : pct(value));

  return (
    <div className="space-y-4">
      {header}
      <MonitorFilters
        projectId={projectId}
        rules={rules.map((r) => ({ id: r.id, label: `${r.name} (${r.group.name})` }))}
        segments={segments}
        filters={{ rule: rule.id, segment: filters.segment, bucket: size, from: day(from), to: day(new Date(to.getTime() - 1)) }}
      />

      <Card title="Open alerts" description="A drift stays one alert until someone acknowledges it; each webhook delivery attempt is listed.">
        {alerts.length === 0 ? (
          <p className="text-sm text-slate-600">No open alerts.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {alerts.map((alert) => (
              <li key={alert.id} className="space-y-1 py-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="font-medium text-slate-900">
                    {alert.rule.name} · {alert.segment ?? "all traffic"}: {alert.figure} {fmt(alert.figure, alert.baselineValue)} → {fmt(alert.figure, alert.recentValue)}
                  </p>
                  {can("monitoring.acknowledge") && <AcknowledgeButton projectId={projectId} alertId={alert.id} />}
                </div>
                <p className="text-slate-700">
                  Baseline {time(alert.baselineFrom)} – {time(alert.recentFrom)} (n = {alert.baselineN}) vs recent until {time(alert.recentTo)} (n = {alert.recentN}); {alert.test}, p = {alert.pValue.toPrecision(2)}, q = {alert.qValue.toPrecision(2)} ≤ FDR {alert.fdr}.{" "}
                  <Link href={samplesLink(projectId, { ruleId: alert.ruleId, from: alert.recentFrom, to: alert.recentTo, segment: alert.segment })} className="text-brand-700 underline-offset-2 hover:underline">
                    Failed answers in the recent window
                  </Link>
                </p>
                <p className="text-xs text-slate-600">
                  {alert.deliveries.length === 0
                    ? "Webhook: not sent (no webhook configured, or waiting in the queue)."
                    : `Webhook: ${alert.deliveries.map((d) => `attempt ${d.attempt} ${d.ok ? "delivered" : `failed (${d.error})`} at ${time(d.createdAt)}`).join("; ")}.`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={`${rule.name}: ${rule.group.name} ${figure} per ${size}`} description={`The judge's ${figure} with its 95 % interval; where experts spot-checked samples, the PPI++ figure (docs/METRICS.md#ppi) and the judge–expert agreement.`}>
        {series.length === 0 ? <p className="text-sm text-slate-600">No judged samples in this range.</p> : <TrendChart points={series} scale={scale} title={`${rule.group.name} ${figure} over time`} />}
      </Card>

      {series.length > 0 && (
        <Card title="Per bucket">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="py-2">Bucket (UTC)</th>
                <th className="py-2 text-right">Traffic</th>
                <th className="py-2 text-right">Judged</th>
                <th className="py-2 text-right">Judge errors</th>
                <th className="py-2 text-right">Judge {figure} (95 % CI)</th>
                <th className="py-2 text-right">Spot checks</th>
                <th className="py-2 text-right">PPI++ (95 % CI)</th>
                <th className="py-2 text-right">Agreement</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {series.map((p) => (
                <tr key={p.bucket.toISOString()}>
                  <td className="py-1.5 font-mono text-xs">{time(p.bucket)}</td>
                  <td className="py-1.5 text-right">{p.volume}</td>
                  <td className="py-1.5 text-right">{p.judged}</td>
                  <td className="py-1.5 text-right">{pct(p.errorShare)}</td>
                  <td className="py-1.5 text-right">
                    {show(p.judge.value)}
                    {p.judge.ci && <span className="text-slate-600"> ({show(p.judge.ci[0])} – {show(p.judge.ci[1])})</span>}
                  </td>
                  <td className="py-1.5 text-right">{p.labelled}</td>
                  <td className="py-1.5 text-right">
                    {p.calibrated === null ? "—" : p.calibrated.ppi ? `${show(p.calibrated.ppi.estimate)} (${show(p.calibrated.ppi.lower)} – ${show(p.calibrated.ppi.upper)})` : <span className="text-slate-600">{p.calibrated.notEnoughData}</span>}
                  </td>
                  <td className="py-1.5 text-right">{p.agreement ? `${pct(p.agreement.value)} (n = ${p.agreement.n})` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}

      <Card
        title="Drift now"
        description={`Recent window ${time(drift.windows.recentFrom)} – ${time(drift.windows.recentTo)} against the baseline from ${time(drift.windows.baselineFrom)}; Benjamini–Hochberg at FDR ${drift.fdr} across every rule and segment (docs/METRICS.md#drift).`}
      >
        {drift.results.length === 0 ? (
          <p className="text-sm text-slate-600">No enabled rule with judged samples.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="py-2">Rule</th>
                <th className="py-2">Segment</th>
                <th className="py-2 text-right">Baseline</th>
                <th className="py-2 text-right">Recent</th>
                <th className="py-2 text-right">p</th>
                <th className="py-2 text-right">q (BH)</th>
                <th className="py-2 pl-4">Verdict</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {drift.results.map((r) => (
                <tr key={`${r.rule.id}-${r.segment ?? ""}`}>
                  <td className="py-1.5">{r.rule.name}</td>
                  <td className="py-1.5">{r.segment ?? "all traffic"}</td>
                  <td className="py-1.5 text-right">{fmt(r.figure, r.baseline.value)} <span className="text-slate-600">(n = {r.baseline.n})</span></td>
                  <td className="py-1.5 text-right">{fmt(r.figure, r.recent.value)} <span className="text-slate-600">(n = {r.recent.n})</span></td>
                  <td className="py-1.5 text-right">{r.test ? r.test.pValue.toPrecision(2) : "—"}</td>
                  <td className="py-1.5 text-right">{r.qValue === null ? "—" : r.qValue.toPrecision(2)}</td>
                  <td className="py-1.5 pl-4">
                    {r.drifting ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <Badge tone="amber">drifting</Badge>
                        <Link href={samplesLink(projectId, { ruleId: r.rule.id, from: drift.windows.recentFrom, to: drift.windows.recentTo, segment: r.segment })} className="text-brand-700 underline-offset-2 hover:underline">
                          Failed answers
                        </Link>
                      </span>
                    ) : r.test ? (
                      "no drift"
                    ) : (
                      <span className="text-slate-600">{r.skipped}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

function fmt(figure: string, value: number | null) {
  if (value === null) return "—";
  return figure === "pass rate" ? pct(value) : value.toFixed(2);
}

function scaleOf(values: (number | null)[]) {
  const present = values.filter((v): v is number => v !== null);
  if (!present.length) return { min: 0, max: 1 };
  const min = Math.floor(Math.min(...present));
  const max = Math.ceil(Math.max(...present));
  return min === max ? { min: min - 1, max: max + 1 } : { min, max };
}
