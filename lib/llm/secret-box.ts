import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// API keys of LLM connections are stored sealed with AES-256-GCM: a random
// 12-byte IV per secret and the 16-byte auth tag, so a changed or swapped
// ciphertext is refused instead of decrypting to garbage. The format is
// versioned ("v1:iv:tag:ciphertext", base64) so the scheme or key can change
// later without guessing what a row holds.
//
// The key: TOUCHSTONE_ENCRYPTION_KEY (32 bytes, base64 or hex; lib/env.ts
// validates it and refuses production without it). `npm start` with the
// embedded database generates one once into the data folder, like the
// session secret; outside production the same file is used when the variable
// is unset (next dev, tests).

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
export const KEY_FILE_NAME = "encryption-key";

/** The 32 key bytes from base64, base64url or hex text; null when it is not exactly 32 bytes. */
export function parseEncryptionKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, "base64");
  return bytes.length === 32 ? bytes : null;
}

/** Reads the data folder's key file, creating it once (safe when several processes race). */
export function localEncryptionKey(dataDir: string): string {
  const file = path.join(dataDir, KEY_FILE_NAME);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}

let cachedKey: Buffer | undefined;

function currentKey(): Buffer {
  if (cachedKey) return cachedKey;
  let text = process.env.TOUCHSTONE_ENCRYPTION_KEY;
  if (!text) {
    if (process.env.NODE_ENV === "production") {
      throw new Error("TOUCHSTONE_ENCRYPTION_KEY is not set: API keys cannot be sealed or opened.");
    }
    text = localEncryptionKey(path.resolve(process.env.TOUCHSTONE_DATA_DIR ?? path.join(process.cwd(), ".data")));
  }
  const key = parseEncryptionKey(text);
  if (!key) throw new Error("TOUCHSTONE_ENCRYPTION_KEY must be 32 bytes, written as base64 or hex.");
  cachedKey = key;
  return key;
}

export function sealSecret(plain: string, key: Buffer = currentKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv(ALGORITHM, key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
}

export class SecretBoxError extends Error {}

/** The plain text of a sealed secret; throws SecretBoxError when it was changed or sealed with another key. */
export function openSecret(sealed: string, key: Buffer = currentKey()): string {
  const [version, iv, tag, ciphertext, ...rest] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretBoxError("The stored API key is not in a format this version of Touchstone reads.");
  }
  try {
    const decipher = crypto.createDecipheriv(ALGORITHM, key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "The stored API key cannot be decrypted: it was changed, or TOUCHSTONE_ENCRYPTION_KEY is not the key it was saved with. Enter the API key again.",
    );
  }
}
