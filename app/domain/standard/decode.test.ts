/**
 * A fixture saved in each encoding iCAP exports come in parses exactly like the UTF-8 original.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeStandardBytes } from "./decode";
import { StandardParseError } from "./errors";
import { parseStandard, parseStandardBytes } from "./parse";

const STANDARDS_DIR = new URL("../../../templates/demo/standards/", import.meta.url);
const fixtures = readdirSync(STANDARDS_DIR)
  .filter((file) => file.endsWith(".txt"))
  .sort()
  .map((file) => ({ file, text: readFileSync(new URL(file, STANDARDS_DIR), "utf8") }));

/**
 * Big5 has no encoder in the platform, so build one from the decoder: decode every double-byte code and
 * keep the first code for each character, standard Big5 (lead 0xA1–0xFE) before the HKSCS extension.
 */
function big5Encoder(): (text: string) => Uint8Array | null {
  const decoder = new TextDecoder("big5");
  const table = new Map<string, [number, number]>();
  const leads = [...range(0xa1, 0xfe), ...range(0x81, 0xa0)];
  for (const lead of leads) {
    for (const trail of [...range(0x40, 0x7e), ...range(0xa1, 0xfe)]) {
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if ([...char].length === 1 && char !== "\uFFFD" && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return (text) => {
    const bytes: number[] = [];
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x80) bytes.push(code);
      else if (table.has(char)) bytes.push(...table.get(char)!);
      else return null;
    }
    return new Uint8Array(bytes);
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function utf16(text: string, endian: "le" | "be"): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [first, second] = endian === "le" ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[2 + i * 2] = first;
    bytes[3 + i * 2] = second;
  }
  return bytes;
}

describe.each(fixtures)("$file in other encodings", ({ text }) => {
  const expected = parseStandard(text);
  const utf8 = new TextEncoder().encode(text);

  it("UTF-8 bytes, with and without BOM", () => {
    expect(parseStandardBytes(utf8)).toEqual(expected);
    expect(parseStandardBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual(expected);
  });

  it("CRLF and CR line ends", () => {
    expect(parseStandardBytes(new TextEncoder().encode(text.replace(/\n/g, "\r\n")))).toEqual(expected);
    expect(parseStandard(text.replace(/\n/g, "\r"))).toEqual(expected);
  });

  it("UTF-16 LE and BE with BOM", () => {
    expect(parseStandardBytes(utf16(text, "le"))).toEqual(expected);
    expect(parseStandardBytes(utf16(text, "be"))).toEqual(expected);
  });
});

describe("Big5", () => {
  const encode = big5Encoder();
  // 004 uses `•` (U+2022), which Big5 cannot write; the others are all Big5 characters.
  const encodable = fixtures.flatMap(({ file, text }) => {
    const bytes = encode(text.replace(/\n/g, "\r\n"));
    return bytes ? [{ file, text, bytes }] : [];
  });

  it("can write most fixtures", () => {
    expect(encodable.map((f) => f.file.slice(0, 3))).toEqual(["000", "001", "002", "003"]);
  });

  it.each(encodable)("$file decodes and parses like UTF-8", ({ text, bytes }) => {
    expect(decodeStandardBytes(bytes)).toBe(text);
    expect(parseStandardBytes(bytes)).toEqual(parseStandard(text));
  });
});

describe("binary that happens to decode", () => {
  it("UTF-16 without a BOM is refused with a hint", () => {
    const bytes = utf16(fixtures[0].text, "le").subarray(2);
    const error = (() => {
      try {
        decodeStandardBytes(bytes);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StandardParseError);
    expect((error as StandardParseError).message).toContain("UTF-16 without a BOM");
  });

  it("stray high bytes the Big5 decoder maps to private-use characters are refused", () => {
    expect(() => parseStandardBytes(new Uint8Array(Array.from({ length: 64 }, () => 0xff)))).toThrow(
      expect.objectContaining({ reason: "binary" }),
    );
  });
});
