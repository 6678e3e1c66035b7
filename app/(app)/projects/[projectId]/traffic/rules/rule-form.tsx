"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { SaveBar } from "@/components/ui/save-bar";
import { useSaveAction } from "@/components/ui/use-save-action";
import { createEvaluationRule, updateEvaluationRule } from "@/lib/evaluation/rule-actions";
import { parseMetadataLines, splitList } from "@/lib/evaluation/rule-schemas";

// Create or edit one evaluation rule. Lists are typed comma-separated and
// metadata as key=value lines; the server action validates again with zod.

export type RuleFormValues = {
  id?: string;
  name: string;
  judgeId: string;
  samplingPercent: number;
  segments: string[];
  models: string[];
  appVersions: string[];
  metadataFilter: Record<string, string | number | boolean>;
  dailyCostCapUsd: number | null;
};

export type JudgeChoice = { id: string; label: string; priced: boolean };

export function RuleForm({ projectId, judges, initial }: { projectId: string; judges: JudgeChoice[]; initial?: RuleFormValues }) {
  const router = useRouter();
  const { pending, message, setMessage, save } = useSaveAction();
  const prefix = initial?.id ? `rule-${initial.id}` : "new-rule";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const metadata = parseMetadataLines(String(form.get("metadata") ?? ""));
    if (!metadata.ok) return setMessage({ tone: "error", text: metadata.message });
    const cap = String(form.get("cap") ?? "").trim();
    const fields = {
      name: String(form.get("name") ?? ""),
      judgeId: String(form.get("judgeId") ?? ""),
      samplingRate: Number(form.get("percent")) / 100,
      segments: splitList(String(form.get("segments") ?? "")),
      models: splitList(String(form.get("models") ?? "")),
      appVersions: splitList(String(form.get("appVersions") ?? "")),
      metadataFilter: metadata.value,
      dailyCostCapUsd: cap === "" ? null : Number(cap),
    };
    const target = event.currentTarget;
    save(
      () => (initial?.id ? updateEvaluationRule({ projectId, ruleId: initial.id, ...fields }) : createEvaluationRule({ projectId, ...fields, enabled: true })),
      () => {
        if (!initial?.id) target.reset();
        router.refresh();
        return initial?.id ? "Rule saved." : "Rule created: matching traffic is judged from now on.";
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" htmlFor={`${prefix}-name`}>
          <Input id={`${prefix}-name`} name="name" required defaultValue={initial?.name} placeholder="Helpfulness on 10 % of enterprise" />
        </Field>
        <Field label="Judge version" htmlFor={`${prefix}-judge`} hint="Pointwise judges defined in Touchstone, with their connection.">
          <Select id={`${prefix}-judge`} name="judgeId" required defaultValue={initial?.judgeId ?? ""}>
            <option value="" disabled>
              Choose a judge…
            </option>
            {judges.map((judge) => (
              <option key={judge.id} value={judge.id}>
                {judge.label}
                {judge.priced ? "" : " — no prices"}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Sampling (% of matching traffic)" htmlFor={`${prefix}-percent`}>
          <Input id={`${prefix}-percent`} name="percent" type="number" min={0.01} max={100} step="any" required defaultValue={initial?.samplingPercent ?? 10} />
        </Field>
        <Field label="Daily cost cap (USD)" htmlFor={`${prefix}-cap`} hint="Per UTC day; empty = no cap. Needs a connection with prices.">
          <Input id={`${prefix}-cap`} name="cap" type="number" min={0} step="any" defaultValue={initial?.dailyCostCapUsd ?? ""} placeholder="no cap" />
        </Field>
        <Field label="Segments" htmlFor={`${prefix}-segments`} hint="Comma-separated; empty = any.">
          <Input id={`${prefix}-segments`} name="segments" defaultValue={initial?.segments.join(", ")} placeholder="enterprise, pro" />
        </Field>
        <Field label="Models" htmlFor={`${prefix}-models`} hint="Comma-separated; empty = any.">
          <Input id={`${prefix}-models`} name="models" defaultValue={initial?.models.join(", ")} />
        </Field>
        <Field label="App versions" htmlFor={`${prefix}-versions`} hint="Comma-separated; empty = any.">
          <Input id={`${prefix}-versions`} name="appVersions" defaultValue={initial?.appVersions.join(", ")} />
        </Field>
        <Field label="Metadata" htmlFor={`${prefix}-metadata`} hint="One key=value per line; all must match.">
          <Textarea
            id={`${prefix}-metadata`}
            name="metadata"
            rows={2}
            defaultValue={Object.entries(initial?.metadataFilter ?? {}).map(([key, value]) => `${key}=${value}`).join("\n")}
            placeholder="locale=fr"
            className="font-mono"
          />
        </Field>
      </div>
      <SaveBar label={initial?.id ? "Save rule" : "Create rule"} pending={pending} message={message} />
    </form>
  );
}
