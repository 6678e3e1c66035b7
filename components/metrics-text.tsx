import Link from "next/link";

// Help texts cite the definition of each figure by its METRICS.md section
// (a test keeps every cited anchor pointing at a heading). In the app the citation
// becomes a link to the same section of the in-app copy (/help/metrics).
const REFERENCE = /docs\/METRICS\.md#([a-z0-9-]+)/g;

export const metricsHref = (anchor: string) => `/help/metrics#${anchor}`;

/** A help text with its METRICS.md citations as links. */
export function MetricsText({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    parts.push(text.slice(last, match.index));
    parts.push(
      <Link key={match.index} href={metricsHref(match[1]!)} className="text-brand-700 underline decoration-dotted hover:decoration-solid" target="_blank">
        METRICS.md#{match[1]}
      </Link>,
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
