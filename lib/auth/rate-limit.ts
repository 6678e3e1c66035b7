import { db } from "@/lib/db/client";

// Sign-in attempts are limited per account and per client address, counted in
// PostgreSQL so the limit holds across app servers and restarts.
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  failuresPerAccount: 5,
  failuresPerAddress: 20,
};

export function rateLimitKeys(email: string, address: string | undefined) {
  return { account: `email:${email.toLowerCase()}`, address: address ? `ip:${address}` : undefined };
}

export async function isSignInBlocked(email: string, address: string | undefined) {
  const keys = rateLimitKeys(email, address);
  const since = new Date(Date.now() - SIGN_IN_LIMITS.windowMs);
  const [account, fromAddress] = await Promise.all([
    recentFailures(keys.account, since),
    keys.address ? recentFailures(keys.address, since) : 0,
  ]);
  return account >= SIGN_IN_LIMITS.failuresPerAccount || fromAddress >= SIGN_IN_LIMITS.failuresPerAddress;
}

// Failures count since the last success: signing in correctly resets the account.
async function recentFailures(key: string, since: Date) {
  const lastSuccess = await db.signInAttempt.findFirst({
    where: { key, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return db.signInAttempt.count({
    where: { key, success: false, createdAt: { gte: lastSuccess?.createdAt ?? since } },
  });
}

export async function recordSignInAttempt(email: string, address: string | undefined, success: boolean) {
  const keys = rateLimitKeys(email, address);
  await db.signInAttempt.createMany({
    data: [keys.account, keys.address].filter((key): key is string => !!key).map((key) => ({ key, success })),
  });
}
