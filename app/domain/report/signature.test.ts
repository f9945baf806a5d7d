import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";

import { canonicalJson } from "~/domain/canonical-json";
import { buildReportPayload, type ReportPayload } from "./certificate-payload";
import { demoReleasedResult } from "./sample-data";
import {
  generateSigningKeyPair,
  keyIdOf,
  parseSignedRecord,
  shortSignatureCode,
  signPayload,
  verifySignedRecord,
  type SignedRecord,
} from "./signature";

const fixedBytes = (size: number) => new Uint8Array(size).fill(0x5a);
const keys = generateSigningKeyPair();
const payload = buildReportPayload(demoReleasedResult(0, fixedBytes));

/** A deep copy with one change, as a forger editing the JSON would make. */
function tampered(record: SignedRecord<ReportPayload>, change: (payload: ReportPayload) => void): SignedRecord<ReportPayload> {
  const copy = JSON.parse(JSON.stringify(record)) as SignedRecord<ReportPayload>;
  change(copy.payload);
  return copy;
}

describe("key ids", () => {
  it("are the first 16 hex digits of SHA-256 over the public key's SPKI DER", () => {
    const der = keys.publicKey.export({ type: "spki", format: "der" });
    expect(keys.keyId).toBe(createHash("sha256").update(der).digest("hex").slice(0, 16));
    expect(keyIdOf(keys.privateKey)).toBe(keys.keyId);
    expect(keyIdOf(keys.publicKey.export({ type: "spki", format: "pem" }).toString())).toBe(keys.keyId);
  });

  it("refuse keys that are not Ed25519", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() => keyIdOf(publicKey)).toThrow(/Ed25519/);
  });
});

describe("signPayload / verifySignedRecord", () => {
  const record = signPayload(payload, keys.privateKey);

  it("signs the canonical JSON and verifies with the public key (KeyObject or PEM)", () => {
    expect(record.signature.alg).toBe("Ed25519");
    expect(record.signature.keyId).toBe(keys.keyId);
    expect(Buffer.from(record.signature.value, "base64url")).toHaveLength(64);
    expect(verifySignedRecord(record, keys.publicKey)).toBe(true);
    expect(verifySignedRecord(record, keys.publicKey.export({ type: "spki", format: "pem" }).toString())).toBe(true);
    const pemSigned = signPayload(payload, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    expect(pemSigned.signature.value).toBe(record.signature.value); // Ed25519 is deterministic
  });

  it("does not depend on key order or formatting of the embedded JSON", () => {
    const reordered = JSON.parse(JSON.stringify(record, null, 2), (_key, value: unknown) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as SignedRecord<ReportPayload>;
    expect(canonicalJson(reordered.payload)).toBe(canonicalJson(record.payload));
    expect(verifySignedRecord(reordered, keys.publicKey)).toBe(true);
  });

  it("detects one changed character in the candidate's name", () => {
    expect(verifySignedRecord(tampered(record, (p) => (p.candidate.name = "林雅亭")), keys.publicKey)).toBe(false);
  });

  it("detects a changed decision", () => {
    const forged = tampered(record, (p) => Object.assign(p, { decision: "not_yet_competent" }));
    expect(verifySignedRecord(forged, keys.publicKey)).toBe(false);
  });

  it("detects a changed date", () => {
    expect(verifySignedRecord(tampered(record, (p) => (p.issueDate = "2025-03-22")), keys.publicKey)).toBe(false);
    expect(verifySignedRecord(tampered(record, (p) => (p.session.date = "2025-03-15")), keys.publicKey)).toBe(false);
  });

  it("detects a raised criterion level and an added field", () => {
    expect(verifySignedRecord(tampered(record, (p) => (p.tasks[1].criteria[0].level = 4)), keys.publicKey)).toBe(false);
    expect(verifySignedRecord(tampered(record, (p) => Object.assign(p, { note: "" })), keys.publicKey)).toBe(false);
  });

  it("fails under another key, a mismatched key id or a damaged signature", () => {
    const other = generateSigningKeyPair();
    expect(verifySignedRecord(record, other.publicKey)).toBe(false);
    const resigned = signPayload(payload, other.privateKey);
    expect(verifySignedRecord({ ...resigned, signature: { ...resigned.signature, keyId: keys.keyId } }, keys.publicKey)).toBe(false);
    const value = record.signature.value;
    const flipped = (value[0] === "A" ? "B" : "A") + value.slice(1);
    expect(verifySignedRecord({ ...record, signature: { ...record.signature, value: flipped } }, keys.publicKey)).toBe(false);
    expect(verifySignedRecord({ ...record, signature: { ...record.signature, value: "short" } }, keys.publicKey)).toBe(false);
  });

  it("prints a short code from the signature, grouped for reading", () => {
    expect(shortSignatureCode(record.signature.value)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });
});

describe("parseSignedRecord", () => {
  const record = signPayload(payload, keys.privateKey);

  it("reads a record written as JSON", () => {
    const parsed = parseSignedRecord(JSON.stringify(record));
    expect(parsed.ok && parsed.record.payload.number).toBe(payload.number);
  });

  it("tells a damaged record from someone else's file", () => {
    expect(parseSignedRecord("{not json")).toMatchObject({ ok: false, foreign: false });
    expect(parseSignedRecord(JSON.stringify({ hello: "world" }))).toMatchObject({ ok: false, foreign: true });
    const noSignature = { payload: record.payload };
    expect(parseSignedRecord(JSON.stringify(noSignature))).toMatchObject({ ok: false, foreign: false, reason: expect.stringContaining("signature") });
  });
});
