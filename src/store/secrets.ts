import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { BriefbotError } from "../errors.ts";

/** What an encrypted value starts with: the scheme and its version. */
const PREFIX = "enc:aes-256-gcm:v1:";

/**
 * The key that encrypts secrets at rest (`BRIEFBOT_ENCRYPTION_KEY`): 32 bytes written as 64 hex
 * characters or as base64 (`openssl rand -base64 32` makes one).
 *
 * @throws {Error} saying what a key looks like.
 */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(trimmed) && key.toString("base64") !== trimmed))
    throw new Error("32 bytes as 64 hex characters or as base64 (openssl rand -base64 32)");
  return key;
}

/**
 * Seal and open secrets at rest with AES-256-GCM: a fresh 12-byte IV per value, the tag checked on
 * opening. Without a key, values are kept as they are; a sealed value then cannot be opened, and
 * says which variable is missing.
 *
 * @example
 * const box = createSecretBox(parseEncryptionKey(process.env.BRIEFBOT_ENCRYPTION_KEY));
 * box.open(box.seal('{"bot":{"token":"xoxb-…"}}'));
 */
export function createSecretBox(key?: Buffer) {
  return {
    encrypted: Boolean(key),
    /** Whether a stored value is sealed. */
    isSealed: (stored: string) => stored.startsWith(PREFIX),
    seal(plain: string): string {
      if (!key) return plain;
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${PREFIX}${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${body.toString("base64")}`;
    },
    open(stored: string): string {
      if (!stored.startsWith(PREFIX)) return stored;
      if (!key)
        throw new BriefbotError(
          "CONFIG",
          "the library's Slack installations are encrypted: set BRIEFBOT_ENCRYPTION_KEY to the key they were sealed with",
        );
      const [iv, tag, body] = stored.slice(PREFIX.length).split(":") as [string, string, string];
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
        decipher.setAuthTag(Buffer.from(tag, "base64"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
      } catch (error) {
        throw new BriefbotError(
          "CONFIG",
          "BRIEFBOT_ENCRYPTION_KEY does not open the library's Slack installations: it is not the key they were sealed with",
          { cause: error },
        );
      }
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
