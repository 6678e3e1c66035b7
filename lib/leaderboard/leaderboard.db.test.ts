import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import { bradleyTerry, type Battle } from "@/lib/stats/ranking";
import { computeLeaderboard } from "./leaderboard";
import { leaderboardSchema } from "./schemas";

// The leaderboard reduces preferences to counts in SQL; the ratings must be
// exactly what lib/stats fits on the same battles.

let f: Awaited<ReturnType<typeof createEvalProject>>;
const items = Array.from({ length: 10 }, (_, i) => ({ externalId: `q${i}` }));
const battles: Battle[] = [];
const options = (extra: Record<string, unknown> = {}) => leaderboardSchema.parse({ ...extra });

async function prefer(a: string, b: string, outcomes: ("A" | "B" | "TIE" | "BOTH_BAD")[]) {
  for (const [i, outcome] of outcomes.entries()) {
    await f.preference(a, b, `q${i}`, outcome);
    battles.push({ a: f.runs[a]!.id, b: f.runs[b]!.id, winner: outcome === "A" ? "a" : outcome === "B" ? "b" : "tie" });
  }
}

beforeAll(async () => {
  f = await createEvalProject({ items, runs: ["r1", "r2", "r3", "r4", "r5"] });
  await prefer("r1", "r2", ["A", "A", "A", "A", "A", "A", "A", "B", "B", "TIE"]);
  await prefer("r2", "r3", ["A", "A", "A", "A", "A", "A", "B", "B", "B", "BOTH_BAD"]);
  await prefer("r1", "r3", ["A", "A", "A", "A", "A", "A", "B", "B"]);
});

describe("computeLeaderboard from reviewers' preferences", () => {
  it("fits Bradley–Terry with bootstrap CIs, ranks and the win-rate matrix", async () => {
    const board = await computeLeaderboard(f.project.id, options());
    expect(board.notEstimable).toBeNull();
    expect(board.battles).toBe(28);
    expect(board.anchor).toEqual({ kind: "mean", rating: 1000 });
    expect(board.rows!.map((row) => row.name)).toEqual(["r1", "r2", "r3"]);
    const expected = bradleyTerry(battles);
    for (const row of board.rows!) {
      expect(row.rating).toBeCloseTo(expected[row.runId]!, 6);
      expect(row.lower).toBeLessThanOrEqual(row.rating);
      expect(row.upper).toBeGreaterThanOrEqual(row.rating);
    }
    const mean = board.rows!.reduce((s, row) => s + row.rating, 0) / 3;
    expect(mean).toBeCloseTo(1000, 6);
    expect(board.bootstrap.rounds).toBe(1000);
    const r1 = f.runs.r1!.id;
    const r2 = f.runs.r2!.id;
    expect(board.winRates[r1]![r2]).toMatchObject({ wins: 7, losses: 2, ties: 1, winRate: { value: 7 / 9, n: 9 } });
    expect(board.winRates[r2]![r1]!.winRate.value).toBeCloseTo(2 / 9, 12);
    // Same seed, same intervals.
    const again = await computeLeaderboard(f.project.id, options());
    expect(again.rows).toEqual(board.rows);
  });

  it("pins a named run at 1000 when anchored", async () => {
    const board = await computeLeaderboard(f.project.id, options({ anchor: "r2" }));
    expect(board.anchor).toMatchObject({ kind: "run", name: "r2" });
    expect(board.rows!.find((row) => row.name === "r2")!.rating).toBeCloseTo(1000, 9);
    await expect(computeLeaderboard(f.project.id, options({ anchor: "r4" }))).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(computeLeaderboard(f.project.id, options({ anchor: "nope" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("says not estimable when the comparison graph is not connected", async () => {
    await prefer("r4", "r5", ["A", "B", "A"]);
    const board = await computeLeaderboard(f.project.id, options());
    expect(board.rows).toBeNull();
    expect(board.notEstimable).toMatchObject({ reason: "disconnected" });
    expect(board.notEstimable!.message).toContain("r4, r5");
    expect(board.winRates[f.runs.r4!.id]![f.runs.r5!.id]!.wins).toBe(2);
  });
});

describe("computeLeaderboard from a pairwise judge", () => {
  it("counts each shown order as a battle and leaves errors out", async () => {
    const judge = await db.judge.create({ data: { projectId: f.project.id, name: "pair judge", model: "claude" } });
    const rows = [];
    for (const [i, item] of f.items.slice(0, 4).entries()) {
      const a = f.runs.r1!.outputs[item.externalId]!;
      const b = f.runs.r2!.outputs[item.externalId]!;
      rows.push({ judgeId: judge.id, criterionId: f.criteria.preference, itemId: item.id, outputAId: a, outputBId: b, shownOrder: "AB" as const, verdict: i < 3 ? ("A" as const) : ("B" as const) });
      rows.push({ judgeId: judge.id, criterionId: f.criteria.preference, itemId: item.id, outputAId: a, outputBId: b, shownOrder: "BA" as const, verdict: i === 0 ? ("ERROR" as const) : ("A" as const) });
    }
    await db.pairwiseJudgeScore.createMany({ data: rows });
    const board = await computeLeaderboard(f.project.id, options({ source: "pair judge" }));
    expect(board.source).toMatchObject({ kind: "judge", name: "pair judge" });
    expect(board.battles).toBe(7);
    expect(board.winRates[f.runs.r1!.id]![f.runs.r2!.id]).toMatchObject({ wins: 6, losses: 1, ties: 0 });
    expect(board.rows!.map((row) => row.name)).toEqual(["r1", "r2"]);
    await expect(computeLeaderboard(f.project.id, options({ source: "ghost" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("with swapAverage, counts one battle per pair: the common verdict, a tie when the orders disagree, nothing when either failed", async () => {
    const judge = await db.judge.create({ data: { projectId: f.project.id, name: "swap judge", model: "claude", bothOrders: true, swapAverage: true } });
    const rows = [];
    // Per item: the verdicts in orders AB and BA (null: not judged in that order), in terms of output A = r1's, B = r2's.
    const verdicts = [["A", "ERROR"], ["A", "A"], ["A", "A"], ["B", "A"], ["B", null]] as const;
    for (const [i, [ab, ba]] of verdicts.entries()) {
      const item = f.items[i]!;
      // Stored with r2's output as A on some items: the pair is the same whichever output was stored first.
      const [a, b] = i % 2 === 0 ? [f.runs.r1!.outputs[item.externalId]!, f.runs.r2!.outputs[item.externalId]!] : [f.runs.r2!.outputs[item.externalId]!, f.runs.r1!.outputs[item.externalId]!];
      const flip = (v: string) => (i % 2 === 0 || !["A", "B"].includes(v) ? v : v === "A" ? "B" : "A") as "A" | "B" | "ERROR";
      rows.push({ judgeId: judge.id, criterionId: f.criteria.preference, itemId: item.id, outputAId: a, outputBId: b, shownOrder: "AB" as const, verdict: flip(ab) });
      if (ba) rows.push({ judgeId: judge.id, criterionId: f.criteria.preference, itemId: item.id, outputAId: a, outputBId: b, shownOrder: "BA" as const, verdict: flip(ba) });
    }
    await db.pairwiseJudgeScore.createMany({ data: rows });
    const board = await computeLeaderboard(f.project.id, options({ source: "swap judge" }));
    expect(board.source).toMatchObject({ kind: "judge", name: "swap judge", swapAverage: true });
    // Item 0 failed in one order (dropped), 1 and 2 agree on r1, 3 disagrees (tie), 4 was judged in one order (its verdict).
    expect(board.battles).toBe(4);
    expect(board.winRates[f.runs.r1!.id]![f.runs.r2!.id]).toMatchObject({ wins: 2, losses: 1, ties: 1 });
    // The same verdicts without swapAverage: each order one battle, errors left out.
    await db.judge.update({ where: { id: judge.id }, data: { swapAverage: false } });
    const perOrder = await computeLeaderboard(f.project.id, options({ source: "swap judge" }));
    expect(perOrder.battles).toBe(8);
    expect(perOrder.winRates[f.runs.r1!.id]![f.runs.r2!.id]).toMatchObject({ wins: 6, losses: 2, ties: 0 });
  });

  it("refuses fewer than 1,000 bootstrap rounds", () => {
    expect(leaderboardSchema.safeParse({ rounds: 100 }).success).toBe(false);
  });
});
