import { describe, expect, it } from "vitest";
import { EnvError, oidcSettings, parseEnv } from "./env";
import { assertLocalDatabase } from "./db/test/local-only";

const URL = "postgresql://u:p@localhost:5432/touchstone";
const KEY = Buffer.alloc(32, 7).toString("base64");

describe("environment validation", () => {
  it("accepts a development environment without a secret", () => {
    expect(parseEnv({ NODE_ENV: "development", DATABASE_URL: URL }).DATABASE_URL).toBe(URL);
  });

  it("refuses production without NEXTAUTH_SECRET, naming the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: URL })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: URL })).toThrow(/NEXTAUTH_SECRET must be set/);
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: URL, NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET/);
    expect(parseEnv({ NODE_ENV: "production", DATABASE_URL: URL, NEXTAUTH_SECRET: "x".repeat(32), TOUCHSTONE_ENCRYPTION_KEY: KEY }).NODE_ENV).toBe("production");
  });

  it("refuses production without a 32-byte TOUCHSTONE_ENCRYPTION_KEY, naming it", () => {
    const production = { NODE_ENV: "production", DATABASE_URL: URL, NEXTAUTH_SECRET: "x".repeat(32) };
    expect(() => parseEnv(production)).toThrow(/TOUCHSTONE_ENCRYPTION_KEY must be set in production/);
    expect(() => parseEnv({ ...production, TOUCHSTONE_ENCRYPTION_KEY: "too-short" })).toThrow(/32 bytes/);
    expect(parseEnv({ ...production, TOUCHSTONE_ENCRYPTION_KEY: "ab".repeat(32) }).TOUCHSTONE_ENCRYPTION_KEY).toBe("ab".repeat(32));
    expect(parseEnv({ NODE_ENV: "development", DATABASE_URL: URL }).TOUCHSTONE_ENCRYPTION_KEY).toBeUndefined();
  });

  it("explains a missing or malformed DATABASE_URL", () => {
    expect(() => parseEnv({})).toThrow(/DATABASE_URL is not set/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/postgresql:\/\//);
  });

  it("validates the pool size", () => {
    expect(parseEnv({ DATABASE_URL: URL, TOUCHSTONE_DB_POOL_SIZE: "25" }).TOUCHSTONE_DB_POOL_SIZE).toBe(25);
    expect(() => parseEnv({ DATABASE_URL: URL, TOUCHSTONE_DB_POOL_SIZE: "0" })).toThrow(/TOUCHSTONE_DB_POOL_SIZE/);
  });

  it("listens on loopback unless HOST says otherwise, and explains a malformed HOST", () => {
    expect(parseEnv({ DATABASE_URL: URL }).HOST).toBe("127.0.0.1");
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "touchstone.internal", "localhost"]) {
      expect(parseEnv({ DATABASE_URL: URL, HOST: host }).HOST).toBe(host);
    }
    expect(() => parseEnv({ DATABASE_URL: URL, HOST: "http://0.0.0.0" })).toThrow(/HOST must be an IP address/);
    expect(() => parseEnv({ DATABASE_URL: URL, HOST: "" })).toThrow(/HOST/);
  });
});

describe("single sign-on and API rate-limit settings", () => {
  const sso = { OIDC_ISSUER: "https://login.example.com/tenant/v2.0/", OIDC_CLIENT_ID: "touchstone", OIDC_CLIENT_SECRET: "s3cret" };

  it("needs issuer, client id and secret together, and names what is missing", () => {
    expect(() => parseEnv({ DATABASE_URL: URL, OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET missing/);
    expect(() => parseEnv({ DATABASE_URL: URL, ...sso, OIDC_ISSUER: "login.example.com" })).toThrow(/OIDC_ISSUER must be the issuer's URL/);
    expect(() => parseEnv({ DATABASE_URL: URL, ...sso, OIDC_ISSUER: "https://x.example/.well-known/openid-configuration" })).toThrow(/without \/\.well-known/);
    expect(parseEnv({ DATABASE_URL: URL, ...sso }).OIDC_ONLY).toBe("false");
  });

  it("refuses OIDC_ONLY without a configured issuer: nobody could sign in", () => {
    expect(() => parseEnv({ DATABASE_URL: URL, OIDC_ONLY: "true" })).toThrow(/OIDC_ONLY=true turns password sign-in off/);
    expect(() => parseEnv({ DATABASE_URL: URL, ...sso, OIDC_ONLY: "yes" })).toThrow(/OIDC_ONLY must be true or false/);
  });

  it("oidcSettings: null without SSO, else the settings (issuer without a trailing slash)", () => {
    expect(oidcSettings({})).toBeNull();
    expect(oidcSettings({ ...sso, OIDC_ONLY: "true" })).toEqual({ issuer: "https://login.example.com/tenant/v2.0", clientId: "touchstone", clientSecret: "s3cret", name: "single sign-on", only: true });
    expect(() => oidcSettings({ OIDC_CLIENT_SECRET: "s" })).toThrow(EnvError);
  });

  it("rate limits default to 600 a minute, an analytic read costs 10, and 0 is allowed (off)", () => {
    expect(parseEnv({ DATABASE_URL: URL })).toMatchObject({ TOUCHSTONE_API_TOKEN_LIMIT: 600, TOUCHSTONE_API_USER_LIMIT: 600, TOUCHSTONE_API_ANALYTIC_COST: 10 });
    expect(parseEnv({ DATABASE_URL: URL, TOUCHSTONE_API_TOKEN_LIMIT: "0" }).TOUCHSTONE_API_TOKEN_LIMIT).toBe(0);
    expect(() => parseEnv({ DATABASE_URL: URL, TOUCHSTONE_API_USER_LIMIT: "-1" })).toThrow(/TOUCHSTONE_API_USER_LIMIT must be 0 \(off\) or more/);
    expect(() => parseEnv({ DATABASE_URL: URL, TOUCHSTONE_API_TOKEN_LIMIT: "lots" })).toThrow(/TOUCHSTONE_API_TOKEN_LIMIT/);
  });
});

describe("tests refuse non-local databases", () => {
  it("allows localhost addresses only", () => {
    expect(() => assertLocalDatabase("postgresql://u:p@localhost:5432/db")).not.toThrow();
    expect(() => assertLocalDatabase("postgresql://u:p@127.0.0.1:5432/db")).not.toThrow();
    expect(() => assertLocalDatabase("postgresql://u:p@db.example.com:5432/db")).toThrow(/Refusing/);
    expect(() => assertLocalDatabase("not a url")).toThrow(/not a valid URL/);
  });
});
