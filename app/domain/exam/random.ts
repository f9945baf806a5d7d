/**
 * Seeded randomness for papers: a paper records only its seed, and assembly and every candidate's
 * presentation order are recomputed from it. So the algorithm below is part of the stored data:
 * changing the hash, the generator, the warm-up or the shuffle changes every paper and every
 * candidate's order already issued. Do not change it; random.test.ts pins its first outputs.
 *
 * cyrb128 (string → 128 bits) seeding sfc32 (Chris Doty-Humphrey's Small Fast Counting generator),
 * both as published in bryc's public-domain "PRNGs" collection (github.com/bryc/code, jshash/PRNGs.md).
 * Not cryptographic: a seed is a record of how a paper was made, not a secret.
 */

export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n); n a positive integer ≤ 2³². */
  int(n: number): number;
  /** A shuffled copy (Fisher–Yates, from the end); the input is left as it is. */
  shuffle<T>(items: readonly T[]): T[];
}

/** Hashes a string (UTF-16 code units) to four 32-bit words. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: returns the next 32-bit unsigned output. */
function sfc32(seed: [number, number, number, number]): () => number {
  let [a, b, c, d] = seed;
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

// sfc32's author advises discarding the first outputs so that similar seeds diverge.
const WARM_UP = 15;
const TWO_32 = 4294967296;

/** The same seed gives the same sequence, on every machine and in every version (see above). */
export function createRandom(seed: string): Random {
  const step = sfc32(cyrb128(seed));
  for (let i = 0; i < WARM_UP; i++) step();
  const next = () => step() / TWO_32;
  const int = (n: number) => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    return Math.floor(next() * n);
  };
  return {
    next,
    int,
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/** A seed made of parts, unambiguous whatever the parts contain ("a:b" + "c" ≠ "a" + "b:c"). */
export function deriveSeed(...parts: readonly string[]): string {
  return JSON.stringify(parts);
}

/** Crockford base32 without I, L, O, U: a seed read aloud or copied from a printout survives. */
const SEED_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SEED_LENGTH = 12;

/** Source of random bytes; defaults to Web Crypto, present in Node ≥ 19 and browsers alike. */
export type RandomBytes = (size: number) => Uint8Array;
const webCryptoBytes: RandomBytes = (size) => globalThis.crypto.getRandomValues(new Uint8Array(size));

/** A fresh seed: 12 base32 characters (60 bits). 256 is a multiple of 32, so `byte & 31` is unbiased. */
export function newSeed(randomBytes: RandomBytes = webCryptoBytes): string {
  const bytes = randomBytes(SEED_LENGTH);
  if (bytes.length < SEED_LENGTH) throw new RangeError(`randomBytes returned ${bytes.length} bytes, expected ${SEED_LENGTH}`);
  let seed = "";
  for (let i = 0; i < SEED_LENGTH; i++) seed += SEED_ALPHABET[bytes[i] & 31];
  return seed;
}
