import net from "node:net";
import { verifyPassword } from "../lib/auth/password";
import { DEMO_USERS } from "../prisma/demo-data";

// The demo seed creates accounts whose passwords are printed in the README.
// On 127.0.0.1 only this machine can use them; on any other address anyone
// who can reach the port can sign in as the instance admin. So the launcher
// refuses to listen beyond loopback while a demo account keeps its demo password.

export function isLoopbackHost(host: string) {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  if (net.isIPv4(bare)) return bare.startsWith("127.");
  // IPv4-mapped IPv6 (::ffff:127.0.0.1).
  const mapped = bare.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  return mapped ? mapped[1]!.startsWith("127.") : false;
}

export type StoredAccount = { email: string; passwordHash: string };

export const DEMO_EMAILS: string[] = DEMO_USERS.map((user) => user.email);

/** The demo accounts among `accounts` whose stored hash still matches the published demo password. */
export async function accountsWithDemoPassword(accounts: StoredAccount[]) {
  const checks = await Promise.all(
    accounts.map(async (account) => {
      const demo = DEMO_USERS.find((user) => user.email === account.email);
      return demo && (await verifyPassword(account.passwordHash, demo.password)) ? account.email : undefined;
    }),
  );
  const matching = new Set(checks);
  return DEMO_EMAILS.filter((email) => matching.has(email));
}

/** Why the app must not listen on `host`, or undefined when it may. */
export function exposureRefusal(host: string, demoPasswordAccounts: string[]) {
  if (isLoopbackHost(host) || demoPasswordAccounts.length === 0) return undefined;
  const list = demoPasswordAccounts.join(", ");
  return [
    `Refusing to listen on HOST=${host}: the demo account(s) ${list} still have the demo password published in the README,`,
    "so anyone who can reach this address could sign in with it.",
    "Give each a password of its own (`npm run set-password -- <email>`, with Touchstone stopped or running),",
    "or start on loopback only (unset HOST) while you do.",
  ].join("\n  ");
}
