import { describe, expect, it } from "vitest";

// OIDC_ONLY=true turns password sign-in off on the server, not only in the
// form: NextAuth has no credentials provider to post a password to.

process.env.OIDC_ISSUER = "https://issuer.example/realms/acme";
process.env.OIDC_CLIENT_ID = "touchstone";
process.env.OIDC_CLIENT_SECRET = "secret";
process.env.OIDC_ONLY = "true";

const { authOptions } = await import("./options");

describe("OIDC_ONLY", () => {
  it("leaves single sign-on as the only provider, with PKCE, state and nonce and the issuer's discovery document", () => {
    expect(authOptions.providers.map((provider) => provider.id)).toEqual(["oidc"]);
    expect(authOptions.providers[0]).toMatchObject({
      type: "oauth",
      issuer: "https://issuer.example/realms/acme",
      wellKnown: "https://issuer.example/realms/acme/.well-known/openid-configuration",
      idToken: true,
      checks: ["pkce", "state", "nonce"],
    });
  });
});
