import { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/errors";
import { criterionKind, isCriterionKind } from "@/lib/rubrics/kinds";
import { createRng } from "@/lib/stats/bootstrap";
import { allocationProbabilities } from "@/lib/stats/ppi-allocation";

// Allocation-mode setups (active statistical inference, Zrnic & Candès 2024;
// docs/METRICS.md#ppi-allocation): every candidate item is drawn for expert
// review independently, with a probability that grows with how unsure the
// project's judges are about it, and that probability is stored on the task
// (ReviewTask.inclusionProbability) so calibrated estimates weigh its labels
// by 1/p and stay unbiased.

/** The client or a transaction: the draw only reads. */
type Tx = Pick<Prisma.TransactionClient, "criterion" | "$queryRaw">;

/** What the judges say about one item, each signal in [0, 1] except the label count. */
export type ItemSignals = {
  id: string;
  /** Share of the item's pairwise judgments whose verdict changes when the two outputs swap places. */
  orderFlips: number;
  /** Mean closeness of the item's pointwise judge scores to the criterion's pass threshold (1 = on it, 0 = half the scale away). */
  nearThreshold: number;
  /** Share of the judges' calls on the item that failed (ERROR). */
  errors: number;
  /** Expert-labelled items in the item's least-labelled slice (tag; "(untagged)" for none). */
  sliceLabels: number;
};

/**
 * How unsure we are about an item: the judge signals added up, plus
 * 1/√(1 + labels in its slice), so a slice experts have barely seen gets
 * labels even where the judges look sure, and that term fades as the slice
 * fills up. Every item with no signal at all still gets the floor.
 */
export function itemUncertainty(signals: ItemSignals): number {
  return signals.orderFlips + signals.nearThreshold + signals.errors + 1 / Math.sqrt(1 + signals.sliceLabels);
}

export type AllocationOptions = {
  /** Expected number of items drawn (Σp). */
  n: number;
  seed: number;
  /** Every item keeps at least this share of the chance a uniform sample of n would give it. */
  floorShare: number;
};

export type AllocationDraw = { id: string; uncertainty: number; probability: number; drawn: boolean };

/**
 * Probabilities from the uncertainties, then one independent draw per item,
 * items in id order from a generator seeded with the setup's seed: the same
 * items and seed always draw the same sample.
 */
export function drawItems(signals: readonly ItemSignals[], options: AllocationOptions): AllocationDraw[] {
  const items = [...signals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (items.length === 0) return [];
  const expected = Math.min(options.n, items.length);
  const floor = (options.floorShare * expected) / items.length;
  const uncertainty = items.map(itemUncertainty);
  const probabilities = allocationProbabilities(uncertainty, expected, floor);
  const rng = createRng(options.seed);
  return items.map((item, i) => ({ id: item.id, uncertainty: uncertainty[i]!, probability: probabilities[i]!, drawn: rng.next() < probabilities[i]! }));
}

/** Pass thresholds of the rubric's numeric criteria, by key, with half their scale (for "near the threshold"). */
function thresholdRules(criteria: readonly { key: string; kind: string; config: unknown }[]) {
  const rules: { key: string; threshold: number; half: number }[] = [];
  for (const criterion of criteria) {
    if (!isCriterionKind(criterion.kind)) continue;
    const kind = criterionKind(criterion.kind, criterion.config);
    const rule = kind.passRule();
    const { min, max } = kind.config as { min?: unknown; max?: unknown };
    if (!rule || !("threshold" in rule) || typeof min !== "number" || typeof max !== "number" || !(max > min)) continue;
    rules.push({ key: criterion.key, threshold: rule.threshold, half: (max - min) / 2 });
  }
  return rules;
}

type DrawSource = { datasetVersionId: string; runIds: string[]; rubricVersionId: string };

/**
 * The signals of every candidate item, in one statement: `candidates` is the
 * FROM … WHERE over "DatasetItem" i that the other strategies use too.
 */
async function itemSignals(tx: Tx, source: DrawSource, candidates: Prisma.Sql): Promise<ItemSignals[]> {
  const criteria = await tx.criterion.findMany({ where: { rubricVersionId: source.rubricVersionId }, select: { key: true, kind: true, config: true } });
  const rules = thresholdRules(criteria);
  const runIds = source.runIds;
  return tx.$queryRaw<ItemSignals[]>`
    WITH items AS (
      SELECT i.id, CASE WHEN cardinality(i.tags) = 0 THEN ARRAY['(untagged)'] ELSE i.tags END AS slices ${candidates}
    ),
    rules AS (
      SELECT * FROM unnest(${rules.map((r) => r.key)}::text[], ${rules.map((r) => r.threshold)}::float8[], ${rules.map((r) => r.half)}::float8[]) AS r(key, threshold, half)
    ),
    pointwise AS (
      SELECT o."itemId" AS id, COUNT(*) AS calls, COUNT(*) FILTER (WHERE js.error IS NOT NULL) AS failed,
             AVG(GREATEST(0, 1 - ABS(js.value - r.threshold) / r.half)) FILTER (WHERE js.error IS NULL AND js.value IS NOT NULL AND r.key IS NOT NULL) AS near
      FROM items it
      JOIN "Output" o ON o."itemId" = it.id AND o."runId" = ANY(${runIds}::text[])
      JOIN "JudgeScore" js ON js."outputId" = o.id
      JOIN "Criterion" c ON c.id = js."criterionId"
      LEFT JOIN rules r ON r.key = c.key
      GROUP BY o."itemId"
    ),
    pairwise AS (
      SELECT g.id, SUM(g.calls) AS calls, SUM(g.failed) AS failed, AVG((g.verdicts > 1)::int) FILTER (WHERE g.orders = 2) AS flips
      FROM (
        SELECT ps."itemId" AS id, COUNT(*) AS calls, COUNT(*) FILTER (WHERE ps.verdict = 'ERROR') AS failed,
               COUNT(DISTINCT ps.verdict) FILTER (WHERE ps.verdict <> 'ERROR') AS verdicts,
               COUNT(DISTINCT ps."shownOrder") FILTER (WHERE ps.verdict <> 'ERROR') AS orders
        FROM items it
        JOIN "PairwiseJudgeScore" ps ON ps."itemId" = it.id
        JOIN "Output" oa ON oa.id = ps."outputAId" AND oa."runId" = ANY(${runIds}::text[])
        JOIN "Output" ob ON ob.id = ps."outputBId" AND ob."runId" = ANY(${runIds}::text[])
        GROUP BY ps."itemId", ps."judgeId", ps."criterionId", ps."outputAId", ps."outputBId"
      ) g GROUP BY g.id
    ),
    labelled_items AS (
      -- One pass over the label values (they have no index by output): items of this version with an expert label.
      SELECT DISTINCT i.id, i.tags
      FROM "LabelValue" lv JOIN "Output" o ON o.id = lv."outputId" JOIN "DatasetItem" i ON i.id = o."itemId"
      WHERE i."datasetVersionId" = ${source.datasetVersionId}
    ),
    labelled AS (
      SELECT s.slice, COUNT(*) AS n
      FROM labelled_items li
      CROSS JOIN LATERAL unnest(CASE WHEN cardinality(li.tags) = 0 THEN ARRAY['(untagged)'] ELSE li.tags END) AS s(slice)
      GROUP BY s.slice
    )
    SELECT it.id,
      COALESCE(q.flips, 0)::float8 AS "orderFlips",
      COALESCE(p.near, 0)::float8 AS "nearThreshold",
      (COALESCE(p.failed, 0) + COALESCE(q.failed, 0))::float8 / GREATEST(COALESCE(p.calls, 0) + COALESCE(q.calls, 0), 1) AS errors,
      (SELECT MIN(COALESCE(l.n, 0)) FROM unnest(it.slices) AS s(slice) LEFT JOIN labelled l ON l.slice = s.slice)::float8 AS "sliceLabels"
    FROM items it LEFT JOIN pointwise p ON p.id = it.id LEFT JOIN pairwise q ON q.id = it.id`;
}

/** Every candidate item with its uncertainty, probability and whether the seeded draw took it. */
export async function allocationDraw(tx: Tx, source: DrawSource, candidates: Prisma.Sql, options: AllocationOptions): Promise<AllocationDraw[]> {
  return drawItems(await itemSignals(tx, source, candidates), options);
}

/** The allocation draw as SQL rows (id, priority, p) for the task insert: only drawn items, each with its inclusion probability. */
export async function allocationSelection(tx: Tx, source: DrawSource, candidates: Prisma.Sql, options: AllocationOptions): Promise<Prisma.Sql> {
  const draw = await allocationDraw(tx, source, candidates, options);
  if (draw.length === 0) throw new SafeError("VALIDATION", "selection: no item matches (items need an output from every chosen run for the same turn).", [{ field: "selection", message: "No item matches." }]);
  const drawn = draw.filter((item) => item.drawn);
  // Priority stays 0: the draw is only unbiased once every drawn item is labelled, so no drawn item goes first.
  return Prisma.sql`SELECT c.id, 0::float8 AS priority, c.p FROM unnest(${drawn.map((d) => d.id)}::text[], ${drawn.map((d) => d.probability)}::float8[]) AS c(id, p)`;
}
