import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { criterionKind, CRITERION_KINDS, kindTraits, type CriterionKindName, type PassRule } from "@/lib/rubrics/kinds";

// A criterion keeps its key across rubric versions while its id changes, and
// labels point at the version they were given under. Comparisons therefore
// group criteria by (rubric, key): one group per criterion as people think of it.

export type CriterionGroup = {
  /** Index used inside SQL (unnest) to tie rows back to this group. */
  index: number;
  key: string;
  name: string;
  rubricName: string;
  kind: CriterionKindName;
  /** Which decided value passes, from the criterion's config (lib/rubrics/kinds.ts). */
  pass: PassRule;
  /** The pass threshold of a threshold rule (likert, score, binary at 1); null for a categories rule. */
  threshold: number | null;
  /** Whether a value is a position on a numeric scale (likert, score): comparisons then show means, else pass rates. */
  scored: boolean;
  criterionIds: string[];
};

/** Kinds judged per output that carry a pass rule: the ones run comparison, the gate and dataset health can use. */
export const COMPARABLE_KINDS: readonly CriterionKindName[] = CRITERION_KINDS.filter((kind) => kindTraits(kind).unit === "output");

/**
 * Pointwise criteria with a pass rule (likert, score, binary, factuality, and
 * categorical ones that declare passing categories), optionally only some keys.
 * `likertThreshold` overrides the rule of likert criteria (the compare API's option).
 */
export async function loadCriterionGroups(
  projectId: string,
  opts: { keys?: string[]; likertThreshold?: number; kinds?: readonly CriterionKindName[] } = {},
): Promise<CriterionGroup[]> {
  const rows = await db.criterion.findMany({
    where: { rubricVersion: { rubric: { projectId } }, kind: { in: [...(opts.kinds ?? COMPARABLE_KINDS)] } },
    select: { id: true, key: true, name: true, kind: true, config: true, rubricVersion: { select: { version: true, rubric: { select: { id: true, name: true } } } } },
    orderBy: [{ rubricVersion: { rubric: { name: "asc" } } }, { rubricVersion: { version: "desc" } }, { position: "asc" }],
  });
  const groups = new Map<string, CriterionGroup>();
  const skipped = new Set<string>();
  for (const row of rows) {
    const groupKey = `${row.rubricVersion.rubric.id}\u0000${row.key}`;
    const existing = groups.get(groupKey);
    if (existing) {
      existing.criterionIds.push(row.id);
      continue;
    }
    if (skipped.has(groupKey)) continue;
    // Rows come newest version first: the latest name, kind and pass rule win.
    const kind = criterionKind(row.kind, row.config);
    const rule = kind.passRule();
    if (!rule || kind.unit !== "output") {
      skipped.add(groupKey);
      continue;
    }
    const pass = row.kind === "LIKERT" && opts.likertThreshold !== undefined ? { threshold: opts.likertThreshold } : rule;
    groups.set(groupKey, {
      index: groups.size,
      key: row.key,
      name: row.name,
      rubricName: row.rubricVersion.rubric.name,
      kind: row.kind,
      pass,
      threshold: "threshold" in pass ? pass.threshold : null,
      scored: kind.ordinal && kind.numeric,
      criterionIds: [row.id],
    });
  }
  let result = [...groups.values()];
  if (opts.keys) {
    const unknown = opts.keys.filter((key) => !result.some((group) => group.key === key));
    if (unknown.length) {
      throw new SafeError(
        "VALIDATION",
        `Unknown criterion ${unknown.map((k) => `"${k}"`).join(", ")}: compare criteria judged per output that have a pass rule (likert, score, binary, factuality, categories with passing ones).`,
        unknown.map((key) => ({ field: "criterion", message: `No criterion with a pass rule has the key "${key}".` })),
      );
    }
    result = result.filter((group) => opts.keys!.includes(group.key)).map((group, index) => ({ ...group, index }));
  }
  return result;
}
