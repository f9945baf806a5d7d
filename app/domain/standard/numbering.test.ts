import { describe, expect, it } from "vitest";
import { chineseNumeralValue, sectionHeading, splitNumberedItems, splitSentences } from "./numbering";

describe("chineseNumeralValue", () => {
  it.each([
    ["一", 1],
    ["九", 9],
    ["十", 10],
    ["十一", 11],
    ["二十", 20],
    ["二十三", 23],
    ["十十", null],
    ["一二", null],
  ])("%s → %s", (numeral, value) => {
    expect(chineseNumeralValue(numeral)).toBe(value);
  });
});

describe("sectionHeading", () => {
  it.each([
    ["五、評估績效", { number: 5, marker: "五、", rest: "評估績效" }],
    ["（二）訂定方針", { number: 2, marker: "（二）", rest: "訂定方針" }],
    ["十二. 追蹤", { number: 12, marker: "十二.", rest: "追蹤" }],
    ["一定要檢視", null],
  ])("%s", (text, heading) => {
    expect(sectionHeading(text)).toEqual(heading);
  });
});

describe("splitNumberedItems", () => {
  it("splits run-together items and keeps the text before them", () => {
    expect(splitNumberedItems("標題 1. 檢視目標。2. 分析市場。3. 辨別趨勢。", 1)).toEqual({
      preamble: "標題",
      items: [
        { number: 1, text: "檢視目標。" },
        { number: 2, text: "分析市場。" },
        { number: 3, text: "辨別趨勢。" },
      ],
    });
  });

  it("continues a numbering from where the previous page stopped", () => {
    expect(splitNumberedItems("4. 建立指標。5. 追蹤。", 4).items.map((item) => item.number)).toEqual([4, 5]);
  });

  it("does not take numbers inside the text for items", () => {
    expect(splitNumberedItems("1. 提升 Web 2.0 與 3.5倍成效，第2、3項除外。", 1).items).toEqual([
      { number: 1, text: "提升 Web 2.0 與 3.5倍成效，第2、3項除外。" },
    ]);
  });

  it("accepts 1、 1) and (1) markers", () => {
    expect(splitNumberedItems("1、甲 2) 乙 (3) 丙", 1).items.map((item) => item.text)).toEqual(["甲", "乙", "丙"]);
  });
});

describe("splitSentences", () => {
  it("splits at full stops and keeps a trailing fragment", () => {
    expect(splitSentences("甲。乙！丙")).toEqual(["甲。", "乙！", "丙"]);
  });
});
