import type { KeyObject } from "node:crypto";

import { generateSigningKeyPair, keyIdOf } from "~/domain/report/signature";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { decryptPrivateKey, encryptPrivateKey } from "~/utils/key-encryption.server";

/**
 * An institution's Ed25519 signing key (DESIGN §7, §8): made on first use, kept in SigningKey with
 * the private half encrypted at rest under the app secret (SESSION_SECRET). A database dump alone
 * cannot sign; changing SESSION_SECRET makes the stored keys unusable for signing (verification,
 * which needs only the public half, keeps working), so a rotation must re-encrypt them first.
 */

export interface InstitutionSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/**
 * Decrypting costs one scrypt (~60 ms), so decrypted keys are remembered per process by envelope.
 * This is a cache, not state: any server derives the same key from the same row.
 */
const decrypted = new Map<string, Promise<InstitutionSigningKey>>();

function decrypt(envelope: string): Promise<InstitutionSigningKey> {
  let key = decrypted.get(envelope);
  if (!key) {
    key = decryptPrivateKey(envelope, getEnv().SESSION_SECRET);
    key.catch(() => decrypted.delete(envelope));
    decrypted.set(envelope, key);
  }
  return key;
}

function activeKey(institutionId: string) {
  return db.signingKey.findFirst({
    where: { institutionId, retiredAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, keyId: true, privateKeyEncrypted: true },
  });
}

/**
 * The institution's current signing key, created when it has none. Two servers creating one at the
 * same moment both insert; the earliest wins and the other row is removed before it signed anything.
 */
export async function getOrCreateSigningKey({ institutionId }: { institutionId: string }): Promise<InstitutionSigningKey> {
  const existing = await activeKey(institutionId);
  if (existing) return decrypt(existing.privateKeyEncrypted);

  const pair = generateSigningKeyPair();
  const privateKeyEncrypted = await encryptPrivateKey(pair.privateKey, getEnv().SESSION_SECRET);
  const created = await db.signingKey.create({
    data: {
      institutionId,
      keyId: pair.keyId,
      publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
      privateKeyEncrypted,
    },
    select: { id: true },
  });
  const winner = (await activeKey(institutionId))!;
  if (winner.id !== created.id) {
    await db.signingKey.deleteMany({ where: { id: created.id } });
    return decrypt(winner.privateKeyEncrypted);
  }
  const key = { keyId: pair.keyId, privateKey: pair.privateKey };
  decrypted.set(privateKeyEncrypted, Promise.resolve(key));
  return key;
}

/**
 * The public key (PEM) for a key id, whatever the institution: verification is public, and a
 * retired key still verifies what it signed. Null for a key that is not ours.
 */
export async function findPublicKey({ keyId }: { keyId: string }): Promise<string | null> {
  const row = await db.signingKey.findUnique({ where: { keyId }, select: { publicKeyPem: true } });
  if (!row) return null;
  // The key id is derived from the key itself; a row whose id does not match is not trusted.
  return keyIdOf(row.publicKeyPem) === keyId ? row.publicKeyPem : null;
}
