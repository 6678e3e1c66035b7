import { z } from "zod";

// JSON shapes of calibrated estimates as the REST API returns them (OpenAPI only).

const interval = z.object({ estimate: z.number(), se: z.number(), lower: z.number(), upper: z.number() });

export const estimateFiguresShape = {
  n: z.number().int().describe("Expert-labelled units (with a judge score)."),
  N: z.number().int().describe("Units only the judge scored."),
  judgeOnly: z.object({ estimate: z.number().nullable(), units: z.number().int() }).describe("The judge's mean over every unit it scored (n + N): uncorrected, no interval."),
  classical: interval.nullable().describe("Experts only, 95 % normal interval."),
  ppi: interval.extend({ lambda: z.number() }).nullable().describe("PPI++ (power-tuned λ), 95 % normal interval."),
  effectiveLabels: z.number().nullable().describe("Experts-only variance ÷ PPI++ variance × n."),
  notEnoughData: z.string().nullable().describe("Why the intervals are withheld (docs/METRICS.md), or null."),
};

export const pairedEstimateSchema = z.object({ key: z.string(), metric: z.enum(["mean", "pass rate"]), ...estimateFiguresShape });
