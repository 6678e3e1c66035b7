import { z } from "zod";

// Inputs of run comparison and the CI gate, shared by pages, the REST API and tests.

const id = (field: string) => z.string().trim().min(1, `${field} is required.`).max(100, `${field} is too long.`);

/** "a,b" or repeated values → ["a", "b"]; absent → undefined (all criteria). */
const keyList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => {
    if (value === undefined) return undefined;
    const keys = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    return keys.length ? keys : undefined;
  });

const optionalNumber = (field: string) =>
  z
    .union([z.number(), z.string()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const n = typeof value === "number" ? value : Number(value);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: `${field} must be a number.` });
        return z.NEVER;
      }
      return n;
    });

export const compareRunsSchema = z.object({
  baseline: id("baseline"),
  candidate: id("candidate"),
  /** Pointwise judge that decides where no human consensus exists; default: the judge with most scores on the two runs. */
  judge: id("judge").optional(),
  criterion: keyList,
  tag: z.string().trim().min(1).max(200).optional(),
  /** Likert pass threshold overriding each likert criterion's own pass rule (config.pass, by default the scale's midpoint rounded up). */
  likertThreshold: optionalNumber("likertThreshold"),
});
type CompareOutput = z.output<typeof compareRunsSchema>;
/** What compareRuns takes: the parsed input, with the optional fields optional for callers in code. */
export type CompareRunsInput = Omit<CompareOutput, "criterion" | "likertThreshold"> & { criterion?: string[]; likertThreshold?: number };

/** Which figure decides a gate and is shown beside the comparison: the bootstrap over decided scores (default), or the PPI++ paired difference. */
const estimator = z.enum(["bootstrap", "ppi"], { message: "estimator is bootstrap or ppi." }).default("bootstrap");

/** The compare route: the comparison, plus the PPI++ differences with `estimator=ppi`. */
export const compareRouteSchema = compareRunsSchema.extend({ estimator });

export const gateSchema = compareRunsSchema.extend({
  estimator,
  maxRegressions: optionalNumber("maxRegressions").refine((n) => n === undefined || (Number.isInteger(n) && n >= 0), "maxRegressions must be a non-negative integer."),
  minDelta: optionalNumber("minDelta"),
});
export type GateInput = z.output<typeof gateSchema>;
