import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";

// Judges with what they scored. A judge (name + prompt version) has no fixed
// kind: it may carry pointwise scores, pairwise verdicts or both, so its kinds
// are read from which scores exist. Failed judge calls are stored as scores
// too (JudgeScore.error, or a pairwise verdict ERROR) and counted here as the
// judge's error share.

export type JudgeKindName = "POINTWISE" | "PAIRWISE";

export type JudgeWithCounts = {
  id: string;
  name: string;
  model: string;
  modelFamily: string;
  promptVersion: string;
  createdAt: Date;
  /** Pointwise scores, failed calls included. */
  pointwise: number;
  /** Pairwise verdicts, ERROR included. */
  pairwise: number;
  scores: number;
  /** Failed calls: pointwise scores with an error, pairwise verdicts ERROR. */
  errors: number;
  pointwiseErrors: number;
  pairwiseErrors: number;
  /** errors / scores; null without scores. */
  errorShare: number | null;
  /** The kinds of score this judge has, pointwise first (empty without scores). */
  kinds: JudgeKindName[];
};

type CountRow = Omit<JudgeWithCounts, "pointwise" | "pairwise" | "scores" | "errors" | "pointwiseErrors" | "pairwiseErrors" | "errorShare" | "kinds"> & {
  pointwise: bigint;
  pairwise: bigint;
  pointwiseErrors: bigint;
  pairwiseErrors: bigint;
};

// A failed pointwise call is the score row without a score (error set, value
// and category null: a CHECK keeps an error from carrying one). Counting rows
// without a score reads only the (judgeId, criterionId, outputId) INCLUDE
// (category, value) index, as the plain count does, where a filter on
// "error" would read every score row of the table.
function countedJudges(projectId: string, judgeId?: string) {
  const only = judgeId === undefined ? Prisma.empty : Prisma.sql`AND j.id = ${judgeId}`;
  return db.$queryRaw<CountRow[]>`
    SELECT j.id, j.name, j.model, j."modelFamily", j."promptVersion", j."createdAt",
      p.n AS pointwise, p.errors AS "pointwiseErrors", q.n AS pairwise, q.errors AS "pairwiseErrors"
    FROM "Judge" j
    CROSS JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE s.value IS NULL AND s.category IS NULL) AS errors FROM "JudgeScore" s WHERE s."judgeId" = j.id) p
    CROSS JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE s.verdict = 'ERROR') AS errors FROM "PairwiseJudgeScore" s WHERE s."judgeId" = j.id) q
    WHERE j."projectId" = ${projectId} ${only}
    ORDER BY j.name, j."promptVersion"`;
}

function withCounts(row: CountRow): JudgeWithCounts {
  const pointwise = Number(row.pointwise);
  const pairwise = Number(row.pairwise);
  const scores = pointwise + pairwise;
  const pointwiseErrors = Number(row.pointwiseErrors);
  const pairwiseErrors = Number(row.pairwiseErrors);
  const errors = pointwiseErrors + pairwiseErrors;
  const kinds: JudgeKindName[] = [...(pointwise > 0 ? (["POINTWISE"] as const) : []), ...(pairwise > 0 ? (["PAIRWISE"] as const) : [])];
  return { ...row, pointwise, pairwise, scores, errors, pointwiseErrors, pairwiseErrors, errorShare: scores > 0 ? errors / scores : null, kinds };
}

/** Each judge version with how many scores and failed calls it has, counted in SQL. */
export async function listJudgesWithCounts(projectId: string): Promise<JudgeWithCounts[]> {
  return (await countedJudges(projectId)).map(withCounts);
}

/** One judge of the project with its counts, or null. */
export async function findJudgeWithCounts(projectId: string, judgeId: string): Promise<JudgeWithCounts | null> {
  const [row] = await countedJudges(projectId, judgeId);
  return row ? withCounts(row) : null;
}

/**
 * The kind whose bias figures a judge page shows: position bias exists only
 * for verdicts on pairs, so a judge with any pairwise verdict is read as
 * pairwise there.
 */
export function biasKind(judge: Pick<JudgeWithCounts, "pairwise">): JudgeKindName {
  return judge.pairwise > 0 ? "PAIRWISE" : "POINTWISE";
}

/** "pointwise", "pairwise", "pointwise + pairwise" or "no scores". */
export function describeKinds(kinds: readonly JudgeKindName[]) {
  return kinds.length === 0 ? "no scores" : kinds.map((k) => k.toLowerCase()).join(" + ");
}

/** "errors: 3 (4.2 %)" — the judge's failed calls and their share of its scores. */
export function describeErrors(judge: Pick<JudgeWithCounts, "errors" | "errorShare">) {
  const share = judge.errorShare === null ? "—" : `${(judge.errorShare * 100).toLocaleString("en", { maximumFractionDigits: 1 })} %`;
  return `errors: ${judge.errors.toLocaleString("en")} (${share})`;
}

/**
 * The project's judges that have scores of one kind (a judge has no fixed
 * kind), newest first; `ref` picks one by id or "name[@promptVersion]". A
 * scalar sub-select probes the score table's judgeId-led index once per judge:
 * PostgreSQL turns EXISTS (as Prisma's `scores: { some: {} }` does IN) into a
 * semi-join that hashes every score (≈ 70–200 ms at 400k scores).
 */
export function judgesWithScores(projectId: string, kind: JudgeKindName, opts: { ref?: string; limit: number }) {
  // Ordered by each table's judgeId-led index: without it the planner, seeing one
  // judge own most scores, picks a sequential scan that reads them all for a judge with none.
  const probe = Prisma.raw(
    kind === "POINTWISE"
      ? 'SELECT true FROM "JudgeScore" s WHERE s."judgeId" = j.id ORDER BY s."judgeId", s."criterionId", s."outputId" LIMIT 1'
      : 'SELECT true FROM "PairwiseJudgeScore" s WHERE s."judgeId" = j.id ORDER BY s."judgeId", s."criterionId", s."outputAId", s."outputBId", s."shownOrder" LIMIT 1',
  );
  const [name, promptVersion] = opts.ref?.split("@") ?? [];
  const picked = opts.ref
    ? Prisma.sql`AND (j.id = ${opts.ref} OR (j.name = ${name} ${promptVersion ? Prisma.sql`AND j."promptVersion" = ${promptVersion}` : Prisma.empty}))`
    : Prisma.empty;
  return db.$queryRaw<{ id: string; name: string; promptVersion: string }[]>`
    SELECT j.id, j.name, j."promptVersion" FROM "Judge" j
    WHERE j."projectId" = ${projectId} ${picked} AND (${probe})
    ORDER BY j."createdAt" DESC LIMIT ${opts.limit}`;
}
