/**
 * Keeps an institution's Ed25519 signing key encrypted at rest with the app secret (DESIGN §8):
 * a database dump or backup alone cannot forge certificates.
 *
 * AES-256-GCM with a key derived by scrypt from the secret and a per-key random salt. The envelope
 * is one ASCII string, safe for a text column:
 *   ed25519-key.v1.<keyId>.<salt>.<iv>.<tag>.<ciphertext>   (base64url parts)
 * The header (everything before the salt) is authenticated data, so the key id shown in the
 * database cannot be swapped for another key's without decryption failing.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, scrypt, type KeyObject } from "node:crypto";

import { keyIdOf } from "~/domain/report/signature";

const PREFIX = "ed25519-key.v1";
// scrypt cost: N=2^15 takes ~60 ms here, done once when the key is loaded; 128·N·r bytes needs maxmem > 32 MiB.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const MIN_SECRET_LENGTH = 16;

export class KeyDecryptionError extends Error {}

function deriveKey(secret: string, salt: Buffer): Promise<Buffer> {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`The app secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  // Async scrypt runs on libuv's thread pool instead of blocking request handling.
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function encryptPrivateKey(privateKey: KeyObject | string, secret: string): Promise<string> {
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  const header = `${PREFIX}.${keyIdOf(key)}`;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await deriveKey(secret, salt), iv);
  cipher.setAAD(Buffer.from(header));
  const plaintext = key.export({ type: "pkcs8", format: "der" });
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [header, ...[salt, iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

/** Decrypts an envelope from encryptPrivateKey; a wrong secret or any altered byte is a KeyDecryptionError. */
export async function decryptPrivateKey(envelope: string, secret: string): Promise<{ privateKey: KeyObject; keyId: string }> {
  const parts = envelope.trim().split(".");
  if (parts.length !== 7 || `${parts[0]}.${parts[1]}` !== PREFIX) {
    throw new KeyDecryptionError("Not an encrypted signing key (unknown envelope format)");
  }
  const [, , keyId, salt, iv, tag, ciphertext] = parts;
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", await deriveKey(secret, Buffer.from(salt, "base64url")), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(`${PREFIX}.${keyId}`));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  } catch {
    throw new KeyDecryptionError("Cannot decrypt the signing key: wrong app secret or altered data");
  }
  const privateKey = createPrivateKey({ key: plaintext, format: "der", type: "pkcs8" });
  if (keyIdOf(privateKey) !== keyId) throw new KeyDecryptionError("The decrypted key does not match its key id");
  return { privateKey, keyId };
}
