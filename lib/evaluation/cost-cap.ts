// The daily cost cap of an evaluation rule, as a pure rule over estimates:
// calls are taken in arrival order while today's spend (actual cost of calls
// done, estimate of calls queued) plus the call's own estimate stays within
// the cap; a call that does not fit is skipped, a later, cheaper one may still
// fit. No cap: everything goes. A cap with an unknown cost (a connection
// without prices): nothing goes, since nothing can be shown to fit.

export type CapDecision = { send: number[]; skip: number[]; spentAfter: number };

// Sums of float costs drift by ~1e-18; a call that fits exactly must not be refused for it.
const EPSILON_USD = 1e-12;

export function fitUnderCap(costs: (number | null)[], spentToday: number, capUsd: number | null): CapDecision {
  const send: number[] = [];
  const skip: number[] = [];
  let spent = spentToday;
  costs.forEach((cost, index) => {
    if (capUsd === null) return send.push(index);
    if (cost === null || spent + cost > capUsd + EPSILON_USD) return skip.push(index);
    spent += cost;
    send.push(index);
  });
  return { send, skip, spentAfter: spent };
}

/** Start and end of the UTC day holding `now`: the cap's period. */
export function utcDay(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { start, end: new Date(start.getTime() + 86_400_000) };
}
