import { db } from "@/lib/db/client";
import { rateLimitedError } from "./sign-in-errors";

// Progressive sign-in throttling (OWASP's advice against brute force without
// a lock-out anyone could trigger). Every failure past a few free ones makes
// the next attempt wait longer (doubling, up to a cap), and the wait binds
// whoever keeps failing:
// - an account at one address: the attacker at X waits; the owner signing in
//   from Y, an address that has not been failing, is not held up;
// - an address across accounts: one address spraying many accounts waits;
// - an account across addresses: many addresses guessing one account wait
//   once the failures pile up, except an address that signed in to the
//   account before (trusted), so the owner still gets in;
// - a browser holding the account's device cookie (./device-cookie.ts) counts
//   only its own failures and those of its address, never the account's: the
//   owner's usual browser gets in even when no client address is known.
// Attempts are counted in PostgreSQL so the throttle holds across servers.

export const SIGN_IN_THROTTLE = {
  /** Failures older than this are forgotten. */
  windowMs: 24 * 60 * 60 * 1000,
  /** Failures before any wait, per account at one address, per address, per account. */
  freeFailures: { accountAtAddress: 3, address: 20, account: 20 },
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  /** An address that signed in to an account this recently is trusted for it. */
  trustedForMs: 30 * 24 * 60 * 60 * 1000,
};

/** The wait after `failures` consecutive failures: none for the free ones, then 1 s, 2 s, 4 s, … up to the cap. */
export function throttleDelayMs(failures: number, free: number) {
  if (failures <= free) return 0;
  return Math.min(SIGN_IN_THROTTLE.firstDelayMs * 2 ** (failures - free - 1), SIGN_IN_THROTTLE.maxDelayMs);
}

export function rateLimitKeys(email: string, address: string | undefined, deviceId?: string) {
  const account = `email:${email.toLowerCase()}`;
  return {
    account,
    address: address ? `ip:${address}` : undefined,
    accountAtAddress: address ? `${account}|ip:${address}` : undefined,
    accountOnDevice: deviceId ? `${account}|device:${deviceId}` : undefined,
  };
}

type Rule = { key: string; free: number; resetBySuccess: boolean };

/**
 * Milliseconds the attempt must still wait (0: go ahead). A browser with the
 * account's device cookie counts its own failures; otherwise, without a client
 * address (no trusted proxy), the account's own count is all there is, and it
 * gets the small per-address allowance.
 */
export async function signInWaitMs(email: string, address: string | undefined, now = new Date(), deviceId?: string) {
  const keys = rateLimitKeys(email, address, deviceId);
  const { freeFailures } = SIGN_IN_THROTTLE;
  const rules: Rule[] = [];
  if (keys.accountOnDevice) {
    rules.push({ key: keys.accountOnDevice, free: freeFailures.accountAtAddress, resetBySuccess: true });
    if (keys.address) rules.push({ key: keys.address, free: freeFailures.address, resetBySuccess: false });
  } else if (keys.accountAtAddress && keys.address) {
    rules.push({ key: keys.accountAtAddress, free: freeFailures.accountAtAddress, resetBySuccess: true });
    // An attacker's own account must not clear his address: successes do not reset it.
    rules.push({ key: keys.address, free: freeFailures.address, resetBySuccess: false });
    if (!(await signedInRecently(keys.accountAtAddress, now))) rules.push({ key: keys.account, free: freeFailures.account, resetBySuccess: true });
  } else {
    rules.push({ key: keys.account, free: freeFailures.accountAtAddress, resetBySuccess: true });
  }
  const waits = await Promise.all(rules.map((rule) => waitFor(rule, now)));
  return Math.max(0, ...waits);
}

async function waitFor(rule: Rule, now: Date) {
  let since = new Date(now.getTime() - SIGN_IN_THROTTLE.windowMs);
  if (rule.resetBySuccess) {
    const lastSuccess = await db.signInAttempt.findFirst({
      where: { key: rule.key, success: true, createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (lastSuccess) since = lastSuccess.createdAt;
  }
  const failures = await db.signInAttempt.aggregate({
    where: { key: rule.key, success: false, createdAt: { gte: since } },
    _count: true,
    _max: { createdAt: true },
  });
  const last = failures._max.createdAt;
  if (!last) return 0;
  return last.getTime() + throttleDelayMs(failures._count, rule.free) - now.getTime();
}

async function signedInRecently(key: string, now: Date) {
  const since = new Date(now.getTime() - SIGN_IN_THROTTLE.trustedForMs);
  return !!(await db.signInAttempt.findFirst({ where: { key, success: true, createdAt: { gte: since } }, select: { id: true } }));
}

/** Refuses the attempt with "try again in N s" while it must wait. */
export async function enforceSignInThrottle(email: string, address: string | undefined, deviceId?: string) {
  const waitMs = await signInWaitMs(email, address, new Date(), deviceId);
  if (waitMs > 0) throw new Error(rateLimitedError(Math.ceil(waitMs / 1000)));
}

export async function recordSignInAttempt(email: string, address: string | undefined, success: boolean, deviceId?: string) {
  const keys = rateLimitKeys(email, address, deviceId);
  await db.signInAttempt.createMany({
    data: [keys.account, keys.address, keys.accountAtAddress, keys.accountOnDevice].filter((key): key is string => !!key).map((key) => ({ key, success })),
  });
}
