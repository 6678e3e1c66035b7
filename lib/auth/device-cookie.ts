import crypto from "node:crypto";
import { cookies } from "next/headers";

// OWASP's device cookies against lock-out: a browser that signed in to an
// account gets a cookie naming it, signed with the app secret, so that the
// account's own failure count (which an attacker anywhere can drive up) does
// not hold that browser back. Without a trusted proxy there is no client
// address, so this is what lets the owner in while the account is under attack.

export const DEVICE_COOKIE = "touchstone-device";
const MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

function signature(deviceId: string, email: string) {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET ?? "";
  return crypto.createHmac("sha256", secret).update(`${deviceId}:${email.toLowerCase()}`).digest("base64url");
}

export function deviceCookieValue(email: string, deviceId = crypto.randomBytes(16).toString("base64url")) {
  return `${deviceId}.${signature(deviceId, email)}`;
}

/** The device id from a Cookie header when its cookie was issued for this account, else undefined. */
export function trustedDeviceId(cookieHeader: unknown, email: string) {
  if (typeof cookieHeader !== "string") return undefined;
  const value = cookieHeader.split(";").map((part) => part.trim()).find((part) => part.startsWith(`${DEVICE_COOKIE}=`))?.slice(DEVICE_COOKIE.length + 1);
  const [deviceId, given] = value?.split(".") ?? [];
  if (!deviceId || !given) return undefined;
  const expected = Buffer.from(signature(deviceId, email));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual) ? deviceId : undefined;
}

/** After a successful sign-in: marks this browser as the account's (Next adds the cookie to NextAuth's response). */
export async function rememberDevice(email: string, deviceId?: string) {
  try {
    (await cookies()).set(DEVICE_COOKIE, deviceCookieValue(email, deviceId), {
      httpOnly: true,
      sameSite: "lax",
      secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
      path: "/",
      maxAge: MAX_AGE_SECONDS,
    });
  } catch {
    // Outside a request (tests, scripts): nothing to remember.
  }
}
