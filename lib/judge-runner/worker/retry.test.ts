import { describe, expect, it } from "vitest";
import { backoffMs } from "./retry";

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe("backoffMs", () => {
  it("draws a full-jitter delay under a ceiling that doubles per attempt and stops at maxDelayMs", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, policy, undefined, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, policy, undefined, () => 0)).toBe(0);
    expect(backoffMs(3, policy, undefined, () => 0.5)).toBe(200);
  });

  it("never retries sooner than the provider's Retry-After, even past maxDelayMs", () => {
    expect(backoffMs(1, policy, 5000, () => 0.5)).toBe(5000);
    expect(backoffMs(4, policy, 10, () => 0.5)).toBe(400);
  });
});
