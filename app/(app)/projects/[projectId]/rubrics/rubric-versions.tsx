import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { RubricVersionDetail } from "@/lib/rubrics/queries";

// The version history of a rubric: when each version was made, how many labels
// it carries, and which criterion keys it added or dropped against the one
// before (a key is a series on the dashboards).

export function RubricVersions({ basePath, versions, shown }: { basePath: string; versions: RubricVersionDetail[]; shown: number | null }) {
  return (
    <Card title="Versions" description="Labels keep the version they were given under; dashboards match criteria across versions by key.">
      <ol className="divide-y divide-slate-100 text-sm">
        {versions.map((version, i) => {
          const before = versions[i + 1];
          const keys = version.criteria.map((c) => c.key);
          const previous = before?.criteria.map((c) => c.key) ?? [];
          const added = before ? keys.filter((key) => !previous.includes(key)) : [];
          const dropped = previous.filter((key) => !keys.includes(key));
          const current = version.version === shown;
          return (
            <li key={version.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
              <Link href={`${basePath}?version=${version.version}`} aria-current={current ? "page" : undefined} className={`font-medium ${current ? "text-slate-900" : "text-brand-700 hover:underline"}`}>
                Version {version.version}
              </Link>
              <span className="text-slate-600">
                {version.createdAt.toISOString().slice(0, 10)} · {version._count.labels} labels · {version.criteria.length} criteria
              </span>
              {added.length > 0 && <span className="text-xs text-emerald-800">added {added.join(", ")}</span>}
              {dropped.length > 0 && <span className="text-xs text-amber-800">dropped {dropped.join(", ")}</span>}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
