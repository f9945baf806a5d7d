import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed, newSeed, SEED_LENGTH } from "./random";

describe("createRandom", () => {
  // Papers and candidates' orders already issued are recomputed from their seeds: these values must
  // never change. If this test fails, the algorithm changed; put it back.
  it("keeps the sequence it had when papers were first made from it", () => {
    const random = createRandom("2026-K3M9");
    expect([random.next(), random.next(), random.next()]).toEqual([0.6119849265087396, 0.28561365115456283, 0.47633513319306076]);
    expect(random.shuffle(["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"])).toEqual(["甲", "丁", "丙", "己", "乙", "戊", "庚", "辛"]);
    const other = createRandom("職能基準");
    expect([other.int(100), other.int(100), other.int(100), other.int(100)]).toEqual([77, 57, 4, 35]);
  });

  it("gives the same sequence for the same seed and another for another seed", () => {
    const draw = (seed: string) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw("門市服務人員")).toEqual(draw("門市服務人員"));
    expect(draw("門市服務人員")).not.toEqual(draw("門市服務人員 "));
  });

  it("stays in [0, 1) and int(n) in [0, n)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const random = createRandom(seed);
        for (let i = 0; i < 50; i++) {
          const x = random.next();
          expect(x >= 0 && x < 1).toBe(true);
          const k = random.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  it("refuses int() of a non-positive or fractional bound", () => {
    const random = createRandom("x");
    expect(() => random.int(0)).toThrow(RangeError);
    expect(() => random.int(2.5)).toThrow(RangeError);
  });

  it("shuffles into a permutation and leaves the input alone", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.integer()), (seed, items) => {
        const before = items.slice();
        const shuffled = createRandom(seed).shuffle(items);
        expect(items).toEqual(before);
        expect(shuffled.slice().sort((a, b) => a - b)).toEqual(before.slice().sort((a, b) => a - b));
      }),
    );
  });

  it("shuffles roughly uniformly (each of 3! orders about 1/6 of the time)", () => {
    const counts = new Map<string, number>();
    const random = createRandom("uniform");
    const runs = 6000;
    for (let i = 0; i < runs; i++) {
      const order = random.shuffle(["A", "B", "C"]).join("");
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const n of counts.values()) expect(Math.abs(n - runs / 6)).toBeLessThan(150);
  });
});

describe("deriveSeed", () => {
  it("keeps parts apart, so different splits give different seeds", () => {
    expect(deriveSeed("a:b", "c")).not.toBe(deriveSeed("a", "b:c"));
    expect(deriveSeed("甲", "乙")).toBe(deriveSeed("甲", "乙"));
  });
});

describe("newSeed", () => {
  it("makes 12 Crockford base32 characters from the given bytes", () => {
    const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => i * 37);
    expect(newSeed(bytes)).toBe("05AFMSY38DJQ");
    expect(newSeed(bytes)).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${SEED_LENGTH}}$`));
  });

  it("is random by default", () => {
    const seeds = new Set(Array.from({ length: 50 }, () => newSeed()));
    expect(seeds.size).toBe(50);
    for (const seed of seeds) expect(seed).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
  });

  it("refuses a source that returns too few bytes", () => {
    expect(() => newSeed(() => new Uint8Array(4))).toThrow(RangeError);
  });
});
