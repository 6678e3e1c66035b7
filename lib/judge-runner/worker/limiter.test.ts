import { describe, expect, it } from "vitest";
import { ConnectionLimiter, TokenBucket } from "./limiter";

describe("TokenBucket", () => {
  it("starts full, refills at its rate per minute and says how long to wait", () => {
    let now = 0;
    const bucket = new TokenBucket(60, () => now);
    for (let i = 0; i < 60; i++) expect(bucket.take(1)).toBe(0);
    expect(bucket.take(1)).toBe(1000);
    now = 1000;
    expect(bucket.take(1)).toBe(0);
    expect(bucket.take(2)).toBe(2000);
  });

  it("lets one request larger than a minute's budget through alone", () => {
    const bucket = new TokenBucket(100, () => 0);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(1)).toBeGreaterThan(0);
  });
});

describe("ConnectionLimiter", () => {
  it("never has more calls in flight than maxConcurrency, and hands slots on in order", async () => {
    const limiter = new ConnectionLimiter({ maxConcurrency: 2, requestsPerMinute: null, tokensPerMinute: null });
    const order: number[] = [];
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const release = await limiter.acquire(10);
        peak = Math.max(peak, limiter.inFlight);
        order.push(i);
        await new Promise((resolve) => setTimeout(resolve, 5));
        release();
        release(); // twice is harmless
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.inFlight).toBe(0);
  });

  it("holds every call while paused by a Retry-After", async () => {
    const limiter = new ConnectionLimiter({ maxConcurrency: 4, requestsPerMinute: null, tokensPerMinute: null });
    limiter.pauseFor(150);
    const started = Date.now();
    (await limiter.acquire(1))();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
