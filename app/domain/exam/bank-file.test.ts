import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  BANK_COLUMNS,
  MAX_BANK_ROWS,
  bankRowsForExport,
  bankRowsToCsv,
  bankTemplateRows,
  formatItemNumber,
  parseBankCsv,
  parseBankRows,
  type BankExportItem,
  type BankFileContext,
  type BankFileResult,
} from "./bank-file";
import { TRUE_FALSE_OPTIONS, type ItemContent } from "./types";

/** 社群行銷 standard: K01–K04, two skills, one behaviour indicator. */
const ctx: BankFileContext = {
  knownCodes: { K: ["K01", "K02", "K03", "K04"], S: ["S01", "S02"], P: ["P1.1"] },
  existingNumbers: [1, 2, 3, 12],
  existingStems: ["社群平台的演算法 主要依據哪一項因素排序貼文？"],
};

const HEADER = BANK_COLUMNS.map((c) => c.label);

/** A row in the export's column order from the fields that matter; options A–D as given. */
function row(fields: {
  number?: string;
  type: string;
  stem: string;
  options?: string[];
  key?: string;
  modelAnswer?: string;
  explanation?: string;
  codes?: string;
  level?: string;
  difficulty?: string;
  status?: string;
}): string[] {
  const options = Array.from({ length: 8 }, (_, i) => fields.options?.[i] ?? "");
  return [
    fields.number ?? "",
    fields.type,
    fields.stem,
    ...options,
    fields.key ?? "",
    fields.modelAnswer ?? "",
    fields.explanation ?? "",
    fields.codes ?? "K01",
    fields.level ?? "理解",
    fields.difficulty ?? "",
    fields.status ?? "",
  ];
}

const FOUR = ["按讚數", "留言數", "分享數", "追蹤人數"];

function itemsOf(result: BankFileResult) {
  if (!result.ok) throw new Error(`expected items, got errors:\n${result.errors.map((e) => e.message).join("\n")}`);
  return result.items;
}
function errorsOf(result: BankFileResult) {
  if (result.ok) throw new Error("expected errors, got items");
  return result.errors;
}
function messagesOf(result: BankFileResult) {
  return errorsOf(result).map((e) => e.message);
}

describe("the template", () => {
  it("parses clean against a standard with K01–K04: one example of each type, all drafts", () => {
    const rows = bankTemplateRows();
    expect(rows[0]).toEqual(HEADER);
    const items = itemsOf(parseBankRows(rows, { knownCodes: { K: ["K01", "K02", "K03", "K04"], S: [], P: [] }, existingNumbers: [] }));
    expect(items.map((i) => [i.line, i.number, i.status, i.content.type])).toEqual([
      [2, null, "draft", "single"],
      [3, null, "draft", "multiple"],
      [4, null, "draft", "true_false"],
      [5, null, "draft", "short_answer"],
    ]);
    expect(items[0].content.stem).toContain("觸及人數");
    expect(items[2].content.options).toEqual([...TRUE_FALSE_OPTIONS]);
    expect(items[3].content.modelAnswer).toContain("評分要點");
    expect(items.flatMap((i) => i.content.codes)).toEqual(["K01", "K02", "K03", "K01", "K04"]);
  });
});

describe("reads what bank editors write", () => {
  it("zh-TW headers: every type, its options, key, codes, level, defaults for blank 難度 and 狀態", () => {
    const rows = [
      HEADER,
      row({ type: "單選題", stem: "「觸及人數」指的是什麼？", options: ["曝光總次數", "不重複的觸及用戶數"], key: "B", codes: "K01", level: "理解" }),
      row({ type: "複選", stem: "哪些是互動指標？", options: FOUR, key: "A,C", codes: "K02、S01", level: "記憶", difficulty: "難", status: "草稿" }),
      row({ type: "是非", stem: "網紅業配應揭露合作關係。", key: "○", codes: "K03", level: "記憶", difficulty: "易", status: "停用" }),
      row({ type: "簡答題", stem: "請說明觸及率下降的兩個可能原因。", modelAnswer: "1. 發文頻率降低\n2. 演算法調整", codes: "K01 K04", level: "分析" }),
    ];
    expect(itemsOf(parseBankRows(rows, ctx))).toEqual([
      {
        line: 2,
        number: null,
        status: "active",
        content: {
          type: "single",
          stem: "「觸及人數」指的是什麼？",
          options: ["曝光總次數", "不重複的觸及用戶數"],
          key: [1],
          modelAnswer: null,
          explanation: null,
          codes: ["K01"],
          cognitiveLevel: "understand",
          difficulty: "medium",
        },
      },
      {
        line: 3,
        number: null,
        status: "draft",
        content: {
          type: "multiple",
          stem: "哪些是互動指標？",
          options: FOUR,
          key: [0, 2],
          modelAnswer: null,
          explanation: null,
          codes: ["K02", "S01"],
          cognitiveLevel: "remember",
          difficulty: "hard",
        },
      },
      {
        line: 4,
        number: null,
        status: "retired",
        content: {
          type: "true_false",
          stem: "網紅業配應揭露合作關係。",
          options: [...TRUE_FALSE_OPTIONS],
          key: [0],
          modelAnswer: null,
          explanation: null,
          codes: ["K03"],
          cognitiveLevel: "remember",
          difficulty: "easy",
        },
      },
      {
        line: 5,
        number: null,
        status: "active",
        content: {
          type: "short_answer",
          stem: "請說明觸及率下降的兩個可能原因。",
          options: [],
          key: [],
          modelAnswer: "1. 發文頻率降低\n2. 演算法調整",
          explanation: null,
          codes: ["K01", "K04"],
          cognitiveLevel: "analyse",
          difficulty: "medium",
        },
      },
    ]);
  });

  it("English headers in any order and spelling, only the columns needed, values in English", () => {
    const rows = [
      ["Level", "Codes", "Answer", "Option A", "option_b", "choiceC", "Question", "Item Type", "No", "Difficulty", "STATUS"],
      ["apply", "k02; s02", "ac", "按讚數", "留言數", "分享數", "哪些是互動指標？", "multiple", "q12", "hard", "retired"],
      ["analyze", "K01", "", "", "", "", "說明觸及率下降的原因。", "short_answer", "", "easy", "draft"],
    ];
    const result = parseBankRows(rows, ctx);
    if (result.ok) throw new Error("short answer without model answer should fail");
    expect(messagesOf(result)).toEqual(["第 3 列：簡答題缺少參考答案"]);

    rows[0].push("Model Answer");
    rows[2].push("發文頻率與演算法");
    const items = itemsOf(parseBankRows(rows, ctx));
    expect(items.map((i) => [i.number, i.status, i.content.type, i.content.key, i.content.codes, i.content.cognitiveLevel, i.content.difficulty])).toEqual([
      [12, "retired", "multiple", [0, 2], ["K02", "S02"], "apply", "hard"],
      [null, "draft", "short_answer", [], ["K01"], "analyse", "easy"],
    ]);
  });

  it("header spelling: spaces, full-width letters, zh-TW aliases", () => {
    const rows = [
      ["題目類型", "題目", "選項 Ａ", "選項Ｂ", "正確答案", "對應職能", "認知層級", "難易度", "題目狀態", "詳解"],
      ["單選", "觸及人數指的是？", "曝光總次數", "不重複用戶數", "B", "K01", "理解", "中", "啟用", "觸及只算不重複的人"],
    ];
    expect(itemsOf(parseBankRows(rows, ctx))[0].content).toMatchObject({ options: ["曝光總次數", "不重複用戶數"], key: [1], explanation: "觸及只算不重複的人" });
  });

  it.each([
    ["A", [0]],
    ["AC", [0, 2]],
    ["A,C", [0, 2]],
    ["C、A", [0, 2]],
    [" a c ", [0, 2]],
    ["ＡＣ", [0, 2]],
    ["A，C，D", [0, 2, 3]],
    ["ABCD", [0, 1, 2, 3]],
  ])("multiple-response key %j", (key, expected) => {
    const items = itemsOf(parseBankRows([HEADER, row({ type: "複選", stem: "哪些是互動指標？", options: FOUR, key })], ctx));
    expect(items[0].content.key).toEqual(expected);
  });

  it.each([
    ["O", 0],
    ["o", 0],
    ["○", 0],
    ["〇", 0],
    ["是", 0],
    ["T", 0],
    ["TRUE", 0],
    ["X", 1],
    ["×", 1],
    ["非", 1],
    ["F", 1],
    ["FALSE", 1],
    ["Ｘ", 1],
  ])("true/false key %j", (key, expected) => {
    const items = itemsOf(parseBankRows([HEADER, row({ type: "是非", stem: "網紅業配應揭露合作關係。", key })], ctx));
    expect(items[0].content.key).toEqual([expected]);
  });

  it("題號 as Q012, 12, 012 or full-width; codes matched without case", () => {
    const rows = [
      HEADER,
      row({ number: "Q012", type: "是非", stem: "甲", key: "O", codes: "k01" }),
      row({ number: "1", type: "是非", stem: "乙", key: "O" }),
      row({ number: "002", type: "是非", stem: "丙", key: "O" }),
      row({ number: "Ｑ３", type: "是非", stem: "丁", key: "O", codes: "p1.1、K01" }),
    ];
    expect(itemsOf(parseBankRows(rows, ctx)).map((i) => [i.number, i.content.codes])).toEqual([
      [12, ["K01"]],
      [1, ["K01"]],
      [2, ["K01"]],
      [3, ["P1.1", "K01"]],
    ]);
  });

  it("an update may keep its stem; a new item may not repeat one of the bank (whitespace ignored)", () => {
    const existing = "社群平台的演算法\n  主要依據哪一項因素排序貼文？ ";
    expect(itemsOf(parseBankRows([HEADER, row({ number: "Q001", type: "是非", stem: existing, key: "X" })], ctx))).toHaveLength(1);
    expect(messagesOf(parseBankRows([HEADER, row({ type: "是非", stem: existing, key: "X" })], ctx))).toEqual([
      "第 2 列：題幹與題庫中既有的題目相同",
    ]);
  });

  it("skips blank rows, counting them as a spreadsheet does; trims cells; a multiple with one key is fine", () => {
    const rows = [[], HEADER, ["", " "], row({ type: " 複選題 ", stem: "  哪些是互動指標？ ", options: FOUR, key: " B " }), []];
    const [item] = itemsOf(parseBankRows(rows, ctx));
    expect(item.line).toBe(4);
    expect(item.content.stem).toBe("哪些是互動指標？");
    expect(item.content.key).toEqual([1]);
  });

  it("keeps line breaks in 題幹, 參考答案 and 解析 (CRLF as LF)", () => {
    const rows = [HEADER, row({ type: "簡答", stem: "情境：\r\n某品牌觸及下降。\n請說明原因。", modelAnswer: "1. 頻率\r2. 時段", explanation: "見\n第三章" })];
    expect(itemsOf(parseBankRows(rows, ctx))[0].content).toMatchObject({
      stem: "情境：\n某品牌觸及下降。\n請說明原因。",
      modelAnswer: "1. 頻率\n2. 時段",
      explanation: "見\n第三章",
    });
  });
});

describe("every faulty row is listed with its row, and nothing is imported", () => {
  it("a file mixing good and faulty rows gives every error and no items", () => {
    const rows = [
      HEADER,
      row({ type: "單選", stem: "好的一題", options: FOUR, key: "A" }), // 2: fine
      row({ type: "單選", stem: "未知代碼", options: FOUR, key: "A", codes: "K01、K99" }), // 3
      row({ type: "單選", stem: "沒有答案", options: FOUR }), // 4
      row({ type: "單選", stem: "答案超出選項", options: FOUR, key: "E" }), // 5
      row({ type: "單選", stem: "好的一題", options: FOUR, key: "B" }), // 6: same stem as row 2
      row({ type: "單選", stem: "單選兩個答案", options: FOUR, key: "AC" }), // 7
      row({ type: "複選", stem: "", options: FOUR, key: "AB" }), // 8
      row({ type: "複選", stem: "只有一個選項", options: ["按讚數"], key: "A" }), // 9
      row({ type: "單選", stem: "選項跳號", options: ["按讚數", "留言數", "", "追蹤人數"], key: "A" }), // 10
      row({ type: "填充", stem: "題型不明", level: "創造", difficulty: "普普", status: "封存" }), // 11
      row({ number: "Q099", type: "是非", stem: "題號不存在", key: "O" }), // 12
      row({ number: "Q002", type: "是非", stem: "題號第一次", key: "O" }), // 13: fine by itself
      row({ number: "2", type: "是非", stem: "題號第二次", key: "O" }), // 14
      row({ type: "是非", stem: "只有技能代碼", key: "O", codes: "S01" }), // 15
      row({ type: "是非", stem: "沒有代碼", key: "O", codes: "" }), // 16
      row({ type: "是非", stem: "沒有認知層次", key: "O", level: "" }), // 17
      row({ type: "是非", stem: "", key: "Y", options: ["對"] }), // 18
      row({ type: "簡答", stem: "簡答有答案", key: "A", options: ["甲"] }), // 19
      row({ type: "單選", stem: "有參考答案的單選", options: FOUR, key: "A", modelAnswer: "說明" }), // 20
      row({ type: "", stem: "沒有題型" }), // 21
      row({ type: "複選", stem: "答案格式", options: FOUR, key: "1,2" }), // 22
      row({ type: "複選", stem: "答案重複", options: FOUR, key: "AA" }), // 23
      row({ type: "單選", stem: "選項相同", options: ["按讚數", "按讚數"], key: "A" }), // 24
      row({ type: "是非", stem: "代碼重複", key: "O", codes: "K01, K01" }), // 25
      row({ number: "Q0", type: "是非", stem: "題號格式", key: "O" }), // 26
    ];
    const result = parseBankRows(rows, ctx);
    expect(result.ok).toBe(false);
    expect(errorsOf(result)).toEqual([
      { line: 3, column: "codes", message: "第 3 列：職能代碼「K99」不在此職能基準中" },
      { line: 4, column: "key", message: "第 4 列：缺少答案" },
      { line: 5, column: "key", message: "第 5 列：答案「E」不在選項 A–D 中" },
      { line: 6, column: "stem", message: "第 6 列：題幹與第 2 列相同" },
      { line: 7, column: "key", message: "第 7 列：單選題只能有一個答案（目前為「AC」；多個答案請改用複選題）" },
      { line: 8, column: "stem", message: "第 8 列：缺少題幹" },
      { line: 9, column: "optionA", message: "第 9 列：複選題至少需要 2 個選項（目前 1 個）" },
      { line: 10, column: "optionC", message: "第 10 列：選項 C 是空白，但後面還有選項 D（選項須從 A 起連續填寫）" },
      { line: 11, column: "type", message: "第 11 列：題型「填充」無法辨識（可用：單選、複選、是非、簡答）" },
      { line: 11, column: "level", message: "第 11 列：認知層次「創造」無法辨識（可用：記憶、理解、應用、分析）" },
      { line: 11, column: "difficulty", message: "第 11 列：難度「普普」無法辨識（可用：易、中、難；空白為中）" },
      { line: 11, column: "status", message: "第 11 列：狀態「封存」無法辨識（可用：草稿、啟用、停用；空白為啟用）" },
      { line: 12, column: "number", message: "第 12 列：題號「Q099」不在此題庫中（新增題目請將題號留空）" },
      { line: 14, column: "number", message: "第 14 列：題號「2」與第 13 列重複" },
      { line: 15, column: "codes", message: "第 15 列：職能代碼至少需要一個知識（K）代碼" },
      { line: 16, column: "codes", message: "第 16 列：缺少職能代碼（至少需要一個知識 K 代碼）" },
      { line: 17, column: "level", message: "第 17 列：缺少認知層次" },
      { line: 18, column: "stem", message: "第 18 列：缺少題幹" },
      { line: 18, column: "optionA", message: "第 18 列：是非題不填選項（選項固定為「正確（O）」與「錯誤（X）」）" },
      { line: 18, column: "key", message: "第 18 列：是非題的答案「Y」無法辨識（請填 O 或 X）" },
      { line: 19, column: "optionA", message: "第 19 列：簡答題不填選項" },
      { line: 19, column: "key", message: "第 19 列：簡答題不填答案，參考答案或評分要點請填在「參考答案」欄" },
      { line: 19, column: "modelAnswer", message: "第 19 列：簡答題缺少參考答案" },
      { line: 20, column: "modelAnswer", message: "第 20 列：參考答案只用於簡答題（選擇題與是非題的說明請填在「解析」欄）" },
      { line: 21, column: "type", message: "第 21 列：缺少題型" },
      { line: 22, column: "key", message: "第 22 列：答案「1,2」格式不正確（請填選項字母，例如 A 或 AC）" },
      { line: 23, column: "key", message: "第 23 列：答案「AA」重複列出選項 A" },
      { line: 24, column: "optionB", message: "第 24 列：選項 B 與選項 A 相同" },
      { line: 25, column: "codes", message: "第 25 列：職能代碼「K01」重複" },
      { line: 26, column: "number", message: "第 26 列：題號「Q0」格式不正確（例如 Q012 或 12；新增題目請留空）" },
    ]);
  });

  it("several letters outside the options are named together", () => {
    expect(messagesOf(parseBankRows([HEADER, row({ type: "複選", stem: "甲", options: ["一", "二", "三"], key: "BDE" })], ctx))).toEqual([
      "第 2 列：答案「D、E」不在選項 A–C 中",
    ]);
  });

  it("a duplicate stem is found after collapsing whitespace", () => {
    const rows = [HEADER, row({ type: "是非", stem: "網紅業配 應揭露合作關係。", key: "O" }), row({ type: "是非", stem: " 網紅業配\n\n應揭露合作關係。", key: "X" })];
    expect(messagesOf(parseBankRows(rows, ctx))).toEqual(["第 3 列：題幹與第 2 列相同"]);
  });

  it("limits: stem, option, model answer length; control characters; data under no header", () => {
    const rows = [
      HEADER,
      row({ type: "單選", stem: "長".repeat(2001), options: FOUR, key: "A" }),
      row({ type: "單選", stem: "選項太長", options: ["甲".repeat(501), "乙"], key: "A" }),
      row({ type: "簡答", stem: "參考答案太長", modelAnswer: "答".repeat(2001) }),
      row({ type: "單選", stem: "選項\t有控制字元", options: ["按讚\n數", "留言數"], key: "A" }),
      [...row({ type: "是非", stem: "多一欄", key: "O" }), "", "多出來的資料"],
    ];
    // The 2,000 limit counts characters: a stem of 2,000 CJK extension characters (4,000 UTF-16 units) is fine.
    rows.push(row({ type: "是非", stem: "𠀋".repeat(2000), key: "O" }));
    expect(messagesOf(parseBankRows(rows, ctx))).toEqual([
      "第 2 列：題幹不可超過 2000 字（目前 2001 字）",
      "第 3 列：選項 A 不可超過 500 字（目前 501 字）",
      "第 4 列：參考答案不可超過 2000 字（目前 2001 字）",
      "第 5 列：「題幹」不可包含控制字元（換行以外）",
      "第 5 列：「選項A」不可包含換行或控制字元",
      "第 6 列：T 欄有資料，但該欄沒有欄位名稱（請檢查標題列）",
    ]);
  });

  it(`more than ${MAX_BANK_ROWS} items: one message, nothing read further`, () => {
    const rows = [HEADER, ...Array.from({ length: MAX_BANK_ROWS + 1 }, (_, i) => row({ type: "是非", stem: `第 ${i} 題`, key: "O", codes: "K99" }))];
    expect(errorsOf(parseBankRows(rows, ctx))).toEqual([
      { line: MAX_BANK_ROWS + 2, message: `第 ${MAX_BANK_ROWS + 2} 列：題目超過 5000 題上限（本檔案有 5001 題），請分批匯入` },
    ]);
  });

  it.each([
    ["an empty file", [], "第 1 列：檔案是空的，第一列應為標題列（題號、題型、題幹、選項A、選項B、選項C、選項D、選項E、選項F、選項G、選項H、答案、參考答案、解析、職能代碼、認知層次、難度、狀態）"],
    ["only blank rows", [[""], [" ", ""]], "第 1 列：檔案是空的，第一列應為標題列（題號、題型、題幹、選項A、選項B、選項C、選項D、選項E、選項F、選項G、選項H、答案、參考答案、解析、職能代碼、認知層次、難度、狀態）"],
    ["a header and no rows", [HEADER, [""]], "第 2 列：沒有任何題目資料"],
    ["a header missing required columns", [["題號", "題幹", "答案"], ["", "甲", "A"]], "第 1 列：缺少必要欄位「題型」、「職能代碼」、「認知層次」（第一列必須是標題列）"],
    ["a data row where the header should be", [row({ type: "是非", stem: "甲", key: "O" })], "第 1 列：無法辨識的欄位名稱「是非」、「甲」、「O」、「K01」、「理解」（可用：題號、題型、題幹、選項A、選項B、選項C、選項D、選項E、選項F、選項G、選項H、答案、參考答案、解析、職能代碼、認知層次、難度、狀態）"],
  ])("%s", (_, rows, message) => {
    expect(messagesOf(parseBankRows(rows, ctx))[0]).toBe(message);
  });

  it("an unknown or repeated header column is reported with the rows' errors", () => {
    const rows = [
      ["題型", "題幹", "答案", "職能代碼", "認知層次", "出處", "Answer"],
      ["是非", "甲", "O", "K01", "記憶", "課本", "O"],
    ];
    expect(messagesOf(parseBankRows(rows, ctx))).toEqual([
      "第 1 列：無法辨識的欄位名稱「出處」（可用：題號、題型、題幹、選項A、選項B、選項C、選項D、選項E、選項F、選項G、選項H、答案、參考答案、解析、職能代碼、認知層次、難度、狀態）",
      "第 1 列：欄位「答案」重複出現",
    ]);
  });
});

/** A bank as the database would hold it: every type, odd characters, multi-line text. */
const BANK: BankExportItem[] = [
  {
    number: 1,
    status: "active",
    content: {
      type: "single",
      stem: "下列何者「最」適合用來衡量品牌貼文的觸及成效？",
      options: ["曝光次數, 不重複", '按讚數（"讚"）', "觸及人數", "0012"],
      key: [2],
      modelAnswer: null,
      explanation: "觸及人數只計算不重複的使用者。",
      codes: ["K01", "S01"],
      cognitiveLevel: "understand",
      difficulty: "medium",
    },
  },
  {
    number: 12,
    status: "draft",
    content: {
      type: "multiple",
      stem: "情境：某飲料品牌經營 Instagram。\n下列哪些做法有助於提高互動率？",
      options: ["固定時段發文", "經營短影音", "購買假粉絲", "回覆留言", "1E5", "=SUM(A1)", "選項七", "選項八"],
      key: [0, 1, 3],
      modelAnswer: null,
      explanation: null,
      codes: ["K02"],
      cognitiveLevel: "apply",
      difficulty: "hard",
    },
  },
  {
    number: 3,
    status: "retired",
    content: {
      type: "true_false",
      stem: "網紅收取報酬推薦商品時，不需要揭露合作關係。",
      options: [...TRUE_FALSE_OPTIONS],
      key: [1],
      modelAnswer: null,
      explanation: "應依公平交易委員會的規範揭露。",
      codes: ["K03"],
      cognitiveLevel: "remember",
      difficulty: "easy",
    },
  },
  {
    number: 2,
    status: "active",
    content: {
      type: "short_answer",
      stem: "請說明「觸及人數」與「曝光次數」的差異。",
      options: [],
      key: [],
      modelAnswer: "評分要點：\n1. 觸及為不重複人數（5 分）\n2. 曝光為總顯示次數（5 分）",
      explanation: null,
      codes: ["K01", "K04", "P1.1"],
      cognitiveLevel: "analyse",
      difficulty: "medium",
    },
  },
];

describe("export → import is an identity", () => {
  const updateCtx: BankFileContext = { ...ctx, existingNumbers: BANK.map((i) => i.number), existingStems: BANK.map((i) => i.content.stem) };

  it("as rows", () => {
    const rows = bankRowsForExport(BANK);
    expect(rows[0]).toEqual(HEADER);
    expect(rows[2].slice(0, 3)).toEqual(["Q012", "複選題", BANK[1].content.stem]);
    expect(rows[2][11]).toBe("ABD");
    expect(rows[3][11]).toBe("X");
    expect(itemsOf(parseBankRows(rows, updateCtx))).toEqual(BANK.map((item, i) => ({ line: i + 2, ...item })));
  });

  it("as a CSV file for Excel: BOM, CRLF, quoted where needed; rows are records even when a cell spans lines", () => {
    const csv = bankRowsToCsv(bankRowsForExport(BANK));
    expect(csv.startsWith("\uFEFF題號,題型,題幹,選項A,")).toBe(true);
    expect(csv).toContain('"曝光次數, 不重複","按讚數（""讚""）",觸及人數,0012,');
    expect(csv.endsWith("\r\n")).toBe(true);
    const bytes = new TextEncoder().encode(csv);
    expect(itemsOf(parseBankCsv(bytes, updateCtx))).toEqual(BANK.map((item, i) => ({ line: i + 2, ...item })));
  });

  it("property: any valid bank survives export and import", () => {
    const text = (max: number) =>
      fc
        .string({ unit: fc.constantFrom("社", "群", "行", "銷", "a", "1", ",", '"', " ", "「", "」"), minLength: 1, maxLength: max })
        .map((s) => s.trim())
        .filter((s) => s !== "");
    const content: fc.Arbitrary<ItemContent> = fc
      .record({
        type: fc.constantFrom("single", "multiple", "true_false", "short_answer" as const),
        stem: text(30),
        options: fc.uniqueArray(text(8), { minLength: 2, maxLength: 8 }),
        pick: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        note: fc.option(text(20), { nil: null }),
        codes: fc.subarray(["K01", "K02", "S01", "P1.1"], { minLength: 1 }).map((c) => ["K03", ...c]),
        cognitiveLevel: fc.constantFrom("remember", "understand", "apply", "analyse" as const),
        difficulty: fc.constantFrom("easy", "medium", "hard" as const),
      })
      .map(({ type, stem, options, pick, note, codes, cognitiveLevel, difficulty }) => {
        const choice = type === "single" || type === "multiple";
        const key = [...new Set(pick.map((p) => p % options.length))].sort((a, b) => a - b);
        return {
          type,
          stem,
          options: choice ? options : type === "true_false" ? [...TRUE_FALSE_OPTIONS] : [],
          key: type === "single" ? [key[0]] : type === "multiple" ? key : type === "true_false" ? [pick[0] % 2] : [],
          modelAnswer: type === "short_answer" ? (note ?? "參考") : null,
          explanation: type === "short_answer" ? null : note,
          codes,
          cognitiveLevel,
          difficulty,
        };
      });
    const bank = fc.uniqueArray(
      fc.record({ number: fc.integer({ min: 1, max: 9999 }), status: fc.constantFrom("draft", "active", "retired" as const), content }),
      { minLength: 1, maxLength: 6, selector: (i) => i.number },
    );
    fc.assert(
      fc.property(bank, (items) => {
        fc.pre(new Set(items.map((i) => i.content.stem.replace(/\s+/gu, " "))).size === items.length);
        const context = { ...ctx, existingNumbers: items.map((i) => i.number) };
        const expected = items.map((item, i) => ({ line: i + 2, ...item }));
        expect(itemsOf(parseBankRows(bankRowsForExport(items), context))).toEqual(expected);
        expect(itemsOf(parseBankCsv(bankRowsToCsv(bankRowsForExport(items)), context))).toEqual(expected);
      }),
    );
  });
});

describe("parseBankCsv: files that are not what they claim", () => {
  it("UTF-8 without a BOM reads the same", () => {
    expect(itemsOf(parseBankCsv(new TextEncoder().encode(bankRowsToCsv(bankTemplateRows()).slice(1)), ctx))).toHaveLength(4);
  });

  it("Big5 (Excel's plain 「CSV」 in Taiwan) is refused with the way out", () => {
    // "題型,題幹" in Big5.
    const big5 = new Uint8Array([0xc3, 0x44, 0xab, 0xac, 0x2c, 0xc3, 0x44, 0xb7, 0x46, 0x0d, 0x0a]);
    const [error] = errorsOf(parseBankCsv(big5, ctx));
    expect(error.line).toBe(1);
    expect(error.message).toContain("不是 UTF-8 編碼");
    expect(error.message).toContain("CSV UTF-8");
  });

  it("UTF-16 (Excel's 「Unicode 文字」) is named as such", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...("題型\t題幹")].map((c) => c.charCodeAt(0))).buffer)]);
    expect(messagesOf(parseBankCsv(utf16, ctx))).toEqual([
      "第 1 行：檔案是 UTF-16 編碼（Excel 的「Unicode 文字」），不是 UTF-8 CSV。若以 Excel 編輯，請用「另存新檔」選擇「CSV UTF-8（逗號分隔）」格式",
    ]);
  });

  it("a broken quote names the physical line", () => {
    expect(messagesOf(parseBankCsv('題型,題幹,職能代碼,認知層次\n是非,"網紅業配,K01,記憶\n', ctx))[0]).toBe(
      "第 2 行：引號沒有結束（以 \" 開頭的欄位找不到結尾的 \"）",
    );
  });

  it("too large", () => {
    expect(messagesOf(parseBankCsv(new Uint8Array(21 * 1024 * 1024), ctx))).toEqual(["檔案超過 20 MB 上限，請分批匯入"]);
  });
});

describe("formatItemNumber", () => {
  it("pads to three digits and keeps longer numbers whole", () => {
    expect([1, 12, 123, 1234].map(formatItemNumber)).toEqual(["Q001", "Q012", "Q123", "Q1234"]);
  });
});
