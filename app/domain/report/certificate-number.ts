/**
 * Certificate numbers: unguessable (80 random bits), short enough to read over the phone and type
 * from paper, with a check character that catches any single mistyped character.
 *
 * Form: `CERT-7K3M-Q9XA-2HDP-R5TW-C` (certificate) or `REPT-…` (result report):
 * a prefix, 16 Crockford base32 characters (exactly 80 bits), and one Luhn mod 32 check character
 * computed over prefix and body, so a certificate number cannot pass as a report number.
 * Crockford's alphabet leaves out I, L, O and U, so the look-alikes people type map back unambiguously.
 * Its own check scheme needs five extra symbols (*~$=U); Luhn mod N keeps the check inside the alphabet.
 */
import type { ReportKind } from "./certificate-payload";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RADIX = ALPHABET.length;
const RANDOM_BYTES = 10; // 80 bits = 16 base32 characters exactly
const BODY_LENGTH = 16;
const GROUP = 4;

const NUMBER_PREFIX: Record<ReportKind, string> = {
  certificate: "CERT",
  result_report: "REPT",
};

/** Source of randomness, injected so tests can be deterministic; production passes crypto.randomBytes. */
export type RandomBytes = (size: number) => Uint8Array;

function encodeBase32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function valueOf(char: string): number {
  const value = ALPHABET.indexOf(char);
  if (value < 0) throw new Error(`Not a Crockford base32 character: ${char}`);
  return value;
}

/** Luhn mod N: detects every single-character substitution and most adjacent transpositions. */
function checkCharacter(text: string): string {
  let factor = 2;
  let sum = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    const addend = factor * valueOf(text[index]);
    sum += Math.floor(addend / RADIX) + (addend % RADIX);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(RADIX - (sum % RADIX)) % RADIX];
}

function format(prefix: string, body: string, check: string): string {
  const groups = body.match(new RegExp(`.{${GROUP}}`, "g")) ?? [];
  return [prefix, ...groups, check].join("-");
}

/** Crockford base32 without grouping; also used for the printed short signature code. */
export function toCrockfordBase32(bytes: Uint8Array): string {
  return encodeBase32(bytes);
}

export function generateCertificateNumber(kind: ReportKind, randomBytes: RandomBytes): string {
  const bytes = randomBytes(RANDOM_BYTES);
  if (bytes.length !== RANDOM_BYTES) {
    throw new Error(`randomBytes returned ${bytes.length} bytes, expected ${RANDOM_BYTES}`);
  }
  const prefix = NUMBER_PREFIX[kind];
  const body = encodeBase32(bytes);
  return format(prefix, body, checkCharacter(prefix + body));
}

export type ParsedCertificateNumber =
  | { ok: true; number: string; kind: ReportKind }
  | { ok: false; reason: string };

/**
 * Reads a number as a person typed it: any case, full-width characters from a Chinese input method,
 * spaces or dashes anywhere, O for 0 and I or L for 1. Returns the canonical form or why it is wrong.
 */
export function parseCertificateNumber(input: string): ParsedCertificateNumber {
  const compact = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐-―−_.]/g, "");
  if (compact === "") return { ok: false, reason: "請輸入證書編號。" };

  const entry = (Object.entries(NUMBER_PREFIX) as [ReportKind, string][]).find(([, prefix]) =>
    compact.startsWith(prefix),
  );
  if (!entry) {
    return { ok: false, reason: `證書編號應以 ${Object.values(NUMBER_PREFIX).join(" 或 ")} 開頭。` };
  }
  const [kind, prefix] = entry;
  const rest = compact.slice(prefix.length).replace(/O/g, "0").replace(/[IL]/g, "1");
  if (rest.length !== BODY_LENGTH + 1) {
    return {
      ok: false,
      reason: `證書編號在 ${prefix} 之後應有 ${BODY_LENGTH + 1} 個字元，輸入的是 ${rest.length} 個。`,
    };
  }
  const invalid = [...rest].find((char) => !ALPHABET.includes(char));
  if (invalid) return { ok: false, reason: `證書編號含有無效字元「${invalid}」。` };

  const body = rest.slice(0, BODY_LENGTH);
  const check = rest.slice(BODY_LENGTH);
  if (checkCharacter(prefix + body) !== check) {
    return { ok: false, reason: "證書編號的檢查碼不符，請確認是否有字元輸入錯誤。" };
  }
  return { ok: true, number: format(prefix, body, check), kind };
}
