import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { resolveWinRateCriterion, winRateFigures, type WinRateCriterion } from "./estimates";
import type { GridRow, GridRun } from "./grid";

// The screen's win rates: for each PREFERENCE criterion, each pair of the
// version's runs, the same three figures as GET …/estimates gives
// (pairwise-sql.ts). A criterion no pairwise judge gave verdicts on is left
// out, not shown as zero. What the pairs of one criterion share (its rubric
// versions, its judge) is resolved once; only the units query runs per pair.

export type WinRates = { rows: GridRow[]; judges: string[] };

export async function winRateRows(projectId: string, runs: GridRun[], slice: string | null): Promise<WinRates | null> {
  if (runs.length < 2) return null;
  // Every PREFERENCE criterion at once, grouped by key, newest rubric version first (as preferenceCriteria orders one key's).
  const preferences = await db.criterion.findMany({
    where: { kind: "PREFERENCE", rubricVersion: { rubric: { projectId } } },
    select: { id: true, key: true, name: true },
    orderBy: [{ key: "asc" }, { rubricVersion: { version: "desc" } }],
  });
  const byKey = new Map<string, { id: string; name: string }[]>();
  for (const { key, ...criterion } of preferences) byKey.set(key, [...(byKey.get(key) ?? []), criterion]);
  const rows: GridRow[] = [];
  const judges = new Set<string>();
  for (const [key, criteria] of byKey) {
    const criterion = await judgedCriterion(projectId, key, criteria);
    if (!criterion) continue;
    judges.add(`${criterion.judge.name}${criterion.judge.promptVersion ? ` ${criterion.judge.promptVersion}` : ""}`);
    for (const [i, run] of runs.entries()) {
      for (const against of runs.slice(i + 1)) {
        const { n, N, judgeOnly, classical, ppi, effectiveLabels, notEnoughData } = await winRateFigures(projectId, criterion, run.id, against.id, slice);
        rows.push({
          run: { id: `${run.id}:${against.id}`, name: `${run.name} vs ${against.name}`, model: `${run.model} vs ${against.model}` },
          key,
          name: criterion.name,
          g: 0,
          // A win rate is a rate: shown in percent like a pass rate.
          metric: "pass rate",
          figures: { n, N, judgeOnly, classical, ppi, effectiveLabels, notEnoughData },
        });
      }
    }
  }
  return rows.length > 0 ? { rows, judges: [...judges] } : null;
}

/** The key's criteria and pairwise judge; null when no pairwise judge gave verdicts on it (nothing to calibrate). */
async function judgedCriterion(projectId: string, key: string, criteria: { id: string; name: string }[]): Promise<WinRateCriterion | null> {
  try {
    return await resolveWinRateCriterion(projectId, key, criteria, undefined);
  } catch (error) {
    if (error instanceof SafeError && error.code === "VALIDATION") return null;
    throw error;
  }
}
