"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { createSpotCheck } from "@/lib/evaluation/spot-checks/actions";
import { TRAFFIC_PERIOD_LABELS, TRAFFIC_PERIODS, type TrafficPeriod } from "@/lib/evaluation/spot-checks/schemas";
import { criterionFitsMode } from "@/lib/review/fields";
import type { setupOptions } from "@/lib/review/queries";
import type { CriterionKindName } from "@/lib/rubrics/kinds";

type Rubric = Awaited<ReturnType<typeof setupOptions>>["rubrics"][number];

const DAY_MS = 86_400_000;
const dayText = (date: Date) => date.toISOString().slice(0, 10);

/** A review setup whose items are drawn from production traffic: an evaluation rule's judged answers, stratified by period and segment. */
export function SpotCheckForm({ projectId, rubrics, rules, defaults }: { projectId: string; rubrics: Rubric[]; rules: { id: string; name: string }[]; defaults: { overlap: number; blindReview: boolean; showReference: boolean } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; issues?: { field: string; message: string }[] }>();
  const [rubricId, setRubricId] = useState(rubrics[0]?.id ?? "");
  const [period, setPeriod] = useState<TrafficPeriod>("day");
  const [draw, setDraw] = useState<"stratified" | "allocation">("stratified");
  const rubric = rubrics.find((r) => r.id === rubricId);
  const fitting = rubric?.criteria.filter((c) => criterionFitsMode(c.kind as CriterionKindName, "SINGLE")) ?? [];
  const today = new Date();

  if (rules.length === 0) {
    return (
      <Card title="Spot check from production traffic">
        <p className="text-sm text-slate-700">No evaluation rule samples production traffic yet. Create one under Traffic → Rules; its judged answers are what spot checks draw from.</p>
      </Card>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const to = String(form.get("to"));
    startTransition(async () => {
      const result = await createSpotCheck({
        projectId,
        name: String(form.get("name")),
        rubricVersionId: rubricId,
        criterionKeys: form.getAll("criteria").map(String),
        overlap: Number(form.get("overlap")),
        blindReview: form.get("blindReview") === "on",
        showReference: false,
        selection: {
          ruleId: String(form.get("rule")),
          from: String(form.get("from")),
          // The form's "to" is the last day included.
          to: to ? dayText(new Date(Date.parse(to) + DAY_MS)) : to,
          period,
          perSegment: form.get("perSegment") === "on",
          split: form.get("split") === "total" ? "total" : "stratum",
          draw,
          n: Number(form.get("n")),
          seed: Number(form.get("seed") || 1),
        },
      });
      if (result.ok) router.push(`/projects/${projectId}/review`);
      else setError(result.error);
    });
  }

  return (
    <Card
      title="Spot check from production traffic"
      description="Experts rate a random sample of the answers an evaluation rule's judge scored. Production has one run, so spot checks rate single outputs: pairwise and ranking compare runs."
    >
      <form onSubmit={onSubmit} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="spot-name">
            <Input id="spot-name" name="name" required maxLength={120} placeholder="Production spot check, week 49" />
          </Field>
          <Field label="Evaluation rule" htmlFor="spot-rule" hint="Its judged answers are the pool: a random subsample of its random sample is a random sample of the traffic it matches.">
            <Select id="spot-rule" name="rule">
              {rules.map((rule) => (
                <option key={rule.id} value={rule.id}>
                  {rule.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="From (UTC day)" htmlFor="spot-from">
            <Input id="spot-from" name="from" type="date" required defaultValue={dayText(new Date(today.getTime() - 7 * DAY_MS))} />
          </Field>
          <Field label="To (UTC day, included)" htmlFor="spot-to">
            <Input id="spot-to" name="to" type="date" required defaultValue={dayText(today)} />
          </Field>
          <Field label="Periods" htmlFor="spot-period">
            <Select id="spot-period" value={period} onChange={(event) => setPeriod(event.target.value as TrafficPeriod)}>
              {TRAFFIC_PERIODS.map((value) => (
                <option key={value} value={value}>
                  {TRAFFIC_PERIOD_LABELS[value]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Draw" htmlFor="spot-draw">
            <Select id="spot-draw" value={draw} onChange={(event) => setDraw(event.target.value as "stratified" | "allocation")}>
              <option value="stratified">Stratified random sample</option>
              <option value="allocation">Allocation: more where the judge is unsure</option>
            </Select>
          </Field>
          {draw === "stratified" && (
            <>
              <label className="flex items-center gap-2 pt-6 text-sm text-slate-800">
                <input type="checkbox" name="perSegment" defaultChecked className="size-4 rounded border-slate-300" /> One stratum per segment within each period
              </label>
              <Field label="How many" htmlFor="spot-split">
                <Select id="spot-split" name="split" defaultValue="stratum">
                  <option value="stratum">n from every stratum</option>
                  <option value="total">n in total, split by stratum size</option>
                </Select>
              </Field>
            </>
          )}
          <Field label={draw === "allocation" ? "Expected number of items" : "n"} htmlFor="spot-n">
            <Input id="spot-n" name="n" type="number" min={1} max={100000} required defaultValue={10} />
          </Field>
          <Field label="Seed" htmlFor="spot-seed" hint="The same seed draws the same sample.">
            <Input id="spot-seed" name="seed" type="number" min={0} defaultValue={1} />
          </Field>
          <Field label="Rubric" htmlFor="spot-rubric">
            <Select id="spot-rubric" value={rubricId} onChange={(event) => setRubricId(event.target.value)}>
              {rubrics.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Reviewers per task (overlap)" htmlFor="spot-overlap">
            <Input id="spot-overlap" name="overlap" type="number" min={1} max={20} defaultValue={defaults.overlap} required />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Criteria reviewers answer</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {fitting.map((criterion) => (
              <label key={criterion.key} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                <input type="checkbox" name="criteria" value={criterion.key} defaultChecked className="size-4 rounded border-slate-300" />
                {criterion.name} <span className="text-xs text-slate-600">({criterion.kind.toLowerCase()})</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="blindReview" defaultChecked={defaults.blindReview} className="size-4 rounded border-slate-300" /> Blind review (hide the model and the judge&apos;s scores)
        </label>
        {error && (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.message}
          </div>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Drawing…" : "Create spot check and draw tasks"}
        </Button>
      </form>
    </Card>
  );
}
