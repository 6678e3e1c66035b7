import { analyticalQuery } from "@/lib/comparisons/analytical-query";
import { ceilingProfilesSql, contingencyCountsSql, overallPairAndDedupedSql, overallPointSql, type AgreementFilter, type CeilingRow, type CountRow, type OverallRow } from "./sql";

// The human side of the agreement report: contingency counts (consensus ×
// judge code) and the reviewers' code profiles behind the ceiling. A page that
// shows only overall figures gets both from one pass over the judged units
// (overallPointSql for pointwise judges, overallPairAndDedupedSql for the rest);
// per-slice reports need the output and item columns and run the two queries.

export async function loadCountsAndProfiles(projectId: string, filter: AgreementFilter, opts: { slices?: boolean }): Promise<[CountRow[], CeilingRow[]]> {
  if (opts.slices !== false) {
    return Promise.all([
      analyticalQuery<CountRow>(contingencyCountsSql(projectId, filter)),
      analyticalQuery<CeilingRow>(ceilingProfilesSql(projectId, filter)),
    ]);
  }
  const parts = await Promise.all([
    analyticalQuery<OverallRow>(overallPointSql(projectId, filter), { mergeJoin: true }),
    analyticalQuery<OverallRow>(overallPairAndDedupedSql(projectId, filter), { parallel: true }),
  ]);
  return splitOverall(parts.flat());
}

/** Sums the grouped rows into the two shapes the report reads. Exported for tests. */
export function splitOverall(rows: readonly OverallRow[]): [CountRow[], CeilingRow[]] {
  const counts = new Map<string, CountRow>();
  const profiles = new Map<string, CeilingRow>();
  for (const row of rows) {
    if (!row.deduped && row.judge !== null) {
      for (const human of [row.first, row.second]) {
        if (human === null) continue;
        const key = JSON.stringify([row.judgeId, row.key, human, row.judge]);
        const entry = counts.get(key) ?? { judgeId: row.judgeId, key: row.key, slice: "all", sliceValue: "", human, judge: row.judge, count: 0 };
        entry.count += row.n;
        counts.set(key, entry);
      }
    }
    // A key with several criterion versions takes its pointwise units from the de-duplicated rows.
    const unit = row.deduped || !(row.part === "point" && row.versioned);
    if (row.multi && unit) {
      const key = JSON.stringify([row.judgeId, row.key, row.codes]);
      const entry = profiles.get(key) ?? { judgeId: row.judgeId, key: row.key, codes: row.codes, units: 0 };
      entry.units += row.n;
      profiles.set(key, entry);
    }
  }
  return [[...counts.values()], [...profiles.values()]];
}
