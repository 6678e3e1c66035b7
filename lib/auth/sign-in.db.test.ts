import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";
import { hashPassword } from "./password";
import { SIGN_IN_THROTTLE, signInWaitMs, throttleDelayMs } from "./rate-limit";
import { signInErrorMessage } from "./sign-in-errors";
import { DEVICE_COOKIE, deviceCookieValue } from "./device-cookie";

// The credentials provider's authorize(), called as NextAuth calls it, against
// real argon2id hashes and the real attempt log. As behind a reverse proxy, so
// the client address (X-Forwarded-For) counts; read when authorize first runs.
process.env.TOUCHSTONE_TRUST_PROXY = "1";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
const authorize = (email: string, password: string, ip = "203.0.113.7") =>
  provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": ip } });
/** Without a proxy's address: only a cookie, if any, tells browsers apart. */
const authorizeFromBrowser = (email: string, password: string, cookie?: string) =>
  provider.options.authorize({ email, password }, { headers: cookie ? { cookie: `theme=dark; ${cookie}` } : {} });

async function createAccount(email: string, password: string) {
  return db.user.create({ data: { email, name: "Tess", passwordHash: await hashPassword(password) }, select: { id: true } });
}

/** Moves every recorded attempt into the past, as if the attacker had waited. */
async function timePasses(seconds: number) {
  await db.$executeRaw`UPDATE "SignInAttempt" SET "createdAt" = "createdAt" - make_interval(secs => ${seconds})`;
}

const { freeFailures } = SIGN_IN_THROTTLE;

describe("sign-in", () => {
  it("accepts the right password, case-insensitively for the email, and stores only an argon2id hash", async () => {
    const { id } = await createAccount("tess@test.local", "correct horse");
    expect(await authorize("  Tess@Test.local ", "correct horse")).toMatchObject({ id, email: "tess@test.local" });
    const stored = await db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a wrong password and an unknown user the same way", async () => {
    await createAccount("wrong@test.local", "right-password");
    expect(await authorize("wrong@test.local", "nope")).toBeNull();
    expect(await authorize("nobody@test.local", "nope")).toBeNull();
    expect(await authorize("not an email", "x")).toBeNull();
  });
});

describe("sign-in throttling", () => {
  const attacker = "198.51.100.66";
  const owner = "198.51.100.77";

  it("delays the address that keeps failing, with a growing wait, while the owner signs in at once from elsewhere", async () => {
    await createAccount("target@test.local", "the-password");
    for (let i = 0; i <= freeFailures.accountAtAddress; i++) expect(await authorize("target@test.local", `guess-${i}`, attacker)).toBeNull();
    // 4 failures: the attacker must now wait 1 s, even with the right password.
    await expect(authorize("target@test.local", "the-password", attacker)).rejects.toThrow("RATE_LIMITED:1");
    await timePasses(2);
    expect(await authorize("target@test.local", "guess-5", attacker)).toBeNull();
    // 5 failures: 2 s, then 4 s after a sixth: each failure doubles the wait.
    const afterFive = await signInWaitMs("target@test.local", attacker);
    expect(afterFive).toBeGreaterThan(1000);
    expect(afterFive).toBeLessThanOrEqual(2000);
    const refused = authorize("target@test.local", "the-password", attacker);
    await expect(refused).rejects.toThrow(/^RATE_LIMITED:2$/);
    expect(signInErrorMessage("RATE_LIMITED:2")).toBe("Too many failed attempts. Try again in 2 s.");
    await timePasses(3);
    expect(await authorize("target@test.local", "guess-6", attacker)).toBeNull();
    expect(await signInWaitMs("target@test.local", attacker)).toBeGreaterThan(2000);

    // The owner, at an address that has not been failing, is not held up.
    expect(await signInWaitMs("target@test.local", owner)).toBe(0);
    expect(await authorize("target@test.local", "the-password", owner)).toMatchObject({ email: "target@test.local" });
    // ...and the attacker still waits.
    await expect(authorize("target@test.local", "the-password", attacker)).rejects.toThrow("RATE_LIMITED");
  });

  it("the wait doubles per failure past the free ones, up to a cap", () => {
    expect(throttleDelayMs(3, 3)).toBe(0);
    expect([4, 5, 6, 7].map((n) => throttleDelayMs(n, 3))).toEqual([1000, 2000, 4000, 8000]);
    expect(throttleDelayMs(60, 3)).toBe(SIGN_IN_THROTTLE.maxDelayMs);
  });

  it("a successful sign-in resets the account's failure count at that address", async () => {
    await createAccount("forgetful@test.local", "finally-right");
    const ip = "10.0.0.1";
    for (let i = 0; i <= freeFailures.accountAtAddress; i++) await authorize("forgetful@test.local", "oops", ip);
    expect(await signInWaitMs("forgetful@test.local", ip)).toBeGreaterThan(0);
    await timePasses(2);
    expect(await authorize("forgetful@test.local", "finally-right", ip)).not.toBeNull();
    for (let i = 0; i < freeFailures.accountAtAddress; i++) await authorize("forgetful@test.local", "oops", ip);
    expect(await signInWaitMs("forgetful@test.local", ip)).toBe(0);
  });

  it("delays an address that sprays many accounts, and its own successful sign-ins do not clear it", async () => {
    const ip = "192.0.2.99";
    await createAccount("sprayer@test.local", "own-password");
    for (let i = 0; i <= freeFailures.address; i++) expect(await authorize(`spray-${i}@test.local`, "x", ip)).toBeNull();
    await createAccount("victim@test.local", "victim-password");
    await expect(authorize("victim@test.local", "victim-password", ip)).rejects.toThrow("RATE_LIMITED");
    await expect(authorize("sprayer@test.local", "own-password", ip)).rejects.toThrow("RATE_LIMITED");
  });

  it("many addresses guessing one account delay new addresses, but not one the owner signed in from before", async () => {
    await createAccount("popular@test.local", "owner-password");
    const home = "203.0.113.50";
    expect(await authorize("popular@test.local", "owner-password", home)).not.toBeNull();
    for (let i = 0; i <= freeFailures.account; i++) expect(await authorize("popular@test.local", "x", `100.64.0.${i}`)).toBeNull();
    await expect(authorize("popular@test.local", "owner-password", "100.64.1.1")).rejects.toThrow("RATE_LIMITED");
    expect(await authorize("popular@test.local", "owner-password", home)).toMatchObject({ email: "popular@test.local" });
  });

  it("with no client address, failures delay unknown browsers but not the owner's browser holding its device cookie", async () => {
    const email = "device@test.local";
    await createAccount(email, "owner-password");
    const ownerBrowser = `${DEVICE_COOKIE}=${deviceCookieValue(email, "owner-browser")}`;
    expect(await authorizeFromBrowser(email, "owner-password", ownerBrowser)).not.toBeNull();
    for (let i = 0; i <= freeFailures.accountAtAddress; i++) expect(await authorizeFromBrowser(email, `guess-${i}`)).toBeNull();

    await expect(authorizeFromBrowser(email, "owner-password")).rejects.toThrow("RATE_LIMITED");
    // Forged, or issued for another account: no trust.
    await expect(authorizeFromBrowser(email, "owner-password", `${DEVICE_COOKIE}=owner-browser.forged`)).rejects.toThrow("RATE_LIMITED");
    await expect(authorizeFromBrowser(email, "owner-password", `${DEVICE_COOKIE}=${deviceCookieValue("other@test.local", "owner-browser")}`)).rejects.toThrow("RATE_LIMITED");
    expect(await authorizeFromBrowser(email, "owner-password", ownerBrowser)).toMatchObject({ email });
  });
});
