import { describe, expect, it } from "vitest";

import layoutJson from "../../../templates/report/certificate-layout.json";
import { buildReportPayload, type PayloadExam } from "./certificate-payload";
import { buildReportLayout, DEFAULT_REPORT_LAYOUT, examField, formatDate, ReportLayoutSchema, type ReportModel } from "./report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "./sample-data";
import { generateSigningKeyPair, shortSignatureCode, signPayload } from "./signature";

const fixedBytes = (size: number) => new Uint8Array(size).fill(0x21);
const keys = generateSigningKeyPair();
const texts = demoIndicatorTexts();
const signed = (index: number) => signPayload(buildReportPayload(demoReleasedResult(index, fixedBytes)), keys.privateKey);

describe("the layout template", () => {
  it("parses against its schema", () => {
    expect(ReportLayoutSchema.safeParse(layoutJson).success).toBe(true);
  });

  it("rejects a template with a missing label", () => {
    const broken = { ...layoutJson, labels: { ...layoutJson.labels, pageLabel: undefined } };
    expect(ReportLayoutSchema.safeParse(broken).success).toBe(false);
  });
});

describe("formatDate", () => {
  it("writes western or ROC (民國) years", () => {
    expect(formatDate("2025-03-21", "western")).toBe("2025年3月21日");
    expect(formatDate("2025-03-21", "roc")).toBe("中華民國114年3月21日");
  });
});

describe("buildReportLayout", () => {
  it("lays out a certificate: title, recipient, every criterion with its full text, evidence, sign-off", () => {
    const record = signed(0);
    const model = buildReportLayout(record, texts);
    expect(model.kind).toBe("certificate");
    expect(model.title).toBe("職能評量合格證書");
    expect(model.frame).toBe(true);
    expect(model.recipient).toEqual({ label: "受評者", name: "林雅婷", idLine: "身分證字號　A22****789" });
    expect(model.statement).toContain("KMC2431-009v2「社群媒體經營人員」（V2，基準級別 4）完成 7 項工作任務");
    expect(model.decision).toEqual({ text: "合格", tone: "pass" });
    expect(model.info).toMatchObject({ author: "青禾數位職能學院", creationDate: "2025-03-21" });

    const tables = model.sections.filter((section) => section.type === "table");
    const criteria = tables.find((table) => table.title === DEFAULT_REPORT_LAYOUT.criteriaTable.title);
    expect(criteria?.groups).toHaveLength(7);
    expect(criteria?.groups[0].heading).toEqual({ text: "T1.1　確立經營目標、受眾群與選擇社群平台", aside: "職能級別 4　通過", tone: "pass" });
    const rows = criteria?.groups.flatMap((group) => group.rows) ?? [];
    expect(rows).toHaveLength(17);
    expect(rows[2].cells).toEqual([
      "P1.1.3",
      "因應不同的經營目標及社群平台，確立目標網路群眾，經由觀察、調查、分析、統計，了解網路群眾的特質、喜好或在網路上展現的行為，發想經營策略並產出經營社群媒體企畫書。",
      "4 優異",
    ]);
    const evidence = tables.find((table) => table.title === "佐證資料");
    expect(evidence?.sideBySide).toBe(2);
    expect(evidence?.groups[0].rows[0].cells).toEqual(["T1.1", "O1.1.1 經營社群媒體企畫書", record.payload.evidence[0].sha256Short]);

    expect(model.signoff.seal).toBe("用印");
    expect(model.signoff.qrText).toBe(record.payload.verificationUrl);
    expect(model.signoff.verifyLines).toContain(`簽章碼　${shortSignatureCode(record.signature.value)}`);
    expect(model.footer).toEqual({ url: record.payload.verificationUrl, pageLabel: "第 {n} / {N} 頁" });
    expect(JSON.parse(model.attachment.content)).toEqual(record);
    expect(model.attachment.name).toBe("certificate.json");
  });

  it("lays out a result report with the gaps, feedback and failed levels marked", () => {
    const model = buildReportLayout(signed(2), texts);
    expect(model.kind).toBe("result_report");
    expect(model.title).toBe("評量結果報告");
    expect(model.frame).toBe(false);
    expect(model.signoff.seal).toBeNull();
    expect(model.decision).toEqual({ text: "尚未具備職能", tone: "fail" });
    expect(model.statement).toContain("未達「達成」");
    const gaps = model.sections.find((section) => section.type === "table" && section.title === "待補強項目");
    expect(gaps?.type === "table" && gaps.groups[0].rows.map((row) => row.cells.slice(0, 3))).toEqual([
      ["P3.1.2", "觀察和檢討數據的變化，追蹤成效並提出精進改善方案。", "2 部分達成／3"],
      ["P3.2.2", "檢視行銷策略是否符合行銷目標，透過數據進行滾動式調整。", "2 部分達成／3"],
      ["P3.2.3", "透過數據分析，驗證社群網友的喜好、需求及消費習慣，了解社群大眾接受度與意識形態的分眾行銷。", "1 未達成／3"],
    ]);
    expect(model.sections.find((section) => section.type === "list")).toMatchObject({ title: "評量人員回饋" });
    expect(model.sections.some((section) => section.type === "fields" && section.items.some((item) => item.label === "有效期限"))).toBe(false);
  });

  it("needs the indicator text of every criterion", () => {
    const partial = new Map([...texts].slice(1));
    expect(() => buildReportLayout(signed(0), partial)).toThrow("No indicator text for criterion P1.1.1");
  });
});

describe("the knowledge exam (筆試) line", () => {
  const exam: PayloadExam = { title: "社群媒體經營人員學科測驗", earned: 82, max: 100, percent: 82, passMark: 60, passed: true };
  const withExam = (index: number, value: PayloadExam) =>
    signPayload(buildReportPayload({ ...demoReleasedResult(index, fixedBytes), exam: value }), keys.privateKey);
  const fieldsOf = (model: ReportModel) => model.sections.flatMap((section) => (section.type === "fields" ? section.items : []));

  it("is not in the layout of a document without an exam: no field, no word of it anywhere", () => {
    for (const index of [0, 2]) {
      const model = buildReportLayout(signed(index), texts);
      expect(fieldsOf(model).map((field) => field.label)).not.toContain("筆試");
      expect(fieldsOf(model).some((field) => "tone" in field)).toBe(false);
      expect(JSON.stringify({ ...model, attachment: null })).not.toContain("筆試");
    }
  });

  it("is one field among the result's facts, in the verdict's colour, when the document has an exam", () => {
    const certificate = buildReportLayout(withExam(0, exam), texts);
    expect(fieldsOf(certificate).at(-1)).toEqual({ label: "筆試", value: "82／100 分，及格標準 60 分，及格", tone: "pass" });
    expect(certificate.sections.filter((section) => section.type === "fields")).toHaveLength(1);

    const report = buildReportLayout(withExam(2, { ...exam, earned: 55, percent: 55, passed: false }), texts);
    expect(fieldsOf(report).map((field) => field.label)).toEqual(["評量工具", "評量日期", "評量地點", "評量職場", "發證日期", "筆試"]);
    expect(fieldsOf(report).at(-1)).toEqual({ label: "筆試", value: "55／100 分，及格標準 60 分，未達及格標準", tone: "fail" });
  });

  it("adds the percentage for a paper not out of 100, and says 未應試 when the exam was not sat", () => {
    expect(examField({ ...exam, earned: 45, max: 50, percent: 90 }).value).toBe("45／50 分（90 分），及格標準 60 分，及格");
    expect(examField({ ...exam, earned: null, percent: null, passed: null })).toEqual({ label: "筆試", value: "未應試" });
    expect(DEFAULT_REPORT_LAYOUT.exam.label).toBe("筆試");
  });
});
