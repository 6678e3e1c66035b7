// Analytic results computed once and served many times. Leads reloading a
// dashboard in a loop used to recompute the same figures over a million labels
// on every request; each figure now costs one computation per data change (and
// at most one per refresh interval on a database that changes all the time).
//
// An entry is the serialized answer of one query (route, project, parameters:
// the key), stamped with the data version read before it was computed
// (./data-version.ts). Per request:
// - same version and younger than the staleness limit: served as is;
// - data changed, but the entry is younger than the limit and either another
//   caller is already recomputing it or it was computed less than the refresh
//   interval ago: served as is, marked stale, with the time it dates from;
// - otherwise the caller computes it, and concurrent callers of the same key
//   wait for that one computation instead of starting their own (single flight).
// Authorisation is checked before the cache is asked (lib/auth/route.ts), and
// the key carries the project and every parameter, so no one is ever served
// another project's or another query's figures.

export type CacheSettings = {
  /** Changed data is recomputed at most this often per key (0: at every change). */
  refreshMs: number;
  /** No entry is served once this old, changed or not (0: no caching at all). */
  staleMs: number;
  maxEntries: number;
};

export type Cached = { body: string; asOf: Date; state: "fresh" | "stale" | "computed" };

type Entry = { body: string; version: string; startedAt: number };

export class AnalyticCache {
  private readonly entries = new Map<string, Entry>();
  private readonly flights = new Map<string, Promise<Entry>>();

  constructor(
    private readonly settings: () => CacheSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, version: string, compute: () => Promise<string>, options: { staleOk: boolean }): Promise<Cached> {
    const { refreshMs, staleMs } = this.settings();
    if (staleMs <= 0) return { body: await compute(), asOf: new Date(this.now()), state: "computed" };
    const entry = this.entries.get(key);
    const age = entry ? this.now() - entry.startedAt : Infinity;
    if (entry && age < staleMs) {
      if (entry.version === version) return served(entry, "fresh");
      const flight = this.flights.get(key);
      if (options.staleOk && (flight || age < refreshMs)) return served(entry, "stale");
    }
    const flight = this.flights.get(key) ?? this.start(key, version, compute);
    return served(await flight, "computed");
  }

  private start(key: string, version: string, compute: () => Promise<string>) {
    const startedAt = this.now();
    const flight = compute().then(
      (body) => {
        this.flights.delete(key);
        // An older computation finishing late must not replace a newer entry.
        const current = this.entries.get(key);
        const entry = { body, version, startedAt };
        if (!current || current.startedAt <= startedAt) this.store(key, entry);
        return entry;
      },
      (error: unknown) => {
        this.flights.delete(key);
        throw error;
      },
    );
    this.flights.set(key, flight);
    return flight;
  }

  private store(key: string, entry: Entry) {
    this.entries.delete(key); // re-inserted last: the map's order is the eviction order
    this.entries.set(key, entry);
    const { maxEntries } = this.settings();
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  size() {
    return this.entries.size;
  }
}

function served(entry: Entry, state: Cached["state"]): Cached {
  return { body: entry.body, asOf: new Date(entry.startedAt), state };
}
