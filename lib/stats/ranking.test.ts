import { describe, expect, it } from "vitest";
import {
  bootstrapBradleyTerry,
  bootstrapBradleyTerryReport,
  bradleyTerry,
  expectedScore,
  onlineElo,
  type Battle,
} from "@/lib/stats/ranking";
import { NotEstimableError, StatsInputError } from "@/lib/stats/types";

const TOL = 9;
const FIT_TOL = 6; // iterative fits

function battles(a: string, b: string, aWins: number, bWins: number, ties = 0): Battle[] {
  return [
    ...Array.from({ length: aWins }, () => ({ a, b, winner: "a" as const })),
    ...Array.from({ length: bWins }, () => ({ a, b, winner: "b" as const })),
    ...Array.from({ length: ties }, () => ({ a, b, winner: "tie" as const })),
  ];
}

// Four models with ties; reference MLE from an independent Python fit (mpmath
// root of the score equations at 40 digits, confirmed by Hunter's MM algorithm).
const SMALL: Battle[] = [
  ...battles("A", "B", 7, 3, 2),
  ...battles("A", "C", 6, 2, 0),
  ...battles("B", "C", 5, 5, 4),
  ...battles("C", "D", 6, 3, 1),
  ...battles("B", "D", 4, 1, 0),
  ...battles("A", "D", 3, 0, 1),
  ...battles("D", "A", 0, 1, 0),
];
const SMALL_MLE = { A: 1159.3788658403591, B: 1017.1680716800254, C: 985.15973887525219, D: 838.29332360436326 };

describe("onlineElo", () => {
  it("applies the FastChat update rule (k = 4, base 10, scale 400, init 1000)", () => {
    expect(onlineElo([{ a: "x", b: "y", winner: "a" }])).toEqual({ x: 1002, y: 998 });
    expect(onlineElo([{ a: "x", b: "y", winner: "tie" }])).toEqual({ x: 1000, y: 1000 });
    const r = onlineElo([
      { a: "A", b: "B", winner: "a" },
      { a: "B", b: "A", winner: "tie" },
      { a: "C", b: "A", winner: "a" },
      { a: "B", b: "C", winner: "b" },
    ]);
    // Hand-computed in Python from E_a = 1/(1 + 10^((R_b − R_a)/400)).
    expect(r.A).toBeCloseTo(999.9655949053114, TOL);
    expect(r.B).toBeCloseTo(996.0459826445992, TOL);
    expect(r.C).toBeCloseTo(1003.9884224500894, TOL);
  });

  it("pitfall: is order-dependent (why the leaderboard uses Bradley–Terry)", () => {
    const games: Battle[] = [
      { a: "A", b: "B", winner: "a" },
      { a: "B", b: "A", winner: "tie" },
      { a: "C", b: "A", winner: "a" },
      { a: "B", b: "C", winner: "b" },
    ];
    const reversed = onlineElo([...games].reverse());
    expect(reversed.A).toBeCloseTo(1000.0113810153066, TOL);
    expect(Math.abs(reversed.A! - onlineElo(games).A!)).toBeGreaterThan(0.01);
  });

  it("honours k, init and scale options", () => {
    const r = onlineElo([{ a: "x", b: "y", winner: "b" }], { k: 32, init: 1500 });
    expect(r).toEqual({ x: 1484, y: 1516 });
    expect(expectedScore(1400, 1000)).toBeCloseTo(10 / 11, TOL);
  });
});

describe("bradleyTerry", () => {
  it("matches an independent high-precision MLE (ties = half win, half loss)", () => {
    const r = bradleyTerry(SMALL);
    for (const [model, rating] of Object.entries(SMALL_MLE)) expect(r[model]).toBeCloseTo(rating, FIT_TOL);
  });

  it("is anchored at mean 1000 by default", () => {
    const r = bradleyTerry(SMALL);
    const ratings = Object.values(r);
    expect(ratings.reduce((s, x) => s + x, 0) / ratings.length).toBeCloseTo(1000, TOL);
  });

  it("supports a named anchor (FastChat: mixtral-8x7b-instruct-v0.1 = 1114) without changing gaps", () => {
    const renamed = SMALL.map((b) => ({
      ...b,
      a: b.a === "C" ? "mixtral-8x7b-instruct-v0.1" : b.a,
      b: b.b === "C" ? "mixtral-8x7b-instruct-v0.1" : b.b,
    }));
    const r = bradleyTerry(renamed, { anchor: { model: "mixtral-8x7b-instruct-v0.1", rating: 1114 } });
    expect(r["mixtral-8x7b-instruct-v0.1"]).toBeCloseTo(1114, TOL);
    expect(r.A! - r["mixtral-8x7b-instruct-v0.1"]!).toBeCloseTo(SMALL_MLE.A - SMALL_MLE.C, FIT_TOL);
    expect(() => bradleyTerry(SMALL, { anchor: { model: "nobody", rating: 1000 } })).toThrow(StatsInputError);
  });

  it("is order-independent", () => {
    const shuffled = [...SMALL].sort((x, y) => (x.winner + x.b).localeCompare(y.winner + y.b));
    const a = bradleyTerry(SMALL);
    const b = bradleyTerry(shuffled);
    for (const model of Object.keys(a)) expect(b[model]).toBeCloseTo(a[model]!, TOL);
  });

  it("treats a tie exactly like the notebook's duplicated data (one a-win plus one b-win)", () => {
    const duplicated = SMALL.flatMap((b): Battle[] =>
      b.winner === "tie" ? [{ ...b, winner: "a" }, { ...b, winner: "b" }] : [b, b],
    );
    const a = bradleyTerry(SMALL);
    const b = bradleyTerry(duplicated);
    for (const model of Object.keys(a)) expect(b[model]).toBeCloseTo(a[model]!, TOL);
  });

  it("recovers known strengths from synthetic data", () => {
    // True β (log10 odds scale); per pair 10,000 battles with outcomes in exact expected proportions.
    const beta: Record<string, number> = { m1: 0.5, m2: 0.2, m3: 0, m4: -0.3, m5: -0.4 };
    const names = Object.keys(beta);
    const data: Battle[] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const p = 1 / (1 + 10 ** -(beta[names[i]!]! - beta[names[j]!]!));
        const aWins = Math.round(10_000 * p);
        data.push(...battles(names[i]!, names[j]!, aWins, 10_000 - aWins));
      }
    }
    const r = bradleyTerry(data);
    for (const model of names) expect(Math.abs(r[model]! - (400 * beta[model]! + 1000))).toBeLessThan(0.5);
  });

  describe("non-identifiable data throws NotEstimableError", () => {
    function reasonOf(data: Battle[]) {
      try {
        bradleyTerry(data);
      } catch (error) {
        expect(error).toBeInstanceOf(NotEstimableError);
        return (error as NotEstimableError).reason;
      }
      throw new Error("expected NotEstimableError");
    }

    it("when a model only wins", () => {
      expect(reasonOf([...battles("A", "B", 3, 2), ...battles("C", "A", 2, 0), ...battles("C", "B", 1, 0)])).toBe(
        "only-wins-or-losses",
      );
    });

    it("when a model only loses", () => {
      expect(reasonOf([...battles("A", "B", 3, 2), ...battles("A", "C", 1, 0), ...battles("B", "C", 2, 0)])).toBe(
        "only-wins-or-losses",
      );
    });

    it("when the comparison graph is disconnected", () => {
      expect(reasonOf([...battles("A", "B", 3, 2), ...battles("C", "D", 1, 1)])).toBe("disconnected");
    });

    it("when one group beats every model outside it", () => {
      expect(
        reasonOf([
          ...battles("A", "B", 3, 2),
          ...battles("C", "D", 1, 1),
          ...battles("A", "C", 2, 0),
          ...battles("B", "D", 4, 0),
        ]),
      ).toBe("not-strongly-connected");
    });

    it("but all-tie pairs are estimable (a tie is half a win each way)", () => {
      const r = bradleyTerry(battles("A", "B", 0, 0, 3));
      expect(r.A).toBeCloseTo(1000, TOL);
      expect(r.B).toBeCloseTo(1000, TOL);
    });
  });

  it("rejects self-battles", () => {
    expect(() => bradleyTerry([{ a: "A", b: "A", winner: "a" }])).toThrow(StatsInputError);
  });
});

describe("bootstrapBradleyTerry", () => {
  it("reports the full-data fit with percentile intervals, deterministically per seed", () => {
    const opts = { rounds: 300, seed: 0 };
    const r = bootstrapBradleyTerry(SMALL, opts);
    for (const [model, rating] of Object.entries(SMALL_MLE)) {
      expect(r[model]!.rating).toBeCloseTo(rating, FIT_TOL);
      expect(r[model]!.lower).toBeLessThan(rating);
      expect(r[model]!.upper).toBeGreaterThan(rating);
    }
    expect(bootstrapBradleyTerry(SMALL, opts)).toEqual(r);
  });

  it("ranks with CI: rank = 1 + #{models whose lower bound exceeds this upper bound}", () => {
    // Clear separation top → bottom, plus two near-equal models that must share a rank.
    const data: Battle[] = [
      ...battles("top", "mid1", 150, 50),
      ...battles("top", "mid2", 150, 50),
      ...battles("mid1", "mid2", 100, 98),
      ...battles("mid1", "low", 150, 50),
      ...battles("mid2", "low", 150, 50),
      ...battles("top", "low", 190, 10),
    ];
    const report = bootstrapBradleyTerryReport(data, { rounds: 500, seed: 1 });
    const m = report.models;
    expect(m.top!.rank).toBe(1);
    expect(m.mid1!.rank).toBe(2);
    expect(m.mid2!.rank).toBe(2);
    expect(m.low!.rank).toBe(4);
    for (const [name, model] of Object.entries(m)) {
      const better = Object.entries(m).filter(([other, o]) => other !== name && o.lower > model.upper).length;
      expect(model.rank).toBe(1 + better);
    }
    expect(report.undefinedRounds).toBe(0);
  });

  it("counts non-estimable replicates instead of fitting infinite ratings", () => {
    // B's single win over A disappears from many resamples, leaving A undefeated.
    const data = [...battles("A", "B", 6, 1), ...battles("B", "C", 4, 3), ...battles("A", "C", 5, 2)];
    const report = bootstrapBradleyTerryReport(data, { rounds: 200, seed: 5 });
    expect(report.undefinedRounds).toBeGreaterThan(0);
    expect(report.undefinedRounds).toBeLessThan(200);
    expect(Number.isFinite(report.models.A!.upper)).toBe(true);
  });

  it("applies the anchor in every replicate", () => {
    const r = bootstrapBradleyTerry(SMALL, { rounds: 100, seed: 2, anchor: { model: "D", rating: 800 } });
    expect(r.D!.rating).toBeCloseTo(800, TOL);
    expect(r.D!.lower).toBeCloseTo(800, TOL);
    expect(r.D!.upper).toBeCloseTo(800, TOL);
  });
});
