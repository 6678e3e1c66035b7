import type { Metadata } from "next";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ChoiceOptions, LABELLED_CONTROL_CLASS, LabelledControl } from "@/components/ui/filter-form";
import { loadAgreementCriteria } from "@/lib/agreement/criteria";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "dashboards.view");
  const api = `/api/v1/projects/${projectId}/exports`;
  const criteria = (await loadAgreementCriteria(projectId)).filter((c) => c.kind !== "RANKING");
  if (!can("labels.export")) {
    return <Card title="Exports"><p className="text-sm text-slate-600">Your role cannot export labels.</p></Card>;
  }
  return (
    <div className="space-y-6">
      <Card title="Labels and ground truth" description="Every reviewer judgment (one row per criterion and target) and every settled unit. Also available to API tokens at the same URLs.">
        <ul className="flex flex-wrap gap-3">
          {(["labels", "ground-truth"] as const).flatMap((kind) =>
            (["jsonl", "csv"] as const).map((format) => (
              <li key={`${kind}-${format}`}>
                <a className={buttonClass("secondary")} href={`${api}/${kind}?format=${format}`} download>
                  {kind === "labels" ? "All labels" : "Ground truth"} ({format.toUpperCase()})
                </a>
              </li>
            )),
          )}
        </ul>
        <p className="mt-3 font-mono text-xs text-slate-500">GET {api}/labels?format=jsonl</p>
      </Card>
      <Card title="Calibration set for judges" description="Few-shot examples with the input, the output(s), the human label and the reviewers' rationales, balanced across label values. The same seed gives the same set.">
        <form method="get" action={`${api}/calibration`} className="grid gap-3 md:grid-cols-5">
          <LabelledControl label="Criterion" className="md:col-span-2">
            <select name="criterion" className={LABELLED_CONTROL_CLASS} required>
              <ChoiceOptions choices={criteria.map((c) => ({ value: c.key, label: c.name }))} />
            </select>
          </LabelledControl>
          <LabelledControl label="Examples">
            <input name="size" type="number" min={1} max={1000} defaultValue={12} className={LABELLED_CONTROL_CLASS} required />
          </LabelledControl>
          <LabelledControl label="Format">
            <select name="format" className={LABELLED_CONTROL_CLASS} defaultValue="jsonl">
              <option value="jsonl">JSONL</option>
              <option value="csv">CSV</option>
            </select>
          </LabelledControl>
          <div className="flex items-end">
            <button type="submit" className={buttonClass("primary")}>
              Download
            </button>
          </div>
        </form>
      </Card>
    </div>
  );
}
