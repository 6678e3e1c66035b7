import crypto from "node:crypto";

// API tokens look like `ts_<43 url-safe chars>`. Only their sha256 is stored:
// a high-entropy secret needs no slow hash, and lookup stays an index seek.

const PREFIX = "ts_";

export function generateApiToken() {
  const secret = PREFIX + crypto.randomBytes(32).toString("base64url");
  return { secret, hash: hashApiToken(secret), prefix: secret.slice(0, PREFIX.length + 6) };
}

export function hashApiToken(secret: string) {
  return crypto.createHash("sha256").update(secret).digest("hex");
}

export function looksLikeApiToken(value: string) {
  return value.startsWith(PREFIX) && value.length > PREFIX.length + 20;
}
