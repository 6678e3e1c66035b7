import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { RubricVersionDetail } from "@/lib/rubrics/queries";
import { KIND_LABELS, parseCriterionConfig, type CriterionKindName } from "@/lib/rubrics/kinds";

// A rubric version as reviewers get it, for people who may read rubrics but
// not edit them (leads): every criterion with its key, kind, scale, anchors
// or options. Nothing here can change a rubric.

export function RubricView({ version }: { version: RubricVersionDetail }) {
  return (
    <ol className="space-y-3" aria-label="Criteria">
      {version.criteria.map((criterion, index) => (
        <li key={criterion.id}>
          <Card title={`${index + 1}. ${criterion.name}`} actions={
              <span className="text-xs text-slate-500">
                key <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700">{criterion.key}</code>
              </span>
            }>
            <div className="space-y-2 text-sm">
              <div className="flex flex-wrap gap-2">
                <Badge tone="brand">{KIND_LABELS[criterion.kind as CriterionKindName] ?? criterion.kind}</Badge>
                {criterion.required ? <Badge>required</Badge> : <Badge>optional</Badge>}
                {criterion.pairwiseScope === "COMPARISON" && <Badge>pairwise: once, about the comparison</Badge>}
              </div>
              {criterion.description && <p className="whitespace-pre-line text-slate-700">{criterion.description}</p>}
              <KindSettings kind={criterion.kind as CriterionKindName} config={criterion.config} />
            </div>
          </Card>
        </li>
      ))}
    </ol>
  );
}

function KindSettings({ kind, config }: { kind: CriterionKindName; config: unknown }) {
  const parsed = parseCriterionConfig(kind, config);
  if (!parsed.success) return null;
  const settings = parsed.data as { min?: number; max?: number; anchors?: string[]; options?: string[] };
  if (kind === "LIKERT" && settings.min !== undefined && settings.max !== undefined) {
    return (
      <div>
        <p className="text-slate-600">
          Scale {settings.min}–{settings.max}
        </p>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {(settings.anchors ?? []).map((anchor, i) => (
            <div key={i} className="contents">
              <dt className="font-medium tabular-nums text-slate-800">{settings.min! + i}</dt>
              <dd className="text-slate-600">{anchor || <span className="text-slate-400">no anchor</span>}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  if (settings.options) {
    return (
      <ul className="flex flex-wrap gap-1.5" aria-label="Options">
        {settings.options.map((option) => (
          <li key={option}>
            <Badge>{option}</Badge>
          </li>
        ))}
      </ul>
    );
  }
  if (settings.min !== undefined && settings.max !== undefined) {
    return (
      <p className="text-slate-600">
        Range {settings.min}–{settings.max}
      </p>
    );
  }
  return null;
}
