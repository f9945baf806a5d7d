/**
 * The traps of DESIGN §3 and templates/demo/standards/README.md on small synthetic standards, and the
 * specific error each kind of bad input gets.
 */
import { describe, expect, it } from "vitest";
import { MAX_STANDARD_BYTES } from "./decode";
import { StandardParseError } from "./errors";
import { parseStandard, parseStandardBytes } from "./parse";
import type { ParsedStandard, Task } from "./types";

const HEADER =
  "主要職責\t工作任務\t工作產出\t行為指標\t職能級別\t職能內涵 (K=knowledge 知識)\t職能內涵 (S=skills 技能)";

/** A minimal occupational standard whose task table starts on line 7 (header) and rows on line 8. */
function occupational(rows: string[], after: string[] = []): string {
  return [
    "測試人員職能基準",
    "",
    "職能基準代碼\t\tTST0001-001v1\t\t\t",
    "職能基準名稱 (擇一填寫)\t\t職業\t測試人員\t\t",
    "基準級別\t\t3\t\t\t",
    "",
    HEADER,
    ...rows,
    ...after,
  ].join("\n");
}

const row = (...cells: string[]) => cells.join("\t");

function tasksOf(standard: ParsedStandard): Task[] {
  return standard.duties.flatMap((duty) => duty.tasks);
}

function parseError(run: () => unknown): StandardParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof StandardParseError) return error;
    throw error;
  }
  throw new Error("expected a StandardParseError");
}

describe("occupational standards: codes decide, not columns", () => {
  it("reads the heading block, a duty, a task and its items, with code prefixes stripped", () => {
    const standard = parseStandard(
      occupational([
        row(
          "T1 規劃",
          "T1.1 分析市場",
          "O1.1.1 市場報告",
          "P1.1.1 蒐集資料。 P1.1.2 分析資料。",
          "3",
          "K01 市場 K02 法規",
          "S01 分析能力",
        ),
      ]),
    );
    expect(standard).toMatchObject({
      kind: "occupational",
      code: "TST0001-001v1",
      name: "測試人員",
      level: 3,
      warnings: [],
    });
    expect(standard.duties).toEqual([
      {
        code: "T1",
        title: "規劃",
        tasks: [
          {
            code: "T1.1",
            title: "分析市場",
            level: 3,
            outputs: [{ code: "O1.1.1", title: "市場報告" }],
            indicators: [
              { code: "P1.1.1", text: "蒐集資料。" },
              { code: "P1.1.2", text: "分析資料。" },
            ],
            knowledge: ["K01", "K02"],
            skills: ["S01"],
          },
        ],
      },
    ]);
    expect(standard.knowledge).toEqual([
      { code: "K01", title: "市場" },
      { code: "K02", title: "法規" },
    ]);
  });

  it("cleans HTML, entities, whitespace and the space between CJK characters", () => {
    const standard = parseStandard(
      occupational([
        row(
          "T1 規劃",
          "T1.1 分析<br>市場",
          "O1.1.1 轉換率提升 優化報告",
          "<p>P1.1.1 蒐集&amp;整理 Google Ads 資料。</p> <p>P1.1.2 分析。</p>",
          "3",
          "<p>K01 市場</p>",
          "S01 分析",
        ),
      ]),
    );
    const [t11] = tasksOf(standard);
    expect(t11.title).toBe("分析市場");
    expect(t11.outputs[0].title).toBe("轉換率提升優化報告");
    expect(t11.indicators.map((p) => p.text)).toEqual(["蒐集&整理 Google Ads 資料。", "分析。"]);
  });

  it("classifies an output shifted into the task column, with its own indicator, by its code", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 蒐集。", "3", "K01 市場", "S01 分析"),
        row("", "O1.1.2 附件", "P1.1.2 附上佐證資料。", "", "", "", ""),
      ]),
    );
    const [t11] = tasksOf(standard);
    expect(t11.outputs.map((o) => o.code)).toEqual(["O1.1.1", "O1.1.2"]);
    expect(t11.indicators.map((p) => p.code)).toEqual(["P1.1.1", "P1.1.2"]);
    expect(standard.warnings).toEqual([]);
  });

  it("keeps all rows of a task that spans several rows", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 蒐集。", "3", "K01 市場", "S01 分析"),
        row("", "", "O1.1.2 簡報", "P1.1.2 報告。", "", "K02 法規", "S02 簡報"),
        row("", "T1.2 執行", "", "P1.2.1 執行。", "2", "K02 法規", "S02 簡報"),
      ]),
    );
    const [t11, t12] = tasksOf(standard);
    expect(t11).toMatchObject({
      outputs: [{ code: "O1.1.1" }, { code: "O1.1.2" }],
      knowledge: ["K01", "K02"],
      skills: ["S01", "S02"],
    });
    expect(t11.indicators.map((p) => p.code)).toEqual(["P1.1.1", "P1.1.2"]);
    // A task without outputs is normal, not a slip.
    expect(t12).toMatchObject({ code: "T1.2", level: 2, outputs: [] });
    expect(standard.warnings).toEqual([]);
  });

  it("finds columns by their header labels, whatever their order and wording", () => {
    const header = "職責\t任務名稱\t行為指標\t工作產出\t技能 (S)\t知識 (K)\t級別";
    const text =
      occupational([]).replace(HEADER, header) +
      "\n" +
      [
        row("T1 規劃", "T1.1 分析", "P1.1.1 蒐集資料，並", "O1.1.1 報告", "S01 分析", "K01 市場", "4"),
        "",
        header,
        row("", "", "整理成報告。", "", "", "", ""),
      ].join("\n");
    const [t11] = tasksOf(parseStandard(text));
    expect(t11).toMatchObject({
      level: 4,
      knowledge: ["K01"],
      skills: ["S01"],
      outputs: [{ code: "O1.1.1", title: "報告" }],
    });
    expect(t11.indicators).toEqual([{ code: "P1.1.1", text: "蒐集資料，並整理成報告。" }]);
  });
});

describe("occupational standards: cells split by page breaks", () => {
  const pageBreak = ["", HEADER];

  it("joins a cut indicator, output title, task title and K/S list to the item they continue", () => {
    const standard = parseStandard(
      occupational([
        row(
          "T1 規劃",
          "T1.1 統整媒體",
          "O1.1.1 行為數據分",
          "P1.1.1 決定投放切",
          "3",
          "K01 市場 K02 法規知",
          "S01 分析",
        ),
        ...pageBreak,
        row("", "素材", "析報告", "入角度。 P1.1.2 統整圖文。", "", "識 K03 成本", "S02 溝通"),
      ]),
    );
    const [t11] = tasksOf(standard);
    expect(t11.title).toBe("統整媒體素材");
    expect(t11.outputs).toEqual([{ code: "O1.1.1", title: "行為數據分析報告" }]);
    expect(t11.indicators).toEqual([
      { code: "P1.1.1", text: "決定投放切入角度。" },
      { code: "P1.1.2", text: "統整圖文。" },
    ]);
    expect(t11.knowledge).toEqual(["K01", "K02", "K03"]);
    expect(t11.skills).toEqual(["S01", "S02"]);
    expect(standard.knowledge[1]).toEqual({ code: "K02", title: "法規知識" });
    expect(standard.warnings).toEqual([]);
  });

  it("joins a duty title cut onto the row of its next task, but not onto another duty's task", () => {
    const standard = parseStandard(
      occupational([
        row("T1 執行前期", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析"),
        ...pageBreak,
        row("準備工作", "T1.2 協調", "O1.2.1 時程表", "P1.2.1 協調。", "3", "K01 市場", "S01 分析"),
        ...pageBreak,
        row("經營社群", "T2.1 規劃", "O2.1.1 報告書", "P2.1.1 規劃。", "3", "K01 市場", "S01 分析"),
      ]),
    );
    expect(standard.duties.map((duty) => [duty.code, duty.title, duty.tasks.map((t) => t.code)])).toEqual([
      ["T1", "執行前期準備工作", ["T1.1", "T1.2"]],
      [null, "經營社群", ["T2.1"]],
    ]);
    expect(standard.warnings).toEqual([expect.stringContaining("duty without a code")]);
  });

  it("joins a continuation that lands in a row that also adds new items", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 監控", "O1.1.1 報告", "P1.1.1 監控媒體報導、社群", "3", "K01 市場", "S01 分析"),
        ...pageBreak,
        row("", "", "", "<p>與討論度，並提報主管。</p> <p>P1.1.2 依成果檢討。</p>", "", "K02 法規", ""),
        row("T2 執行", "T2.1 上線", "O2.1.1 截圖", "P2.1.1 上線。", "3", "K01 市場", "S01 分析"),
      ]),
    );
    const [t11, t21] = tasksOf(standard);
    expect(t11.indicators.map((p) => p.text)).toEqual(["監控媒體報導、社群與討論度，並提報主管。", "依成果檢討。"]);
    expect(t11.knowledge).toEqual(["K01", "K02"]);
    expect(t21.code).toBe("T2.1");
  });

  it("does not treat a finished indicator's next-page neighbour as its continuation", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 蒐集資料。", "3", "K01 市場", "S01 分析"),
        ...pageBreak,
        row("", "", "", "確認資料來源。", "", "", ""),
      ]),
    );
    expect(tasksOf(standard)[0].indicators).toEqual([
      { code: "P1.1.1", text: "蒐集資料。" },
      { code: null, text: "確認資料來源。" },
    ]);
    expect(standard.warnings).toEqual([expect.stringContaining("indicator without a code")]);
  });
});

describe("occupational standards: authors' slips are kept and reported", () => {
  it("an uncoded indicator gets code null and a warning naming its line", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "依據目標選定平台。 P1.1.2 分析資料。", "3", "K01 市場", "S01 分析"),
      ]),
    );
    expect(tasksOf(standard)[0].indicators).toEqual([
      { code: null, text: "依據目標選定平台。" },
      { code: "P1.1.2", text: "分析資料。" },
    ]);
    expect(standard.warnings).toHaveLength(1);
    expect(standard.warnings[0]).toMatch(/^T1\.1: indicator without a code.*\(line 8\)/);
    expect(standard.warnings[0]).toContain("行為指標沒有代碼");
  });

  it("an uncoded output in a new task gets code null", () => {
    const standard = parseStandard(
      occupational([row("T1 規劃", "T1.1 分析", "市場報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析")]),
    );
    expect(tasksOf(standard)[0].outputs).toEqual([{ code: null, title: "市場報告" }]);
    expect(standard.warnings).toEqual([expect.stringContaining("output without a code")]);
  });

  it("an output code reused under another task is kept and warned", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析"),
        row("", "T1.2 執行", "O1.1.1 報告", "P1.2.1 執行。", "3", "K01 市場", "S01 分析"),
      ]),
    );
    expect(tasksOf(standard)[1].outputs).toEqual([{ code: "O1.1.1", title: "報告" }]);
    expect(standard.warnings).toHaveLength(1);
    expect(standard.warnings[0]).toContain("T1.2: output code O1.1.1 reused, first used under T1.1 (line 9)");
  });

  it("codes out of order are kept in document order and warned", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.2 分析。 P1.1.1 蒐集。", "3", "K02 法規 K01 市場", "S01 分析"),
      ]),
    );
    const [t11] = tasksOf(standard);
    expect(t11.indicators.map((p) => p.code)).toEqual(["P1.1.2", "P1.1.1"]);
    expect(t11.knowledge).toEqual(["K02", "K01"]);
    expect(standard.warnings).toEqual([
      expect.stringContaining("indicator codes out of order, P1.1.2 listed before P1.1.1"),
      expect.stringContaining("knowledge codes out of order, K02 listed before K01"),
    ]);
  });

  it("an item numbered for another task is warned", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析"),
        row("", "T2.1 執行", "O1.2.1 報告", "P1.2.1 執行。", "3", "K01 市場", "S01 分析"),
      ]),
    );
    expect(standard.warnings).toEqual([
      expect.stringContaining("task T2.1 is listed under T1"),
      expect.stringContaining("output O1.2.1 is listed under T2.1"),
      expect.stringContaining("indicator P1.2.1 is listed under T2.1"),
    ]);
  });

  it("a footnote marker 【註2】 is kept in the text and warned", () => {
    const standard = parseStandard(
      occupational(
        [row("T1 規劃", "T1.1 分析", "O1.1.1 報告【註2】", "P1.1.1 依法規【註2】蒐集。", "3", "K01 市場", "S01 分析")],
        ["", "說明與補充事項", "", "- 【註2】法規：個人資料保護法。"],
      ),
    );
    const [t11] = tasksOf(standard);
    expect(t11.outputs[0].title).toBe("報告【註2】");
    expect(t11.indicators[0].text).toBe("依法規【註2】蒐集。");
    expect(standard.notes).toEqual(["【註2】法規：個人資料保護法。"]);
    expect(standard.warnings).toEqual([
      "O1.1.1: footnote marker 【註2】 kept as written (line 8) / O1.1.1 含註腳標記【註2】，已照原文保留",
      "P1.1.1: footnote marker 【註2】 kept as written (line 8) / P1.1.1 含註腳標記【註2】，已照原文保留",
    ]);
  });

  it("a K code titled differently in two tasks keeps the first title and warns", () => {
    const standard = parseStandard(
      occupational([
        row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析"),
        row("", "T1.2 執行", "O1.2.1 報告", "P1.2.1 執行。", "3", "K01 市場概論", "S01 分析"),
      ]),
    );
    expect(standard.knowledge).toEqual([{ code: "K01", title: "市場" }]);
    expect(standard.warnings).toEqual([
      expect.stringContaining('K01: knowledge item titled "市場概論" here but "市場" on line 8'),
    ]);
  });
});

describe("occupational standards: the sections after the table", () => {
  it("reads attitudes, notes (one per bullet) and versions", () => {
    const text = occupational(
      [row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析")],
      [
        "",
        "職能內涵 (A=attitude 態度)",
        "<p>A01 正直誠實：展現高道德標準。</p> <p>A02彈性：能調整方法。</p>",
        "",
        "說明與補充事項",
        "<ul>● 建議條件：<ul>• 大專以上。● 其他：<ul>• 平台：如 Google Ads 等。",
      ],
    ).replace(
      "測試人員職能基準\n",
      "測試人員職能基準\n\n版本\t職能基準代碼\t職能基準名稱\t狀態\t更新說明\t發展更新日期\nV1\tTST0001-001v1\t測試人員\t最新版本\t略\t113/1/5\n",
    );
    const standard = parseStandard(text);
    expect(standard.attitudes).toEqual([
      { code: "A01", title: "正直誠實", description: "展現高道德標準。" },
      { code: "A02", title: "彈性", description: "能調整方法。" },
    ]);
    expect(standard.notes).toEqual(["建議條件：", "大專以上。", "其他：", "平台：如 Google Ads 等。"]);
    expect(standard.versions).toEqual([
      { version: "V1", code: "TST0001-001v1", name: "測試人員", status: "最新版本", note: "略", date: "2024-01-05" },
    ]);
  });
});

const UNIT_HEAD = [
  "職能單元代碼\tTST4R0001",
  "職能單元名稱\t測試單元",
  "領域類別\t資訊科技 / 數位內容與傳播",
  "職能單元級別\t4",
];

describe("competency units", () => {
  it("maps sections to tasks, items to indicators, and K/S items to codes every task lists", () => {
    const unit = parseStandard(
      [
        ...UNIT_HEAD,
        "工作任務與行為指標\t<p>一、規劃</p> <ol>1. 檢視目標。2. 分析市場，其在 Web 2.0 的使用。</ol> <p>二、執行</p> <ol>1. 執行計畫。",
        "職能內涵 (K=knowledge 知識)\t<p>一、法規。</p> <p>二、平台特性。</p>",
        "職能內涵 (S=skills 技能)\t<p>一、分析能力。</p>",
        "評量設計參考\t<p>一、評量條件</p> <ol>在模擬職場展現技能。評量人員需具資格。",
        "說明與補充事項\t無。",
      ].join("\n"),
    );
    expect(unit).toMatchObject({
      kind: "unit",
      code: "TST4R0001",
      name: "測試單元",
      level: 4,
      category: { domain: "資訊科技 / 數位內容與傳播" },
    });
    expect(unit.duties).toEqual([
      {
        code: "TST4R0001",
        title: "測試單元",
        tasks: [
          {
            code: "T1",
            title: "規劃",
            level: null,
            outputs: [],
            indicators: [
              { code: "P1.1", text: "檢視目標。" },
              { code: "P1.2", text: "分析市場，其在 Web 2.0 的使用。" },
            ],
            knowledge: ["K01", "K02"],
            skills: ["S01"],
          },
          {
            code: "T2",
            title: "執行",
            level: null,
            outputs: [],
            indicators: [{ code: "P2.1", text: "執行計畫。" }],
            knowledge: ["K01", "K02"],
            skills: ["S01"],
          },
        ],
      },
    ]);
    expect(unit.knowledge).toEqual([
      { code: "K01", title: "法規。" },
      { code: "K02", title: "平台特性。" },
    ]);
    expect(unit.assessmentGuide).toEqual({
      conditions: ["在模擬職場展現技能。", "評量人員需具資格。"],
      raw: "一、評量條件\n在模擬職場展現技能。\n評量人員需具資格。",
    });
    expect(unit.notes).toEqual([]);
    expect(unit.warnings).toEqual([]);
  });

  it("lets content decide when the K label sits on the last task section's row", () => {
    const unit = parseStandard(
      [
        ...UNIT_HEAD,
        "工作任務與行為指標\t<p>一、規劃</p> <ol>1. 檢視目標。",
        "職能內涵 (K=knowledge 知識)\t<p>二、評估</p> <ol>1. 分析數據。2. 評估績效。</ol> <p>一、法規。</p>",
        "\t<p>二、平台特性。</p>",
        "職能內涵 (S=skills 技能)\t<p>一、分析能力。</p>",
      ].join("\n"),
    );
    expect(unit.duties[0].tasks.map((t) => [t.code, t.title, t.indicators.length])).toEqual([
      ["T1", "規劃", 1],
      ["T2", "評估", 2],
    ]);
    expect(unit.knowledge.map((k) => k.title)).toEqual(["法規。", "平台特性。"]);
    expect(unit.skills).toEqual([{ code: "S01", title: "分析能力。" }]);
  });

  it("lets content decide when K items still sit under the task label", () => {
    const unit = parseStandard(
      [
        ...UNIT_HEAD,
        "工作任務與行為指標\t<p>一、規劃</p> <ol>1. 檢視目標。</ol> <p>一、法規。</p>",
        "職能內涵 (K=knowledge 知識)\t<p>二、平台特性。</p>",
        "職能內涵 (S=skills 技能)\t<p>一、分析能力。</p>",
      ].join("\n"),
    );
    expect(unit.duties[0].tasks).toHaveLength(1);
    expect(unit.knowledge.map((k) => k.code)).toEqual(["K01", "K02"]);
    expect(unit.skills.map((s) => s.code)).toEqual(["S01"]);
  });

  it("joins an item cut by a page break and continues the numbering on the next row", () => {
    const unit = parseStandard(
      [
        ...UNIT_HEAD,
        "工作任務與行為指標\t<p>一、規劃</p> <ol>1. 檢視目標。2. 建立行事曆，並標",
        "",
        "\t<ol>註行銷活動。3. 追蹤成效。",
        "職能內涵 (K=knowledge 知識)\t<p>一、法規。</p>",
        "職能內涵 (S=skills 技能)\t<p>一、分析能力。</p>",
      ].join("\n"),
    );
    expect(unit.duties[0].tasks[0].indicators).toEqual([
      { code: "P1.1", text: "檢視目標。" },
      { code: "P1.2", text: "建立行事曆，並標註行銷活動。" },
      { code: "P1.3", text: "追蹤成效。" },
    ]);
  });

  it("warns when section numbers skip", () => {
    const unit = parseStandard(
      [
        ...UNIT_HEAD,
        "工作任務與行為指標\t<p>一、規劃</p> <ol>1. 檢視目標。</ol> <p>三、執行</p> <ol>1. 執行。",
        "職能內涵 (K=knowledge 知識)\t<p>一、法規。</p>",
      ].join("\n"),
    );
    expect(unit.duties[0].tasks.map((t) => t.code)).toEqual(["T1", "T2"]);
    expect(unit.warnings).toEqual([expect.stringContaining("section numbered 3 is the unit's task 2")]);
  });
});

describe("variations the fixtures do not show", () => {
  it("takes K and S titles from sections of their own when the table lists only codes", () => {
    const standard = parseStandard(
      occupational(
        [row("T1 規劃", "T1.1 分析", "無", "P1.1.1 分析。", "4級", "K01、K02", "S01")],
        [
          "",
          "職能內涵 (K=knowledge 知識)",
          "K01\t市場概論",
          "K02\t相關法規",
          "職能內涵 (S=skills 技能)",
          "- S01 分析能力",
        ],
      ),
    );
    const [t11] = tasksOf(standard);
    expect(t11).toMatchObject({ level: 4, outputs: [], knowledge: ["K01", "K02"], skills: ["S01"] });
    expect(standard.knowledge).toEqual([
      { code: "K01", title: "市場概論" },
      { code: "K02", title: "相關法規" },
    ]);
    expect(standard.skills).toEqual([{ code: "S01", title: "分析能力" }]);
    expect(standard.warnings).toEqual([]);
  });

  it("reads attitudes written as table rows", () => {
    const standard = parseStandard(
      occupational(
        [row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析")],
        ["職能內涵 (A=attitude 態度)", "A01\t正直誠實\t展現高道德標準。"],
      ),
    );
    expect(standard.attitudes).toEqual([{ code: "A01", title: "正直誠實", description: "展現高道德標準。" }]);
  });

  it("reports text after the table that belongs to no section", () => {
    const standard = parseStandard(
      occupational(
        [row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析")],
        ["附錄：參考資料"],
      ),
    );
    expect(tasksOf(standard)[0].title).toBe("分析");
    expect(standard.warnings).toEqual([
      expect.stringContaining('text under no known heading ignored: "附錄：參考資料" (line 9)'),
    ]);
  });

  it("reads unit sections and items in parenthesised numbering", () => {
    const unit = parseStandard(
      [
        ...UNIT_HEAD,
        "工作任務與行為指標\t（一）規劃\n(1) 檢視目標。(2) 分析市場。",
        "職能內涵 (K=knowledge 知識)\t（一）法規。",
      ].join("\n"),
    );
    expect(unit.duties[0].tasks[0]).toMatchObject({
      title: "規劃",
      indicators: [
        { code: "P1.1", text: "檢視目標。" },
        { code: "P1.2", text: "分析市場。" },
      ],
    });
    expect(unit.knowledge).toEqual([{ code: "K01", title: "法規。" }]);
  });
});

describe("bad input gets a specific error naming the line", () => {
  it("empty input", () => {
    for (const text of ["", "  \n\n\t\n"]) {
      const error = parseError(() => parseStandard(text));
      expect(error).toMatchObject({ reason: "empty", line: 1 });
      expect(error.message).toMatch(/^第 1 行：檔案是空的.*Line 1: The file is empty/);
    }
    expect(parseError(() => parseStandardBytes(new Uint8Array()))).toMatchObject({ reason: "empty" });
  });

  it("binary input: image and archive magic numbers, NUL bytes, control characters", () => {
    const magic: Array<[number[], string]> = [
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG"],
      [[0xff, 0xd8, 0xff, 0xe0], "JPEG"],
      [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], "PDF"],
      [[0x50, 0x4b, 0x03, 0x04, 0x14], "ZIP"],
    ];
    for (const [bytes, format] of magic) {
      const error = parseError(() => parseStandardBytes(new Uint8Array([...bytes, 0x41, 0x42])));
      expect(error).toMatchObject({ reason: "binary", line: 1 });
      expect(error.message).toContain(format);
    }
    expect(parseError(() => parseStandardBytes(new TextEncoder().encode("標題\n第二行\0\0")))).toMatchObject({
      reason: "binary",
      line: 2,
    });
    expect(parseError(() => parseStandard("a\nb\nc\u0001\u0002\u0003\u0004"))).toMatchObject({
      reason: "binary",
      line: 3,
    });
  });

  it("bytes in no known encoding", () => {
    const error = parseError(() => parseStandardBytes(new Uint8Array([0x41, 0x0a, 0x42, 0xa1, 0x30])));
    expect(error).toMatchObject({ reason: "encoding", line: 2 });
  });

  it("text that is not a standard", () => {
    const error = parseError(() => parseStandard("\n今天天氣很好。\nLorem ipsum dolor sit amet.\n"));
    expect(error).toMatchObject({ reason: "not-a-standard", line: 2 });
    expect(error.message).toContain("職能基準代碼");
  });

  it("a standard truncated before its task table", () => {
    const error = parseError(() => parseStandard(occupational([]).replace(`\n\n${HEADER}`, "")));
    expect(error).toMatchObject({ reason: "truncated", line: 5 });
    expect(error.message).toContain("主要職責");
    const unit = parseError(() => parseStandard(UNIT_HEAD.join("\n")));
    expect(unit).toMatchObject({ reason: "truncated", line: 4 });
    expect(unit.message).toContain("工作任務與行為指標");
  });

  it("a table header with no rows under it", () => {
    expect(parseError(() => parseStandard(occupational([])))).toMatchObject({ reason: "truncated", line: 8 });
  });

  it("an indicator with no task before it", () => {
    const error = parseError(() => parseStandard(occupational([row("T1 規劃", "", "", "P1.1.1 分析。", "", "", "")])));
    expect(error).toMatchObject({ reason: "orphan-item", line: 8 });
    expect(error.message).toMatch(
      /第 8 行：行為指標 P1\.1\.1 之前沒有工作任務.*Line 8: indicator P1\.1\.1 has no task before it/,
    );
  });

  it("a unit item with no section before it", () => {
    const error = parseError(() => parseStandard([...UNIT_HEAD, "工作任務與行為指標\t1. 檢視目標。"].join("\n")));
    expect(error).toMatchObject({ reason: "orphan-item", line: 5 });
  });

  it("a standard without its level", () => {
    const error = parseError(() =>
      parseStandard(
        occupational([
          row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析"),
        ]).replace("基準級別\t\t3", "基準級別\t\t"),
      ),
    );
    expect(error).toMatchObject({ reason: "missing-field" });
    expect(error.message).toContain("基準級別");
  });

  it("a level that is not 1–6", () => {
    const error = parseError(() =>
      parseStandard(
        occupational([
          row("T1 規劃", "T1.1 分析", "O1.1.1 報告", "P1.1.1 分析。", "3", "K01 市場", "S01 分析"),
        ]).replace("基準級別\t\t3", "基準級別\t\t9"),
      ),
    );
    expect(error).toMatchObject({ reason: "missing-field", line: 5 });
    expect(error.message).toContain("「基準級別」應為 1 到 6 的數字，這裡是「9」");
  });

  it("input over the size limit is refused before decoding", () => {
    const tooBig = new Uint8Array(MAX_STANDARD_BYTES + 1); // all NUL: would be "binary" if decoded
    expect(parseError(() => parseStandardBytes(tooBig))).toMatchObject({ reason: "too-large", line: null });
    expect(parseError(() => parseStandard("中".repeat(MAX_STANDARD_BYTES / 3 + 1)))).toMatchObject({
      reason: "too-large",
    });
  });

  it("10 MB of noise is refused at once", () => {
    const noise = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const start = performance.now();
    expect(parseError(() => parseStandardBytes(noise))).toMatchObject({ reason: "too-large" });
    expect(parseError(() => parseStandard(new TextDecoder("latin1").decode(noise)))).toMatchObject({
      reason: "too-large",
    });
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
