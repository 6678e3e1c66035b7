import { z } from "zod";

// JSON shapes of lib/stats results as the API returns them: a figure is a
// value with its n, or null with the reason it is undefined; bootstrapped
// figures add their 95 % percentile interval and how it was drawn.

export const figureSchema = z.object({
  value: z.number().nullable().describe("null when the figure is undefined; `reason` then says why."),
  n: z.number().int().describe("Units the figure is computed on."),
  reason: z.string().optional(),
  lower: z.number().nullable().optional().describe("95 % interval, lower bound (bootstrapped figures)."),
  upper: z.number().nullable().optional(),
  level: z.number().optional(),
  rounds: z.number().int().optional().describe("Bootstrap resamples."),
  seed: z.number().int().optional(),
  undefinedRounds: z.number().int().optional().describe("Resamples on which the figure was undefined (left out of the interval)."),
});
export type FigureJson = z.infer<typeof figureSchema>;
