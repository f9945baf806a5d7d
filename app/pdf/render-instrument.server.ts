/**
 * The printable assessment instrument (評量工具) of a published version, for paper use in the
 * (simulated) workplace: conditions and scenario, the rubric with a box per level, the observation
 * checklist, the questions with space for notes, and signature lines. Chinese text is embedded as a
 * font subset (the prepared Noto Sans Hant of fonts.server.ts), so it stays extractable.
 */
import PDFDocument from "pdfkit";
import type { AssessmentContent } from "~/domain/rubric/content";
import { getReportFonts } from "./fonts.server";

export interface InstrumentInput {
  title: string;
  version: number;
  contentHash: string | null;
  publishedAt: Date | null;
  institutionName: string;
  content: AssessmentContent;
}

const PAGE = { size: "A4" as const, margin: 48 };
const COLORS = { ink: "#1f2933", muted: "#5f6b7a", line: "#9aa5b1", band: "#eef2f7", brand: "#1d4f91" };
const FONT = "NotoSansHant";

class Writer {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly footer: string,
  ) {}

  get width() {
    return this.doc.page.width - PAGE.margin * 2;
  }

  private get bottom() {
    return this.doc.page.height - PAGE.margin - 18;
  }

  /** Starts a new page when fewer than `height` points are left, so blocks are never split. */
  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string, size = 13) {
    this.ensure(size * 3);
    // Bold look without a second embedded font: fill and stroke the regular outlines (TOOLCHAIN.md, PDF).
    this.doc.moveDown(0.6).fontSize(size).fillColor(COLORS.brand).strokeColor(COLORS.brand).lineWidth(0.35);
    this.doc.text(text, PAGE.margin, this.doc.y, { width: this.width, fill: true, stroke: true });
    this.doc.fillColor(COLORS.ink).moveDown(0.3);
  }

  paragraph(text: string, size = 9.5, color = COLORS.ink) {
    const height = this.doc.fontSize(size).heightOfString(text, { width: this.width });
    this.ensure(height + 4);
    this.doc.fillColor(color).text(text, PAGE.margin, this.doc.y, { width: this.width, lineGap: 1.5 });
    this.doc.fillColor(COLORS.ink);
  }

  bullets(items: readonly string[], size = 9.5) {
    for (const item of items) this.paragraph(`・${item}`, size);
  }

  /** A row with a box to tick, then the text. */
  checkRow(text: string, size = 9) {
    const x = PAGE.margin;
    const textX = x + 16;
    const width = this.width - 16;
    const height = this.doc.fontSize(size).heightOfString(text, { width });
    this.ensure(height + 6);
    const y = this.doc.y;
    this.doc.lineWidth(0.7).strokeColor(COLORS.line).rect(x, y + 2, 9, 9).stroke();
    this.doc.fillColor(COLORS.ink).text(text, textX, y, { width, lineGap: 1 });
    this.doc.y = Math.max(this.doc.y, y + 12) + 2;
  }

  /** Lines to write on. */
  writingLines(count: number) {
    this.ensure(count * 16 + 4);
    for (let i = 0; i < count; i++) {
      const y = this.doc.y + 14;
      this.doc.lineWidth(0.5).strokeColor(COLORS.line).moveTo(PAGE.margin, y).lineTo(PAGE.margin + this.width, y).stroke();
      this.doc.y = y + 2;
    }
    this.doc.moveDown(0.3);
  }

  signatureLines(labels: readonly string[]) {
    this.ensure(70);
    this.doc.moveDown(1.5);
    const columnWidth = this.width / labels.length;
    const y = this.doc.y + 24;
    labels.forEach((label, i) => {
      const x = PAGE.margin + i * columnWidth;
      this.doc.lineWidth(0.7).strokeColor(COLORS.ink).moveTo(x + 8, y).lineTo(x + columnWidth - 16, y).stroke();
      this.doc.fontSize(9).fillColor(COLORS.muted).text(label, x + 8, y + 4, { width: columnWidth - 24 });
    });
    this.doc.fillColor(COLORS.ink);
    this.doc.y = y + 24;
  }

  footers() {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - PAGE.margin + 6;
      // Writing below the bottom margin must not trigger pdfkit's automatic page break.
      const margins = this.doc.page.margins;
      this.doc.page.margins = { ...margins, bottom: 0 };
      this.doc.fontSize(8).fillColor(COLORS.muted);
      this.doc.text(this.footer, PAGE.margin, y, { width: this.width, align: "left", lineBreak: false });
      this.doc.text(`第 ${i + 1} / ${range.count} 頁`, PAGE.margin, y, { width: this.width, align: "right", lineBreak: false });
      this.doc.page.margins = margins;
    }
  }
}

export async function renderInstrumentPdf(input: InstrumentInput): Promise<Buffer> {
  const { regular } = await getReportFonts();
  const { content } = input;
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    compress: true,
    lang: "zh-TW",
    displayTitle: true,
    info: {
      Title: `${input.title}（第 ${input.version} 版）評量工具`,
      Author: input.institutionName,
      Subject: `${content.standard.code} ${content.standard.name}`,
      Creator: "職能評量建構平台",
      ...(input.publishedAt ? { CreationDate: input.publishedAt, ModDate: input.publishedAt } : {}),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  // pdfkit 0.20 accepts a parsed fontkit font, though its type declarations only list paths and buffers.
  doc.registerFont(FONT, regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font(FONT);

  const hash = input.contentHash ? `・內容雜湊 ${input.contentHash.slice(0, 16)}` : "";
  const w = new Writer(doc, `${input.institutionName}・${input.title} 第 ${input.version} 版${hash}`);

  doc.fontSize(18).fillColor(COLORS.ink).text(`${input.title}`, { width: w.width });
  doc.fontSize(11).fillColor(COLORS.muted).text(`評量工具（第 ${input.version} 版）・${content.standard.code} ${content.standard.name}・級別 ${content.standard.level}`);
  doc.fillColor(COLORS.ink).moveDown(0.5);
  w.paragraph("受評者姓名：＿＿＿＿＿＿＿＿　　學員編號：＿＿＿＿＿＿＿＿　　評量日期：＿＿＿＿＿＿＿＿", 10);

  w.heading("一、評量條件");
  w.bullets(content.conditions);
  if (content.scenario) {
    w.heading("二、模擬職場情境");
    w.paragraph(content.scenario);
  }
  w.heading("三、資源與時間");
  w.bullets(content.resources);
  w.paragraph(content.duration.text);
  w.heading("四、評量人員資格");
  w.bullets(content.assessorRequirements);

  w.heading("五、評分規準（每項勾選一個等級）");
  w.paragraph(`量尺：${content.scale.levels.map((l) => `${l.score} ${l.label}`).join("、")}。標示「關鍵」的規準須達到判定規則的門檻。`, 9, COLORS.muted);
  for (const task of content.tasks) {
    w.heading(`${task.code ?? ""} ${task.title}（職能級別 ${task.level}）`, 11);
    for (const criterion of content.criteria.filter((c) => c.taskId === task.id)) {
      w.paragraph(`${criterion.code ?? ""}${criterion.critical ? "【關鍵】" : ""} ${criterion.text}`, 9.5);
      for (const level of criterion.levels) w.checkRow(`${level.score} ${level.label}：${level.descriptor}`, 8.5);
      w.paragraph("評語：", 8.5, COLORS.muted);
      w.writingLines(1);
    }
  }

  w.heading("六、工作產出、觀察檢核與問答");
  for (const entry of content.evidencePlan) {
    const task = content.tasks.find((t) => t.id === entry.taskId);
    w.heading(`${entry.taskCode ?? ""} ${task?.title ?? ""}`, 11);
    if (entry.workProducts.length) {
      w.paragraph("工作產出（已繳交者勾選）", 9, COLORS.muted);
      for (const product of entry.workProducts) w.checkRow(`${product.code ?? ""} ${product.title}`);
    }
    if (entry.checklist.length) {
      w.paragraph("觀察檢核（觀察到者勾選）", 9, COLORS.muted);
      for (const item of entry.checklist) w.checkRow(`${item.code ?? ""} ${item.text}`);
    }
    for (const question of entry.questions) {
      w.paragraph(`${question.code ?? ""}（${question.mode === "oral" ? "口試" : "筆試"}）${question.prompt}`, 9);
      w.writingLines(2);
    }
  }

  w.heading("七、判定規則");
  w.bullets(describeRule(content));
  w.signatureLines(["評量人員簽名／日期", "評量人員簽名／日期", "受評者簽名／日期"]);
  w.footers();
  doc.end();
  return finished;
}

function describeRule(content: AssessmentContent): string[] {
  const lines = content.decisionRule.conditions.map((condition) => {
    switch (condition.kind) {
      case "critical_criteria":
        return `每項關鍵規準至少達到 ${condition.minScore} 級`;
      case "every_criterion":
        return `每項規準至少達到 ${condition.minScore} 級`;
      case "each_task":
        return `每項工作任務得分至少 ${condition.threshold.value}${condition.threshold.unit === "percent" ? "%" : " 分"}`;
      case "criterion_group":
        return `「${condition.label}」得分至少 ${condition.threshold.value}${condition.threshold.unit === "percent" ? "%" : " 分"}`;
      case "total":
        return `總分至少 ${condition.threshold.value}${condition.threshold.unit === "percent" ? "%" : " 分"}`;
      case "exam_pass":
        return content.exam ? `筆試「${content.exam.title}」達及格標準 ${content.exam.passMark} 分` : "筆試達及格標準";
    }
  });
  for (const fault of content.decisionRule.criticalFaults) lines.push(`重大缺點（出現即判定未達成）：${fault.text}`);
  return lines;
}
