import { describe, expect, it } from "vitest";

import { buildReportPayload } from "~/domain/report/certificate-payload";
import { demoReleasedResult } from "~/domain/report/sample-data";
import { generateSigningKeyPair, signPayload, verifySignedRecord } from "~/domain/report/signature";

import { decryptPrivateKey, encryptPrivateKey, KeyDecryptionError } from "./key-encryption.server";

const secret = "test-app-secret-of-sufficient-length-0123";
const keys = generateSigningKeyPair();

describe("encryptPrivateKey / decryptPrivateKey", () => {
  it("round-trips a signing key that still signs verifiably", async () => {
    const envelope = await encryptPrivateKey(keys.privateKey, secret);
    expect(envelope).toMatch(new RegExp(`^ed25519-key\\.v1\\.${keys.keyId}\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    expect(envelope).not.toContain(keys.privateKey.export({ type: "pkcs8", format: "der" }).toString("base64url"));

    const { privateKey, keyId } = await decryptPrivateKey(envelope, secret);
    expect(keyId).toBe(keys.keyId);
    const payload = buildReportPayload(demoReleasedResult(0, (size) => new Uint8Array(size)));
    expect(verifySignedRecord(signPayload(payload, privateKey), keys.publicKey)).toBe(true);
  });

  it("accepts a PEM private key and salts every encryption", async () => {
    const pem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const first = await encryptPrivateKey(pem, secret);
    const second = await encryptPrivateKey(pem, secret);
    expect(first).not.toBe(second);
    expect((await decryptPrivateKey(second, secret)).keyId).toBe(keys.keyId);
  });

  it("refuses a wrong secret, altered bytes or a swapped key id", async () => {
    const envelope = await encryptPrivateKey(keys.privateKey, secret);
    await expect(decryptPrivateKey(envelope, `${secret}x`)).rejects.toThrow(KeyDecryptionError);

    const parts = envelope.split(".");
    const ciphertext = parts[6];
    parts[6] = (ciphertext[0] === "A" ? "B" : "A") + ciphertext.slice(1);
    await expect(decryptPrivateKey(parts.join("."), secret)).rejects.toThrow(KeyDecryptionError);

    const otherId = generateSigningKeyPair().keyId;
    await expect(decryptPrivateKey(envelope.replace(keys.keyId, otherId), secret)).rejects.toThrow(KeyDecryptionError);
    await expect(decryptPrivateKey("not an envelope", secret)).rejects.toThrow(/envelope format/);
  });

  it("insists on a real secret", async () => {
    await expect(encryptPrivateKey(keys.privateKey, "short")).rejects.toThrow(/at least 16/);
  });
});
