import { z } from "zod";

// A spot-check setup's draw from production traffic, stored in the review
// setup's `selection` JSON beside the ordinary fields: { strategy: "traffic",
// ruleId, from, to, period, perSegment, split, draw, n, seed }.

export const TRAFFIC_PERIODS = ["range", "day", "week"] as const;
export type TrafficPeriod = (typeof TRAFFIC_PERIODS)[number];
export const TRAFFIC_PERIOD_LABELS: Record<TrafficPeriod, string> = { range: "The whole range (one period)", day: "Each day of the range", week: "Each week of the range (Monday to Sunday, UTC)" };

/** "stratum": n items from every stratum; "total": n items split across strata in proportion to their size. */
export const TRAFFIC_SPLITS = ["stratum", "total"] as const;
/** "stratified": simple random sampling within each stratum; "allocation": the allocation mode's draw over the same pool. */
export const TRAFFIC_DRAWS = ["stratified", "allocation"] as const;

const isoDate = (field: string) =>
  z
    .string({ error: `${field} must be a date (YYYY-MM-DD) or a date and time (ISO 8601).` })
    .refine((value) => Number.isFinite(Date.parse(value)), `${field} must be a date (YYYY-MM-DD) or a date and time (ISO 8601).`)
    .transform((value) => new Date(value).toISOString());

/** The traffic fields of a review selection, all optional there; `trafficSelectionIssues` says which a traffic draw needs. */
export const trafficSelectionFields = {
  ruleId: z.string().min(1).max(64).optional(),
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
  period: z.enum(TRAFFIC_PERIODS, { error: "period must be range, day or week." }).optional(),
  perSegment: z.boolean().optional(),
  split: z.enum(TRAFFIC_SPLITS, { error: "split must be stratum or total." }).optional(),
  draw: z.enum(TRAFFIC_DRAWS, { error: "draw must be stratified or allocation." }).optional(),
};

type TrafficFields = { ruleId?: string; from?: string; to?: string; n?: number };

/** What a traffic draw is missing or gets wrong, as (path, message) pairs for the selection's superRefine. */
export function trafficSelectionIssues(selection: TrafficFields): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (!selection.ruleId) issues.push({ path: "ruleId", message: "Choose the evaluation rule whose judged samples to draw from." });
  if (!selection.from) issues.push({ path: "from", message: "Say from when to draw (from)." });
  if (!selection.to) issues.push({ path: "to", message: "Say until when to draw (to)." });
  if (selection.from && selection.to && selection.from >= selection.to) issues.push({ path: "to", message: "to must come after from." });
  if (!selection.n) issues.push({ path: "n", message: "Say how many items to sample." });
  return issues;
}

/** The resolved traffic draw (defaults applied), as lib/evaluation/spot-checks/draw.ts uses it. */
export type TrafficDraw = {
  ruleId: string;
  from: string;
  to: string;
  period: TrafficPeriod;
  perSegment: boolean;
  split: (typeof TRAFFIC_SPLITS)[number];
  draw: (typeof TRAFFIC_DRAWS)[number];
  n: number;
  seed: number;
};

const id = z.string().min(1).max(64);

/** The spot-check form: a review setup whose dataset, run and mode follow from the source (production, single output). */
export const createSpotCheckSchema = z.object({
  projectId: id,
  name: z.string().trim().min(1, "Name is required.").max(120),
  rubricVersionId: id,
  criterionKeys: z.array(z.string().max(60)).max(30).default([]),
  overlap: z.number().int().min(1, "Overlap is at least 1.").max(20, "Overlap is at most 20."),
  blindReview: z.boolean().default(true),
  showReference: z.boolean().default(false),
  selection: z.object({
    ruleId: id,
    from: isoDate("from"),
    to: isoDate("to"),
    period: z.enum(TRAFFIC_PERIODS, { error: "period must be range, day or week." }).default("range"),
    perSegment: z.boolean().default(true),
    split: z.enum(TRAFFIC_SPLITS, { error: "split must be stratum or total." }).default("stratum"),
    draw: z.enum(TRAFFIC_DRAWS, { error: "draw must be stratified or allocation." }).default("stratified"),
    n: z.number().int().min(1, "n must be at least 1.").max(100_000, "n is at most 100,000."),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  }),
});
export type CreateSpotCheckInput = z.input<typeof createSpotCheckSchema>;
