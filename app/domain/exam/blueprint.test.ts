import { describe, expect, it } from "vitest";
import { cellLabel, fillsCell, formatPoints, orderCells, summariseBlueprint, validateBlueprint, type KnowledgeCode } from "./blueprint";
import type { BankItem, BlueprintCell, CognitiveLevel, ItemStatus } from "./types";

// 門市服務人員 (retail store staff): the standard's K codes in its own order.
const codes: KnowledgeCode[] = [
  { code: "K01", title: "商品知識與陳列原則" },
  { code: "K02", title: "顧客服務禮儀與溝通技巧" },
  { code: "K03", title: "收銀作業與發票開立流程" },
  { code: "K04", title: "消費者保護法相關規定" },
];

function item(number: number, codes: string[], level: CognitiveLevel, status: ItemStatus = "active"): BankItem {
  return { itemId: `item-${number}`, revisionId: `rev-${number}`, number, status, type: "single", codes, cognitiveLevel: level };
}

const bank: BankItem[] = [
  item(1, ["K01"], "remember"),
  item(2, ["K01"], "remember"),
  item(3, ["K01"], "remember", "retired"),
  item(4, ["K01"], "understand"),
  item(5, ["K02"], "understand"),
  item(6, ["K02"], "understand", "draft"),
  // 收銀時向顧客說明退換貨規定: tests both the cashier procedure and consumer protection.
  item(7, ["K03", "K04"], "apply"),
  item(8, ["K03"], "apply"),
  item(9, ["K04"], "remember"),
];

const cells: BlueprintCell[] = [
  { code: "K03", level: "apply", count: 2, points: 20 },
  { code: "K01", level: "remember", count: 2, points: 30 },
  { code: "K01", level: "understand", count: 1, points: 10 },
  { code: "K02", level: "understand", count: 2, points: 20 },
  { code: "K04", level: "apply", count: 1, points: 20 },
];

describe("summariseBlueprint", () => {
  const table = summariseBlueprint({ cells, codes, bank });

  it("has a row per K code in the standard's order and a cell per cognitive level", () => {
    expect(table.rows.map((r) => [r.code, r.title])).toEqual([
      ["K01", "商品知識與陳列原則"],
      ["K02", "顧客服務禮儀與溝通技巧"],
      ["K03", "收銀作業與發票開立流程"],
      ["K04", "消費者保護法相關規定"],
    ]);
    for (const row of table.rows) expect(row.cells.map((c) => c.level)).toEqual(["remember", "understand", "apply", "analyse"]);
  });

  it("gives each cell its count, points, share of the total and the active items able to fill it", () => {
    const [k01, k02, k03, k04] = table.rows;
    expect(k01.cells[0]).toEqual({ code: "K01", level: "remember", wanted: 2, points: 30, share: 30, available: 2, fillable: true });
    expect(k01.cells[1]).toMatchObject({ wanted: 1, points: 10, share: 10, available: 1, fillable: true });
    // The draft item 6 does not count: one active item for two wanted.
    expect(k02.cells[1]).toMatchObject({ wanted: 2, points: 20, share: 20, available: 1, fillable: false });
    // Item 7 (K03 and K04) counts in both cells.
    expect(k03.cells[2]).toMatchObject({ wanted: 2, available: 2, fillable: true });
    expect(k04.cells[2]).toMatchObject({ wanted: 1, available: 1, fillable: true });
    // A cell nobody asked for: nothing wanted, always fillable; K04 × 記憶 has a spare item.
    expect(k04.cells[0]).toEqual({ code: "K04", level: "remember", wanted: 0, points: 0, share: 0, available: 1, fillable: true });
    expect(k01.cells[3]).toMatchObject({ wanted: 0, available: 0, fillable: true });
  });

  it("totals rows, columns and the whole table; available counts an item once", () => {
    const [k01, k02, k03, k04] = table.rows;
    expect(k01.total).toEqual({ wanted: 3, points: 40, share: 40, available: 3 });
    expect(k02.total).toEqual({ wanted: 2, points: 20, share: 20, available: 1 });
    expect(k03.total).toEqual({ wanted: 2, points: 20, share: 20, available: 2 });
    expect(k04.total).toEqual({ wanted: 1, points: 20, share: 20, available: 2 });
    expect(table.columns).toEqual([
      { level: "remember", wanted: 2, points: 30, share: 30, available: 3 },
      { level: "understand", wanted: 3, points: 30, share: 30, available: 2 },
      { level: "apply", wanted: 3, points: 40, share: 40, available: 2 },
      { level: "analyse", wanted: 0, points: 0, share: 0, available: 0 },
    ]);
    // Items 1, 2, 4, 5, 7, 8, 9 are active; item 7 counts once.
    expect(table.total).toEqual({ wanted: 8, points: 100, share: 100, available: 7 });
  });

  it("rounds shares to one decimal and keeps points to the cent", () => {
    const thirds = summariseBlueprint({
      cells: [
        { code: "K01", level: "remember", count: 1, points: 0.1 },
        { code: "K02", level: "remember", count: 1, points: 0.2 },
        { code: "K03", level: "remember", count: 1, points: 0.3 },
      ],
      codes,
      bank: [],
    });
    expect(thirds.total.points).toBe(0.6);
    expect(thirds.columns[0].points).toBe(0.6);
    expect(thirds.rows.map((r) => r.total.share)).toEqual([16.7, 33.3, 50, 0]);
  });

  it("shows no shares while the total is 0", () => {
    const empty = summariseBlueprint({ cells: [], codes, bank });
    expect(empty.total).toEqual({ wanted: 0, points: 0, share: null, available: 7 });
    expect(empty.rows[0].cells[0].share).toBeNull();
  });

  it("adds a row for a code the standard lacks, so the totals still add up", () => {
    const withUnknown = summariseBlueprint({
      cells: [...cells, { code: "K10", level: "analyse", count: 1, points: 5 }, { code: "K09", level: "remember", count: 1, points: 5 }],
      codes,
      bank: [...bank, item(20, ["K10"], "analyse")],
    });
    expect(withUnknown.rows.slice(4).map((r) => [r.code, r.title, r.known])).toEqual([
      ["K09", null, false],
      ["K10", null, false],
    ]);
    expect(withUnknown.rows[5].cells[3]).toMatchObject({ wanted: 1, available: 1, fillable: true });
    expect(withUnknown.total).toMatchObject({ wanted: 10, points: 110, available: 8 });
  });

  it("adds duplicate cells together", () => {
    const doubled = summariseBlueprint({ cells: [...cells, { code: "K03", level: "apply", count: 1, points: 5 }], codes, bank });
    expect(doubled.rows[2].cells[2]).toMatchObject({ wanted: 3, points: 25, available: 2, fillable: false });
  });

  it("counts an item once even if the bank lists two of its revisions", () => {
    const twice = summariseBlueprint({ cells, codes, bank: [...bank, { ...item(1, ["K01"], "remember"), revisionId: "rev-1b" }] });
    expect(twice.rows[0].cells[0].available).toBe(2);
  });
});

describe("validateBlueprint", () => {
  it("accepts a sound blueprint", () => {
    expect(validateBlueprint({ cells, codes })).toEqual([]);
  });

  it("names unknown codes, duplicate cells and points without items, cell by cell in the standard's order", () => {
    const problems = validateBlueprint({
      cells: [
        { code: "K03", level: "apply", count: 2, points: 20 },
        { code: "K07", level: "remember", count: 1, points: 5 },
        { code: "K07", level: "understand", count: 1, points: 5 },
        { code: "K01", level: "remember", count: 0, points: 7.5 },
        { code: "K03", level: "apply", count: 1, points: 10 },
      ],
      codes,
    });
    expect(problems).toEqual([
      { code: "K01", level: "remember", message: "K01 × 記憶：配分 7.5 分，但題數為 0" },
      { code: "K03", level: "apply", message: "K03 × 應用：同一格重複出現 2 次，請合併為一格" },
      { code: "K07", level: "remember", message: "K07 × 記憶：此職能基準沒有知識代碼 K07" },
    ]);
  });

  it("refuses items wanted for no points at all", () => {
    expect(
      validateBlueprint({
        cells: [
          { code: "K01", level: "remember", count: 10, points: 0 },
          { code: "K02", level: "understand", count: 5, points: 0 },
        ],
        codes,
      }),
    ).toEqual([{ code: null, level: null, message: "細目表共 15 題，但總配分為 0 分" }]);
  });

  it("refuses a blueprint that wants no items", () => {
    expect(validateBlueprint({ cells: [], codes })).toEqual([{ code: null, level: null, message: "細目表尚未設定任何題數" }]);
    expect(validateBlueprint({ cells: [{ code: "K01", level: "apply", count: 0, points: 0 }], codes })).toEqual([
      { code: null, level: null, message: "細目表尚未設定任何題數" },
    ]);
  });
});

describe("helpers", () => {
  it("labels a cell the way messages name it", () => {
    expect(cellLabel("K03", "apply")).toBe("K03 × 應用");
    expect(cellLabel("K12", "analyse")).toBe("K12 × 分析");
  });

  it("fills a cell when the item has the code and the level", () => {
    expect(fillsCell(item(7, ["K03", "K04"], "apply"), { code: "K04", level: "apply" })).toBe(true);
    expect(fillsCell(item(7, ["K03", "K04"], "apply"), { code: "K04", level: "remember" })).toBe(false);
    expect(fillsCell(item(7, ["K03", "K04"], "apply"), { code: "K01", level: "apply" })).toBe(false);
  });

  it("orders cells by the standard's codes, then level; codes it lacks last, K2 before K10", () => {
    const ordered = orderCells(
      [
        { code: "K10", level: "remember" },
        { code: "K03", level: "apply" },
        { code: "K2", level: "remember" },
        { code: "K01", level: "analyse" },
        { code: "K03", level: "remember" },
      ],
      ["K01", "K03"],
    );
    expect(ordered.map((c) => cellLabel(c.code, c.level))).toEqual(["K01 × 分析", "K03 × 記憶", "K03 × 應用", "K2 × 記憶", "K10 × 記憶"]);
  });

  it("formats points with as few decimals as they need", () => {
    expect([formatPoints(2), formatPoints(2.5), formatPoints(1.333), formatPoints(0.1 + 0.2)]).toEqual(["2", "2.5", "1.33", "0.3"]);
  });
});
