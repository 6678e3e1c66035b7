import { db } from "@/lib/db/client";
import { criterionKind, type CriterionKindName } from "@/lib/rubrics/kinds";
import type { KappaWeights } from "@/lib/stats/agreement";
import type { Label } from "@/lib/stats/types";

// Criteria as the dashboards see them: one entry per Criterion.key (labels
// and judge scores are matched on the key across rubric versions), with the
// declared scale of the newest version. Statistics always use this declared
// scale, never the values that happen to appear in a sample. What applies to
// a kind comes from the criterion-kind registry (lib/rubrics/kinds.ts).

export type AgreementCriterion = {
  key: string;
  name: string;
  kind: CriterionKindName;
  /** Declared levels or categories in scale order (numbers for numeric kinds). Empty for real-valued scores and for rankings without a known length. */
  categories: Label[];
  /** Real-valued range a numeric code must fall in (SCORE); null when the declared levels are the scale. */
  range: { min: number; max: number } | null;
  /** Declared levels or categories: exact agreement, κ and the confusion matrix apply (to units whose consensus is a level). */
  categorical: boolean;
  /** Ordered scale: Spearman, Kendall (and within-1, weighted κ when categorical). */
  ordinal: boolean;
  /** Numeric codes: MAE, mean signed difference (and Pearson, Lin's concordance when ordinal). */
  numeric: boolean;
  /** κ weights for the headline kappa: quadratic for ordinal scales, none for nominal ones. */
  weights: KappaWeights;
  alphaLevel: "nominal" | "ordinal" | "interval";
};

export function describeCriterion(row: { key: string; name: string; kind: CriterionKindName; config: unknown }, rankingLength = 0): AgreementCriterion {
  const kind = criterionKind(row.kind, row.config);
  const scale = kind.agreementScale(rankingLength);
  return {
    key: row.key,
    name: row.name,
    kind: row.kind,
    categories: scale.categories,
    range: scale.range,
    categorical: kind.categorical,
    ordinal: kind.ordinal,
    numeric: kind.numeric,
    weights: scale.weights,
    alphaLevel: scale.alphaLevel,
  };
}

/**
 * Turns a code as SQL returns it (text) into the criterion's label type; null
 * when it is off the scale. A numeric code may fall between declared levels
 * (a Likert consensus of 3 and 4 is 3.5): it is kept for the numeric figures
 * and left out of the categorical ones (isLevel), per the consensus rule.
 */
export function parseCode(criterion: AgreementCriterion, code: string): Label | null {
  if (!criterion.numeric) return criterion.categories.includes(code) ? code : null;
  if (code.trim() === "") return null;
  const value = Number(code);
  if (!Number.isFinite(value)) return null;
  const bounds = criterion.range ?? (criterion.categories.length > 0 ? { min: criterion.categories[0] as number, max: criterion.categories.at(-1) as number } : null);
  return bounds && value >= bounds.min && value <= bounds.max ? value : null;
}

/** Whether a parsed code is one of the declared levels or categories (the units categorical figures use). */
export function isLevel(criterion: AgreementCriterion, label: Label): boolean {
  return criterion.categorical && criterion.categories.includes(label);
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
