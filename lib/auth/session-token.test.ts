import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sessionClaimsFromToken, sessionCookieName, sessionTokenFrom, userIdFromSessionToken } from "./session-token";

// The session cookie is read without NextAuth's session handler: these pin
// down that it accepts exactly what NextAuth would, and nothing else.

const SECRET = "test-secret-test-secret-test-secret-0123";
const cookieJar = (entries: Record<string, string>) => ({ get: (name: string) => (name in entries ? { value: entries[name]! } : undefined) });

let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  process.env.NEXTAUTH_SECRET = SECRET;
  delete process.env.NEXTAUTH_URL;
});
afterEach(() => {
  process.env = saved;
});

describe("userIdFromSessionToken", () => {
  it("reads the user id NextAuth's jwt callback stored, again from the cache", async () => {
    const token = await encode({ token: { uid: "user-1", sub: "user-1" }, secret: SECRET });
    expect(await userIdFromSessionToken(token)).toBe("user-1");
    expect(await userIdFromSessionToken(token)).toBe("user-1");
  });

  it("reads the session version the token was minted under; tokens from before versions count as version 0", async () => {
    const versioned = await encode({ token: { uid: "user-2", sv: 3 }, secret: SECRET });
    expect(await sessionClaimsFromToken(versioned)).toEqual({ userId: "user-2", sessionVersion: 3 });
    const older = await encode({ token: { uid: "user-2" }, secret: SECRET });
    expect(await sessionClaimsFromToken(older)).toEqual({ userId: "user-2", sessionVersion: 0 });
  });

  it("refuses a token sealed with another secret, a tampered one and garbage", async () => {
    const foreign = await encode({ token: { uid: "user-1" }, secret: "another-secret-another-secret-another-1" });
    expect(await userIdFromSessionToken(foreign)).toBeNull();
    const token = await encode({ token: { uid: "user-2" }, secret: SECRET });
    const tampered = token.slice(0, -6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    expect(await userIdFromSessionToken(tampered)).toBeNull();
    expect(await userIdFromSessionToken("not-a-jwt")).toBeNull();
    expect(await userIdFromSessionToken(null)).toBeNull();
  });

  it("refuses an expired session", async () => {
    const expired = await encode({ token: { uid: "user-3" }, secret: SECRET, maxAge: -60 });
    expect(await userIdFromSessionToken(expired)).toBeNull();
  });

  it("a session without a user id is no user", async () => {
    const anonymous = await encode({ token: { sub: "someone" }, secret: SECRET });
    expect(await userIdFromSessionToken(anonymous)).toBeNull();
  });
});

describe("sessionTokenFrom", () => {
  it("uses NextAuth's cookie name, with the __Secure- prefix on https", () => {
    expect(sessionCookieName()).toBe("next-auth.session-token");
    process.env.NEXTAUTH_URL = "https://touchstone.example";
    expect(sessionCookieName()).toBe("__Secure-next-auth.session-token");
    expect(sessionTokenFrom(cookieJar({ "next-auth.session-token": "plain" }))).toBeNull();
    expect(sessionTokenFrom(cookieJar({ "__Secure-next-auth.session-token": "secure" }))).toBe("secure");
  });

  it("joins a token NextAuth split over numbered cookies, in order", () => {
    expect(sessionTokenFrom(cookieJar({ "next-auth.session-token.1": "BBB", "next-auth.session-token.0": "AAA", "next-auth.session-token.2": "CCC" }))).toBe("AAABBBCCC");
    expect(sessionTokenFrom(cookieJar({}))).toBeNull();
  });
});
