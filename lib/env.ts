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
    // Behind a reverse proxy that sets X-Forwarded-For / X-Real-IP, "1" lets sign-in
    // limits count attempts per client address; without one those headers are the
    // client's own words, so they are ignored.
    TOUCHSTONE_TRUST_PROXY: z.enum(["0", "1"], { error: "TOUCHSTONE_TRUST_PROXY must be 0 or 1." }).default("0"),
    // Seals the API keys of LLM connections (lib/llm/secret-box.ts).
    TOUCHSTONE_ENCRYPTION_KEY: z
      .string()
      .refine((text) => parseEncryptionKey(text) !== null, "TOUCHSTONE_ENCRYPTION_KEY must be 32 bytes written as base64 or hex (e.g. `openssl rand -base64 32`).")
      .optional(),
    // How the server reaches itself (connections whose base URL is a path, such as the demo model's).
    TOUCHSTONE_INTERNAL_URL: z.url("TOUCHSTONE_INTERNAL_URL must be a full URL such as http://127.0.0.1:3000.").optional(),
  })
  .superRefine((env, ctx) => {
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
