import { describe, expect, it } from "vitest";
import { AnalyticCache, type CacheSettings } from "./analytic-cache";

// The result cache's rules, on a hand-driven clock: what is served as is, what
// is served stale, and what is computed (once per key, whoever asks).

function setup(settings: Partial<CacheSettings> = {}) {
  let now = 1_000_000;
  const cache = new AnalyticCache(() => ({ refreshMs: 10_000, staleMs: 60_000, maxEntries: 10, ...settings }), () => now);
  const computed: string[] = [];
  const compute = (body: string) => async () => {
    computed.push(body);
    return body;
  };
  return { cache, computed, compute, advance: (ms: number) => (now += ms), now: () => now };
}

function deferred() {
  let resolve!: (body: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

const staleOk = { staleOk: true };

describe("AnalyticCache", () => {
  it("serves an entry as is while the data version is the same, and recomputes once it moves", async () => {
    const { cache, computed, compute, advance } = setup();
    expect(await cache.get("k", "1", compute("a"), staleOk)).toMatchObject({ body: "a", state: "computed" });
    advance(30_000);
    expect(await cache.get("k", "1", compute("b"), staleOk)).toMatchObject({ body: "a", state: "fresh" });
    // Changed data, last computation 30 s ago (past the 10 s refresh interval): computed now.
    expect(await cache.get("k", "2", compute("c"), staleOk)).toMatchObject({ body: "c", state: "computed" });
    expect(computed).toEqual(["a", "c"]);
  });

  it("never mixes keys: another project or parameter set is computed on its own", async () => {
    const { cache, compute } = setup();
    await cache.get("/api/v1/projects/p1/agreement?judge=j1", "1", compute("p1-j1"), staleOk);
    expect((await cache.get("/api/v1/projects/p2/agreement?judge=j1", "1", compute("p2-j1"), staleOk)).body).toBe("p2-j1");
    expect((await cache.get("/api/v1/projects/p1/agreement?judge=j2", "1", compute("p1-j2"), staleOk)).body).toBe("p1-j2");
    expect((await cache.get("/api/v1/projects/p1/agreement?judge=j1", "1", compute("x"), staleOk)).body).toBe("p1-j1");
  });

  it("within the refresh interval serves changed data's previous answer marked stale with its date, unless told not to", async () => {
    const { cache, computed, compute, advance } = setup();
    const first = await cache.get("k", "1", compute("a"), staleOk);
    advance(4_000);
    const stale = await cache.get("k", "2", compute("b"), staleOk);
    expect(stale).toMatchObject({ body: "a", state: "stale" });
    expect(stale.asOf).toEqual(first.asOf);
    expect(await cache.get("k", "2", compute("c"), { staleOk: false })).toMatchObject({ body: "c", state: "computed" });
    expect(computed).toEqual(["a", "c"]);
  });

  it("serves nothing older than the staleness limit, even when the data did not change", async () => {
    const { cache, compute, advance } = setup({ staleMs: 20_000 });
    await cache.get("k", "1", compute("a"), staleOk);
    advance(20_000);
    expect(await cache.get("k", "1", compute("b"), staleOk)).toMatchObject({ body: "b", state: "computed" });
  });

  it("computes one key once at a time: concurrent callers share it, and others get the stale answer meanwhile", async () => {
    const { cache, advance } = setup();
    await cache.get("k", "1", async () => "old", staleOk);
    advance(15_000);
    const slow = deferred();
    let calls = 0;
    const compute = () => {
      calls++;
      return slow.promise;
    };
    const computing = cache.get("k", "2", compute, staleOk);
    const meanwhile = await cache.get("k", "2", compute, staleOk);
    expect(meanwhile).toMatchObject({ body: "old", state: "stale" });
    const waiting = cache.get("k", "2", compute, { staleOk: false });
    slow.resolve("new");
    expect(await computing).toMatchObject({ body: "new", state: "computed" });
    expect(await waiting).toMatchObject({ body: "new" });
    expect(calls).toBe(1);
  });

  it("keeps nothing from a failed computation, and the next caller tries again", async () => {
    const { cache, compute } = setup();
    await expect(cache.get("k", "1", () => Promise.reject(new Error("timeout")), staleOk)).rejects.toThrow("timeout");
    expect(await cache.get("k", "1", compute("a"), staleOk)).toMatchObject({ body: "a", state: "computed" });
  });

  it("stays within its size, dropping the least recently computed entries", async () => {
    const { cache, computed, compute } = setup({ maxEntries: 2 });
    for (const key of ["a", "b", "c"]) await cache.get(key, "1", compute(key), staleOk);
    expect(cache.size()).toBe(2);
    await cache.get("a", "1", compute("a2"), staleOk);
    await cache.get("c", "1", compute("c2"), staleOk);
    expect(computed).toEqual(["a", "b", "c", "a2"]);
  });

  it("with a staleness limit of 0 computes every time", async () => {
    const { cache, computed, compute } = setup({ staleMs: 0 });
    await cache.get("k", "1", compute("a"), staleOk);
    await cache.get("k", "1", compute("b"), staleOk);
    expect(computed).toEqual(["a", "b"]);
    expect(cache.size()).toBe(0);
  });
});
