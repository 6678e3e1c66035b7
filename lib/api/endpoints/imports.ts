import { z } from "zod";
import { importQuerySchema, importResultSchema } from "@/lib/api/import-route";
import { registerEndpoint } from "@/lib/api/openapi";
import {
  itemRowSchema,
  itemsOptionsSchema,
  judgeScoresOptionsSchema,
  labelRowSchema,
  labelsOptionsSchema,
  outputRowSchema,
  outputsOptionsSchema,
  pairwiseScoreRowSchema,
  pointwiseScoreRowSchema,
  fieldMappingSchema,
} from "@/lib/imports/schemas";

// OpenAPI entries for the four bulk import endpoints (handlers: lib/api/import-route.ts).

const RAW = { "text/csv": "binary", "application/x-ndjson": "binary", "application/octet-stream": "binary" } as const;

const KINDS = [
  { segment: "items", title: "dataset items", row: itemRowSchema, options: itemsOptionsSchema, note: "Uploading under an existing dataset name creates a new version (identical content reuses the existing one)." },
  { segment: "outputs", title: "run outputs", row: outputRowSchema, options: outputsOptionsSchema, note: "Outputs are keyed by item externalId and turn. With the run option every row goes to that run; without it each row names its run (several runs per upload). Runs are created or updated by name." },
  {
    segment: "judge-scores",
    title: "judge scores",
    row: z.union([pointwiseScoreRowSchema, pairwiseScoreRowSchema]),
    options: judgeScoresOptionsSchema,
    note: "judgeKind POINTWISE rows score one run's output on a criterion; PAIRWISE rows give the verdict on runA vs runB and the order shown. One judge may carry both kinds. A pointwise row with an error, a failed status or a null score is a failed judge call: stored with its reason, counted as the judge's error share, never an upload error.",
  },
  { segment: "labels", title: "past human labels", row: labelRowSchema, options: labelsOptionsSchema, note: "Labels are attributed to reviewers (project members, by email) and stored with source IMPORT." },
] as const;

for (const kind of KINDS) {
  registerEndpoint({
    method: "post",
    path: `/api/v1/projects/{projectId}/${kind.segment}`,
    summary: `Import ${kind.title}`,
    description: `${kind.note} All-or-nothing: any invalid row rejects the whole upload with every failing row listed. Re-sending the same upload changes nothing (status "unchanged"). Needs a WRITE token. Rows are shown after field mapping; without a mapping, common field names are detected.`,
    tags: ["imports"],
    query: importQuerySchema.extend(kind.options.partial().shape),
    body: {
      "application/json": z.object({ rows: z.array(kind.row), options: kind.options.optional(), mapping: fieldMappingSchema.optional() }),
      ...RAW,
    },
    response: importResultSchema,
    errors: [413],
  });
}
