import { describe, expect, it } from "vitest";
import { fitUnderCap, utcDay } from "./cost-cap";

describe("the daily cost cap", () => {
  it("sends calls in order while they fit, skips the ones that do not, and lets a later cheaper one through", () => {
    // Cap 1.00 with 0.40 already spent: 0.30 fits (0.70), 0.50 does not, 0.30 fits exactly (1.00), 0.01 does not.
    expect(fitUnderCap([0.3, 0.5, 0.3, 0.01], 0.4, 1)).toEqual({ send: [0, 2], skip: [1, 3], spentAfter: 1 });
  });

  it("sends everything without a cap, even at unknown cost", () => {
    expect(fitUnderCap([null, 5, 0], 100, null)).toEqual({ send: [0, 1, 2], skip: [], spentAfter: 100 });
  });

  it("skips calls of unknown cost under a cap, and everything once today's spend already reached it", () => {
    expect(fitUnderCap([null, 0.1], 0, 1).skip).toEqual([0]);
    expect(fitUnderCap([0.1, 0.2], 1, 1)).toEqual({ send: [], skip: [0, 1], spentAfter: 1 });
    // Cached calls cost nothing and always fit.
    expect(fitUnderCap([0, 0], 1, 1).send).toEqual([0, 1]);
  });

  it("takes the UTC day, whatever the local time zone", () => {
    expect(utcDay(new Date("2026-12-05T23:59:59.999Z"))).toEqual({ start: new Date("2026-12-05T00:00:00Z"), end: new Date("2026-12-06T00:00:00Z") });
  });
});
