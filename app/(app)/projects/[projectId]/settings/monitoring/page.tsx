import type { Metadata } from "next";
import { getMonitorSettings } from "@/lib/evaluation/monitoring/settings";
import { requireProjectPage } from "@/lib/projects/access";
import { SettingsSubpageHeader } from "../settings-subpage-header";
import { MonitorSettingsForm } from "./monitor-settings-form";

export const metadata: Metadata = { title: "Monitoring settings" };

export default async function MonitoringSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "settings.write");
  const settings = await getMonitorSettings(projectId);
  return (
    <div className="space-y-4">
      <SettingsSubpageHeader projectId={projectId} />
      <MonitorSettingsForm projectId={projectId} settings={settings} />
      <p className="text-sm text-slate-600">
        Each alert is a signed JSON POST: verify <code>X-Touchstone-Signature</code> (<code>sha256=</code> HMAC-SHA256 of the raw body with the secret) and
        refuse a <code>X-Touchstone-Timestamp</code> older than a few minutes. The payload is described in docs/FORMATS.md.
      </p>
    </div>
  );
}
