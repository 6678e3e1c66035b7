import { z } from "zod";

const id = z.string().min(1).max(64);

/** Where promoted answers go: an existing GOLDEN dataset (its next version), or a new dataset by name. */
export const promotionTargetSchema = z.union([
  z.object({ datasetId: id }),
  z.object({ newDatasetName: z.string().trim().min(1, "Give the new dataset a name.").max(200, "A dataset name has at most 200 characters.") }),
]);

export const promoteSchema = z.object({
  projectId: id,
  /** Items of the production dataset (what the samples page and the disagreement explorer list). */
  itemIds: z.array(id).min(1, "Select at least one answer.").max(1000, "Promote at most 1,000 answers at once."),
  target: promotionTargetSchema,
  /** The rule whose samples the lead was looking at; otherwise each item's first sampling rule. */
  ruleId: id.optional(),
});
export type PromoteInput = z.output<typeof promoteSchema>;
