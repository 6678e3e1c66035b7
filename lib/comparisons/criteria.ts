import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { defaultLikertThreshold, isPassKind, likertScaleOf, type PassKind } from "./pass-threshold";

// A criterion keeps its key across rubric versions while its id changes, and
// labels point at the version they were given under. Comparisons therefore
// group criteria by (rubric, key): one group per criterion as people think of it.

export type CriterionGroup = {
  /** Index used inside SQL (unnest) to tie rows back to this group. */
  index: number;
  key: string;
  name: string;
  rubricName: string;
  kind: PassKind;
  /** Likert pass threshold (null for other kinds). */
  threshold: number | null;
  scale: { min: number; max: number } | null;
  criterionIds: string[];
};

/** Pointwise-scorable criteria of the project (likert, binary, factuality), optionally only some keys. */
export async function loadCriterionGroups(
  projectId: string,
  opts: { keys?: string[]; likertThreshold?: number; kinds?: readonly PassKind[] } = {},
): Promise<CriterionGroup[]> {
  const rows = await db.criterion.findMany({
    where: { rubricVersion: { rubric: { projectId } }, kind: { in: [...(opts.kinds ?? ["LIKERT", "BINARY", "FACTUALITY"])] } },
    select: { id: true, key: true, name: true, kind: true, config: true, rubricVersion: { select: { version: true, rubric: { select: { id: true, name: true } } } } },
    orderBy: [{ rubricVersion: { rubric: { name: "asc" } } }, { rubricVersion: { version: "desc" } }, { position: "asc" }],
  });
  const groups = new Map<string, CriterionGroup>();
  for (const row of rows) {
    if (!isPassKind(row.kind)) continue;
    const groupKey = `${row.rubricVersion.rubric.id}\u0000${row.key}`;
    const existing = groups.get(groupKey);
    if (existing) {
      existing.criterionIds.push(row.id);
      continue;
    }
    // Rows come newest version first: the latest name, kind and scale win.
    const isLikert = row.kind === "LIKERT";
    groups.set(groupKey, {
      index: groups.size,
      key: row.key,
      name: row.name,
      rubricName: row.rubricVersion.rubric.name,
      kind: row.kind,
      threshold: isLikert ? (opts.likertThreshold ?? defaultLikertThreshold(row.config)) : null,
      scale: isLikert ? likertScaleOf(row.config) : null,
      criterionIds: [row.id],
    });
  }
  let result = [...groups.values()];
  if (opts.keys) {
    const unknown = opts.keys.filter((key) => !result.some((group) => group.key === key));
    if (unknown.length) {
      throw new SafeError("VALIDATION", `Unknown criterion ${unknown.map((k) => `"${k}"`).join(", ")}: compare likert, binary or factuality criteria of this project.`, unknown.map((key) => ({ field: "criterion", message: `No likert, binary or factuality criterion has the key "${key}".` })));
    }
    result = result.filter((group) => opts.keys!.includes(group.key)).map((group, index) => ({ ...group, index }));
  }
  return result;
}
