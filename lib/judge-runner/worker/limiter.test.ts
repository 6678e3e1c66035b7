import { describe, expect, it } from "vitest";
import { ConnectionLimiter, headroomFor, TokenBucket } from "./limiter";

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

const noRates = { requestsPerMinute: null, tokensPerMinute: null };
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("ConnectionLimiter", () => {
  it("never has more requests on the wire than maxConcurrency, and hands wire slots on in order", async () => {
    const limiter = new ConnectionLimiter({ maxConcurrency: 2, ...noRates });
    const order: number[] = [];
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const done = await limiter.acquire(10);
        const leave = await limiter.enterWire();
        peak = Math.max(peak, limiter.inFlight);
        order.push(i);
        await tick(5);
        leave();
        leave(); // twice is harmless
        done();
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.inFlight).toBe(0);
    expect(limiter.admittedCalls).toBe(0);
  });

  it("admits a few calls beyond the wire slots, to be prepared while the slots are busy, and no more", async () => {
    const limiter = new ConnectionLimiter({ maxConcurrency: 8, ...noRates });
    const admitted: Array<() => void> = [];
    const waiting = Array.from({ length: 12 }, () => limiter.acquire(1).then((done) => admitted.push(done)));
    await tick(5);
    expect(admitted).toHaveLength(8 + headroomFor(8));
    expect(limiter.admittedCalls).toBe(10);
    admitted.shift()!();
    await tick(5);
    expect(admitted).toHaveLength(10);
    admitted.splice(0).forEach((done) => done());
    await Promise.all(waiting);
    admitted.splice(0).forEach((done) => done());
    expect(limiter.admittedCalls).toBe(0);
  });

  it("gives up a wait for a wire slot when its call is aborted, without taking the slot", async () => {
    const limiter = new ConnectionLimiter({ maxConcurrency: 1, ...noRates });
    const leave = await limiter.enterWire();
    const controller = new AbortController();
    const waiting = limiter.enterWire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    leave();
    expect(limiter.inFlight).toBe(0);
    (await limiter.enterWire())();
    expect(limiter.inFlight).toBe(0);
  });

  it("holds every call, admitted or about to go out, while paused by a Retry-After", async () => {
    const limiter = new ConnectionLimiter({ maxConcurrency: 4, ...noRates });
    const admitted = await limiter.acquire(1);
    limiter.pauseFor(150);
    const started = Date.now();
    (await limiter.acquire(1))();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    limiter.pauseFor(100);
    const again = Date.now();
    (await limiter.enterWire())();
    expect(Date.now() - again).toBeGreaterThanOrEqual(90);
    admitted();
  });
});
