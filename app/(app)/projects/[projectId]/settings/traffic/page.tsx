import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/projects/access";
import { getTrafficSettings } from "@/lib/traffic/queries";
import { TrafficSettingsForm } from "./traffic-settings-form";
import { SettingsSubpageHeader } from "../settings-subpage-header";

export const metadata: Metadata = { title: "Traffic settings" };

export default async function TrafficSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "settings.write");
  const settings = await getTrafficSettings(projectId);
  return (
    <div className="space-y-4">
      <SettingsSubpageHeader projectId={projectId} />
      <TrafficSettingsForm projectId={projectId} retentionDays={settings.retentionDays} maskingRules={settings.maskingRules} />
      <p className="text-sm text-slate-600">
        Send traffic with a WRITE token to <code>POST /api/v1/projects/{projectId}/traffic</code>, or point an OpenTelemetry
        OTLP/HTTP exporter at <code>/api/v1/projects/{projectId}/otlp</code> (JSON protocol). See the README for examples.
      </p>
    </div>
  );
}
