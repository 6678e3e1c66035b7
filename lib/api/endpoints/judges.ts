import { z } from "zod";
import { judgeBiasSchema } from "@/lib/api/judge-bias";
import { judgeListSchema } from "@/lib/api/judges";
import { judgeSummarySchema } from "@/lib/api/judge-summary";
import { registerEndpoint } from "@/lib/api/openapi";

// OpenAPI entries for the judge list and a judge's bias and summary (handlers: lib/api/judges.ts, judge-bias.ts, judge-summary.ts).

const judgeId = { judgeId: z.string().describe("A judge version's id, from GET /judges.") };

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/judges",
  summary: "List judge versions with their counts",
  description: "Each judge version (a new prompt version is a new judge) with its pointwise scores, pairwise verdicts and failed calls, counted apart. Needs a READ token, or a lead/admin session.",
  tags: ["judges"],
  response: judgeListSchema,
});

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/judges/{judgeId}/bias",
  summary: "A judge's bias figures",
  description:
    "Position bias per criterion over valid pairs (Zheng et al. 2023 §3.4: pairs judged in both orders, valid pairs without ERROR, consistent, inconsistent — ties against a winner included —, error pairs, first- and second-position preference), the all-criteria Table 2 shares, verbosity and self-preference, each with n and a 95 % bootstrap interval. The same figures as the judge's dashboard page.",
  tags: ["judges"],
  pathParams: judgeId,
  response: judgeBiasSchema,
});

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/judges/{judgeId}/summary",
  summary: "A judge's scores per run and criterion",
  description: "Per run and criterion key: outputs scored, failed calls, and the mean numeric score with its 95 % Student-t interval (mean ± t·s/√n). Pairwise verdicts are counted per criterion.",
  tags: ["judges"],
  pathParams: judgeId,
  response: judgeSummarySchema,
});
