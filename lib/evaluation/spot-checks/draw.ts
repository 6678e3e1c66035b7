import { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/errors";
import { allocationSelection } from "@/lib/review/allocation";
import { ALLOCATION_FLOOR_SHARE, type Selection } from "@/lib/review/schemas";
import { fixedAllocation, proportionalAllocation, stratumInclusionProbabilities } from "@/lib/stats/strata";
import type { TrafficDraw } from "./schemas";

// Spot checks draw from an evaluation rule's SCORED samples, already items and
// outputs of the production dataset. The rule's sample is itself a uniform
// random sample of matching traffic, so a random subsample of it is a random
// sample of that traffic. Strata are (period, segment) cells; within each the
// draw is simple random sampling by a seeded shuffle (md5(seed || item id),
// as the other review strategies), and each task records n_h / N_h, its
// probability of being drawn from the rule's judged samples of its stratum.

type Tx = Prisma.TransactionClient;
type DrawSetup = { projectId: string; datasetVersionId: string; rubricVersionId: string; runIds: string[] };

/** A traffic selection with its defaults applied. */
export function trafficDraw(selection: Selection): TrafficDraw {
  if (selection.strategy !== "traffic" || !selection.ruleId || !selection.from || !selection.to || !selection.n) {
    throw new SafeError("VALIDATION", "selection: a traffic draw needs a rule, a period (from, to) and a number of items.", [{ field: "selection", message: "Rule, from, to and n are required." }]);
  }
  return {
    ruleId: selection.ruleId,
    from: selection.from,
    to: selection.to,
    period: selection.period ?? "range",
    perSegment: selection.perSegment ?? true,
    split: selection.split ?? "stratum",
    draw: selection.draw ?? "stratified",
    n: selection.n,
    seed: selection.seed,
  };
}

const NO_SEGMENT = "(no segment)";

/** The stratum of a sample as SQL text: its period (UTC day or ISO week start) and/or its segment. */
function stratumKey(draw: TrafficDraw) {
  const period =
    draw.period === "range"
      ? Prisma.sql`'all'`
      : draw.period === "day"
        ? Prisma.sql`to_char(date_trunc('day', s."occurredAt"), 'YYYY-MM-DD')`
        : Prisma.sql`to_char(date_trunc('week', s."occurredAt"), 'YYYY-MM-DD')`;
  const segment = draw.perSegment ? Prisma.sql`coalesce(s.segment, ${NO_SEGMENT})` : Prisma.sql`'all'`;
  return Prisma.sql`(${period} || ' · ' || ${segment})`;
}

/** (id = item id, stratum) of every judged, materialised sample of the rule in [from, to). */
// Times as ISO text cast to timestamp: "occurredAt" is timestamp without time zone holding UTC (lib/traffic/queries.ts).
export function trafficPool(projectId: string, datasetVersionId: string, draw: TrafficDraw) {
  return Prisma.sql`
    SELECT s."itemId" AS id, ${stratumKey(draw)} AS stratum
    FROM "TrafficSample" s JOIN "DatasetItem" i ON i.id = s."itemId"
    WHERE s."projectId" = ${projectId} AND s."ruleId" = ${draw.ruleId} AND s.status = 'SCORED'
      AND s."occurredAt" >= ${draw.from}::timestamp AND s."occurredAt" < ${draw.to}::timestamp
      AND i."datasetVersionId" = ${datasetVersionId}`;
}

export type TrafficStratum = { stratum: string; size: number; drawn: number; probability: number };

/** Strata of the pool with their sizes, sample sizes and inclusion probabilities. */
export async function trafficStrata(tx: Pick<Tx, "$queryRaw">, projectId: string, datasetVersionId: string, draw: TrafficDraw): Promise<TrafficStratum[]> {
  const rows = await tx.$queryRaw<{ stratum: string; size: number }[]>`
    SELECT p.stratum, count(*)::int AS size FROM (${trafficPool(projectId, datasetVersionId, draw)}) p GROUP BY p.stratum ORDER BY p.stratum`;
  const sizes = rows.map((row) => row.size);
  const drawn = draw.split === "stratum" ? fixedAllocation(sizes, draw.n) : proportionalAllocation(sizes, draw.n);
  const probabilities = stratumInclusionProbabilities(sizes, drawn);
  return rows.map((row, h) => ({ stratum: row.stratum, size: row.size, drawn: drawn[h]!, probability: probabilities[h]! }));
}

/** Checks the setup can draw from this rule's traffic: the rule is the project's and the setup is on its production dataset. */
async function checkSource(tx: Tx, setup: DrawSetup, draw: TrafficDraw) {
  const rule = await tx.evaluationRule.findFirst({ where: { id: draw.ruleId, projectId: setup.projectId }, select: { id: true } });
  if (!rule) throw new SafeError("NOT_FOUND", "selection.ruleId: that evaluation rule is not part of this project.", [{ field: "selection.ruleId", message: "Unknown evaluation rule." }]);
  const version = await tx.datasetVersion.findUnique({ where: { id: setup.datasetVersionId }, select: { dataset: { select: { kind: true } } } });
  if (version?.dataset.kind !== "PRODUCTION") {
    throw new SafeError("VALIDATION", "selection: a draw from traffic reviews the production dataset; choose it as the setup's dataset.", [{ field: "datasetVersionId", message: "Traffic draws need the production dataset." }]);
  }
}

/** The drawn items as SQL rows (id, priority, p) for the task insert, like the other strategies. */
export async function trafficSelection(tx: Tx, setup: DrawSetup, selection: Selection): Promise<Prisma.Sql> {
  const draw = trafficDraw(selection);
  await checkSource(tx, setup, draw);
  const pool = trafficPool(setup.projectId, setup.datasetVersionId, draw);
  if (draw.draw === "allocation") {
    // Over the same pool, ignoring strata: the allocation mode's own probabilities (lib/review/allocation.ts).
    const candidates = Prisma.sql`FROM "DatasetItem" i WHERE i."datasetVersionId" = ${setup.datasetVersionId} AND i.id IN (SELECT p.id FROM (${pool}) p)`;
    return allocationSelection(tx, setup, candidates, { n: draw.n, seed: draw.seed, floorShare: ALLOCATION_FLOOR_SHARE });
  }
  const strata = await trafficStrata(tx, setup.projectId, setup.datasetVersionId, draw);
  if (strata.length === 0) {
    throw new SafeError("VALIDATION", "selection: the rule has no judged production answers in that period.", [{ field: "selection.from", message: "No judged sample in the period." }]);
  }
  const seed = String(draw.seed);
  return Prisma.sql`
    SELECT q.id, 0::float8 AS priority, a.p
    FROM (SELECT p.id, p.stratum, row_number() OVER (PARTITION BY p.stratum ORDER BY md5(${seed} || p.id)) AS rn FROM (${pool}) p) q
    JOIN unnest(${strata.map((s) => s.stratum)}::text[], ${strata.map((s) => s.drawn)}::int[], ${strata.map((s) => s.probability)}::float8[]) AS a(stratum, n, p)
      ON a.stratum = q.stratum
    WHERE q.rn <= a.n`;
}
