import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

type Version = { id: string; version: number; model: string; changeNote: string; author: string; createdAt: string; scoreCount: number; promoted: boolean; fewShotK: number };

/** Every saved version, newest first, with what changed and who changed it. */
export function VersionList({ versions }: { versions: Version[] }) {
  return (
    <Card title="Versions" description="Each save is a new, immutable version; scores keep pointing at the version that produced them.">
      <ol className="divide-y divide-slate-100" aria-label="Versions">
        {versions.map((v) => (
          <li key={v.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
            <span className="font-semibold text-slate-900">v{v.version}</span>
            {v.promoted && <Badge tone="green">promoted</Badge>}
            <span className="text-slate-700">{v.changeNote || <span className="text-slate-400">no change note</span>}</span>
            <span className="text-xs text-slate-500">
              {v.model} · {v.fewShotK} {v.fewShotK === 1 ? "example" : "examples"} · {v.scoreCount} scores · {v.author} · {new Date(v.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
