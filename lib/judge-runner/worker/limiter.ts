// Per-connection limits inside one worker process: at most maxConcurrency
// calls in flight, and token buckets for requests and tokens per minute.
// Buckets are per process: N workers on one connection may send up to N times
// the limits (docs/ARCHITECTURE.md says so); give each worker its share.

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Concurrency slots plus the two buckets, one per connection and process. */
export class ConnectionLimiter {
  private active = 0;
  // Set by a 429's Retry-After: the provider limits the key, not one call.
  private pausedUntil = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly requests: TokenBucket | null;
  private readonly tokens: TokenBucket | null;

  constructor(readonly limits: ConnectionLimits) {
    this.requests = limits.requestsPerMinute ? new TokenBucket(limits.requestsPerMinute) : null;
    this.tokens = limits.tokensPerMinute ? new TokenBucket(limits.tokensPerMinute) : null;
  }

  get inFlight() {
    return this.active;
  }

  /** Waits for a slot and for both buckets; call the returned function when the call ends. */
  async acquire(estimatedTokens: number): Promise<() => void> {
    if (this.active >= this.limits.maxConcurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) await sleep(wait);
      await this.waitFor(this.requests, 1);
      await this.waitFor(this.tokens, estimatedTokens);
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return () => {
      if (!released) this.release();
      released = true;
    };
  }

  /** No call on this connection starts for `ms` (a 429's Retry-After). */
  pauseFor(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  private async waitFor(bucket: TokenBucket | null, amount: number) {
    if (!bucket) return;
    for (let wait = bucket.take(amount); wait > 0; wait = bucket.take(amount)) await sleep(wait);
  }

  private release() {
    // A waiter inherits the slot, so `active` stays as it is.
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
