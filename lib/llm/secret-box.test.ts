import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { localEncryptionKey, openSecret, parseEncryptionKey, sealSecret, SecretBoxError } from "./secret-box";

const key = crypto.randomBytes(32);

describe("secret box (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time and no plain text in the sealed form", () => {
    const secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    const once = sealSecret(secret, key);
    const twice = sealSecret(secret, key);
    expect(once).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(once).not.toBe(twice);
    expect(once).not.toContain("abcdefghij");
    expect(openSecret(once, key)).toBe(secret);
    expect(openSecret(twice, key)).toBe(secret);
    expect(openSecret(sealSecret("", key), key)).toBe("");
  });

  it("detects tampering with the ciphertext, the tag or the IV", () => {
    const sealed = sealSecret("sk-secret-value", key);
    const [version, iv, tag, data] = sealed.split(":") as [string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString("base64");
    };
    for (const changed of [
      [version, iv, tag, flip(data)],
      [version, iv, flip(tag), data],
      [version, flip(iv), tag, data],
    ]) {
      expect(() => openSecret(changed.join(":"), key)).toThrow(SecretBoxError);
    }
    expect(() => openSecret(`v2:${iv}:${tag}:${data}`, key)).toThrow(/format/);
  });

  it("refuses a secret sealed with another key, in words that say what to do", () => {
    const sealed = sealSecret("sk-secret-value", key);
    expect(() => openSecret(sealed, crypto.randomBytes(32))).toThrow(/Enter the API key again/);
  });

  it("reads keys as hex or base64 and refuses other lengths", () => {
    expect(parseEncryptionKey(key.toString("hex"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64url"))).toEqual(key);
    expect(parseEncryptionKey(crypto.randomBytes(16).toString("base64"))).toBeNull();
    expect(parseEncryptionKey("not a key!")).toBeNull();
  });

  it("generates the data folder's key once and keeps it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secret-box-"));
    const first = localEncryptionKey(dir);
    expect(parseEncryptionKey(first)).not.toBeNull();
    expect(localEncryptionKey(dir)).toBe(first);
    expect(fs.statSync(path.join(dir, "encryption-key")).mode & 0o077).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});
