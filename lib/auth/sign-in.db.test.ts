import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { authOptions, RATE_LIMITED_ERROR } from "./options";
import { hashPassword } from "./password";
import { SIGN_IN_LIMITS } from "./rate-limit";

// The credentials provider's authorize(), called as NextAuth calls it, against
// real argon2id hashes and the real attempt log. As behind a reverse proxy, so
// the client address (X-Forwarded-For) counts; read when authorize first runs.
process.env.TOUCHSTONE_TRUST_PROXY = "1";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
const authorize = (email: string, password: string, ip = "203.0.113.7") =>
  provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": ip } });

async function createAccount(email: string, password: string) {
  return db.user.create({ data: { email, name: "Tess", passwordHash: await hashPassword(password) }, select: { id: true } });
}

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

  it("blocks an account after repeated failures, even with the right password, and other accounts are unaffected", async () => {
    await createAccount("target@test.local", "the-password");
    await createAccount("bystander@test.local", "their-password");
    for (let i = 0; i < SIGN_IN_LIMITS.failuresPerAccount; i++) {
      expect(await authorize("target@test.local", `guess-${i}`, `198.51.100.${i}`)).toBeNull();
    }
    await expect(authorize("target@test.local", "the-password", "198.51.100.200")).rejects.toThrow(RATE_LIMITED_ERROR);
    expect(await authorize("bystander@test.local", "their-password", "198.51.100.201")).toMatchObject({ email: "bystander@test.local" });
  });

  it("blocks an address that sprays many accounts", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < SIGN_IN_LIMITS.failuresPerAddress; i++) {
      expect(await authorize(`spray-${i}@test.local`, "x", ip)).toBeNull();
    }
    await createAccount("victim@test.local", "victim-password");
    await expect(authorize("victim@test.local", "victim-password", ip)).rejects.toThrow(RATE_LIMITED_ERROR);
  });

  it("a successful sign-in resets the account's failure count", async () => {
    await createAccount("forgetful@test.local", "finally-right");
    for (let i = 0; i < SIGN_IN_LIMITS.failuresPerAccount - 1; i++) await authorize("forgetful@test.local", "oops", `10.0.0.${i}`);
    expect(await authorize("forgetful@test.local", "finally-right", "10.0.1.1")).not.toBeNull();
    for (let i = 0; i < SIGN_IN_LIMITS.failuresPerAccount - 1; i++) await authorize("forgetful@test.local", "oops", `10.0.2.${i}`);
    expect(await authorize("forgetful@test.local", "finally-right", "10.0.3.1")).not.toBeNull();
  });
});
