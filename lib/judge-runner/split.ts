import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";

// The calibration split of one criterion (rubric + key): items whose units
// have an expert consensus (HumanJudgment.consensus, which already holds a
// lead's AGREED / ADJUDICATED ground truth) are split once, by item, into the
// example POOL (few-shot examples come from here only) and the HELDOUT set
// (agreement is reported here only), so a prompt never sees the items it is
// measured on.
//
// Deterministic and stable: within each stratum (the item's consensus label)
// items are ordered by a seeded hash of (criterion key, item id), and the
// stratum's pool holds floor(n × share + offset) of them, where the offset in
// [0, 1) is a hash of the stratum: stochastic rounding that a seed fixes, so a
// stratum of one item is not always held out. Items that gain a consensus
// later are assigned on the next call, filling each stratum's pool up to its
// target in hash order; items already split keep their side (only a lead
// moves one, to the pool).

export const DEFAULT_POOL_SHARE = 0.3;
const SEED = "touchstone-calibration-split-v1";

export type SplitSide = "POOL" | "HELDOUT";
export type StratumCount = { stratum: string; pool: number; heldout: number };
export type SplitSummary = { pool: number; heldout: number; added: number; strata: StratumCount[] };

/** A number in [0, 1) from the seed and the parts. */
export function seededUnit(...parts: string[]): number {
  const digest = crypto.createHash("sha256").update([SEED, ...parts].join("\u0000")).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

type Candidate = { itemId: string; stratum: string };

/**
 * Items with a consensus for the key in the project, each with its stratum:
 * the most frequent consensus code among the item's units (outputs, or pairs
 * keyed by their first output), ties to the smallest code.
 */
async function candidates(db: Db, projectId: string, criterionKey: string): Promise<Candidate[]> {
  return db.$queryRaw<Candidate[]>`
    WITH units AS (
      SELECT o."itemId" AS item_id, hj.consensus[1] AS code
      FROM "HumanJudgment" hj
      JOIN "Output" o ON o.id = split_part(hj."targetKey", ':', 1)
      WHERE hj."projectId" = ${projectId} AND hj."criterionKey" = ${criterionKey} AND cardinality(hj.consensus) = 1
    ), counted AS (
      SELECT item_id, code, count(*) AS n FROM units GROUP BY item_id, code
    )
    SELECT DISTINCT ON (item_id) item_id AS "itemId", code AS stratum
    FROM counted ORDER BY item_id, n DESC, code`;
}

/** Assigns every not-yet-split item with a consensus, then returns the split's counts. */
export async function assignSplit(db: Db, input: { projectId: string; rubricId: string; criterionKey: string; poolShare?: number }): Promise<SplitSummary> {
  const share = input.poolShare ?? DEFAULT_POOL_SHARE;
  if (!(share >= 0 && share <= 1)) throw new SafeError("VALIDATION", "The pool share must be between 0 and 1.");
  const [all, existing] = await Promise.all([
    candidates(db, input.projectId, input.criterionKey),
    db.calibrationSplit.findMany({ where: { rubricId: input.rubricId, criterionKey: input.criterionKey }, select: { itemId: true, split: true, stratum: true } }),
  ]);
  const known = new Set(existing.map((row) => row.itemId));
  const byStratum = new Map<string, { pool: number; total: number; fresh: Candidate[] }>();
  const stratumOf = (name: string) => {
    let entry = byStratum.get(name);
    if (!entry) byStratum.set(name, (entry = { pool: 0, total: 0, fresh: [] }));
    return entry;
  };
  for (const row of existing) {
    const entry = stratumOf(row.stratum);
    entry.total += 1;
    if (row.split === "POOL") entry.pool += 1;
  }
  for (const candidate of all) {
    if (known.has(candidate.itemId)) continue;
    const entry = stratumOf(candidate.stratum);
    entry.total += 1;
    entry.fresh.push(candidate);
  }
  const rows: { itemId: string; stratum: string; split: SplitSide }[] = [];
  for (const [stratum, entry] of byStratum) {
    if (entry.fresh.length === 0) continue;
    const target = Math.floor(entry.total * share + seededUnit(input.criterionKey, "stratum", stratum));
    let room = Math.max(0, target - entry.pool);
    const ordered = entry.fresh
      .map((candidate) => ({ candidate, u: seededUnit(input.criterionKey, candidate.itemId) }))
      .sort((a, b) => a.u - b.u || (a.candidate.itemId < b.candidate.itemId ? -1 : 1));
    for (const { candidate } of ordered) {
      rows.push({ itemId: candidate.itemId, stratum, split: room > 0 ? "POOL" : "HELDOUT" });
      if (room > 0) room -= 1;
    }
  }
  // Concurrent callers compute the same rows; the primary key keeps the first.
  const added =
    rows.length === 0
      ? { count: 0 }
      : await db.calibrationSplit.createMany({
          data: rows.map((row) => ({ rubricId: input.rubricId, criterionKey: input.criterionKey, ...row })),
          skipDuplicates: true,
        });
  return { ...(await splitCounts(db, input.rubricId, input.criterionKey)), added: added.count };
}

export async function splitCounts(db: Db, rubricId: string, criterionKey: string): Promise<Omit<SplitSummary, "added">> {
  const grouped = await db.calibrationSplit.groupBy({ by: ["stratum", "split"], where: { rubricId, criterionKey }, _count: { _all: true }, orderBy: { stratum: "asc" } });
  const strata = new Map<string, StratumCount>();
  for (const row of grouped) {
    const entry = strata.get(row.stratum) ?? { stratum: row.stratum, pool: 0, heldout: 0 };
    if (row.split === "POOL") entry.pool += row._count._all;
    else entry.heldout += row._count._all;
    strata.set(row.stratum, entry);
  }
  const list = [...strata.values()];
  return { pool: list.reduce((n, s) => n + s.pool, 0), heldout: list.reduce((n, s) => n + s.heldout, 0), strata: list };
}

/** A lead moves a held-out item into the example pool; returns how many held-out items remain (the page warns). */
export async function moveToPool(db: Db, input: { rubricId: string; criterionKey: string; itemId: string; userId: string }): Promise<{ heldout: number }> {
  const where = { rubricId_criterionKey_itemId: { rubricId: input.rubricId, criterionKey: input.criterionKey, itemId: input.itemId } };
  const row = await db.calibrationSplit.findUnique({ where, select: { split: true } });
  if (!row) throw new SafeError("NOT_FOUND", "This item is not in the criterion's calibration split (it has no expert consensus yet).");
  if (row.split === "HELDOUT") await db.calibrationSplit.update({ where, data: { split: "POOL", movedById: input.userId } });
  const heldout = await db.calibrationSplit.count({ where: { rubricId: input.rubricId, criterionKey: input.criterionKey, split: "HELDOUT" } });
  return { heldout };
}

/** The held-out item ids of a criterion: the only items agreement is reported on. */
export async function heldOutItemIds(db: Db, rubricId: string, criterionKey: string): Promise<string[]> {
  const rows = await db.calibrationSplit.findMany({ where: { rubricId, criterionKey, split: "HELDOUT" }, select: { itemId: true }, orderBy: { itemId: "asc" } });
  return rows.map((row) => row.itemId);
}
