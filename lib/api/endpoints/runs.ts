import { z } from "zod";
import { figureSchema } from "@/lib/api/figure-schemas";
import { registerEndpoint } from "@/lib/api/openapi";
import { runListSchema } from "@/lib/api/runs";
import { compareRouteSchema, gateSchema } from "@/lib/comparisons/schemas";
import { pairedEstimateSchema } from "@/lib/estimates/response-schemas";
import { leaderboardSchema } from "@/lib/leaderboard/schemas";

// OpenAPI entries for runs: the list, comparison, the CI gate and the leaderboard
// (handlers: lib/api/runs.ts, lib/comparisons/compare.ts and gate.ts, lib/leaderboard/leaderboard.ts).

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/runs",
  summary: "List runs",
  description: "Every run with its model, prompt version, dataset version and how many outputs and items it has. Needs a READ token, or a lead/admin session.",
  tags: ["runs"],
  response: runListSchema,
});

const runSummary = z.object({ id: z.string(), name: z.string(), model: z.string(), promptVersion: z.string(), datasetVersionId: z.string(), datasetName: z.string(), datasetVersion: z.number().int() });
const judgeRef = z.object({ id: z.string(), name: z.string(), promptVersion: z.string() }).nullable();
const source = z.enum(["adjudicated", "human", "judge"]);
const sourceCounts = z.object({ adjudicated: z.number().int(), human: z.number().int(), judge: z.number().int() });

const comparisonSchema = z.object({
  baseline: runSummary,
  candidate: runSummary,
  judge: judgeRef.describe("Pointwise judge deciding items without a human consensus."),
  tag: z.string().nullable(),
  criteria: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      rubricName: z.string(),
      kind: z.string(),
      threshold: z.number().nullable(),
      metric: z.enum(["mean", "pass rate"]),
      baseline: figureSchema,
      candidate: figureSchema,
      delta: figureSchema.describe("Candidate − baseline over items decided in both runs (paired bootstrap)."),
      baselinePassRate: figureSchema,
      candidatePassRate: figureSchema,
      paired: z.number().int(),
      regressed: z.number().int(),
      improved: z.number().int(),
      sources: z.object({ baseline: sourceCounts, candidate: sourceCounts }),
    }),
  ),
  regressedUnits: z.number().int(),
  improvedUnits: z.number().int(),
  items: z.array(
    z.object({
      itemId: z.string(),
      externalId: z.string(),
      turn: z.number().int(),
      tags: z.array(z.string()),
      criterionKey: z.string(),
      direction: z.enum(["regressed", "improved"]),
      baseline: z.object({ outputId: z.string(), value: z.number().nullable(), category: z.string().nullable(), source }),
      candidate: z.object({ outputId: z.string(), value: z.number().nullable(), category: z.string().nullable(), source }),
    }),
  ),
  itemsTruncated: z.boolean(),
  bootstrap: z.object({ rounds: z.number().int(), seed: z.number().int() }),
  ppi: z.array(pairedEstimateSchema).optional().describe("With estimator=ppi: each criterion's PPI++ paired difference (candidate − baseline) on the units the judge scored in both runs."),
});

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/compare",
  summary: "Compare two runs",
  description: "Per criterion: baseline and candidate figures, the paired delta with its bootstrap interval, regressed and improved items. Each item is decided by adjudication, else the reviewers' consensus, else the judge.",
  tags: ["runs"],
  query: compareRouteSchema,
  response: comparisonSchema,
});

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/gate",
  summary: "CI gate: does the candidate regress?",
  description:
    "The comparison with thresholds applied. 200 with passed true or false; unknown runs, runs on different dataset versions or runs without scores are 4xx errors, never a pass. With estimator=ppi a criterion fails when the upper end of its PPI++ paired difference's 95 % interval is below minDelta (default 0) or there is not enough data; item regressions are then reported, not counted. The CLI's `touchstone gate` calls this.",
  tags: ["runs"],
  query: gateSchema,
  response: z.object({
    estimator: z.enum(["bootstrap", "ppi"]),
    passed: z.boolean(),
    reasons: z.array(z.string()),
    thresholds: z.object({ maxRegressions: z.number().int(), minDelta: z.number().nullable() }),
    regressedUnits: z.number().int(),
    improvedUnits: z.number().int(),
    criteria: z.array(
      z.object({
        key: z.string(),
        metric: z.enum(["mean", "pass rate"]),
        baseline: z.number().nullable(),
        candidate: z.number().nullable(),
        delta: z.number().nullable(),
        deltaLower: z.number().nullable(),
        deltaUpper: z.number().nullable(),
        paired: z.number().int(),
        regressed: z.number().int(),
        improved: z.number().int(),
        passed: z.boolean(),
        ppi: z
          .object({ n: z.number().int(), N: z.number().int(), lambda: z.number().nullable(), effectiveLabels: z.number().nullable(), notEnoughData: z.string().nullable() })
          .optional()
          .describe("estimator=ppi: what the PPI++ difference rests on."),
      }),
    ),
    baseline: runSummary,
    candidate: runSummary,
    judge: judgeRef,
    tag: z.string().nullable(),
    regressedItems: z.array(z.object({ externalId: z.string(), turn: z.number().int(), criterionKey: z.string(), baselineSource: source, candidateSource: source })),
  }),
});

const winRateCell = z.object({ winRate: figureSchema, wins: z.number().int(), losses: z.number().int(), ties: z.number().int() });

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/leaderboard",
  summary: "Bradley–Terry leaderboard",
  description: "Ratings (400·β + 1000) with bootstrap intervals and rank-with-CI from reviewers' preferences or a pairwise judge's verdicts, and the win-rate matrix. `rows` is null with `notEstimable` when the ratings do not exist.",
  tags: ["runs"],
  query: leaderboardSchema,
  response: z.object({
    source: z.union([z.object({ kind: z.literal("human") }), z.object({ kind: z.literal("judge"), id: z.string(), name: z.string(), promptVersion: z.string(), swapAverage: z.boolean().describe("The judge version reports one swap-averaged verdict per pair (both orders agree, else a tie) instead of one battle per shown order.") })]),
    anchor: z.union([z.object({ kind: z.literal("mean"), rating: z.number() }), z.object({ kind: z.literal("run"), runId: z.string(), name: z.string(), rating: z.number() })]),
    battles: z.number().int(),
    runs: z.array(z.object({ id: z.string(), name: z.string(), model: z.string() })),
    rows: z
      .array(z.object({ runId: z.string(), name: z.string(), model: z.string(), rating: z.number(), lower: z.number(), upper: z.number(), rank: z.number().int(), battles: z.number().int() }))
      .nullable(),
    notEstimable: z.object({ reason: z.string(), message: z.string() }).nullable(),
    winRates: z.record(z.string(), z.record(z.string(), winRateCell)).describe("winRates[a][b]: share of a's decisive battles against b that a won."),
    bootstrap: z.object({ rounds: z.number().int(), seed: z.number().int(), undefinedRounds: z.number().int() }),
  }),
});
