import { Badge } from "@/components/ui/badge";
import type { Source } from "@/lib/comparisons/compare";

const LABELS: Record<Source, { text: string; tone: "green" | "brand" | "neutral" }> = {
  adjudicated: { text: "adjudicated", tone: "green" },
  human: { text: "reviewers", tone: "brand" },
  judge: { text: "judge", tone: "neutral" },
};

/** Which source decided a score: a lead's adjudication, the reviewers' consensus, or the judge. */
export function SourceBadge({ source }: { source: Source }) {
  const label = LABELS[source];
  return <Badge tone={label.tone}>{label.text}</Badge>;
}
