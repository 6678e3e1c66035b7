// The sampled answers behind a figure, on the spot-check list (traffic/samples,
// built by the spot-check feature): failed answers of one rule, window and segment.

export function samplesLink(projectId: string, opts: { ruleId: string; from: Date; to: Date; segment: string | null }): string {
  const params = new URLSearchParams({ rule: opts.ruleId, from: opts.from.toISOString(), to: opts.to.toISOString() });
  if (opts.segment !== null) params.set("segment", opts.segment);
  params.set("outcome", "failed");
  return `/projects/${projectId}/traffic/samples?${params.toString()}`;
}
