"use client";

import type { FormEvent } from "react";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SaveBar } from "@/components/ui/save-bar";
import { useSaveAction } from "@/components/ui/use-save-action";
import { saveMonitorSettings } from "@/lib/evaluation/monitoring/actions";
import type { MonitorSettingsView } from "@/lib/evaluation/monitoring/settings";

export function MonitorSettingsForm({ projectId, settings }: { projectId: string; settings: MonitorSettingsView }) {
  const { pending, message, save } = useSaveAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    save(
      () =>
        saveMonitorSettings({
        projectId,
        webhookUrl: text("webhookUrl"),
        webhookSecret: text("webhookSecret"),
        recentHours: text("recentHours"),
        baselineDays: text("baselineDays"),
        fdr: text("fdr"),
        minEffect: text("minEffect"),
        minCount: text("minCount"),
      }),
      () => "Monitoring settings saved.",
    );
  }

  return (
    <Card title="Monitoring" description="How drift is tested (docs/METRICS.md#drift) and where alerts are sent. The worker checks drift every 10 minutes.">
      <form onSubmit={onSubmit} className="grid max-w-2xl gap-4 sm:grid-cols-2">
        <Field label="Recent window (hours)" htmlFor="monitor-recent">
          <Input id="monitor-recent" name="recentHours" type="number" min={1} max={720} defaultValue={settings.recentHours} />
        </Field>
        <Field label="Baseline window (days before it)" htmlFor="monitor-baseline">
          <Input id="monitor-baseline" name="baselineDays" type="number" min={1} max={90} defaultValue={settings.baselineDays} />
        </Field>
        <Field label="False discovery rate" htmlFor="monitor-fdr" hint="Benjamini–Hochberg across every rule and segment.">
          <Input id="monitor-fdr" name="fdr" type="number" step="0.001" min={0.001} max={0.49} defaultValue={settings.fdr} />
        </Field>
        <Field label="Minimum change" htmlFor="monitor-effect" hint="On the figure's scale: 0.05 = 5 points of pass rate.">
          <Input id="monitor-effect" name="minEffect" type="number" step="0.01" min={0} defaultValue={settings.minEffect} />
        </Field>
        <Field label="Minimum judged samples per window" htmlFor="monitor-count">
          <Input id="monitor-count" name="minCount" type="number" min={2} defaultValue={settings.minCount} />
        </Field>
        <div className="sm:col-span-2">
          <Field label="Webhook URL" htmlFor="monitor-url" hint="Empty: alerts are shown in the app only.">
            <Input id="monitor-url" name="webhookUrl" type="url" defaultValue={settings.webhookUrl ?? ""} placeholder="https://hooks.example.com/touchstone" />
          </Field>
        </div>
        <div className="sm:col-span-2">
          <Field label="Signing secret" htmlFor="monitor-secret" hint={settings.hasSecret ? "A secret is stored (never shown). Leave empty to keep it." : "Required with a webhook URL."}>
            <Input id="monitor-secret" name="webhookSecret" type="password" autoComplete="new-password" />
          </Field>
        </div>
        <SaveBar label="Save monitoring settings" pending={pending} message={message} className="sm:col-span-2" />
      </form>
    </Card>
  );
}
