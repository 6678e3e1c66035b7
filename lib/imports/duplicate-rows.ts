import type { ImportKindName } from "./schemas";

// Rows a file holds twice. One home for the rule, so the browser's whole-file
// check (validate-file.ts) finds the duplicates the server's import reports
// (items.ts, outputs.ts, judge-scores.ts), in the same words: a row repeats
// an earlier one when their keys are equal, and the message names the first.

export type Duplicate = { key: string; field: string; message: (firstRow: number) => string };

export function duplicateItem(externalId: string): Duplicate {
  return { key: externalId, field: "externalId", message: (first) => `Duplicate externalId "${externalId}" (first used on row ${first}).` };
}

/** `runNamedByRow`: the run comes from the row (no run option), so the message names it. `turn`: as the file counts. */
export function duplicateOutput(row: { run: string; externalId: string; turn: number; runNamedByRow: boolean }): Duplicate {
  return {
    key: `${row.run}\u0000${row.externalId}\u0000${row.turn}`,
    field: "externalId",
    message: (first) => `Duplicate output for ${row.runNamedByRow ? `run "${row.run}", ` : ""}item "${row.externalId}" turn ${row.turn} (first on row ${first}).`,
  };
}

export function duplicateScore(row: { run: string; externalId: string; turn: number; criterion: string }): Duplicate {
  return {
    key: `${row.criterion}\u0000${row.run}\u0000${row.externalId}\u0000${row.turn}`,
    field: "criterion",
    message: (first) => `Duplicate score for run "${row.run}", item "${row.externalId}", ${row.criterion} (first on row ${first}).`,
  };
}

export function duplicateVerdict(row: { runA: string; runB: string; externalId: string; turn: number; criterion: string; shownOrder: string }): Duplicate {
  return {
    key: `${row.criterion}\u0000${row.runA}\u0000${row.runB}\u0000${row.externalId}\u0000${row.turn}\u0000${row.shownOrder}`,
    field: "shownOrder",
    message: (first) => `Duplicate verdict for this pair and order (first on row ${first}).`,
  };
}

type CheckedRow = { externalId?: string; run?: string; runA?: string; runB?: string; turn?: number; criterion?: string; shownOrder?: string };

/**
 * The duplicate key of a row the browser has checked against its row schema.
 * The browser does not know the upload's options: a run option stands in for
 * every row's run on the server, and turns are compared as the file writes
 * them, which finds the same duplicates whenever the rows name their runs or
 * the option is set for a file without a run column. Labels are left to the
 * server (their key depends on Label Studio's reviewer mapping).
 */
export function duplicateOfCheckedRow(kind: ImportKindName, row: CheckedRow): Duplicate | null {
  if (row.externalId === undefined) return null;
  const turn = row.turn ?? 0;
  switch (kind) {
    case "ITEMS":
      return duplicateItem(row.externalId);
    case "OUTPUTS":
      return duplicateOutput({ run: row.run ?? "", externalId: row.externalId, turn, runNamedByRow: row.run !== undefined });
    case "JUDGE_SCORES":
      if (row.runA !== undefined && row.runB !== undefined && row.shownOrder !== undefined && row.criterion !== undefined) {
        return duplicateVerdict({ runA: row.runA, runB: row.runB, externalId: row.externalId, turn, criterion: row.criterion, shownOrder: row.shownOrder });
      }
      return row.run !== undefined && row.criterion !== undefined ? duplicateScore({ run: row.run, externalId: row.externalId, turn, criterion: row.criterion }) : null;
    case "LABELS":
      return null;
  }
}
