import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

import { generateCertificateNumber, parseCertificateNumber, toCrockfordBase32 } from "./certificate-number";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const FORMAT = /^(CERT|REPT)-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/;

/** Deterministic "randomness" for tests. */
const fixedBytes = (...bytes: number[]) => (size: number) => Uint8Array.from({ length: size }, (_, i) => bytes[i % bytes.length]);

describe("generateCertificateNumber", () => {
  it("uses 80 random bits as 16 Crockford characters, grouped, with a check character", () => {
    const number = generateCertificateNumber("certificate", fixedBytes(0xff));
    expect(number).toBe("CERT-ZZZZ-ZZZZ-ZZZZ-ZZZZ-" + number.at(-1));
    expect(generateCertificateNumber("certificate", fixedBytes(0))).toMatch(/^CERT-0000-0000-0000-0000-.$/);
    expect(generateCertificateNumber("result_report", randomBytes)).toMatch(FORMAT);
    expect(generateCertificateNumber("result_report", randomBytes).startsWith("REPT-")).toBe(true);
  });

  it("is deterministic for injected bytes and encodes them exactly", () => {
    const bytes = fixedBytes(0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x23);
    expect(generateCertificateNumber("certificate", bytes)).toBe(generateCertificateNumber("certificate", bytes));
    expect(toCrockfordBase32(bytes(10))).toBe("28T5CY4TQKFF0093");
  });

  it("rejects a randomness source that returns the wrong length", () => {
    expect(() => generateCertificateNumber("certificate", () => new Uint8Array(4))).toThrow(/4 bytes/);
  });

  it("does not repeat across many draws", () => {
    const numbers = new Set(Array.from({ length: 20_000 }, () => generateCertificateNumber("certificate", randomBytes)));
    expect(numbers.size).toBe(20_000);
    for (const number of [...numbers].slice(0, 200)) expect(number).toMatch(FORMAT);
  });
});

describe("parseCertificateNumber", () => {
  const number = generateCertificateNumber("certificate", fixedBytes(0x5a, 0xc3, 0x0f, 0x99));

  it("accepts the canonical form and reports the kind", () => {
    expect(parseCertificateNumber(number)).toEqual({ ok: true, number, kind: "certificate" });
    const report = generateCertificateNumber("result_report", fixedBytes(7));
    expect(parseCertificateNumber(report)).toEqual({ ok: true, number: report, kind: "result_report" });
  });

  it("tolerates case, spaces, missing or extra dashes and full-width input", () => {
    const body = number.slice(5).replace(/-/g, "");
    const fullWidth = [...number].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join("");
    for (const typed of [
      number.toLowerCase(),
      ` ${number.replace(/-/g, " ")} `,
      `CERT${body}`,
      `cert-${body.slice(0, 8)} ${body.slice(8)}`,
      fullWidth,
    ]) {
      expect(parseCertificateNumber(typed)).toEqual({ ok: true, number, kind: "certificate" });
    }
  });

  it("reads O as 0 and I or L as 1", () => {
    const withDigits = generateCertificateNumber("certificate", fixedBytes(0x00, 0x42, 0x10, 0x84));
    expect(withDigits).toMatch(/[01]/);
    const lookalikes = "CERT" + withDigits.slice(4).replace(/0/g, "O").replace(/1/g, (_, index: number) => (index % 2 ? "I" : "l"));
    expect(parseCertificateNumber(lookalikes)).toEqual({ ok: true, number: withDigits, kind: "certificate" });
  });

  it("catches every single mistyped character", () => {
    const compact = number.replace(/-/g, "");
    for (let position = 4; position < compact.length; position++) {
      for (const char of ALPHABET) {
        if (char === compact[position]) continue;
        const typo = compact.slice(0, position) + char + compact.slice(position + 1);
        expect(parseCertificateNumber(typo).ok, `${typo}`).toBe(false);
      }
    }
  });

  it("catches most swaps of neighbouring characters", () => {
    let caught = 0;
    let swaps = 0;
    for (let trial = 0; trial < 200; trial++) {
      const compact = generateCertificateNumber("certificate", randomBytes).replace(/-/g, "");
      for (let position = 4; position < compact.length - 1; position++) {
        if (compact[position] === compact[position + 1]) continue;
        const swapped = compact.slice(0, position) + compact[position + 1] + compact[position] + compact.slice(position + 2);
        swaps++;
        if (!parseCertificateNumber(swapped).ok) caught++;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.95);
  });

  it("binds the check character to the prefix", () => {
    expect(parseCertificateNumber(number.replace("CERT", "REPT")).ok).toBe(false);
  });

  it("explains what is wrong in Traditional Chinese", () => {
    expect(parseCertificateNumber("")).toEqual({ ok: false, reason: "請輸入證書編號。" });
    expect(parseCertificateNumber("ABCD-1234")).toMatchObject({ ok: false, reason: expect.stringContaining("CERT") });
    expect(parseCertificateNumber("CERT-1234")).toMatchObject({ ok: false, reason: expect.stringContaining("17 個字元") });
    expect(parseCertificateNumber(number.slice(0, -1) + "U")).toMatchObject({ ok: false, reason: expect.stringContaining("「U」") });
  });
});
