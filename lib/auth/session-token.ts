import { decode } from "next-auth/jwt";

// The signed-in user's id from the NextAuth session cookie, without running
// NextAuth's whole session handler on every request. That handler derives
// the key (HKDF), decrypts the JWT, runs the callbacks and encrypts a fresh
// JWT for a cookie that server components and actions cannot set anyway:
// a few milliseconds of CPU per request, the largest single cost of a small
// server action under load. Here the cookie is decrypted with NextAuth's own
// `decode` (same key, same 15 s clock tolerance) and the result is kept per
// token string: the JWT is authenticated encryption, so one token string
// always decrypts to the same claims, and a forged or altered token never
// decrypts. The expiry is checked on every use, cached or not.

/** NextAuth's cookie name: the __Secure- prefix when the app runs on https (as next-auth/jwt's getToken decides). */
export function sessionCookieName() {
  const secure = process.env.NEXTAUTH_URL?.startsWith("https://") ?? !!process.env.VERCEL;
  return secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** The token from the cookies; NextAuth splits one larger than a cookie can hold into `name.0`, `name.1`, … */
export function sessionTokenFrom(cookies: { get(name: string): { value: string } | undefined }, name = sessionCookieName()) {
  const whole = cookies.get(name)?.value;
  if (whole) return whole;
  let token = "";
  for (let i = 0; ; i++) {
    const chunk = cookies.get(`${name}.${i}`)?.value;
    if (!chunk) break;
    token += chunk;
  }
  return token || null;
}

/** What a session token says: whose it is and which of their session versions (see User.sessionVersion) it was minted under. */
export type SessionClaims = { userId: string; sessionVersion: number };

type Claims = { userId: string | null; sessionVersion: number; expiresAt: number };

const CLOCK_TOLERANCE_MS = 15_000;
const CACHE_SIZE = 10_000;
/** Decoded tokens; Map keeps insertion order, so the oldest entry is dropped first when full. */
const decoded = new Map<string, Claims>();

function secret() {
  return process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
}

/** The user id a session token stands for, or null when it is missing, forged, malformed or expired. */
export async function userIdFromSessionToken(token: string | null): Promise<string | null> {
  return (await sessionClaimsFromToken(token))?.userId ?? null;
}

/**
 * The claims of a valid session token, or null. The caller compares
 * `sessionVersion` with the user's current one, on the user read it does
 * anyway (./session.ts): a token from before a sign-out is then refused.
 */
export async function sessionClaimsFromToken(token: string | null): Promise<SessionClaims | null> {
  if (!token) return null;
  let claims = decoded.get(token);
  if (!claims) {
    const key = secret();
    if (!key) return null;
    let payload;
    try {
      payload = await decode({ token, secret: key });
    } catch {
      return null;
    }
    if (!payload) return null;
    claims = {
      // The jwt callback (./options.ts) stores the user id as `uid`; the session callback reads only that.
      userId: typeof payload.uid === "string" && payload.uid ? payload.uid : null,
      // Tokens minted before versions existed carry none: version 0, the column's default.
      sessionVersion: typeof payload.sv === "number" ? payload.sv : 0,
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : Number.POSITIVE_INFINITY,
    };
    decoded.set(token, claims);
    if (decoded.size > CACHE_SIZE) decoded.delete(decoded.keys().next().value as string);
  }
  if (Date.now() > claims.expiresAt + CLOCK_TOLERANCE_MS) {
    decoded.delete(token);
    return null;
  }
  return claims.userId ? { userId: claims.userId, sessionVersion: claims.sessionVersion } : null;
}
