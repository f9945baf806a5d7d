import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { CanonicalJsonError, canonicalJson, canonicalJsonBytes } from "./canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace (RFC 8785 §3.2.3 example shape)", () => {
    expect(canonicalJson([56, { d: true, "10": null, "1": [] }])).toBe('[56,{"1":[],"10":null,"d":true}]');
    expect(canonicalJson({ b: { z: 1, a: 2 }, a: [{ y: 1, x: 2 }] })).toBe('{"a":[{"x":2,"y":1}],"b":{"a":2,"z":1}}');
  });

  it("orders keys by UTF-16 code units, as RFC 8785 §3.2.3 shows", () => {
    const value = { "\u20ac": "Euro", "\r": "CR", "\ufb33": "Hebrew", "1": "One", "\ud83d\ude00": "Emoji", "\u0080": "Control", "\u00f6": "Umlaut" };
    // Read the order off the text: Object.keys would move the integer-like key "1" first.
    expect(canonicalJson(value)).toBe(
      '{"\\r":"CR","1":"One","\u0080":"Control","\u00f6":"Umlaut","\u20ac":"Euro","\ud83d\ude00":"Emoji","\ufb33":"Hebrew"}',
    );
  });

  it("keeps Chinese text as UTF-8 and escapes only what JSON requires", () => {
    expect(canonicalJson({ name: "林雅婷", note: "「合格」\n\"引號\"\u0001/\u2028" })).toBe(
      '{"name":"林雅婷","note":"「合格」\\n\\"引號\\"\\u0001/\u2028"}',
    );
    expect(new TextDecoder().decode(canonicalJsonBytes("職能"))).toBe('"職能"');
    expect(canonicalJsonBytes("職能")).toHaveLength(8); // 2 × 3 UTF-8 bytes + quotes
  });

  it("writes numbers in the ECMAScript shortest form (RFC 8785 Appendix B)", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [4.5, "4.5"],
      [0.002, "0.002"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
      [1e21, "1e+21"],
      [333333333.3333333, "333333333.3333333"],
      [9007199254740992, "9007199254740992"],
      [295147905179352830000, "295147905179352830000"],
      [-1.5e-300, "-1.5e-300"],
    ];
    for (const [value, expected] of cases) expect(canonicalJson(value)).toBe(expected);
  });

  it("rejects what JSON would silently drop or coerce, naming the path", () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow("Non-finite number NaN at $.a[1]");
    expect(() => canonicalJson({ a: Infinity })).toThrow(/Non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function at \$\.f/);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow("Unsupported Date object at $.when");
    expect(() => canonicalJson({ big: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson("\ud800")).toThrow(/Lone surrogate/);
    expect(() => canonicalJson([1, , 3])).toThrow(/\$\[1\]/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(/Circular/);
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("is stable under key order and a JSON round trip", () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
          item && typeof item === "object" && !Array.isArray(item)
            ? Object.fromEntries(Object.entries(item).reverse())
            : item,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
      }),
    );
  });
});
