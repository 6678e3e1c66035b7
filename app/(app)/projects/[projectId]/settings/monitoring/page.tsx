import type { Metadata } from "next";
import Link from "next/link";
import { getMonitorSettings } from "@/lib/evaluation/monitoring/settings";
import { requireProjectPage } from "@/lib/projects/access";
import { MonitorSettingsForm } from "./monitor-settings-form";

export const metadata: Metadata = { title: "Monitoring settings" };

export default async function MonitoringSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "settings.write");
  const settings = await getMonitorSettings(projectId);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        <Link href={`/projects/${projectId}/settings`} className="text-brand-700 underline-offset-2 hover:underline">
          ← Settings
        </Link>
      </p>
      <MonitorSettingsForm projectId={projectId} settings={settings} />
      <p className="text-sm text-slate-600">
        Each alert is a signed JSON POST: verify <code>X-Touchstone-Signature</code> (<code>sha256=</code> HMAC-SHA256 of the raw body with the secret) and
        refuse a <code>X-Touchstone-Timestamp</code> older than a few minutes. The payload is described in docs/FORMATS.md.
      </p>
    </div>
  );
}
