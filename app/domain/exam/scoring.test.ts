import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePaperAnswer, scoreAttempt, scoreResponse, ScoringInputError, type AttemptItem, type ScorableItem } from "./scoring";
import type { MultipleScoring, Response } from "./types";

const choose = (...selected: number[]): Response => ({ kind: "choice", selected });
const write = (text: string): Response => ({ kind: "text", text });
const A = 0;
const B = 1;
const C = 2;
const D = 3;
const E = 4;

// 「依消費者保護法，通訊交易的消費者可於收受商品後幾日內解除契約？」(A) 3 日 (B) 7 日 (C) 10 日 (D) 14 日
const single: ScorableItem = { type: "single", key: [B], points: 2, optionCount: 4 };
// 「冷藏食品的保存溫度應維持在攝氏 7 度以下。」 O
const trueFalse: ScorableItem = { type: "true_false", key: [0], points: 1, optionCount: 2 };
// 「下列何者為包裝食品標示必須標明的項目？」(A) 品名 (B) 售價 (C) 有效日期 (D) 店員姓名 (E) 陳列位置
const multiple: ScorableItem = { type: "multiple", key: [A, C], points: 2, optionCount: 5 };
// 「說明端架陳列對促銷商品銷售的影響。」
const shortAnswer: ScorableItem = { type: "short_answer", key: [], points: 3, optionCount: 0 };

describe("scoreResponse: single answer and true/false", () => {
  it.each([
    ["the key", single, choose(B), 2, true],
    ["another option", single, choose(C), 0, false],
    ["two options, one of them the key", single, choose(B, C), 0, false],
    ["nothing", single, choose(), 0, false],
    ["no response at all", single, null, 0, false],
    ["O, the key", trueFalse, choose(0), 1, true],
    ["X", trueFalse, choose(1), 0, false],
    ["both O and X", trueFalse, choose(0, 1), 0, false],
  ] as const)("%s", (_, item, response, earned, correct) => {
    expect(scoreResponse(item, response, "all_or_nothing")).toEqual({ earned, max: item.points, correct, needsManual: false });
    // The multiple-response policy does not touch single-answer items.
    expect(scoreResponse(item, response, "partial")).toEqual({ earned, max: item.points, correct, needsManual: false });
  });
});

describe("scoreResponse: multiple answer", () => {
  // Key A and C among five options, 2 points.
  it.each([
    ["A C (the key)", [A, C], 2, 2, true],
    ["C A (order does not matter)", [C, A], 2, 2, true],
    ["A only: C missed, k = 1 → 2 × 3/5", [A], 0, 1.2, false],
    ["A C D: D wrongly chosen, k = 1 → 2 × 3/5", [A, C, D], 0, 1.2, false],
    ["A B: B chosen, C missed, k = 2 → 2 × 1/5", [A, B], 0, 0.4, false],
    ["B: k = 3 → below zero → 0", [B], 0, 0, false],
    ["all five: B D E wrongly chosen, k = 3 → 0", [A, B, C, D, E], 0, 0, false],
    ["B D E: every option wrong, k = 5 → 0", [B, D, E], 0, 0, false],
    ["blank: 0, not 2 × 1/5 (the rule scores a blank as 0)", [], 0, 0, false],
  ])("%s → all-or-nothing %s, partial %s", (_, selected, allOrNothing, partial, correct) => {
    expect(scoreResponse(multiple, choose(...selected), "all_or_nothing")).toEqual({ earned: allOrNothing, max: 2, correct, needsManual: false });
    expect(scoreResponse(multiple, choose(...selected), "partial")).toEqual({ earned: partial, max: 2, correct, needsManual: false });
  });

  it("gives 學測 points: 5 points, five options, one wrong → 3, two wrong → 1, three wrong → 0", () => {
    const item: ScorableItem = { type: "multiple", key: [A, B, E], points: 5, optionCount: 5 };
    expect(scoreResponse(item, choose(A, B), "partial").earned).toBe(3);
    expect(scoreResponse(item, choose(A, B, C, E), "partial").earned).toBe(3);
    expect(scoreResponse(item, choose(A), "partial").earned).toBe(1);
    expect(scoreResponse(item, choose(C, D), "partial").earned).toBe(0);
  });

  it("with four options and three keys: one wrong gives half", () => {
    const item: ScorableItem = { type: "multiple", key: [A, B, D], points: 2, optionCount: 4 };
    expect(scoreResponse(item, choose(A, B), "partial").earned).toBe(1);
    expect(scoreResponse(item, choose(A, B, C, D), "partial").earned).toBe(1);
    expect(scoreResponse(item, choose(A), "partial").earned).toBe(0);
  });

  it("rounds partial credit to the cent", () => {
    const item: ScorableItem = { type: "multiple", key: [A], points: 1.43, optionCount: 5 };
    expect(scoreResponse(item, choose(A, B), "partial").earned).toBe(0.86);
  });

  it("never goes below zero and never above the item's points", () => {
    const itemArb = fc
      .integer({ min: 2, max: 8 })
      .chain((n) =>
        fc.record({
          n: fc.constant(n),
          key: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
          selected: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
          points: fc.integer({ min: 0, max: 1000 }).map((c) => c / 100),
          policy: fc.constantFrom<MultipleScoring>("all_or_nothing", "partial"),
        }),
      );
    fc.assert(
      fc.property(itemArb, ({ n, key, selected, points, policy }) => {
        const { earned, correct } = scoreResponse({ type: "multiple", key, points, optionCount: n }, choose(...selected), policy);
        expect(earned).toBeGreaterThanOrEqual(0);
        expect(earned).toBeLessThanOrEqual(points);
        if (correct) expect(earned).toBe(points);
        if (policy === "all_or_nothing") expect(earned).toBe(correct ? points : 0);
      }),
    );
  });
});

describe("scoreResponse: short answer", () => {
  it("waits for the assessor", () => {
    expect(scoreResponse(shortAnswer, write("端架位於走道端點，曝光度高，能提高促銷商品的注目率與購買率。"), "all_or_nothing")).toEqual({
      earned: null,
      max: 3,
      correct: null,
      needsManual: true,
    });
  });

  it("takes the assessor's points", () => {
    const answer = write("端架較顯眼。");
    expect(scoreResponse(shortAnswer, answer, "all_or_nothing", 1.5)).toEqual({ earned: 1.5, max: 3, correct: false, needsManual: false });
    expect(scoreResponse(shortAnswer, answer, "all_or_nothing", 3)).toEqual({ earned: 3, max: 3, correct: true, needsManual: false });
    expect(scoreResponse(shortAnswer, answer, "all_or_nothing", 0)).toEqual({ earned: 0, max: 3, correct: false, needsManual: false });
  });

  it("scores a blank 0 without an assessor", () => {
    expect(scoreResponse(shortAnswer, null, "partial")).toEqual({ earned: 0, max: 3, correct: false, needsManual: false });
    expect(scoreResponse(shortAnswer, write("  \n "), "partial")).toEqual({ earned: 0, max: 3, correct: false, needsManual: false });
  });

  it("refuses points outside 0 to the item's points", () => {
    expect(() => scoreResponse(shortAnswer, write("…"), "partial", 3.5)).toThrow("簡答題得分須介於 0 與 3 分之間，收到 3.5");
    expect(() => scoreResponse(shortAnswer, write("…"), "partial", -1)).toThrow(ScoringInputError);
    expect(() => scoreResponse(shortAnswer, write("…"), "partial", Number.NaN)).toThrow(ScoringInputError);
  });
});

describe("scoreResponse: data that cannot be scored", () => {
  it.each([
    ["a text on a choice item", single, write("B")],
    ["options on a short answer", shortAnswer, choose(0)],
    ["an option the item does not have", single, choose(4)],
    ["a third option on true/false", trueFalse, choose(2)],
  ] as const)("refuses %s", (_, item, response) => {
    expect(() => scoreResponse(item, response, "all_or_nothing")).toThrow(ScoringInputError);
  });

  it.each([
    ["a single answer with two keys", { ...single, key: [A, B] }],
    ["a multiple answer with no key", { ...multiple, key: [] }],
    ["a key beyond the options", { ...single, key: [4] }],
    ["true/false with four options", { ...trueFalse, optionCount: 4 }],
    ["negative points", { ...single, points: -1 }],
  ])("refuses %s", (_, item) => {
    expect(() => scoreResponse(item, choose(A), "all_or_nothing")).toThrow(ScoringInputError);
  });
});

describe("scoreAttempt", () => {
  // A ten-point paper: two single answers, a true/false, a multiple answer and a short answer.
  const items: AttemptItem[] = [
    { revisionId: "rev-18", ...single },
    { revisionId: "rev-14", type: "single", key: [A], points: 2, optionCount: 4 },
    { revisionId: "rev-5", ...trueFalse },
    { revisionId: "rev-2", ...multiple },
    { revisionId: "rev-8", ...shortAnswer },
  ];
  const responses: Record<string, Response> = {
    "rev-18": choose(B), // right, 2
    "rev-14": choose(D), // wrong, 0
    "rev-5": choose(0), // right, 1
    "rev-2": choose(A), // all-or-nothing 0, partial 1.2
    "rev-8": write("端架曝光度高，可帶動促銷商品銷售。"),
  };

  it("has no total while a short answer is unscored", () => {
    const score = scoreAttempt({ items, responses, policy: "all_or_nothing", passMark: 60, totalPoints: 10 });
    expect(score).toMatchObject({ earned: null, max: 10, percent: null, passMark: 60, passed: null, pendingManual: 1 });
    expect(score.items.map((i) => [i.revisionId, i.earned])).toEqual([
      ["rev-18", 2],
      ["rev-14", 0],
      ["rev-5", 1],
      ["rev-2", 0],
      ["rev-8", null],
    ]);
  });

  it("totals once the assessor has scored: 5 of 10 fails, with partial credit 6.2 passes", () => {
    const manual = { "rev-8": 2 };
    expect(scoreAttempt({ items, responses, manual, policy: "all_or_nothing", passMark: 60, totalPoints: 10 })).toMatchObject({
      earned: 5,
      max: 10,
      percent: 50,
      passed: false,
      pendingManual: 0,
    });
    expect(scoreAttempt({ items, responses, manual, policy: "partial", passMark: 60 })).toMatchObject({
      earned: 6.2,
      percent: 62,
      passed: true,
    });
  });

  it("treats a missing response as blank and accepts a Map", () => {
    const score = scoreAttempt({ items, responses: new Map([["rev-18", choose(B)]]), policy: "partial", passMark: 60 });
    expect(score).toMatchObject({ earned: 2, percent: 20, passed: false, pendingManual: 0 });
  });

  it("reads the pass mark on a 100-point scale whatever the paper's total", () => {
    // Five items of 16 points: 80 in all; 48 is 60 %.
    const eighty: AttemptItem[] = [1, 2, 3, 4, 5].map((n) => ({ revisionId: `r${n}`, type: "single", key: [A], points: 16, optionCount: 4 }));
    const answered = (right: number) => Object.fromEntries(eighty.map((item, i) => [item.revisionId, choose(i < right ? A : B)]));
    expect(scoreAttempt({ items: eighty, responses: answered(3), policy: "all_or_nothing", passMark: 60, totalPoints: 80 })).toMatchObject({
      earned: 48,
      max: 80,
      percent: 60,
      passed: true,
    });
    expect(scoreAttempt({ items: eighty, responses: answered(2), policy: "all_or_nothing", passMark: 60 })).toMatchObject({
      earned: 32,
      percent: 40,
      passed: false,
    });
  });

  it("decides on the unrounded score: 59.96 shows as 60.0 and does not pass", () => {
    const close: AttemptItem[] = [
      { revisionId: "big", type: "single", key: [A], points: 59.96, optionCount: 4 },
      { revisionId: "rest", type: "single", key: [A], points: 40.04, optionCount: 4 },
    ];
    const score = scoreAttempt({ items: close, responses: { big: choose(A), rest: choose(B) }, policy: "all_or_nothing", passMark: 60 });
    expect(score).toMatchObject({ earned: 59.96, percent: 60, passed: false });
  });

  it("adds points in cents (0.1 + 0.2 is 0.3)", () => {
    const tenths: AttemptItem[] = [
      { revisionId: "a", type: "true_false", key: [0], points: 0.1, optionCount: 2 },
      { revisionId: "b", type: "true_false", key: [0], points: 0.2, optionCount: 2 },
    ];
    const score = scoreAttempt({ items: tenths, responses: { a: choose(0), b: choose(0) }, policy: "partial", passMark: 60, totalPoints: 0.1 + 0.2 });
    expect(score).toMatchObject({ earned: 0.3, max: 0.3, percent: 100, passed: true });
  });

  it("has no percentage for a paper worth nothing", () => {
    const score = scoreAttempt({ items: [], responses: {}, policy: "partial", passMark: 60 });
    expect(score).toEqual({ earned: 0, max: 0, percent: null, passMark: 60, passed: null, pendingManual: 0, items: [] });
  });

  it("refuses a total that does not match the items, an item twice and a pass mark off the scale", () => {
    expect(() => scoreAttempt({ items, responses, policy: "partial", passMark: 60, totalPoints: 100 })).toThrow(
      "試卷總分 100 分與試題配分合計 10 分不符",
    );
    expect(() => scoreAttempt({ items: [items[0], items[0]], responses, policy: "partial", passMark: 60 })).toThrow(ScoringInputError);
    expect(() => scoreAttempt({ items, responses, policy: "partial", passMark: 120 })).toThrow(ScoringInputError);
  });
});

describe("parsePaperAnswer", () => {
  it.each([
    ["A", "single", 4, [0]],
    ["b", "single", 4, [1]],
    [" D ", "single", 4, [3]],
    ["AC", "multiple", 4, [0, 2]],
    ["A,C", "multiple", 4, [0, 2]],
    ["A C", "multiple", 4, [0, 2]],
    ["ca", "multiple", 4, [0, 2]],
    ["ＡＣ", "multiple", 4, [0, 2]],
    ["A，C", "multiple", 4, [0, 2]],
    ["A、C、E", "multiple", 5, [0, 2, 4]],
    ["H", "single", 8, [7]],
    ["", "multiple", 4, []],
    ["   ", "single", 4, []],
    ["O", "true_false", 2, [0]],
    ["o", "true_false", 2, [0]],
    ["○", "true_false", 2, [0]],
    ["〇", "true_false", 2, [0]],
    ["T", "true_false", 2, [0]],
    ["X", "true_false", 2, [1]],
    ["x", "true_false", 2, [1]],
    ["×", "true_false", 2, [1]],
    ["F", "true_false", 2, [1]],
    ["", "true_false", 2, []],
  ] as const)("%j on a %s item with %s options → %j", (text, type, count, selected) => {
    expect(parsePaperAnswer(text, type, count)).toEqual({ ok: true, selected });
  });

  it.each([
    ["AZ", "multiple", 4, "「AZ」不是有效的選項（A–D）"],
    ["E", "single", 4, "「E」不是有效的選項（A–D）"],
    ["1", "single", 4, "「1」不是有效的選項（A–D）"],
    ["AC", "single", 4, "「AC」：單選題只能填一個選項（A–D）"],
    ["AA", "multiple", 4, "「AA」重複填了 A"],
    ["Y", "true_false", 2, "「Y」不是有效的答案（是非題請填 O 或 X）"],
    ["OX", "true_false", 2, "「OX」不是有效的答案（是非題請填 O 或 X）"],
    ["A", "true_false", 2, "「A」不是有效的答案（是非題請填 O 或 X）"],
    ["A", "short_answer", 0, "簡答題沒有選項，請由評分人員評分"],
  ] as const)("%j on a %s item with %s options → %s", (text, type, count, message) => {
    expect(parsePaperAnswer(text, type, count)).toEqual({ ok: false, message });
  });

  it("reads back any choice it could have been given", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }))),
        fc.constantFrom("", ",", " ", "、"),
        fc.boolean(),
        ([n, selected], separator, lower) => {
          let text = selected.map((i) => "ABCDEFGH"[i]).join(separator);
          if (lower) text = text.toLowerCase();
          expect(parsePaperAnswer(text, "multiple", n)).toEqual({ ok: true, selected: selected.slice().sort((a, b) => a - b) });
        },
      ),
    );
  });
});
