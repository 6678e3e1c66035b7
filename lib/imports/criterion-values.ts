import { criterionKind, isCriterionKind, type Judgment } from "@/lib/rubrics/kinds";
import type { CriterionInfo } from "./lookups";

// Checks one score or label against its criterion's kind and settings and
// returns what to store (value or category), or the reason it cannot be. The
// rule of each kind lives in the criterion-kind registry (lib/rubrics/kinds.ts).

export type { Judgment };

export function checkPointwise(criterion: CriterionInfo, value: number | undefined, category: string | undefined): Judgment | { error: string; field: string } {
  if (!isCriterionKind(criterion.kind)) return { field: "criterion", error: `${criterion.key} has an unknown kind (${criterion.kind}).` };
  return criterionKind(criterion.kind, criterion.config).importCheck(criterion.key, { value, category });
}
