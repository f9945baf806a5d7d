import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AssemblyInputError, assemblePaper, presentationOrder, sharePoints, type AssemblyResult } from "./assembly";
import { fillsCell, toCents } from "./blueprint";
import type { BankItem, BlueprintCell, CognitiveLevel, ItemStatus, ItemType, PaperForm } from "./types";

// A bank for 門市服務人員 (retail store staff). Stems are kept for the reader; assembly sees BankItem only.
interface Question {
  number: number;
  codes: string[];
  level: CognitiveLevel;
  stem: string;
  status?: ItemStatus;
  type?: ItemType;
}

const questions: Question[] = [
  { number: 1, codes: ["K01"], level: "remember", stem: "商品陳列「先進先出」原則的主要目的為何？" },
  { number: 2, codes: ["K01"], level: "remember", stem: "下列何者為包裝食品標示必須標明的項目？", type: "multiple" },
  { number: 3, codes: ["K01"], level: "remember", stem: "「黃金陳列線」一般指離地面約多高的位置？" },
  { number: 4, codes: ["K01"], level: "remember", stem: "POP 廣告是指賣場內的何種廣告？" },
  { number: 5, codes: ["K01"], level: "remember", stem: "冷藏食品的保存溫度應維持在攝氏 7 度以下。", type: "true_false" },
  { number: 6, codes: ["K01"], level: "remember", stem: "商品條碼 EAN-13 的前三碼代表什麼？", status: "retired" },
  { number: 7, codes: ["K01"], level: "understand", stem: "為何即期品需要集中陳列並標示折扣？" },
  { number: 8, codes: ["K01"], level: "understand", stem: "說明端架陳列對促銷商品銷售的影響。", type: "short_answer" },
  { number: 9, codes: ["K01"], level: "understand", stem: "為何生鮮與熟食應分區陳列？", status: "draft" },
  { number: 10, codes: ["K02"], level: "understand", stem: "顧客抱怨時，先傾聽再回應的理由為何？" },
  { number: 11, codes: ["K02"], level: "understand", stem: "下列哪些做法屬於同理心的表現？", type: "multiple" },
  { number: 12, codes: ["K02"], level: "understand", stem: "與顧客對話時保持眼神接觸是基本禮儀。", type: "true_false" },
  { number: 13, codes: ["K02"], level: "understand", stem: "為何結帳時應複誦找零金額？" },
  { number: 14, codes: ["K03"], level: "apply", stem: "顧客以 1,000 元支付 368 元商品，應找零多少？" },
  { number: 15, codes: ["K03"], level: "apply", stem: "顧客要求開立統一編號發票時，收銀人員應如何操作？" },
  { number: 16, codes: ["K03"], level: "apply", stem: "電子支付扣款失敗時，正確的處理步驟為何？" },
  { number: 17, codes: ["K03", "K04"], level: "apply", stem: "顧客持發票於七日內要求退貨，收銀人員應如何處理？" },
  { number: 18, codes: ["K04"], level: "remember", stem: "依消費者保護法，通訊交易的消費者可於收受商品後幾日內解除契約？" },
  { number: 19, codes: ["K04"], level: "remember", stem: "定型化契約的審閱期間由何者訂定？" },
];

function toBankItem(q: Question): BankItem {
  return {
    itemId: `item-${q.number}`,
    revisionId: `rev-${q.number}`,
    number: q.number,
    status: q.status ?? "active",
    type: q.type ?? "single",
    codes: q.codes,
    cognitiveLevel: q.level,
  };
}
const bank = questions.map(toBankItem);
const codeOrder = ["K01", "K02", "K03", "K04"];

// 100 points; the bank holds exactly enough active items for two disjoint forms.
const cells: BlueprintCell[] = [
  { code: "K03", level: "apply", count: 2, points: 30 },
  { code: "K01", level: "remember", count: 2, points: 20 },
  { code: "K01", level: "understand", count: 1, points: 10 },
  { code: "K02", level: "understand", count: 2, points: 20 },
  { code: "K04", level: "remember", count: 1, points: 20 },
];

const numbers = (form: PaperForm) => form.items.map((i) => i.number);
const itemIds = (result: AssemblyResult) => result.forms.map((f) => f.items.map((i) => i.itemId));

describe("assemblePaper", () => {
  it("makes the same paper from the same seed, whatever order the bank comes in", () => {
    const first = assemblePaper({ seed: "7Q2MX4KD9R1A", cells, bank, forms: 2, codeOrder });
    expect(assemblePaper({ seed: "7Q2MX4KD9R1A", cells, bank, forms: 2, codeOrder })).toEqual(first);
    expect(assemblePaper({ seed: "7Q2MX4KD9R1A", cells, bank: bank.slice().reverse(), forms: 2, codeOrder })).toEqual(first);
    expect(assemblePaper({ seed: "7Q2MX4KD9R1A", cells: cells.slice().reverse(), bank, forms: 2, codeOrder })).toEqual(first);
  });

  it("makes different papers from different seeds", () => {
    const papers = new Set(["S1", "S2", "S3", "S4", "S5", "S6"].map((seed) => JSON.stringify(itemIds(assemblePaper({ seed, cells, bank, forms: 1, codeOrder })))));
    expect(papers.size).toBeGreaterThan(1);
  });

  it("keeps A and B apart when the bank allows it, and reports nothing", () => {
    for (const seed of ["甲", "乙", "丙", "丁", "戊"]) {
      const { forms, shortfalls } = assemblePaper({ seed, cells, bank, forms: 2, codeOrder });
      expect(shortfalls).toEqual([]);
      expect(forms.map((f) => f.label)).toEqual(["A", "B"]);
      const [a, b] = forms.map((f) => new Set(numbers(f)));
      expect(a.size).toBe(8);
      expect(b.size).toBe(8);
      expect([...a].filter((n) => b.has(n))).toEqual([]);
    }
  });

  it("orders a form by the standard's codes, then cognitive level", () => {
    const { forms } = assemblePaper({ seed: "order", cells, bank, forms: 1, codeOrder });
    expect(forms[0].items.map((i) => `${i.code}/${i.level}`)).toEqual([
      "K01/remember",
      "K01/remember",
      "K01/understand",
      "K02/understand",
      "K02/understand",
      "K03/apply",
      "K03/apply",
      "K04/remember",
    ]);
  });

  it("never draws a retired or draft item", () => {
    for (let i = 0; i < 30; i++) {
      const { forms } = assemblePaper({ seed: `s${i}`, cells, bank, forms: 2, codeOrder });
      for (const form of forms) {
        expect(numbers(form)).not.toContain(6);
        expect(numbers(form)).not.toContain(9);
      }
    }
  });

  it("gives each item its cell's share of the points, adding up to the cell and to 100", () => {
    const { forms } = assemblePaper({ seed: "points", cells, bank, forms: 2, codeOrder });
    for (const form of forms) {
      expect(form.items.map((i) => [i.code, i.level, i.points])).toEqual([
        ["K01", "remember", 10],
        ["K01", "remember", 10],
        ["K01", "understand", 10],
        ["K02", "understand", 10],
        ["K02", "understand", 10],
        ["K03", "apply", 15],
        ["K03", "apply", 15],
        ["K04", "remember", 20],
      ]);
    }
    const thirds = assemblePaper({ seed: "points", cells: [{ code: "K01", level: "remember", count: 3, points: 10 }], bank, forms: 1 });
    expect(thirds.forms[0].items.map((i) => i.points)).toEqual([3.33, 3.33, 3.34]);
  });

  it("copies what a paper needs of each item", () => {
    const { forms } = assemblePaper({ seed: "copy", cells: [{ code: "K04", level: "remember", count: 2, points: 4 }], bank, forms: 1 });
    expect(forms[0].items.slice().sort((x, y) => x.number - y.number)).toEqual([
      { itemId: "item-18", revisionId: "rev-18", number: 18, type: "single", code: "K04", level: "remember", points: 2 },
      { itemId: "item-19", revisionId: "rev-19", number: 19, type: "single", code: "K04", level: "remember", points: 2 },
    ]);
  });

  it("uses all four labels for four forms", () => {
    const { forms } = assemblePaper({ seed: "four", cells: [{ code: "K01", level: "remember", count: 1, points: 1 }], bank, forms: 4 });
    expect(forms.map((f) => f.label)).toEqual(["A", "B", "C", "D"]);
    expect(new Set(forms.map((f) => f.items[0].number)).size).toBe(4);
  });

  it("refuses a number of forms outside 1–4 and an item with two live revisions", () => {
    expect(() => assemblePaper({ seed: "x", cells, bank, forms: 0 })).toThrow(AssemblyInputError);
    expect(() => assemblePaper({ seed: "x", cells, bank, forms: 5 })).toThrow("平行試卷數須為 1 至 4，收到 5");
    expect(() => assemblePaper({ seed: "x", cells, bank, forms: 1.5 })).toThrow(AssemblyInputError);
    const twoRevisions = [...bank, { ...bank[0], revisionId: "rev-1-second" }];
    expect(() => assemblePaper({ seed: "x", cells, bank: twoRevisions, forms: 1 })).toThrow("題庫中試題 Q001 有兩個啟用中的版本");
  });

  it("allows an older revision beside the live one when only one is active", () => {
    const withOld = [...bank, { ...bank[0], revisionId: "rev-1-old", status: "retired" as const }];
    expect(assemblePaper({ seed: "x", cells, bank: withOld, forms: 2, codeOrder }).shortfalls).toEqual([]);
  });
});

describe("items with two K codes", () => {
  // Item 17 tests K03 and K04 (退貨 at the till, under the consumer protection act).
  const applyCells: BlueprintCell[] = [
    { code: "K03", level: "apply", count: 1, points: 5 },
    { code: "K04", level: "apply", count: 1, points: 5 },
  ];

  it("fills the cell that has no other candidate, whichever way the draw went", () => {
    // Item 17 is the only K04 × 應用 item; a draw that spent it on K03 is re-routed.
    const onlyTwo = bank.filter((i) => i.number === 17 || i.number === 14);
    for (let i = 0; i < 40; i++) {
      const { forms, shortfalls } = assemblePaper({ seed: `multi-${i}`, cells: applyCells, bank: onlyTwo, forms: 1 });
      expect(shortfalls).toEqual([]);
      expect(forms[0].items.map((it) => [it.code, it.number])).toEqual([
        ["K03", 14],
        ["K04", 17],
      ]);
    }
  });

  it("never puts the item on one form twice, and says why a cell is short", () => {
    const only17 = bank.filter((i) => i.number === 17);
    const { forms, shortfalls } = assemblePaper({ seed: "x", cells: applyCells, bank: only17, forms: 1 });
    expect(forms[0].items).toHaveLength(1);
    const short = forms[0].items[0].code === "K03" ? "K04" : "K03";
    expect(shortfalls).toEqual([
      {
        code: short,
        level: "apply",
        wanted: 1,
        available: 1,
        kind: "missing",
        message: `${short} × 應用：需要 1 題，題庫有 1 題啟用試題，但部分試題已用於其他細目，A 卷少 1 題`,
      },
    ]);
  });

  it("keeps forms apart across cells too", () => {
    // K03 × 應用 has 14, 15, 16, 17; K04 × 應用 has only 17. Two disjoint forms exist: 17 goes to K04 on one
    // form, and the other form's K04 slot must share it; K03 never needs to share.
    const { forms, shortfalls } = assemblePaper({ seed: "apart", cells: applyCells, bank, forms: 2 });
    const [a, b] = forms.map(numbers);
    expect(a.filter((n) => b.includes(n))).toEqual([17]);
    expect(shortfalls).toEqual([
      {
        code: "K04",
        level: "apply",
        wanted: 1,
        available: 1,
        kind: "shared",
        message: "K04 × 應用：A、B 卷共需 2 題不同試題，題庫僅有 1 題，兩卷共用 1 題",
      },
    ]);
  });
});

describe("shortfalls", () => {
  const k03 = (count: number, points = 20): BlueprintCell => ({ code: "K03", level: "apply", count, points });
  const k03Bank = (...numbers: number[]) => bank.filter((i) => numbers.includes(i.number));

  it("reports a form short of items", () => {
    const { forms, shortfalls } = assemblePaper({ seed: "s", cells: [k03(2)], bank: k03Bank(14), forms: 1 });
    expect(forms[0].items.map((i) => [i.number, i.points])).toEqual([[14, 20]]);
    expect(shortfalls).toEqual([
      { code: "K03", level: "apply", wanted: 2, available: 1, kind: "missing", message: "K03 × 應用：需要 2 題，題庫僅有 1 題啟用試題，A 卷少 1 題" },
    ]);
  });

  it("reports forms that had to share", () => {
    const { forms, shortfalls } = assemblePaper({ seed: "s", cells: [k03(2)], bank: k03Bank(14, 15, 16), forms: 2 });
    expect(forms.map((f) => f.items.length)).toEqual([2, 2]);
    expect(new Set([...numbers(forms[0]), ...numbers(forms[1])]).size).toBe(3);
    expect(shortfalls).toEqual([
      { code: "K03", level: "apply", wanted: 2, available: 3, kind: "shared", message: "K03 × 應用：A、B 卷共需 4 題不同試題，題庫僅有 3 題，兩卷共用 1 題" },
    ]);
  });

  it("reports both when one item must serve two forms that each want two", () => {
    const { forms, shortfalls } = assemblePaper({ seed: "s", cells: [k03(2)], bank: k03Bank(14), forms: 2 });
    expect(forms.map(numbers)).toEqual([[14], [14]]);
    expect(shortfalls.map((s) => s.message)).toEqual([
      "K03 × 應用：需要 2 題，題庫僅有 1 題啟用試題，A、B 卷各少 1 題",
      "K03 × 應用：A、B 卷共需 4 題不同試題，題庫僅有 1 題，兩卷共用 1 題",
    ]);
  });

  it("words sharing among more than two forms", () => {
    const { shortfalls } = assemblePaper({ seed: "s", cells: [k03(1)], bank: k03Bank(14, 15), forms: 4 });
    expect(shortfalls.map((s) => s.message)).toEqual(["K03 × 應用：A、B、C、D 卷共需 4 題不同試題，題庫僅有 2 題，各卷之間共用 2 題"]);
  });

  it("reports an empty cell and draws the rest", () => {
    const { forms, shortfalls } = assemblePaper({
      seed: "s",
      cells: [{ code: "K02", level: "analyse", count: 3, points: 15 }, ...cells],
      bank,
      forms: 1,
      codeOrder,
    });
    expect(forms[0].items).toHaveLength(8);
    expect(shortfalls).toEqual([
      { code: "K02", level: "analyse", wanted: 3, available: 0, kind: "missing", message: "K02 × 分析：需要 3 題，題庫僅有 0 題啟用試題，A 卷少 3 題" },
    ]);
  });

  it("ignores cells that want nothing", () => {
    const { forms, shortfalls } = assemblePaper({ seed: "s", cells: [{ code: "K09", level: "apply", count: 0, points: 0 }], bank, forms: 2 });
    expect(forms.map((f) => f.items)).toEqual([[], []]);
    expect(shortfalls).toEqual([]);
  });
});

describe("sharePoints", () => {
  it.each([
    [10, 3, [3.33, 3.33, 3.34]],
    [2, 4, [0.5, 0.5, 0.5, 0.5]],
    [1, 3, [0.33, 0.33, 0.34]],
    [100, 7, [14.28, 14.28, 14.28, 14.29, 14.29, 14.29, 14.29]],
    [0.02, 3, [0, 0.01, 0.01]],
    [0, 2, [0, 0]],
    [5, 0, []],
  ])("%s points among %s items → %j", (points, items, expected) => {
    expect(sharePoints(points, items)).toEqual(expected);
  });
});

describe("presentationOrder", () => {
  const form: PaperForm = assemblePaper({ seed: "present", cells, bank, forms: 1, codeOrder }).forms[0];
  const optionCounts = Object.fromEntries(bank.map((i) => [i.revisionId, i.type === "true_false" ? 2 : i.type === "short_answer" ? 0 : 4]));
  const present = (candidateKey: string, shuffleItems = true, shuffleOptions = true) =>
    presentationOrder({ seed: "present", candidateKey, form, optionCounts, shuffleItems, shuffleOptions });

  it("is the same every time for one candidate", () => {
    expect(present("enrolment-王小明#1")).toEqual(present("enrolment-王小明#1"));
  });

  it("differs between candidates", () => {
    const orders = new Set(["陳", "林", "黃", "張", "李"].map((name) => JSON.stringify(present(`enrolment-${name}#1`))));
    expect(orders.size).toBe(5);
  });

  it("shows every item once and every option once", () => {
    const seen = present("enrolment-林怡君#1");
    expect(seen.map((p) => p.revisionId).sort()).toEqual(form.items.map((i) => i.revisionId).sort());
    for (const p of seen) {
      const count = optionCounts[p.revisionId];
      expect(p.optionOrder.slice().sort()).toEqual(Array.from({ length: count }, (_, i) => i));
    }
  });

  it("never shuffles O and X, and gives short answers no options", () => {
    const tf = questions.filter((q) => q.type === "true_false").map((q) => `rev-${q.number}`);
    const sa = questions.filter((q) => q.type === "short_answer").map((q) => `rev-${q.number}`);
    const allTypes: PaperForm = {
      label: "A",
      items: bank
        .filter((i) => i.status === "active")
        .map((i) => ({ itemId: i.itemId, revisionId: i.revisionId, number: i.number, type: i.type, code: i.codes[0], level: i.cognitiveLevel, points: 1 })),
    };
    for (let c = 0; c < 20; c++) {
      const seen = presentationOrder({ seed: "tf", candidateKey: `c${c}`, form: allTypes, optionCounts, shuffleItems: true, shuffleOptions: true });
      for (const p of seen) {
        if (tf.includes(p.revisionId)) expect(p.optionOrder).toEqual([0, 1]);
        if (sa.includes(p.revisionId)) expect(p.optionOrder).toEqual([]);
      }
    }
  });

  it("keeps the form's order and the original options when shuffling is off", () => {
    const seen = present("enrolment-張志豪#1", false, false);
    expect(seen.map((p) => p.revisionId)).toEqual(form.items.map((i) => i.revisionId));
    for (const p of seen) expect(p.optionOrder).toEqual(p.optionOrder.slice().sort());
  });

  it("gives an item the same option order whether or not items are shuffled", () => {
    const shuffled = present("enrolment-黃雅婷#2", true, true);
    const inOrder = present("enrolment-黃雅婷#2", false, true);
    const byRevision = new Map(inOrder.map((p) => [p.revisionId, p.optionOrder]));
    for (const p of shuffled) expect(p.optionOrder).toEqual(byRevision.get(p.revisionId));
  });

  it("moves the key around: across candidates, option A appears in each position", () => {
    const single = form.items.find((i) => i.type === "single")!;
    const positions = new Set<number>();
    for (let c = 0; c < 40; c++) positions.add(present(`c${c}`).find((p) => p.revisionId === single.revisionId)!.optionOrder.indexOf(0));
    expect([...positions].sort()).toEqual([0, 1, 2, 3]);
  });

  it("refuses a choice item without its number of options", () => {
    expect(() => presentationOrder({ seed: "s", candidateKey: "c", form, optionCounts: {}, shuffleItems: true, shuffleOptions: true })).toThrow(
      AssemblyInputError,
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties over random banks and blueprints.

const LEVELS: CognitiveLevel[] = ["remember", "understand"];
const CODES = ["K01", "K02", "K03"];

const bankArb = (codes: fc.Arbitrary<string[]>) =>
  fc.array(
    fc.record({
      codes,
      level: fc.constantFrom(...LEVELS),
      status: fc.constantFrom<ItemStatus>("active", "active", "active", "draft", "retired"),
    }),
    { maxLength: 14 },
  ).map((items) =>
    items.map(
      (it, i): BankItem => ({ itemId: `i${i}`, revisionId: `r${i}`, number: i + 1, status: it.status, type: "single", codes: it.codes, cognitiveLevel: it.level }),
    ),
  );

const cellsArb = fc
  .uniqueArray(
    fc.record({
      code: fc.constantFrom(...CODES),
      level: fc.constantFrom(...LEVELS),
      count: fc.integer({ min: 0, max: 4 }),
      points: fc.integer({ min: 0, max: 3000 }).map((cents) => cents / 100),
    }),
    { selector: (c) => `${c.code}/${c.level}`, minLength: 1, maxLength: 6 },
  );

const formsArb = fc.integer({ min: 1, max: 4 });

/** Checks every form against its blueprint: unique, active items that fill their cells, points that add up. */
function checkForms(result: AssemblyResult, cells: readonly BlueprintCell[], bank: readonly BankItem[]) {
  const byRevision = new Map(bank.map((i) => [i.revisionId, i]));
  for (const form of result.forms) {
    expect(new Set(form.items.map((i) => i.itemId)).size).toBe(form.items.length);
    for (const placed of form.items) {
      const item = byRevision.get(placed.revisionId)!;
      expect(item.status).toBe("active");
      expect(fillsCell(item, placed)).toBe(true);
    }
    for (const cell of cells) {
      const drawn = form.items.filter((i) => i.code === cell.code && i.level === cell.level);
      expect(drawn.length).toBeLessThanOrEqual(cell.count);
      if (drawn.length > 0) expect(drawn.reduce((sum, i) => sum + toCents(i.points), 0)).toBe(toCents(cell.points));
    }
  }
}

/**
 * By Hall's theorem (in its deficiency form), the slots a bank cannot fill with distinct items are
 * max over sets S of cells of (slots of S − items able to fill some cell of S): an oracle independent
 * of the matching code. `copies` counts each cell's slots that many times (forms that must not share).
 */
function deficiency(cells: readonly BlueprintCell[], bank: readonly BankItem[], copies: number): number {
  const active = bank.filter((i) => i.status === "active");
  let worst = 0;
  for (let mask = 1; mask < 1 << cells.length; mask++) {
    const chosen = cells.filter((_, i) => mask & (1 << i));
    const slots = chosen.reduce((sum, c) => sum + c.count * copies, 0);
    const neighbours = active.filter((item) => chosen.some((c) => fillsCell(item, c))).length;
    worst = Math.max(worst, slots - neighbours);
  }
  return worst;
}

describe("assemblePaper, properties", () => {
  it("with one K code per item: a cell is short exactly when the bank is", () => {
    fc.assert(
      fc.property(fc.string(), cellsArb, bankArb(fc.constantFrom(...CODES).map((c) => [c])), formsArb, (seed, cells, bank, forms) => {
        const result = assemblePaper({ seed, cells, bank, forms });
        checkForms(result, cells, bank);
        for (const cell of cells) {
          const available = bank.filter((i) => i.status === "active" && fillsCell(i, cell)).length;
          for (const form of result.forms) {
            expect(form.items.filter((i) => i.code === cell.code && i.level === cell.level)).toHaveLength(Math.min(cell.count, available));
          }
          const kinds = result.shortfalls.filter((s) => s.code === cell.code && s.level === cell.level).map((s) => s.kind);
          const missing = available < cell.count;
          const shared = forms >= 2 && available > 0 && available < forms * cell.count;
          expect(kinds).toEqual([...(missing ? ["missing"] : []), ...(shared ? ["shared"] : [])]);
          for (const s of result.shortfalls.filter((s) => s.code === cell.code && s.level === cell.level)) {
            expect(s).toMatchObject({ wanted: cell.count, available });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("with items on several K codes: forms are as full and as apart as the bank allows", () => {
    const codesArb = fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 1, maxLength: 2 });
    fc.assert(
      fc.property(fc.string(), cellsArb, bankArb(codesArb), formsArb, (seed, cells, bank, forms) => {
        const result = assemblePaper({ seed, cells, bank, forms });
        checkForms(result, cells, bank);
        const slots = cells.reduce((sum, c) => sum + c.count, 0);
        const onePaper = deficiency(cells, bank, 1);
        const apart = deficiency(cells, bank, forms);
        for (const form of result.forms) expect(form.items).toHaveLength(slots - onePaper);
        const placed = result.forms.reduce((sum, f) => sum + f.items.length, 0);
        const distinct = new Set(result.forms.flatMap((f) => f.items.map((i) => i.itemId))).size;
        // Items reused across forms: only as many as disjoint forms cannot avoid.
        expect(placed - distinct).toBe(apart - forms * onePaper);
        expect(result.shortfalls.some((s) => s.kind === "missing")).toBe(onePaper > 0);
        expect(result.shortfalls.some((s) => s.kind === "shared")).toBe(placed > distinct);
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the bank", () => {
    fc.assert(
      fc.property(fc.string(), cellsArb, bankArb(fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 1, maxLength: 2 })), formsArb, (seed, cells, bank, forms) => {
        expect(assemblePaper({ seed, cells, bank: bank.slice().reverse(), forms })).toEqual(assemblePaper({ seed, cells, bank, forms }));
      }),
      { numRuns: 100 },
    );
  });
});
