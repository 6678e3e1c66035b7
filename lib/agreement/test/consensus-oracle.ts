// Test-only: the consensus rule of docs/METRICS.md written out in plain
// TypeScript, apart from the SQL that implements it, as the oracle the DB
// property test holds every reader to.

export type OracleKind = "LIKERT" | "BINARY" | "CATEGORICAL" | "FACTUALITY" | "SCORE" | "RANKING";

const NUMERIC: readonly OracleKind[] = ["LIKERT", "RANKING", "SCORE"];

export const isNumericKind = (kind: OracleKind) => NUMERIC.includes(kind);

/** Codes as the database writes them: numbers in their shortest form ('3.5', '4'), categories as they are. */
export const codeOf = (answer: number | string) => String(answer);

/** The reviewers' consensus of one unit (each reviewer once): median for numeric kinds, unique mode otherwise. */
export function reviewersConsensus(kind: OracleKind, codes: readonly string[]): string | null {
  if (codes.length === 0) return null;
  if (isNumericKind(kind)) {
    const sorted = codes.map(Number).sort((a, b) => a - b);
    const middle = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    return codeOf(median);
  }
  const votes = new Map<string, number>();
  for (const code of codes) votes.set(code, (votes.get(code) ?? 0) + 1);
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  return ranked.length === 1 || ranked[0]![1] > ranked[1]![1] ? ranked[0]![0] : null;
}

export type OracleLabel = { reviewer: string; at: number; answer: number | string };
export type OracleTruth = { at: number; status: "AGREED" | "ADJUDICATED" | "CONTESTED"; answer: number | string | null };

/** Each reviewer's newest answer (latest `at`), as sorted codes with their reviewers. */
export function newestPerReviewer(labels: readonly OracleLabel[]) {
  const newest = new Map<string, OracleLabel>();
  for (const label of labels) {
    const seen = newest.get(label.reviewer);
    if (!seen || label.at > seen.at) newest.set(label.reviewer, label);
  }
  return [...newest.values()].map((label) => ({ reviewer: label.reviewer, code: codeOf(label.answer) }));
}

/** The unit's consensus: the newest ground truth when agreed or adjudicated, none when contested, else the reviewers'. */
export function unitConsensus(kind: OracleKind, labels: readonly OracleLabel[], truths: readonly OracleTruth[]): { code: string | null; fromTruth: boolean } {
  const truth = [...truths].sort((a, b) => b.at - a.at)[0];
  if (truth?.status === "CONTESTED") return { code: null, fromTruth: false };
  if (truth && truth.answer !== null) return { code: codeOf(truth.answer), fromTruth: true };
  return { code: reviewersConsensus(kind, newestPerReviewer(labels).map((judgment) => judgment.code)), fromTruth: false };
}
