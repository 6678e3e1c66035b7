// Per-connection limits inside one worker process: at most maxConcurrency
// requests on the wire, and token buckets for requests and tokens per minute.
// Buckets are per process: N workers on one connection may send up to N times
// the limits (docs/ARCHITECTURE.md says so); give each worker its share.
//
// Two levels of slots. A call is *admitted* (acquire: buckets, Retry-After
// pause, one of maxConcurrency + headroom places) before the SDK builds its
// request, and holds a *wire* slot (enterWire: one of maxConcurrency) only
// from the moment its request goes out until its answer is in. Building the
// next requests and reading the last answers (SDK, parser, score writes) then
// happen while the wire slots are busy at the provider, not in them: the
// judge bench showed the slots otherwise idle for that work on every call.

export type ConnectionLimits = {
  maxConcurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
};

/** A token bucket refilled continuously at capacity per minute; starts full. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perMinute;
    this.last = now();
  }

  private refill() {
    const at = this.now();
    this.tokens = Math.min(this.perMinute, this.tokens + ((at - this.last) * this.perMinute) / 60_000);
    this.last = at;
  }

  /**
   * Takes `amount` (capped at the capacity, so one prompt larger than a
   * minute's budget still goes, alone) and returns 0, or the milliseconds to
   * wait before asking again.
   */
  take(amount: number): number {
    this.refill();
    const need = Math.min(amount, this.perMinute);
    if (this.tokens >= need) {
      this.tokens -= need;
      return 0;
    }
    return Math.ceil(((need - this.tokens) * 60_000) / this.perMinute);
  }
}

/** Waits `ms`, or less when `signal` aborts first. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** Calls prepared beyond the wire slots: enough to refill slots freed together, few enough to stay cheap. */
export const headroomFor = (maxConcurrency: number) => Math.ceil(maxConcurrency / 4);

/** A counting semaphore with a FIFO line; a waiter inherits the slot it is handed. */
class Slots {
  private used = 0;
  private readonly line: Array<() => void> = [];

  constructor(private readonly size: number) {}

  get inUse() {
    return this.used;
  }

  /** Leaves the line without a slot (an aborted wait); false when the slot was already handed over. */
  leave(waiter: () => void): boolean {
    const at = this.line.indexOf(waiter);
    if (at < 0) return false;
    this.line.splice(at, 1);
    return true;
  }

  give() {
    const next = this.line.shift();
    if (next) next();
    else this.used--;
  }

  /** A slot now (undefined) or when one is handed over; gives up when `signal` aborts (rejecting with its reason) and never keeps a slot it gave up. */
  take(signal?: AbortSignal): Promise<void> | undefined {
    if (this.used < this.size) {
      this.used++;
      return undefined;
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const granted = () => {
        signal?.removeEventListener("abort", aborted);
        resolve();
      };
      const aborted = () => {
        if (this.leave(granted)) reject(signal!.reason);
      };
      this.line.push(granted);
      signal?.addEventListener("abort", aborted, { once: true });
    });
  }
}

const once = (fn: () => void) => {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
};

/** Admission and wire slots plus the two buckets, one per connection and process. */
export class ConnectionLimiter {
  // Set by a 429's Retry-After: the provider limits the key, not one call.
  private pausedUntil = 0;
  private readonly admitted: Slots;
  private readonly wire: Slots;
  private readonly requests: TokenBucket | null;
  private readonly tokens: TokenBucket | null;

  constructor(readonly limits: ConnectionLimits) {
    this.admitted = new Slots(limits.maxConcurrency + headroomFor(limits.maxConcurrency));
    this.wire = new Slots(limits.maxConcurrency);
    this.requests = limits.requestsPerMinute ? new TokenBucket(limits.requestsPerMinute) : null;
    this.tokens = limits.tokensPerMinute ? new TokenBucket(limits.tokensPerMinute) : null;
  }

  /** Requests on the wire now (never more than maxConcurrency). */
  get inFlight() {
    return this.wire.inUse;
  }

  /** Calls admitted now: on the wire, being prepared or being read (at most maxConcurrency + headroom). */
  get admittedCalls() {
    return this.admitted.inUse;
  }

  /**
   * Admits a call: waits for a place, the Retry-After pause and both buckets.
   * Call the returned function when the call is over (twice is harmless).
   */
  async acquire(estimatedTokens: number): Promise<() => void> {
    await this.admitted.take();
    try {
      await this.whilePaused();
      await this.waitFor(this.requests, 1);
      await this.waitFor(this.tokens, estimatedTokens);
    } catch (error) {
      this.admitted.give();
      throw error;
    }
    return once(() => this.admitted.give());
  }

  /**
   * Waits for a wire slot (and for the end of a Retry-After pause) before an
   * admitted call's request goes out; call the returned function once its
   * answer is in or it failed. Gives up when `signal` aborts.
   */
  async enterWire(signal?: AbortSignal): Promise<() => void> {
    await this.wire.take(signal);
    try {
      await this.whilePaused(signal);
    } catch (error) {
      this.wire.give();
      throw error;
    }
    return once(() => this.wire.give());
  }

  /** No call on this connection starts for `ms` (a 429's Retry-After). */
  pauseFor(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  private async whilePaused(signal?: AbortSignal) {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      signal?.throwIfAborted();
      await sleep(wait, signal);
    }
    signal?.throwIfAborted();
  }

  private async waitFor(bucket: TokenBucket | null, amount: number) {
    if (!bucket) return;
    for (let wait = bucket.take(amount); wait > 0; wait = bucket.take(amount)) await sleep(wait);
  }
}
