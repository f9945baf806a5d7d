/**
 * Ed25519 signatures over the canonical JSON of a report payload (DESIGN §7).
 *
 * node:crypto does no I/O, so this stays in the domain; keys come in from the caller (PEM text or
 * KeyObject) and are never read from disk here. The signed record travels inside the PDF as
 * `certificate.json`: { payload, signature: { alg, keyId, value } }. The key id lets a verifier pick
 * the right public key after a key rotation without trusting anything else in the file.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from "node:crypto";
import { z } from "zod";

import { canonicalJsonBytes } from "~/domain/canonical-json";
import { PAYLOAD_FORMAT, type ReportPayload } from "./certificate-payload";
import { toCrockfordBase32 } from "./certificate-number";

export const SIGNATURE_ALGORITHM = "Ed25519";

/** PEM text or a node KeyObject. */
export type KeyInput = string | KeyObject;

export interface SignatureBlock {
  alg: typeof SIGNATURE_ALGORITHM;
  /** Short SHA-256 fingerprint of the signer's public key (see keyIdOf). */
  keyId: string;
  /** The 64-byte signature, base64url without padding. */
  value: string;
}

export interface SignedRecord<P = ReportPayload> {
  payload: P;
  signature: SignatureBlock;
}

const KEY_ID_HEX_LENGTH = 16; // 64 bits: a label for picking a key, not a security boundary

function toPrivateKey(key: KeyInput): KeyObject {
  const object = typeof key === "string" ? createPrivateKey(key) : key;
  if (object.type !== "private" || object.asymmetricKeyType !== "ed25519") {
    throw new Error("Expected an Ed25519 private key");
  }
  return object;
}

function toPublicKey(key: KeyInput): KeyObject {
  // createPublicKey also derives the public half from a private key, which is handy for the signer.
  const object = typeof key === "string" ? createPublicKey(key) : key.type === "private" ? createPublicKey(key) : key;
  if (object.asymmetricKeyType !== "ed25519") throw new Error("Expected an Ed25519 public key");
  return object;
}

/** The key id: the first 16 hex digits of SHA-256 over the public key's DER SubjectPublicKeyInfo. */
export function keyIdOf(key: KeyInput): string {
  const der = toPublicKey(key).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, KEY_ID_HEX_LENGTH);
}

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export function signPayload<P extends object>(payload: P, privateKey: KeyInput): SignedRecord<P> {
  const key = toPrivateKey(privateKey);
  const value = sign(null, canonicalJsonBytes(payload), key).toString("base64url");
  return { payload, signature: { alg: SIGNATURE_ALGORITHM, keyId: keyIdOf(key), value } };
}

/**
 * True when the signature holds for the payload under this public key. The caller chooses the key
 * by the record's keyId; a mismatch between the two counts as a failure, not an exception.
 */
export function verifySignedRecord(record: SignedRecord<unknown>, publicKey: KeyInput): boolean {
  const key = toPublicKey(publicKey);
  if (record.signature.alg !== SIGNATURE_ALGORITHM || record.signature.keyId !== keyIdOf(key)) return false;
  const signature = Buffer.from(record.signature.value, "base64url");
  if (signature.length !== 64) return false;
  let data: Uint8Array;
  try {
    data = canonicalJsonBytes(record.payload);
  } catch {
    return false;
  }
  return verify(null, data, key, signature);
}

/**
 * The code printed on the PDF next to the QR code: the first 80 bits of the signature in Crockford
 * base32, grouped like the number (e.g. 7K3M-Q9XA-2HDP-R5TW). The verification page shows the same
 * code, so a reader can match paper to record by eye.
 */
export function shortSignatureCode(signatureValue: string): string {
  const bytes = Buffer.from(signatureValue, "base64url").subarray(0, 10);
  return (toCrockfordBase32(bytes).match(/.{4}/g) ?? []).join("-");
}

const SignedRecordSchema = z.object({
  payload: z.looseObject({
    format: z.literal(PAYLOAD_FORMAT),
    number: z.string().min(1),
  }),
  signature: z.object({
    alg: z.literal(SIGNATURE_ALGORITHM),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    value: z.string().regex(/^[A-Za-z0-9_-]{86}$/), // 64 bytes in base64url without padding
  }),
});

/** A record read from a file: its payload is ours in form only until the signature is checked. */
export type UntrustedSignedRecord = z.infer<typeof SignedRecordSchema>;

export type ParsedSignedRecord =
  | { ok: true; record: UntrustedSignedRecord }
  /** foreign: well-formed JSON without our format marker, i.e. someone else's file rather than a damaged one of ours. */
  | { ok: false; reason: string; foreign: boolean };

/** Reads an embedded certificate.json; the shape is checked, the signature is not (see verifySignedRecord). */
export function parseSignedRecord(json: string): ParsedSignedRecord {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, reason: "certificate.json is not valid JSON", foreign: false };
  }
  const parsed = SignedRecordSchema.safeParse(data);
  if (!parsed.success) {
    const format = (data as { payload?: { format?: unknown } } | null)?.payload?.format;
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `certificate.json is not a signed record (${issue.path.join(".")}: ${issue.message})`,
      foreign: format !== PAYLOAD_FORMAT,
    };
  }
  return { ok: true, record: parsed.data };
}
