import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { computeEstimate } from "./estimates";
import type { GridRow, GridRun } from "./grid";

// The screen's win rates: for each PREFERENCE criterion, each pair of the
// version's runs, the same three figures as GET …/estimates gives
// (pairwise-sql.ts). A pair no pairwise judge compared is left out, not shown
// as zero.

export type WinRates = { rows: GridRow[]; judges: string[] };

export async function winRateRows(projectId: string, runs: GridRun[], slice: string | null): Promise<WinRates | null> {
  if (runs.length < 2) return null;
  const preferences = await db.criterion.findMany({
    where: { kind: "PREFERENCE", rubricVersion: { rubric: { projectId } } },
    select: { key: true },
    distinct: ["key"],
    orderBy: { key: "asc" },
  });
  const rows: GridRow[] = [];
  const judges = new Set<string>();
  for (const { key } of preferences) {
    for (const [i, run] of runs.entries()) {
      for (const against of runs.slice(i + 1)) {
        try {
          const result = await computeEstimate(projectId, { run: run.id, against: against.id, criterion: key, estimator: "ppi", ...(slice ? { slice } : {}) });
          judges.add(`${result.judge.name}${result.judge.promptVersion ? ` ${result.judge.promptVersion}` : ""}`);
          const { n, N, judgeOnly, classical, ppi, effectiveLabels, notEnoughData } = result;
          rows.push({
            run: { id: `${run.id}:${against.id}`, name: `${run.name} vs ${against.name}`, model: `${run.model} vs ${against.model}` },
            key,
            name: result.criterion.name,
            g: 0,
            // A win rate is a rate: shown in percent like a pass rate.
            metric: "pass rate",
            figures: { n, N, judgeOnly, classical, ppi, effectiveLabels, notEnoughData },
          });
        } catch (error) {
          // No pairwise judge gave verdicts on this criterion: nothing to calibrate.
          if (error instanceof SafeError && error.code === "VALIDATION") continue;
          throw error;
        }
      }
    }
  }
  return rows.length > 0 ? { rows, judges: [...judges] } : null;
}
