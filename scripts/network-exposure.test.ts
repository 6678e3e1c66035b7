import { describe, expect, it } from "vitest";
import { hashPassword } from "../lib/auth/password";
import { DEMO_USERS } from "../prisma/demo-data";
import { accountsWithDemoPassword, exposureRefusal, isLoopbackHost } from "./network-exposure";

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "::ffff:127.0.0.1"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.org", "::ffff:10.0.0.1", "128.0.0.1"])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("demo passwords and the network", () => {
  const [admin, lead, reviewer] = DEMO_USERS;

  it("finds exactly the demo accounts whose stored hash still matches their demo password", async () => {
    const accounts = [
      { email: admin.email, passwordHash: await hashPassword(admin.password) },
      { email: lead.email, passwordHash: await hashPassword("a-password-of-its-own") },
      { email: reviewer.email, passwordHash: await hashPassword(reviewer.password) },
      // Not a demo account, even with a demo password.
      { email: "someone@example.org", passwordHash: await hashPassword(admin.password) },
    ];
    expect(await accountsWithDemoPassword(accounts)).toEqual([admin.email, reviewer.email]);
  });

  it("refuses a non-loopback HOST while a demo password remains, naming the account and the way out", () => {
    const refusal = exposureRefusal("0.0.0.0", [admin.email]);
    expect(refusal).toContain("HOST=0.0.0.0");
    expect(refusal).toContain(admin.email);
    expect(refusal).toContain(`npm run set-password -- <email>`);
  });

  it("allows loopback with demo passwords, and any address once they are changed", () => {
    expect(exposureRefusal("127.0.0.1", [admin.email])).toBeUndefined();
    expect(exposureRefusal("0.0.0.0", [])).toBeUndefined();
  });
});
