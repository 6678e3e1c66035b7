import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { afterSignInPath } from "./safe-redirect";
import { signInSchema } from "./schemas";
import { burnPasswordCheck, verifyPassword } from "./password";
import { rememberDevice, trustedDeviceId } from "./device-cookie";
import { enforceSignInThrottle, recordSignInAttempt } from "./rate-limit";
import { joinInvitedProjects } from "@/lib/members/invitations";
import { oidcSettings } from "@/lib/env";
import { OIDC_PROVIDER_ID, oidcProvider, resolveOidcSignIn, type OidcClaims } from "./oidc";

// Read once at start: the sign-in methods are fixed for the server's lifetime.
const sso = oidcSettings();

/**
 * The client's address for per-address sign-in limits, or undefined. Only a
 * trusted reverse proxy's word counts: the address it appended last to
 * X-Forwarded-For (earlier entries come from the client and can be anything),
 * else its X-Real-IP. Without a trusted proxy (TOUCHSTONE_TRUST_PROXY unset) a
 * client could name any address per attempt, so none is used and the
 * per-account limit alone applies.
 */
export function clientAddress(headers: Record<string, unknown> | undefined, trustProxy: boolean) {
  if (!trustProxy) return undefined;
  const forwarded = headers?.["x-forwarded-for"];
  const last = typeof forwarded === "string" ? forwarded.split(",").at(-1)?.trim() : undefined;
  const real = headers?.["x-real-ip"];
  return last || (typeof real === "string" ? real.trim() || undefined : undefined);
}

/** Ends every session of the user: session cookies minted before this are refused (lib/auth/session.ts). */
export async function endAllSessions(userId: string) {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** Email and password, with progressive throttling (./rate-limit.ts). */
function passwordProvider() {
  return CredentialsProvider({
    name: "Email and password",
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    async authorize(credentials, req) {
      const parsed = signInSchema.safeParse(credentials);
      if (!parsed.success) return null;
      const { email, password } = parsed.data;
      const address = clientAddress(req?.headers as Record<string, unknown> | undefined, env().TOUCHSTONE_TRUST_PROXY === "1");
      const deviceId = trustedDeviceId(req?.headers?.cookie, email);
      await enforceSignInThrottle(email, address, deviceId);

      const user = await db.user.findUnique({
        where: { email },
        select: { id: true, name: true, email: true, passwordHash: true, sessionVersion: true },
      });
      // Accounts made by single sign-on have no password (empty hash): same time spent as for an unknown email.
      const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
      await recordSignInAttempt(email, address, ok, deviceId);
      if (!user || !ok) return null;
      await rememberDevice(email, deviceId);
      await joinInvitedProjects(user.id, user.email);
      return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
    },
  });
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  // Secure cookies (and the __Secure- prefix lib/auth/session-token.ts reads) whenever the app is served over https.
  useSecureCookies: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
  pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
  secret: process.env.NEXTAUTH_SECRET,
  providers: [
    // OIDC_ONLY=true: no password sign-in at all, not only a hidden form.
    ...(sso?.only ? [] : [passwordProvider()]),
    ...(sso ? [oidcProvider(sso)!] : []),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID || !sso) return true;
      const result = await resolveOidcSignIn(sso.issuer, profile as OidcClaims);
      if (!result.ok) return `/sign-in?error=Sso${result.reason}`;
      // From here on `user` is our account, not the issuer's profile (the jwt callback gets this object).
      Object.assign(user, { id: result.user.id, name: result.user.name, email: result.user.email, sessionVersion: result.user.sessionVersion });
      return true;
    },
    // NextAuth's default allows any URL starting with "/" (so `/\evil.example`);
    // the same rule as the sign-in page: resolved against our origin, kept on it.
    redirect({ url, baseUrl }) {
      return new URL(afterSignInPath(url, baseUrl), baseUrl).toString();
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        // The session version at sign-in; a later sign-out or new password bumps the user's and this token stops working.
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && session.user) session.user.id = token.uid;
      return session;
    },
  },
  events: {
    // Signing out ends every session of the user, not just this browser's
    // cookie: a copied or stolen cookie stops working too.
    async signOut({ token }) {
      if (typeof token?.uid === "string") await endAllSessions(token.uid);
    },
  },
};
