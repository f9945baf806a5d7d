import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ItemAnalysisInputError,
  analyseItems,
  type AnalysisAttempt,
  type AnalysisItem,
  type ItemAnalysisInput,
} from "./item-analysis";
import type { ItemType } from "./types";

function single(number: number, key: number, max = 1): AnalysisItem {
  const code = `Q${String(number).padStart(3, "0")}`;
  return { key: `rev-${code}`, label: `第 ${number} 題 ${code}`, type: "single", max, optionCount: 4, keyOptions: [key] };
}

/** One attempt from its scores and chosen letters ("A"… or "-" for blank). */
function attempt(scores: (number | null)[], letters: string): AnalysisAttempt {
  return {
    scores,
    choices: [...letters].map((letter) => (letter === "-" ? null : ["ABCDEFGH".indexOf(letter)])),
  };
}

describe("ten candidates × four single-choice items (1 point each), computed by hand", () => {
  // Keys: Q001 A, Q002 B, Q003 C, Q004 D. Score 1 = chose the key.
  //
  //   cand.  Q1 Q2 Q3 Q4  total  choices
  //   c1      1  1  1  0    3    A B C A
  //   c2      1  1  1  1    4    A B C D
  //   c3      1  1  0  0    2    A B A B
  //   c4      1  0  0  1    2    A A B D
  //   c5      1  1  1  0    3    A B C A
  //   c6      0  0  0  1    1    B A D D
  //   c7      1  1  0  0    2    A B A C
  //   c8      0  0  0  0    0    C D B -     (left Q4 blank)
  //   c9      1  0  0  1    2    A C D D
  //   c10     1  1  1  0    3    A B C A
  //   Σ       8  6  4  4   22
  //   p     0.8 0.6 0.4 0.4                   (Σ / 10)
  //
  // Totals: Σ T = 22, mean = 2.2; Σ T² = 9+16+4+4+9+1+4+0+4+9 = 60;
  //   σ² = 60/10 − 2.2² = 6.0 − 4.84 = 1.16 (population, n in the denominator); SD = √1.16 ≈ 1.077033.
  //
  // KR-20 = k/(k−1) · (1 − Σpq / σ²):  Σpq = 0.8·0.2 + 0.6·0.4 + 0.4·0.6 + 0.4·0.6 = 0.16+0.24+0.24+0.24 = 0.88
  //   KR-20 = 4/3 · (1 − 0.88/1.16) = 4/3 · 0.28/1.16 = 1.12/3.48 = 28/87 ≈ 0.321839
  // SEM = SD · √(1 − KR-20) = √(1.16 · 59/87) = √(59/75) ≈ 0.886942   (1.16 = 4·29/100, 87 = 3·29)
  //
  // Kelley groups: g = round(0.27 · 10) = round(2.7) = 3.
  //   Totals high → low: 4 (c2) | 3 (c1 c5 c10) | 2 (c3 c4 c7 c9) | 1 (c6) | 0 (c8).
  //   Upper: c2 above the edge (3); 2 places left for 3 tied at 3 → c1, c5, c10 count 2/3 each.
  //   Lower: c8, c6 below the edge (2); 1 place left for 4 tied at 2 → c3, c4, c7, c9 count 1/4 each.
  //   Q1: upper = 1 + 2/3·(1+1+1) = 3 → 3/3 = 1;     lower = 0 + 0 + 1/4·(1+1+1+1) = 1 → 1/3;  D = 2/3
  //   Q2: upper = 1 + 2/3·3 = 3 → 1;                 lower = 1/4·(1+0+1+0) = 0.5 → 1/6;       D = 5/6
  //   Q3: upper = 1 + 2/3·3 = 3 → 1;                 lower = 1/4·(0+0+0+0) = 0 → 0;           D = 1
  //   Q4: upper = 1 + 2/3·0 = 1 → 1/3;               lower = 0 + 1 + 1/4·(0+1+0+1) = 1.5 → 1/2; D = −1/6
  //
  // Item–rest correlation r = cov(x, R) / (σx σR), R = T − x, population moments:
  //   Q1: R = 2,3,1,1,2,1,1,0,1,2: ΣR = 14, mean 1.4; ΣR² = 26, σR² = 2.6 − 1.96 = 0.64;
  //       Σ xR = 2+3+1+1+2+1+1+2 = 13, cov = 1.3 − 0.8·1.4 = 0.18; σx² = 0.16
  //       r = 0.18 / (0.4 · 0.8) = 0.5625
  //   Q2: R = 2,3,1,2,2,1,1,0,2,2: ΣR = 16, mean 1.6; ΣR² = 32, σR² = 3.2 − 2.56 = 0.64;
  //       Σ xR = 2+3+1+2+1+2 = 11, cov = 1.1 − 0.6·1.6 = 0.14; σx² = 0.24
  //       r = 0.14 / √(0.24 · 0.64) = 0.175 / √0.24 ≈ 0.357217
  //   Q3: R = 2,3,2,2,2,1,2,0,2,2: ΣR = 18, mean 1.8; ΣR² = 38, σR² = 3.8 − 3.24 = 0.56;
  //       Σ xR = 2+3+2+2 = 9, cov = 0.9 − 0.4·1.8 = 0.18; σx² = 0.24
  //       r = 0.18 / √(0.24 · 0.56) = 0.18 / √0.1344 ≈ 0.490990
  //   Q4: R = 3,3,2,1,3,0,2,0,1,3: ΣR = 18, mean 1.8; ΣR² = 46, σR² = 4.6 − 3.24 = 1.36;
  //       Σ xR = 3+1+0+1 = 5, cov = 0.5 − 0.4·1.8 = −0.22; σx² = 0.24
  //       r = −0.22 / √(0.24 · 1.36) = −0.22 / √0.3264 ≈ −0.385077
  //
  // KR-20 without Q4: Σpq of Q1–Q3 = 0.64, σ² of the rest = 1.36 → 3/2 · (1 − 0.64/1.36) = 1.08/1.36 = 27/34 ≈ 0.794118
  // Percents of max 4: 75,100,50,50,75,25,50,0,50,75 → mean 55%; bins 0–10: 1, 20–30: 1, 50–60: 4, 70–80: 3, 90–100: 1.
  const items = [single(1, 0), single(2, 1), single(3, 2), single(4, 3)];
  const attempts = [
    attempt([1, 1, 1, 0], "ABCA"),
    attempt([1, 1, 1, 1], "ABCD"),
    attempt([1, 1, 0, 0], "ABAB"),
    attempt([1, 0, 0, 1], "AABD"),
    attempt([1, 1, 1, 0], "ABCA"),
    attempt([0, 0, 0, 1], "BADD"),
    attempt([1, 1, 0, 0], "ABAC"),
    attempt([0, 0, 0, 0], "CDB-"),
    attempt([1, 0, 0, 1], "ACDD"),
    attempt([1, 1, 1, 0], "ABCA"),
  ];
  const result = analyseItems({ items, attempts });

  it("gives the test's mean, SD, KR-20 and SEM", () => {
    const test = result.test;
    expect(test).toMatchObject({ attempts: 10, n: 10, excluded: 0, k: 4, maxTotal: 4, min: 0, max: 4 });
    expect(test.mean).toBeCloseTo(2.2, 12);
    expect(test.sd).toBeCloseTo(1.077033, 6);
    expect(test.reliability.method).toBe("KR-20");
    expect(test.reliability.value).toBeCloseTo(0.321839, 6);
    expect(test.sem).toBeCloseTo(0.886942, 6);
    expect(test.meanPercent).toBeCloseTo(55, 12);
    expect(test.histogram.map((bin) => bin.count)).toEqual([1, 0, 1, 0, 0, 4, 0, 3, 0, 1]);
    expect(test.histogram[9]).toEqual({ from: 90, to: 100, count: 1, share: 0.1 });
  });

  it("gives each item's P, the 27% groups' P, D and the item–rest r", () => {
    const expected = [
      { p: 0.8, upper: 1, lower: 1 / 3, d: 0.666667, r: 0.5625 },
      { p: 0.6, upper: 1, lower: 1 / 6, d: 0.833333, r: 0.357217 },
      { p: 0.4, upper: 1, lower: 0, d: 1, r: 0.49099 },
      { p: 0.4, upper: 1 / 3, lower: 0.5, d: -0.166667, r: -0.385077 },
    ];
    result.items.forEach((item, j) => {
      expect(item.difficulty).toBeCloseTo(expected[j].p, 12);
      expect(item.upperDifficulty).toBeCloseTo(expected[j].upper, 12);
      expect(item.lowerDifficulty).toBeCloseTo(expected[j].lower, 12);
      expect(item.discrimination).toBeCloseTo(expected[j].d, 6);
      expect(item.restCorrelation).toBeCloseTo(expected[j].r, 6);
    });
  });

  it("flags Q004 as negatively discriminating, and deleting it would raise KR-20 to 27/34", () => {
    expect(result.items.map((item) => item.flags)).toEqual([[], [], [], ["negative"]]);
    expect(result.items.map((item) => item.band)).toEqual(["very_good", "very_good", "very_good", "poor"]);
    expect(result.items[3].reliabilityIfDeleted).toBeCloseTo(0.794118, 6);
  });

  it("counts the options, the blank, and who chose them in each group", () => {
    // Q004: A c1 c5 c10, B c3, C c7, D c2 c4 c6 c9, blank c8.
    // Upper (c2 + 2/3 of c1 c5 c10): A = 2/3·3 = 2 → 2/3 of g = 3; D = 1 → 1/3.
    // Lower (c8 c6 + 1/4 of c3 c4 c7 c9): B = 1/4, C = 1/4, D = 1 + 1/4 + 1/4 = 1.5 → shares /3.
    const q4 = result.items[3];
    expect(q4.options.map(({ letter, isKey, count, share }) => ({ letter, isKey, count, share }))).toEqual([
      { letter: "A", isKey: false, count: 3, share: 0.3 },
      { letter: "B", isKey: false, count: 1, share: 0.1 },
      { letter: "C", isKey: false, count: 1, share: 0.1 },
      { letter: "D", isKey: true, count: 4, share: 0.4 },
    ]);
    expect(q4.blanks).toBe(1);
    expect(q4.blankShare).toBe(0.1);
    const upper = q4.options.map((option) => option.upperShare);
    const lower = q4.options.map((option) => option.lowerShare);
    [2 / 3, 0, 0, 1 / 3].forEach((value, o) => expect(upper[o]).toBeCloseTo(value, 12));
    [0, 1 / 12, 1 / 12, 0.5].forEach((value, o) => expect(lower[o]).toBeCloseTo(value, 12));
    // Q001: A ×8, B c6, C c8.
    expect(result.items[0].options.map((option) => option.count)).toEqual([8, 1, 1, 0]);
    expect(result.items[0].blanks).toBe(0);
  });

  it("does not depend on the order the attempts are listed in (ties are shared, not broken by index)", () => {
    const reversed = analyseItems({ items, attempts: [...attempts].reverse() });
    reversed.items.forEach((item, j) => {
      expect(item.discrimination).toBeCloseTo(result.items[j].discrimination!, 12);
      expect(item.restCorrelation).toBeCloseTo(result.items[j].restCorrelation!, 12);
    });
  });
});

describe("Cronbach's α with partial scores, computed by hand", () => {
  // Five candidates; a 2-point multiple-response item with partial credit, a 2-point one, a 4-point short answer.
  //   cand.  I1  I2  I3   T
  //   a       2   2   4   8
  //   b       1   2   3   6
  //   c       1   0   1   2
  //   d       2   1   2   5
  //   e       0   0   0   0
  // I1: Σ 6, mean 1.2, Σx² 10 → σ² = 2 − 1.44 = 0.56;  P = 1.2/2 = 0.6
  // I2: Σ 5, mean 1,   Σx² 9  → σ² = 1.8 − 1 = 0.8;    P = 0.5
  // I3: Σ 10, mean 2,  Σx² 30 → σ² = 6 − 4 = 2;        P = 2/4 = 0.5
  // T:  Σ 21, mean 4.2, ΣT² 129 → σ² = 25.8 − 17.64 = 8.16; SD = √8.16 ≈ 2.856571
  // α = 3/2 · (1 − (0.56+0.8+2)/8.16) = 1.5 · 4.8/8.16 = 7.2/8.16 = 15/17 ≈ 0.882353
  // SEM = √(8.16 · 2/17) = √0.96 ≈ 0.979796
  // r(I1, rest): R = 6,5,1,3,0, Σ 15, mean 3, ΣR² 71 → σ² = 14.2 − 9 = 5.2; ΣxR = 12+5+1+6+0 = 24,
  //   cov = 4.8 − 1.2·3 = 1.2; r = 1.2/√(0.56·5.2) = 1.2/√2.912 ≈ 0.703211 (Pearson, not point-biserial)
  // r(I3, rest): R = 4,3,1,3,0, Σ 11, mean 2.2, ΣR² 35 → σ² = 7 − 4.84 = 2.16; ΣxR = 16+9+1+6+0 = 32,
  //   cov = 6.4 − 2·2.2 = 2; r = 2/√(2·2.16) = 2/√4.32 ≈ 0.962250
  // g = round(0.27·5) = round(1.35) = 1: upper a (8), lower e (0) → D = (2−0)/2 = (2−0)/2 = (4−0)/4 = 1 each.
  // Mean percent = 4.2/8 = 52.5%.
  const items: AnalysisItem[] = [
    { key: "rev-I1", label: "第 1 題 Q021", type: "multiple", max: 2, optionCount: 5, keyOptions: [0, 2] },
    { key: "rev-I2", label: "第 2 題 Q022", type: "single", max: 2, optionCount: 4, keyOptions: [1] },
    { key: "rev-I3", label: "第 3 題 Q023", type: "short_answer", max: 4, optionCount: 0, keyOptions: [] },
  ];
  const rows: [number, number, number, number[] | null, number[] | null][] = [
    [2, 2, 4, [0, 2], [1]],
    [1, 2, 3, [0, 2, 4], [1]],
    [1, 0, 1, [2], [0]],
    [2, 1, 2, [0, 2], null],
    [0, 0, 0, [1, 3, 4], [3]],
  ];
  // I2 scored 1 of 2 with a blank is odd but legal here: the analysis takes scores as given.
  const attempts = rows.map(([s1, s2, s3, c1, c2]) => ({ scores: [s1, s2, s3], choices: [c1, c2, null] }));
  const result = analyseItems({ items, attempts });

  it("reports α (not KR-20), SD and SEM", () => {
    expect(result.test.reliability.method).toBe("alpha");
    expect(result.test.reliability.value).toBeCloseTo(0.882353, 6);
    expect(result.test.mean).toBeCloseTo(4.2, 12);
    expect(result.test.sd).toBeCloseTo(2.856571, 6);
    expect(result.test.sem).toBeCloseTo(0.979796, 6);
    expect(result.test.meanPercent).toBeCloseTo(52.5, 12);
  });

  it("gives P as the mean share of the points and r against the rest score", () => {
    expect(result.items.map((item) => item.difficulty)).toEqual([0.6, 0.5, 0.5]);
    expect(result.items.map((item) => item.meanScore)).toEqual([1.2, 1, 2]);
    expect(result.items.map((item) => item.discrimination)).toEqual([1, 1, 1]);
    expect(result.items[0].restCorrelation).toBeCloseTo(0.703211, 6);
    expect(result.items[2].restCorrelation).toBeCloseTo(0.96225, 6);
  });

  it("counts every option chosen on a multiple-response item; short answers have no options", () => {
    // I1 choices: {A,C} {A,C,E} {C} {A,C} {B,D,E} → A 3, B 1, C 4, D 1, E 2.
    expect(result.items[0].options.map((option) => option.count)).toEqual([3, 1, 4, 1, 2]);
    expect(result.items[0].options.filter((option) => option.isKey).map((option) => option.letter)).toEqual(["A", "C"]);
    expect(result.items[1].blanks).toBe(1);
    expect(result.items[2]).toMatchObject({ options: [], blanks: null, blankShare: null });
  });
});

describe("edge cases", () => {
  const items = [single(1, 0), single(2, 1), single(3, 2)];

  it("excludes attempts with an unscored answer and says how many", () => {
    const result = analyseItems({
      items,
      attempts: [
        attempt([1, 1, 0], "ABA"),
        attempt([1, null, 0], "A-A"),
        attempt([0, 1, 1], "BBC"),
      ],
    });
    expect(result.test).toMatchObject({ attempts: 3, n: 2, excluded: 1 });
    // Only the two analysed attempts are counted: A chosen once (the other chose B).
    expect(result.items[0].options.map((option) => option.count)).toEqual([1, 1, 0, 0]);
  });

  it("gives a zero-variance item no correlation, D = 0 and the no_variance flag", () => {
    // Q001 right for all (P = 1), Q002 wrong for all (P = 0), Q003 varies.
    const result = analyseItems({
      items,
      attempts: [attempt([1, 0, 1], "AAC"), attempt([1, 0, 0], "AAA"), attempt([1, 0, 1], "AAC"), attempt([1, 0, 0], "AAB")],
    });
    expect(result.items[0]).toMatchObject({ difficulty: 1, discrimination: 0, restCorrelation: null, band: null, flags: ["no_variance", "too_easy"] });
    expect(result.items[1]).toMatchObject({ difficulty: 0, discrimination: 0, restCorrelation: null, flags: ["no_variance", "too_hard"] });
    // Q003's rest score (Q001 + Q002) is constant too: r is null, but it still discriminates (D = 1).
    expect(result.items[2]).toMatchObject({ difficulty: 0.5, discrimination: 1, restCorrelation: null, flags: [] });
  });

  it("gives null reliability and SEM when every candidate has the same total", () => {
    const result = analyseItems({ items, attempts: [attempt([1, 0, 1], "ABC"), attempt([0, 1, 1], "BBC"), attempt([1, 1, 0], "ABA")] });
    expect(result.test).toMatchObject({ mean: 2, sd: 0, min: 2, max: 2 });
    expect(result.test.reliability).toEqual({ method: "KR-20", value: null });
    expect(result.test.sem).toBeNull();
    // All three tie, so each is 1/3 of both groups (g = round(0.81) = 1) and every D is 0.
    expect(result.items.map((item) => item.discrimination)).toEqual([0, 0, 0]);
  });

  it("handles a single candidate: no groups, no correlations, no reliability", () => {
    const result = analyseItems({ items, attempts: [attempt([1, 0, 1], "ABC")] });
    expect(result.test).toMatchObject({ n: 1, mean: 2, sd: 0, sem: null, reliability: { method: "KR-20", value: null } });
    expect(result.items[0]).toMatchObject({ difficulty: 1, discrimination: null, restCorrelation: null, upperDifficulty: null });
    expect(result.items[0].options[0]).toMatchObject({ count: 1, share: 1, upperShare: null, lowerShare: null });
  });

  it("handles no attempts and no scored attempts", () => {
    for (const attempts of [[], [attempt([null, 1, 0], "ABA")]]) {
      const result = analyseItems({ items, attempts });
      expect(result.test).toMatchObject({ n: 0, mean: null, sd: null, min: null, max: null, meanPercent: null, sem: null });
      expect(result.test.reliability.value).toBeNull();
      expect(result.test.histogram.every((bin) => bin.count === 0 && bin.share === null)).toBe(true);
      expect(result.items[0]).toMatchObject({ difficulty: null, discrimination: null, restCorrelation: null, flags: [], blankShare: null });
    }
  });

  it("handles a 0-point item without dividing by zero", () => {
    const result = analyseItems({
      items: [single(1, 0), single(2, 1), single(3, 2, 0)],
      attempts: [attempt([1, 1, 0], "ABC"), attempt([0, 1, 0], "BBA"), attempt([1, 0, 0], "AAA")],
    });
    expect(result.test.k).toBe(2);
    expect(result.items[2]).toMatchObject({ difficulty: null, discrimination: null, restCorrelation: null });
    expect(result.items[2].options.map((option) => option.count)).toEqual([2, 0, 1, 0]);
  });

  it("puts a total exactly on a bin edge in the upper bin, 100% in the last", () => {
    // 27 of 30 is 90%, whatever the float rounding; 30 of 30 is 100%.
    const tenths = Array.from({ length: 30 }, (_, j) => single(j + 1, 0));
    const row = (right: number) => attempt(tenths.map((_, j) => (j < right ? 1 : 0)), "A".repeat(30));
    const bins = analyseItems({ items: tenths, attempts: [row(27), row(30), row(18), row(0)] }).test.histogram;
    expect(bins.map((bin) => bin.count)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 2]);
  });
});

describe("flags follow Ebel's guideline and the difficulty bounds", () => {
  it("marks an item right for 19 of 20 too easy, and one with r below 0.2 as low even at D = 0.2", () => {
    // 20 candidates i0…i19, 1 point each. Q001 right for all but i19 (P = 19/20 = 0.95); Q002 right for
    // i0–i9; Q004 right for i0–i4; Q003 right only for i0 and i10.
    //   Totals: i0 4, i1–i4 3, i5–i9 2, i10 2, i11–i18 1, i19 0.
    //   g = round(0.27 · 20) = round(5.4) = 5: upper = i0–i4 exactly; lower = i19 + 4 of the 8 tied at 1.
    // Q003: upper 1 of 5 = 0.2, lower 0 → D = 0.2 exactly: marginal, not poor.
    //   Rest scores R = T − Q3: i0 3, i1–i4 3, i5–i9 2, i10 1, i11–i18 1, i19 0;
    //   ΣR = 3+12+10+1+8+0 = 34, mean 1.7; ΣR² = 9+36+20+1+8+0 = 74, σR² = 3.7 − 2.89 = 0.81, σR = 0.9.
    //   Σ xR = 3 + 1 = 4; cov = 4/20 − 0.1·1.7 = 0.2 − 0.17 = 0.03; σx = √(0.1·0.9) = 0.3.
    //   r = 0.03 / (0.3 · 0.9) = 1/9 ≈ 0.1111 < 0.2 → "low"; P = 0.1 < 0.2 → "too_hard".
    const items = [single(1, 0), single(2, 1), single(3, 2), single(4, 3)];
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const q1 = i === 19 ? 0 : 1;
      const q2 = i < 10 ? 1 : 0;
      const q3 = i === 0 || i === 10 ? 1 : 0;
      const q4 = i < 5 ? 1 : 0;
      return attempt([q1, q2, q3, q4], "ABCD");
    });
    const result = analyseItems({ items, attempts });
    expect(result.items[0].difficulty).toBe(0.95);
    expect(result.items[0].flags).toContain("too_easy");
    expect(result.items[2].discrimination).toBeCloseTo(0.2, 12);
    expect(result.items[2].band).toBe("marginal");
    expect(result.items[2].restCorrelation).toBeCloseTo(1 / 9, 12);
    expect(result.items[2].flags).toEqual(["low", "too_hard"]);
  });

  it("does not flag P = 0.9 as too easy nor P = 0.2 as too hard (the bounds are strict)", () => {
    const items = [single(1, 0), single(2, 1)];
    const attempts = Array.from({ length: 10 }, (_, i) => attempt([i < 9 ? 1 : 0, i < 2 ? 1 : 0], "AB"));
    const result = analyseItems({ items, attempts });
    expect(result.items[0].difficulty).toBe(0.9);
    expect(result.items[1].difficulty).toBe(0.2);
    expect(result.items[0].flags).not.toContain("too_easy");
    expect(result.items[1].flags).not.toContain("too_hard");
  });
});

describe("bad input is rejected with the attempt and item named", () => {
  const items = [single(1, 0), single(2, 1)];
  it.each<[string, AnalysisAttempt, RegExp]>([
    ["a score above the item's max", attempt([2, 0], "AB"), /第 2 份作答「第 1 題 Q001」的得分 2 不在 0 到 1 分之間/],
    ["a negative score", attempt([1, -1], "AB"), /「第 2 題 Q002」的得分 -1/],
    ["a non-finite score", attempt([Number.NaN, 0], "AB"), /得分 NaN/],
    ["an option the item does not have", attempt([1, 0], "AF"), /無效或重複的選項 5/],
    ["a row of the wrong length", attempt([1], "A"), /題數不符/],
    ["the same option twice", { scores: [1, 0], choices: [[0, 0], [1]] }, /無效或重複的選項 0/],
  ])("%s", (_, bad, message) => {
    expect(() => analyseItems({ items, attempts: [attempt([1, 1], "AB"), bad] })).toThrow(ItemAnalysisInputError);
    expect(() => analyseItems({ items, attempts: [attempt([1, 1], "AB"), bad] })).toThrow(message);
  });

  it("a choice recorded on a short-answer item", () => {
    const essay: AnalysisItem = { key: "rev-Q030", label: "第 2 題 Q030", type: "short_answer", max: 4, optionCount: 0, keyOptions: [] };
    expect(() => analyseItems({ items: [items[0], essay], attempts: [{ scores: [1, 3.5], choices: [[0], [1]] }] })).toThrow(
      "第 1 份作答「第 2 題 Q030」是簡答題，不應有選項作答",
    );
  });

  it("an item with a negative max or a key outside its options", () => {
    expect(() => analyseItems({ items: [{ ...items[0], max: -1 }], attempts: [] })).toThrow("「第 1 題 Q001」的配分 -1 不是 0 以上的數");
    expect(() => analyseItems({ items: [{ ...items[0], keyOptions: [4] }], attempts: [] })).toThrow(/答案選項 4 不在它的 4 個選項之中/);
  });
});

describe("properties on random exams", () => {
  const TYPES: ItemType[] = ["single", "multiple", "true_false", "short_answer"];
  const itemArb = fc
    .record({
      type: fc.constantFrom(...TYPES),
      max: fc.constantFrom(0, 1, 2, 2.5, 4),
      options: fc.integer({ min: 2, max: 6 }),
      steps: fc.constantFrom(1, 2, 3, 4),
    })
    .map(({ type, max, options, steps }) => ({ type, max, optionCount: type === "short_answer" ? 0 : options, steps }));

  const examArb = fc
    .array(itemArb, { minLength: 1, maxLength: 6 })
    .chain((specs) =>
      fc.record({
        specs: fc.constant(specs),
        rows: fc.array(
          fc.tuple(
            fc.array(fc.integer({ min: 0, max: 4 }), { minLength: specs.length, maxLength: specs.length }),
            fc.array(fc.integer({ min: 0, max: 63 }), { minLength: specs.length, maxLength: specs.length }),
            fc.integer({ min: 0, max: 9 }),
          ),
          { maxLength: 40 },
        ),
      }),
    )
    .map(({ specs, rows }): ItemAnalysisInput => {
      const items: AnalysisItem[] = specs.map((spec, j) => ({
        key: `rev-${j}`,
        label: `第 ${j + 1} 題`,
        type: spec.type,
        max: spec.max,
        optionCount: spec.optionCount,
        keyOptions: spec.optionCount > 0 ? [0] : [],
      }));
      const attempts = rows.map(([levels, masks, unscored]) => ({
        // A score in `steps` equal parts of max (so 1/3 points happen); one row in ten has a null.
        scores: specs.map((spec, j) => (unscored === 0 && j === 0 ? null : (spec.max * Math.min(levels[j], spec.steps)) / spec.steps)),
        choices: specs.map((spec, j) => {
          if (spec.optionCount === 0) return null;
          const chosen = [...Array(spec.optionCount).keys()].filter((o) => masks[j] & (1 << o));
          return spec.type === "multiple" ? chosen : chosen.slice(0, 1);
        }),
      }));
      return { items, attempts };
    });

  function finiteEverywhere(value: unknown): boolean {
    if (typeof value === "number") return Number.isFinite(value);
    if (Array.isArray(value)) return value.every(finiteEverywhere);
    if (value && typeof value === "object") return Object.values(value).every(finiteEverywhere);
    return true;
  }

  it("never produces NaN or Infinity, and keeps every figure in its range", () => {
    fc.assert(
      fc.property(examArb, (input) => {
        const { test, items } = analyseItems(input);
        expect(finiteEverywhere({ test, items })).toBe(true);
        expect(test.n + test.excluded).toBe(input.attempts.length);
        expect(test.histogram.reduce((total, bin) => total + bin.count, 0)).toBe(test.maxTotal > 0 ? test.n : 0);
        if (test.reliability.value !== null) expect(test.reliability.value).toBeLessThanOrEqual(1 + 1e-9);
        if (test.sem !== null && test.sd !== null) expect(test.sem).toBeLessThanOrEqual(test.sd + 1e-9);
        for (const item of items) {
          for (const p of [item.difficulty, item.upperDifficulty, item.lowerDifficulty]) {
            if (p !== null) expect(p).toBeGreaterThanOrEqual(-1e-9), expect(p).toBeLessThanOrEqual(1 + 1e-9);
          }
          for (const x of [item.discrimination, item.restCorrelation]) {
            if (x !== null) expect(Math.abs(x)).toBeLessThanOrEqual(1 + 1e-9);
          }
          if (item.flags.includes("no_variance")) expect(item.restCorrelation).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same figures whatever order the attempts come in", () => {
    fc.assert(
      fc.property(examArb, fc.integer(), (input, seed) => {
        const shuffled = [...input.attempts];
        let state = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const a = analyseItems(input);
        const b = analyseItems({ ...input, attempts: shuffled });
        a.items.forEach((item, j) => {
          for (const field of ["difficulty", "discrimination", "restCorrelation"] as const) {
            const x = item[field];
            const y = b.items[j][field];
            if (x === null || y === null) expect(y).toBe(x);
            else expect(y).toBeCloseTo(x, 9);
          }
          expect(b.items[j].flags).toEqual(item.flags);
        });
        expect(b.test.reliability.value ?? 0).toBeCloseTo(a.test.reliability.value ?? 0, 9);
      }),
      { numRuns: 200 },
    );
  });
});
