import { z } from "zod";

export const datasetHealthSchema = z.object({
  datasetVersion: z.string().trim().min(1, "datasetVersion is required.").max(100),
  /** Criterion key whose pass/fail makes the matrix; default: the first likert, binary or factuality criterion. */
  criterion: z.string().trim().min(1).max(200).optional(),
  judge: z.string().trim().min(1).max(200).optional(),
});
export type DatasetHealthInput = z.input<typeof datasetHealthSchema>;

export const saveCoreSubsetSchema = z.object({
  projectId: z.string().min(1),
  datasetVersionId: z.string().trim().min(1, "datasetVersionId is required."),
  externalIds: z.array(z.string().min(1).max(500)).min(1, "Pick at least one item.").max(100_000),
  note: z.string().trim().max(500).default(""),
});
