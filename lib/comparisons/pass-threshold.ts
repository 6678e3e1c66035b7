import { z } from "zod";

// Which score counts as a pass, per criterion kind. Likert: the top two levels
// of the declared scale unless the caller sets a threshold; binary: 1;
// factuality: "correct". Kept pure so the gate, the pages and the tests agree.

export const PASS_KINDS = ["LIKERT", "BINARY", "FACTUALITY"] as const;
export type PassKind = (typeof PASS_KINDS)[number];

const likertScale = z.object({ min: z.number().int(), max: z.number().int() }).refine((s) => s.max > s.min);

/** The declared likert scale from Criterion.config; 1–5 when the config does not declare one. */
export function likertScaleOf(config: unknown): { min: number; max: number } {
  const parsed = likertScale.safeParse(config);
  return parsed.success ? parsed.data : { min: 1, max: 5 };
}

/** Default likert pass threshold: the second-highest declared level (so the top two levels pass). */
export function defaultLikertThreshold(config: unknown): number {
  const { min, max } = likertScaleOf(config);
  return Math.max(min, max - 1);
}

export function isPassKind(kind: string): kind is PassKind {
  return (PASS_KINDS as readonly string[]).includes(kind);
}

export function describePassRule(kind: PassKind, threshold: number | null): string {
  if (kind === "LIKERT") return `score ≥ ${threshold}`;
  if (kind === "BINARY") return "pass (1)";
  return "correct";
}
