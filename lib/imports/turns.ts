import type { Report } from "./importer";

// Turn numbers. Touchstone stores turns 0-based: turn 0 is the first
// assistant turn of an item (its answer to the first user turn). Files that
// count from 1 say so with the upload option `turnBase: 1`; a row without a
// turn is the first turn either way.

export type TurnBase = 0 | 1;

export const TURN_CONVENTION = "turns count from 0 (turn 0 = the first assistant turn); for a file that counts from 1, set the upload option turnBase to 1";

/** The stored (0-based) turn of a row, or undefined after reporting why it cannot be one. */
export function storedTurn(turn: number | undefined, base: TurnBase, report: Report): number | undefined {
  if (turn === undefined) return 0;
  if (turn < base) {
    report("turn", `turn ${turn} is not a turn number here: with turnBase 1, turns count from 1 (turn 1 = the first assistant turn).`);
    return undefined;
  }
  return turn - base;
}

/** How a stored turn is written in this upload's messages: as the file counts. */
export function shownTurn(turn: number, base: TurnBase) {
  return turn + base;
}
