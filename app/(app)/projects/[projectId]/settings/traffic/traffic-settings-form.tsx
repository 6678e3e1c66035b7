"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SaveBar } from "@/components/ui/save-bar";
import { useSaveAction } from "@/components/ui/use-save-action";
import { saveTrafficSettings } from "@/lib/traffic/actions";

type Rule = { pattern: string; flags: string; replacement: string };

const EMPTY_RULE: Rule = { pattern: "", flags: "", replacement: "[masked]" };

export function TrafficSettingsForm({ projectId, retentionDays, maskingRules }: { projectId: string; retentionDays: number; maskingRules: Rule[] }) {
  const [rules, setRules] = useState<Rule[]>(maskingRules);
  const { pending, message, save } = useSaveAction();

  const change = (index: number, patch: Partial<Rule>) => setRules((current) => current.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save(
      () => saveTrafficSettings({ projectId, retentionDays: Number(form.get("retentionDays")), maskingRules: rules.filter((rule) => rule.pattern !== "") }),
      () => "Traffic settings saved.",
    );
  }

  return (
    <Card
      title="Production traffic"
      description="Masking rules run on every text of every traffic row (messages, answer, context, tool calls, metadata values) before it is stored. Old traffic is deleted every hour."
    >
      <form onSubmit={onSubmit} className="space-y-4">
        <Field label="Keep traffic for (days)" htmlFor="traffic-retention" hint="Rows older than this are deleted; timestamps older than this are refused at ingest.">
          <Input id="traffic-retention" name="retentionDays" type="number" min={1} max={3650} defaultValue={retentionDays} className="max-w-32" />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Masking rules (regular expression → replacement)</legend>
          {rules.length === 0 && <p className="text-sm text-slate-600">No rules: traffic is stored as sent.</p>}
          <ol className="space-y-2">
            {rules.map((rule, index) => (
              <li key={index} className="flex flex-wrap items-end gap-2">
                {/* Widths on wrappers: the Input primitive is w-full. */}
                <div className="w-96">
                  <Field label={`Rule ${index + 1} pattern`} htmlFor={`rule-${index}-pattern`}>
                    <Input id={`rule-${index}-pattern`} value={rule.pattern} onChange={(e) => change(index, { pattern: e.target.value })} placeholder="[\w.+-]+@[\w-]+\.[\w.]+" className="font-mono" />
                  </Field>
                </div>
                <div className="w-20">
                  <Field label="Flags" htmlFor={`rule-${index}-flags`}>
                    <Input id={`rule-${index}-flags`} value={rule.flags} onChange={(e) => change(index, { flags: e.target.value })} placeholder="i" className="font-mono" />
                  </Field>
                </div>
                <div className="w-48">
                  <Field label="Replacement" htmlFor={`rule-${index}-replacement`}>
                    <Input id={`rule-${index}-replacement`} value={rule.replacement} onChange={(e) => change(index, { replacement: e.target.value })} />
                  </Field>
                </div>
                <Button variant="secondary" onClick={() => setRules((current) => current.filter((_, i) => i !== index))} aria-label={`Remove rule ${index + 1}`}>
                  Remove
                </Button>
              </li>
            ))}
          </ol>
          <Button variant="secondary" onClick={() => setRules((current) => [...current, EMPTY_RULE])}>
            Add a rule
          </Button>
        </fieldset>
        <SaveBar label="Save traffic settings" pending={pending} message={message} />
      </form>
    </Card>
  );
}
