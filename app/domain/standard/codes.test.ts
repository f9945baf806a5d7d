import { describe, expect, it } from "vitest";
import { belongsToTask, compareCodes, MAIN_TABLE_KINDS, splitByCodes } from "./codes";

describe("splitByCodes", () => {
  it("splits a cell at its codes and strips the code prefixes", () => {
    expect(splitByCodes("前言 P1.1.1 蒐集。 P1.1.2：分析。", MAIN_TABLE_KINDS)).toEqual([
      { code: null, kind: null, text: "前言" },
      { code: "P1.1.1", kind: "indicator", text: "蒐集。" },
      { code: "P1.1.2", kind: "indicator", text: "分析。" },
    ]);
  });

  it("recognises each kind by its shape", () => {
    const kinds = splitByCodes("T1 甲 T1.1 乙 O1.1.1 丙 K01 丁、S12戊", MAIN_TABLE_KINDS).map(
      (segment) => segment.kind,
    );
    expect(kinds).toEqual(["duty", "task", "output", "knowledge", "skill"]);
  });

  it.each([
    ["a reference inside a sentence", "依據O1.1.1完成"],
    ["a word that looks like a code", "使用A4紙與K8s"],
    ["a longer number", "P1.1.1.2 與 K1234"],
    ["a product name", "ISO9001 與 iOS17"],
  ])("leaves %s alone", (_label, text) => {
    expect(splitByCodes(text, new Set(["output", "indicator", "knowledge", "attitude"]))).toEqual([
      { code: null, kind: null, text },
    ]);
  });
});

describe("code order", () => {
  it("compares numerically, level by level", () => {
    expect(compareCodes("P1.1.10", "P1.1.9")).toBeGreaterThan(0);
    expect(compareCodes("K06", "K07")).toBeLessThan(0);
    expect(compareCodes("T1", "T1.1")).toBeLessThan(0);
  });

  it("knows which task an output or indicator is numbered under", () => {
    expect(belongsToTask("O1.2.3", "T1.2")).toBe(true);
    expect(belongsToTask("P1.2.3", "T1.1")).toBe(false);
  });
});
