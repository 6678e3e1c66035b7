import { db } from "@/lib/db/client";
import type { KappaWeights } from "@/lib/stats/agreement";
import type { Label } from "@/lib/stats/types";
import { FACTUALITY_OPTIONS, PREFERENCE_CATEGORIES, categoricalConfigSchema, likertConfigSchema } from "@/lib/rubrics/schemas";

// Criteria as the dashboards see them: one entry per Criterion.key (labels
// and judge scores are matched on the key across rubric versions), with the
// declared scale of the newest version. Statistics always use this declared
// scale, never the values that happen to appear in a sample.

import type { CriterionKindName } from "@/lib/rubrics/schemas";
export type { CriterionKindName };

export type AgreementCriterion = {
  key: string;
  name: string;
  kind: CriterionKindName;
  /** Declared categories in scale order (numbers for numeric kinds). Empty for rankings without a known length. */
  categories: Label[];
  /** Ordered scale: within-1, Spearman, Kendall, MAE and weighted κ apply. */
  ordinal: boolean;
  /** Numeric codes: MAE and mean signed difference apply. */
  numeric: boolean;
  /** κ weights for the headline kappa: quadratic for ordinal scales, none for nominal ones. */
  weights: KappaWeights;
  alphaLevel: "nominal" | "ordinal";
};

export function describeCriterion(row: { key: string; name: string; kind: CriterionKindName; config: unknown }, rankingLength = 0): AgreementCriterion {
  const base = { key: row.key, name: row.name, kind: row.kind };
  switch (row.kind) {
    case "LIKERT": {
      const parsed = likertConfigSchema.safeParse(row.config);
      const { min, max } = parsed.success ? parsed.data : { min: 1, max: 5 };
      const categories = Array.from({ length: max - min + 1 }, (_, i) => min + i);
      return { ...base, categories, ordinal: true, numeric: true, weights: "quadratic", alphaLevel: "ordinal" };
    }
    case "RANKING": {
      const categories = Array.from({ length: rankingLength }, (_, i) => i + 1);
      return { ...base, categories, ordinal: true, numeric: true, weights: "quadratic", alphaLevel: "ordinal" };
    }
    case "BINARY":
      return { ...base, categories: [0, 1], ordinal: false, numeric: true, weights: "none", alphaLevel: "nominal" };
    case "FACTUALITY":
      return { ...base, categories: [...FACTUALITY_OPTIONS], ordinal: false, numeric: false, weights: "none", alphaLevel: "nominal" };
    case "PREFERENCE":
      return { ...base, categories: [...PREFERENCE_CATEGORIES], ordinal: false, numeric: false, weights: "none", alphaLevel: "nominal" };
    case "CATEGORICAL": {
      const parsed = categoricalConfigSchema.safeParse(row.config);
      return { ...base, categories: parsed.success ? parsed.data.options : [], ordinal: false, numeric: false, weights: "none", alphaLevel: "nominal" };
    }
    case "SCORE":
      // Real values have no category list; the criterion-kind registry gives them numeric figures.
      return { ...base, categories: [], ordinal: true, numeric: true, weights: "none", alphaLevel: "ordinal" };
  }
}

/** Turns a code as SQL returns it (text) into the criterion's label type; null when it is not on the declared scale. */
export function parseCode(criterion: AgreementCriterion, code: string): Label | null {
  if (criterion.numeric) {
    const value = Number(code);
    return criterion.categories.includes(value) ? value : null;
  }
  return criterion.categories.includes(code) ? code : null;
}

/** Every criterion key of the project (or of one rubric version), newest version's name, kind and scale first. */
export async function loadAgreementCriteria(projectId: string, opts: { rubricVersionId?: string } = {}): Promise<AgreementCriterion[]> {
  const rows = await db.criterion.findMany({
    where: { rubricVersion: { rubric: { projectId } }, ...(opts.rubricVersionId ? { rubricVersionId: opts.rubricVersionId } : {}) },
    select: { key: true, name: true, kind: true, config: true, position: true },
    orderBy: [{ rubricVersion: { createdAt: "desc" } }, { position: "asc" }],
  });
  // Rankings declare no length: their scale is 1..the most outputs a ranking task compared.
  const [ranking] = await db.$queryRaw<{ positions: number | null }[]>`
    SELECT MAX(lv.value)::int AS positions FROM "LabelValue" lv
    JOIN "Criterion" c ON c.id = lv."criterionId" AND c.kind = 'RANKING'
    JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
    JOIN "Rubric" r ON r.id = rv."rubricId" AND r."projectId" = ${projectId}`;
  const seen = new Map<string, { criterion: AgreementCriterion; position: number }>();
  for (const row of rows) {
    if (seen.has(row.key)) continue;
    seen.set(row.key, { criterion: describeCriterion(row, ranking?.positions ?? 0), position: row.position });
  }
  return [...seen.values()].sort((a, b) => a.position - b.position).map((entry) => entry.criterion);
}
