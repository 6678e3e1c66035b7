import { z } from "zod";
import { parseEncryptionKey } from "./llm/secret-box";

// The server's environment, validated once. scripts/start.ts fills in
// DATABASE_URL (embedded PostgreSQL) and a generated NEXTAUTH_SECRET for local
// use; a real deployment sets both itself.

// An IPv4 or IPv6 address, or a host name: what `next start -H` can bind.
export const hostSchema = z
  .string()
  .regex(
    /^(\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\]?|[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}))*)$/,
    "HOST must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name.",
  );

// Single sign-on through one OIDC issuer (lib/auth/oidc.ts). All three of
// issuer, client id and secret, or none; OIDC_ONLY needs them.
const oidcEnvShape = {
  OIDC_ISSUER: z
    .url("OIDC_ISSUER must be the issuer's URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0.")
    .refine((url) => !url.includes("/.well-known/"), "OIDC_ISSUER is the issuer itself, without /.well-known/openid-configuration.")
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1, "OIDC_CLIENT_ID is empty.").optional(),
  OIDC_CLIENT_SECRET: z.string().min(1, "OIDC_CLIENT_SECRET is empty.").optional(),
  // The sign-in button reads "Continue with <OIDC_NAME>".
  OIDC_NAME: z.string().trim().min(1).max(60, "OIDC_NAME must be at most 60 characters.").default("single sign-on"),
  OIDC_ONLY: z.enum(["true", "false"], { error: "OIDC_ONLY must be true or false." }).default("false"),
};

const oidcEnvSchema = z.object(oidcEnvShape);

function checkOidcEnv(env: z.output<typeof oidcEnvSchema>, ctx: z.RefinementCtx) {
  const set = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).filter((name) => env[name]);
  if (set.length > 0 && set.length < 3) {
    const missing = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"].filter((name) => !set.includes(name as (typeof set)[number]));
    ctx.addIssue({ code: "custom", path: [missing[0]!], message: `Single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together: ${missing.join(" and ")} missing.` });
  }
  if (env.OIDC_ONLY === "true" && set.length < 3) {
    ctx.addIssue({ code: "custom", path: ["OIDC_ONLY"], message: "OIDC_ONLY=true turns password sign-in off: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET first." });
  }
}

/** The single sign-on settings, or null when SSO is not configured. Reads only the OIDC_* variables. */
export function oidcSettings(source: Record<string, string | undefined> = process.env) {
  const parsed = oidcEnvSchema.superRefine(checkOidcEnv).safeParse(source);
  if (!parsed.success) throw new EnvError(`Touchstone cannot start; fix the environment:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`).join("\n")}`);
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME, OIDC_ONLY } = parsed.data;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null;
  return { issuer: OIDC_ISSUER.replace(/\/+$/, ""), clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET, name: OIDC_NAME, only: OIDC_ONLY === "true" };
}

// API rate limits per token and per signed-in user (lib/auth/api-rate-limit.ts),
// in cost units per minute; an analytic read costs TOUCHSTONE_API_ANALYTIC_COST
// units, anything else 1. 0 turns a limit off.
const limit = (name: string, fallback: number) =>
  z.coerce.number({ error: `${name} must be a number.` }).int(`${name} must be a whole number.`).min(0, `${name} must be 0 (off) or more.`).default(fallback);
const apiRateLimitEnvShape = {
  TOUCHSTONE_API_TOKEN_LIMIT: limit("TOUCHSTONE_API_TOKEN_LIMIT", 600),
  TOUCHSTONE_API_USER_LIMIT: limit("TOUCHSTONE_API_USER_LIMIT", 600),
  TOUCHSTONE_API_ANALYTIC_COST: limit("TOUCHSTONE_API_ANALYTIC_COST", 10),
};

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ error: "DATABASE_URL is not set: start Touchstone with `npm start`, or set it to a PostgreSQL URL." })
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL."),
    NEXTAUTH_SECRET: z.string().optional(),
    NEXTAUTH_URL: z.url("NEXTAUTH_URL must be a full URL such as http://localhost:3000.").optional(),
    // Address the app listens on. Loopback by default: nothing beyond this machine
    // reaches it until someone says so (and the launcher refuses while demo
    // accounts keep their published passwords).
    HOST: hostSchema.default("127.0.0.1"),
    TOUCHSTONE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Analytic reads (dashboards, comparisons, leaderboards; lib/db/analytics.ts):
    // how many run at once per server, how many may wait, and how long one
    // statement (and one wait) may take.
    TOUCHSTONE_ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(1),
    TOUCHSTONE_ANALYTICS_QUEUE: z.coerce.number().int().min(0).max(10_000).default(100),
    TOUCHSTONE_ANALYTICS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    // CPU priority (nice, 0–19) of the analytic connections' PostgreSQL backends
    // when the database runs on this machine (lib/db/analytic-priority.ts); 0 leaves them alone.
    TOUCHSTONE_ANALYTICS_NICE: z.coerce.number().int().min(0).max(19).default(10),
    // Their results are cached per server (lib/db/analytic-cache.ts): changed
    // data is recomputed at most every REFRESH seconds per query, and no result
    // older than STALE seconds is served (0: no cache).
    TOUCHSTONE_ANALYTICS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    TOUCHSTONE_ANALYTICS_STALE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    // Uploads: concurrent imports per project (across servers), and how long an
    // upload may send nothing before it is cut off.
    TOUCHSTONE_IMPORTS_PER_PROJECT: z.coerce.number().int().min(1).max(100).default(2),
    TOUCHSTONE_UPLOAD_IDLE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    // Behind a reverse proxy that sets X-Forwarded-For / X-Real-IP, "1" lets sign-in
    // limits count attempts per client address; without one those headers are the
    // client's own words, so they are ignored.
    TOUCHSTONE_TRUST_PROXY: z.enum(["0", "1"], { error: "TOUCHSTONE_TRUST_PROXY must be 0 or 1." }).default("0"),
    ...oidcEnvShape,
    ...apiRateLimitEnvShape,
    // Seals the API keys of LLM connections (lib/llm/secret-box.ts).
    TOUCHSTONE_ENCRYPTION_KEY: z
      .string()
      .refine((text) => parseEncryptionKey(text) !== null, "TOUCHSTONE_ENCRYPTION_KEY must be 32 bytes written as base64 or hex (e.g. `openssl rand -base64 32`).")
      .optional(),
    // How the server reaches itself (connections whose base URL is a path, such as the demo model's).
    TOUCHSTONE_INTERNAL_URL: z.url("TOUCHSTONE_INTERNAL_URL must be a full URL such as http://127.0.0.1:3000.").optional(),
  })
  .superRefine((env, ctx) => {
    checkOidcEnv(env, ctx);
    if (env.NODE_ENV === "production" && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message:
          "NEXTAUTH_SECRET must be set to at least 32 random characters in production (e.g. `openssl rand -base64 32`).",
      });
    }
    if (env.NODE_ENV === "production" && !env.TOUCHSTONE_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["TOUCHSTONE_ENCRYPTION_KEY"],
        message:
          "TOUCHSTONE_ENCRYPTION_KEY must be set in production: it encrypts the API keys of LLM connections (e.g. `openssl rand -base64 32`; keep it, or stored keys cannot be read).",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Touchstone cannot start; fix the environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
