// The sampled answers behind a figure, on the spot-check list (traffic/samples,
// built by the spot-check feature): failed answers of one rule, window and
// segment. That page filters by whole UTC days (from and to inclusive, as the
// traffic page), so the link names the days the window touches.

const day = (date: Date) => date.toISOString().slice(0, 10);

export function samplesLink(projectId: string, opts: { ruleId: string; from: Date; to: Date; segment: string | null }): string {
  const params = new URLSearchParams({ rule: opts.ruleId, from: day(opts.from), to: day(new Date(Math.max(opts.from.getTime(), opts.to.getTime() - 1))) });
  if (opts.segment !== null) params.set("segment", opts.segment);
  params.set("outcome", "failed");
  return `/projects/${projectId}/traffic/samples?${params.toString()}`;
}

