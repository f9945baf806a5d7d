import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AgreementInputError, agreement, cohensKappa, kappaLabel, listDisagreements, type AgreementCriterion } from "./agreement";

const SCALE = [{ score: 4 }, { score: 3 }, { score: 2 }, { score: 1 }];

// Ten criteria of KMC2431-009v2 社群媒體經營人員 (T1.1 … T3.1).
const criteria: AgreementCriterion[] = [
  ["P1.1.1", "T1.1"],
  ["P1.1.2", "T1.1"],
  ["P1.1.3", "T1.1"],
  ["P1.2.1", "T1.2"],
  ["P1.2.2", "T1.2"],
  ["P2.1.1", "T2.1"],
  ["P2.1.2", "T2.1"],
  ["P2.2.1", "T2.2"],
  ["P2.2.2", "T2.2"],
  ["P3.1.1", "T3.1"],
].map(([code, taskCode]) => ({ id: `crit-${code}`, code, taskCode }));

/** Levels in criterion order; undefined leaves a criterion unscored. */
function levels(...values: (number | undefined)[]): Record<string, number> {
  return Object.fromEntries(values.flatMap((v, i) => (v === undefined ? [] : [[criteria[i].id, v]])));
}

describe("Cohen's κ, checked against a table computed by hand", () => {
  // Two assessors, ten criteria, four-level scale:
  //
  //   criterion  P1.1.1 P1.1.2 P1.1.3 P1.2.1 P1.2.2 P2.1.1 P2.1.2 P2.2.1 P2.2.2 P3.1.1
  //   王評審 (A)   4      3      3      3      2      4      3      2      1      3
  //   李評審 (B)   4      3      3      2      2      3      3      2      2      3
  //   same?       ✓      ✓      ✓      ✗      ✓      ✗      ✓      ✓      ✗      ✓
  //
  // p_o = agreements / n = 7 / 10 = 0.7
  //
  // Marginal counts per level:
  //   level   A    B    A·B
  //     4     2    1     2
  //     3     5    5    25
  //     2     2    4     8
  //     1     1    0     0
  //   sum    10   10    35
  //
  // p_e = Σ (A_k/n)(B_k/n) = 35 / 100 = 0.35
  // κ   = (p_o − p_e) / (1 − p_e) = (0.7 − 0.35) / (1 − 0.35) = 0.35 / 0.65 = 7/13 ≈ 0.5385
  const first = levels(4, 3, 3, 3, 2, 4, 3, 2, 1, 3);
  const second = levels(4, 3, 3, 2, 2, 3, 3, 2, 2, 3);

  it("gives p_o = 0.7, p_e = 0.35, κ = 7/13", () => {
    const result = agreement({ criteria, scale: SCALE, first, second });
    expect(result.compared).toBe(10);
    expect(result.agreements).toBe(7);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.35, 12);
    expect(result.kappa).toBeCloseTo(7 / 13, 12);
    expect(result.percentAgreement).toBe(70);
    expect(result.unavailable).toBeNull();
    expect(kappaLabel(result.kappa)).toBe("中度一致");
  });

  it("is the same with the assessors swapped", () => {
    expect(agreement({ criteria, scale: SCALE, first: second, second: first }).kappa).toBeCloseTo(7 / 13, 12);
  });

  it("shows each criterion: the two levels, same or not, and how far apart", () => {
    const rows = agreement({ criteria, scale: SCALE, first, second }).criteria;
    expect(rows[3]).toEqual({ criterionId: "crit-P1.2.1", code: "P1.2.1", taskCode: "T1.2", first: 3, second: 2, agree: false, difference: 1 });
    expect(rows[0]).toMatchObject({ agree: true, difference: 0 });
  });
});

describe("Cohen's κ on the textbook 2×2 table", () => {
  // 50 items, yes/no: both yes 20, A yes B no 5, A no B yes 10, both no 15.
  // p_o = (20 + 15) / 50 = 0.7; A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
  // p_e = 0.5·0.6 + 0.5·0.4 = 0.5;  κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
  it("gives κ = 0.4", () => {
    const pairs = [
      ...Array<[number, number]>(20).fill([1, 1]),
      ...Array<[number, number]>(5).fill([1, 0]),
      ...Array<[number, number]>(10).fill([0, 1]),
      ...Array<[number, number]>(15).fill([0, 0]),
    ];
    const result = cohensKappa(pairs, [1, 0]);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });
});

describe("degenerate cases", () => {
  it("nothing compared: no percentages, no κ", () => {
    const result = agreement({ criteria, scale: SCALE, first: levels(3), second: levels(undefined, 3) });
    expect(result).toMatchObject({
      compared: 0,
      observed: null,
      expected: null,
      percentAgreement: null,
      kappa: null,
      unavailable: "no_items",
    });
    expect(result.criteria[0]).toMatchObject({ first: 3, second: null, agree: null, difference: null });
  });

  it("both put everything in one and the same level: 100% agreement, κ undefined (null), by choice", () => {
    const all3 = levels(3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
    const result = agreement({ criteria, scale: SCALE, first: all3, second: all3 });
    expect(result.percentAgreement).toBe(100);
    expect(result.expected).toBe(1);
    expect(result.kappa).toBeNull();
    expect(result.unavailable).toBe("single_category");
    expect(kappaLabel(result.kappa)).toBe("無法計算");
  });

  it("each always picks one level, but different ones: p_e = 0, κ = 0", () => {
    // p_o = 0, p_e = 1·0 + 0·1 = 0 → κ = 0 / 1 = 0
    const result = agreement({ criteria: criteria.slice(0, 3), scale: SCALE, first: levels(3, 3, 3), second: levels(2, 2, 2) });
    expect(result.kappa).toBe(0);
  });

  it("systematic disagreement gives a negative κ", () => {
    // p_o = 0; A: 4,2  B: 2,4 → p_e = ½·½ + ½·½ = 0.5; κ = (0 − 0.5)/(1 − 0.5) = −1
    const result = agreement({ criteria: criteria.slice(0, 2), scale: SCALE, first: levels(4, 2), second: levels(2, 4) });
    expect(result.kappa).toBe(-1);
    expect(result.criteria.map((c) => c.difference)).toEqual([2, 2]);
    expect(kappaLabel(result.kappa)).toBe("低於隨機一致");
  });

  it("counts differences in scale steps, not points, on a scale with gaps", () => {
    const gapped = [{ score: 0 }, { score: 2 }, { score: 4 }];
    const result = agreement({ criteria: criteria.slice(0, 1), scale: gapped, first: levels(4), second: levels(2) });
    expect(result.criteria[0].difference).toBe(1);
  });
});

describe("properties", () => {
  const pair = fc.tuple(fc.constantFrom(1, 2, 3, 4), fc.constantFrom(1, 2, 3, 4));
  it("κ ≤ 1, symmetric, and 1 exactly when the two agree on everything and used two levels or more", () => {
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 40 }), (pairs) => {
        const result = cohensKappa(pairs, [4, 3, 2, 1]);
        const swapped = cohensKappa(
          pairs.map(([a, b]) => [b, a] as const),
          [4, 3, 2, 1],
        );
        expect(swapped.kappa).toBe(result.kappa);
        if (result.kappa === null) {
          expect(new Set(pairs.flat()).size).toBe(1);
          return;
        }
        expect(result.kappa).toBeLessThanOrEqual(1 + 1e-12);
        const perfect = pairs.every(([a, b]) => a === b);
        expect(Math.abs(result.kappa - 1) < 1e-12).toBe(perfect);
      }),
    );
  });
});

describe("listDisagreements for moderation", () => {
  it("lists the differing criteria in rubric order, with any recorded resolution", () => {
    const list = listDisagreements({
      criteria,
      scale: SCALE,
      first: levels(4, 3, 3, 3, 2, 4, 3, 2, 1, undefined),
      second: levels(4, 3, 3, 2, 2, 3, 3, 2, 2, 3),
      resolutions: [{ criterionId: "crit-P2.1.1", level: 4 }],
    });
    expect(list).toEqual([
      { criterionId: "crit-P1.2.1", code: "P1.2.1", taskCode: "T1.2", first: 3, second: 2, difference: 1, resolvedLevel: null },
      { criterionId: "crit-P2.1.1", code: "P2.1.1", taskCode: "T2.1", first: 4, second: 3, difference: 1, resolvedLevel: 4 },
      { criterionId: "crit-P2.2.2", code: "P2.2.2", taskCode: "T2.2", first: 1, second: 2, difference: 1, resolvedLevel: null },
    ]);
  });

  it("is empty when they agree everywhere", () => {
    expect(listDisagreements({ criteria, scale: SCALE, first: levels(3, 4), second: levels(3, 4) })).toEqual([]);
  });
});

describe("input that contradicts the version is rejected", () => {
  it.each([
    ["a level not on the scale", { first: levels(5), second: {} }, /等級 5 不在量尺上/u],
    ["an unknown criterion", { first: { "crit-P9.9.9": 3 }, second: {} }, /不存在的評量規準：crit-P9\.9\.9/u],
  ])("%s", (_, scores, message) => {
    expect(() => agreement({ criteria, scale: SCALE, ...scores })).toThrow(AgreementInputError);
    expect(() => agreement({ criteria, scale: SCALE, ...scores })).toThrow(message);
  });

  it("a scale with a repeated score", () => {
    expect(() => agreement({ criteria, scale: [{ score: 1 }, { score: 1 }], first: {}, second: {} })).toThrow(/量尺的分數重複/u);
  });
});
