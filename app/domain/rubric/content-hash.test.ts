import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedStandard } from "~/domain/standard/types";
import { canonicalJson, contentHash } from "./content-hash";
import { generateAssessment } from "./generate";

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: "中", y: null }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":null,"z":"中"}]},"b":1}',
    );
  });

  it("treats undefined as JSON does", () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it.each([
    ["NaN", { a: Number.NaN }],
    ["Infinity", [Number.POSITIVE_INFINITY]],
    ["a Date", { at: new Date(0) }],
    ["a bigint", { n: 1n }],
    ["a Map", new Map()],
  ])("rejects %s", (_, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it("is the same for any key order and survives a trip through JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reordered = JSON.parse(JSON.stringify(value, (_key, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
        expect(canonicalJson(reordered)).toBe(canonicalJson(value));
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe("contentHash", () => {
  const standard = JSON.parse(
    readFileSync(new URL("../../../tests/fixtures/standards/001_f580b5f17f73ef6d.expected.json", import.meta.url), "utf8"),
  ) as ParsedStandard;

  it("is a SHA-256 that changes with any edit of the content", () => {
    const content = generateAssessment(standard);
    const hash = contentHash(content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(contentHash(JSON.parse(JSON.stringify(content)))).toBe(hash);
    const [first, ...rest] = content.criteria;
    const edited = { ...content, criteria: [{ ...first, critical: false }, ...rest] };
    expect(contentHash(edited)).not.toBe(hash);
  });
});
