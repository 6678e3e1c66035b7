import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBanner } from "@/components/ui/error-banner";
import { ChoiceOptions, LABELLED_CONTROL_CLASS, LabelledControl } from "@/components/ui/filter-form";
import { actionLabel, actorLabel, describeAuditEvent, objectLabel } from "@/lib/audit/describe";
import { auditFilterChoices, auditPage, targetNames } from "@/lib/audit/queries";
import { auditFilterSchema, filterQuery } from "@/lib/audit/schemas";
import { requireProjectPage } from "@/lib/projects/access";
import { SettingsSubpageHeader } from "../settings-subpage-header";

export const metadata: Metadata = { title: "Audit log" };

const linkClass = "font-medium text-brand-700 underline-offset-2 hover:underline";

export default async function AuditPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "audit.view");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = auditFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  const [choices, page] = await Promise.all([auditFilterChoices(projectId), auditPage(projectId, filter)]);
  const names = await targetNames(projectId, page.events);
  const base = `/projects/${projectId}/settings/audit`;

  return (
    <div className="space-y-4">
      <SettingsSubpageHeader projectId={projectId} />
      <Card
        title="Audit log"
        description="Who changed what in this project: imports, rubric versions, members and roles, API tokens, adjudications and review setups. Newest first."
        actions={
          <a href={`${base}/export?${filterQuery(filter)}`} className={linkClass} download>
            Download CSV
          </a>
        }
      >
        <form className="grid gap-3 md:grid-cols-5" method="get">
          <LabelledControl label="Actor">
            <select name="actor" defaultValue={filter.actor ?? ""} className={LABELLED_CONTROL_CLASS}>
              <ChoiceOptions anyLabel="Anyone" choices={choices.actors.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))} />
            </select>
          </LabelledControl>
          <LabelledControl label="Action">
            <select name="action" defaultValue={filter.action ?? ""} className={LABELLED_CONTROL_CLASS}>
              <ChoiceOptions anyLabel="Any action" choices={choices.actions.map((action) => ({ value: action, label: actionLabel(action) }))} />
            </select>
          </LabelledControl>
          <LabelledControl label="From">
            <input type="date" name="from" defaultValue={filter.from ?? ""} className={LABELLED_CONTROL_CLASS} />
          </LabelledControl>
          <LabelledControl label="To">
            <input type="date" name="to" defaultValue={filter.to ?? ""} className={LABELLED_CONTROL_CLASS} />
          </LabelledControl>
          <div className="flex items-end gap-3">
            <Button type="submit">Filter</Button>
            <Link href={base} className={`${linkClass} py-2 text-sm`}>
              Clear
            </Link>
          </div>
        </form>
        <div className="mt-3">
          <ErrorBanner message={parsed.success ? null : `${parsed.error.issues[0]?.message ?? "Bad filter."} The filter was ignored.`} />
        </div>
      </Card>

      {page.events.length === 0 ? (
        <EmptyState title="No events">Nothing matches this filter{filter.after ? " on this page" : ""}.</EmptyState>
      ) : (
        <Card>
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th className="py-2 pr-4 font-medium">When (UTC)</th>
                  <th className="py-2 pr-4 font-medium">Actor</th>
                  <th className="py-2 pr-4 font-medium">Action</th>
                  <th className="py-2 pr-4 font-medium">Object</th>
                  <th className="py-2 font-medium">Details</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.events.map((event) => (
                  <tr key={event.id} className="align-top">
                    <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-700">{event.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                    <td className="py-2 pr-4 text-slate-800">{actorLabel(event, names)}</td>
                    <td className="py-2 pr-4 text-slate-800">{actionLabel(event.action)}</td>
                    <td className="py-2 pr-4 text-slate-700">{objectLabel(event, names)}</td>
                    <td className="py-2 text-slate-700">{describeAuditEvent(event)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="mt-4 flex gap-4 text-sm" aria-label="Pages">
            {filter.after && (
              <Link href={`${base}?${filterQuery(filter)}`} className={linkClass}>
                First page
              </Link>
            )}
            {page.next && (
              <Link href={`${base}?${filterQuery(filter, { after: page.next })}`} className={linkClass}>
                Older events →
              </Link>
            )}
          </nav>
        </Card>
      )}
    </div>
  );
}
