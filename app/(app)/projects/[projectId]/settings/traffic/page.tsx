import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectPage } from "@/lib/projects/access";
import { getTrafficSettings } from "@/lib/traffic/queries";
import { TrafficSettingsForm } from "./traffic-settings-form";

export const metadata: Metadata = { title: "Traffic settings" };

export default async function TrafficSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "settings.write");
  const settings = await getTrafficSettings(projectId);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        <Link href={`/projects/${projectId}/settings`} className="text-brand-700 underline-offset-2 hover:underline">
          ← Settings
        </Link>
      </p>
      <TrafficSettingsForm projectId={projectId} retentionDays={settings.retentionDays} maskingRules={settings.maskingRules} />
      <p className="text-sm text-slate-600">
        Send traffic with a WRITE token to <code>POST /api/v1/projects/{projectId}/traffic</code>, or point an OpenTelemetry
        OTLP/HTTP exporter at <code>/api/v1/projects/{projectId}/otlp</code> (JSON protocol). See the README for examples.
      </p>
    </div>
  );
}
