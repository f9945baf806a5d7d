import { describe, expect, it } from "vitest";
import { cleanText, isFinished, toBlocks } from "./clean-text";

describe("cleanText", () => {
  it.each([
    ["行為數據分 析報告", "行為數據分析報告"],
    ["行為數據分\n析報告", "行為數據分析報告"],
    ["社群、 與討論度", "社群、與討論度"],
    ["如 Google Ads 等", "如 Google Ads 等"],
    ["排程表 (cue 表)", "排程表 (cue 表)"],
    ["  a \t\n b  ", "a b"],
    ["全形\u3000空白", "全形空白"],
  ])("%j → %j", (raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
  });
});

describe("toBlocks", () => {
  it("turns block tags into separate blocks and drops inline tags", () => {
    expect(toBlocks('<p>P1 <span class="x">甲</span></p> <ol style="a">1. 乙<br/>丙</ol>&lt;p&gt;')).toEqual([
      { text: "P1 甲", bulleted: false },
      { text: "1. 乙", bulleted: false },
      { text: "丙", bulleted: false },
      { text: "<p>", bulleted: false },
    ]);
  });

  it("splits bullets, including mid-line ones, and marks them", () => {
    expect(toBlocks("- 甲：\n - 乙。• 丙● 丁\n戊")).toEqual([
      { text: "甲：", bulleted: true },
      { text: "乙。", bulleted: true },
      { text: "丙", bulleted: true },
      { text: "丁", bulleted: true },
      { text: "戊", bulleted: false },
    ]);
  });

  it("keeps a leading minus that is part of the text", () => {
    expect(toBlocks("-5 度")).toEqual([{ text: "-5 度", bulleted: false }]);
  });
});

describe("isFinished", () => {
  it.each([
    [["蒐集資料。"], true],
    [["蒐集資料（含社群）。」"], true],
    [["監控媒體報導、社群"], false],
    [["建議條件："], false],
    [[""], false],
  ])("%j → %s", (pieces, finished) => {
    expect(isFinished(pieces)).toBe(finished);
  });

  it("treats extra marks as ends when asked", () => {
    expect(isFinished(["建議條件："], "：")).toBe(true);
  });
});
