// When to try a failed call again: exponential backoff with full jitter
// (AWS architecture blog, "Exponential Backoff And Jitter"), never sooner than
// the provider's Retry-After.

export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Delay before attempt `attempt + 1`, after `attempt` (1-based) failed. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * ceiling);
  // Retry-After is the provider's word: honoured even past maxDelayMs.
  return Math.max(jittered, retryAfterMs ?? 0);
}
