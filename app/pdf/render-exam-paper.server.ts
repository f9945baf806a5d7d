/**
 * The printed knowledge exam (筆試, DESIGN §5): the candidate's paper (cover, questions by type,
 * answer sheet) and, as a separate file, the assessor's answer key. The paper never carries the key,
 * the explanations or the model answers, so it can be handed out as is; the key says on every page
 * that it must not be.
 *
 * Layout as in render-report.server.ts: the document's margins are zero so pdfkit never breaks pages
 * on its own, one cursor flows down the page, every block (an item with all its options, a table row)
 * is measured before it is drawn and moves whole to the next page when it does not fit. Headers and
 * page numbers 「第 n 頁／共 N 頁」 are written once N is known. Output is deterministic for a given
 * document: the only date pdfkit writes is the paper's publication date (or a fixed one), and pdfkit
 * derives the file ID and font subset tag from the document info.
 */
import PDFDocument from "pdfkit";

import { formatPoints } from "~/domain/exam/blueprint";
import { printedOrder } from "~/domain/exam/printed-order";
import {
  COGNITIVE_LEVEL_LABELS,
  ITEM_TYPE_LABELS,
  ITEM_TYPES,
  OPTION_LETTERS,
  type CognitiveLevel,
  type ItemType,
  type MultipleScoring,
} from "~/domain/exam/types";

import { getReportFonts, type ReportFonts } from "./fonts.server";

export interface ExamPaperItem {
  /**
   * 1-based place on the form. Printed as the item's number once items are in printed order (by type,
   * then position; ~/domain/exam/printed-order), which leaves positions already in that order as they are.
   */
  position: number;
  /** The item's number in its bank, shown as Q012 (key only). */
  number: number;
  type: ItemType;
  stem: string;
  /** In the order printed on this form; ignored for true/false (answered O / X) and short answer. */
  options: string[];
  points: number;
  codes: string[];
  cognitiveLevel: CognitiveLevel;
  /** The key as printed letters, e.g. "AC", "O"; "" for short answer. */
  keyLetters: string;
  explanation: string | null;
  modelAnswer: string | null;
}

export interface ExamPaperDocument {
  institution: { name: string; registrationNumber: string };
  standard: { code: string; name: string };
  assessmentTitle: string | null;
  paper: {
    title: string;
    /** "A", "B", … (a label already ending in 卷 is printed as is). */
    formLabel: string;
    durationMinutes: number;
    passMark: number;
    totalPoints: number;
    multipleScoring: MultipleScoring;
    seed: string;
    publishedAt: Date | null;
  };
  session?: { title: string; startsAt: Date; place: string } | null;
  items: ExamPaperItem[];
}

/**
 * How multiple-response items are scored, as printed in the instructions. The partial rule is the one
 * Taiwan's national entrance tests print; the scoring module must apply the same one.
 */
export const MULTIPLE_SCORING_RULES: Record<MultipleScoring, string> = {
  all_or_nothing: "須全部選項皆答對才給分，錯選或漏選均不給分",
  partial:
    "各選項獨立判定：全部答對者得該題全部分數；答錯 k 個選項者，得該題 (n−2k)/n 的分數（n 為選項數）；得分低於零或未作答者，該題以零分計",
};

// ---- geometry ---------------------------------------------------------------------------------

type Doc = PDFKit.PDFDocument;
type TextOptions = PDFKit.Mixins.TextOptions;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 62, bottom: 58, left: 56, right: 56 };
const HEADER_Y = 30;
const FOOTER_Y = A4.height - 38;
const COLORS = {
  ink: "#1f2933",
  muted: "#5f6b7a",
  line: "#9aa5b1",
  faint: "#c5ced8",
  band: "#eef2f7",
  brand: "#1d4f91",
  alert: "#b42318",
  alertBand: "#fdecea",
};
/** Line pitch in em; CJK exam text reads better a little more open than the report's table rows. */
const LINE_HEIGHT = 1.45;
/** Bold is the Regular outline filled and stroked this thick (em); see fonts.server.ts for why. */
const BOLD_STROKE = 0.035;
/** Noto Sans Hant's ascender (hhea), in em: where the baseline sits below the top of a glyph box. */
const ASCENT = 0.88;
/** Used when the paper has no publication date, so that equal input still gives equal bytes. */
const FIXED_DATE = new Date("2024-01-01T00:00:00+08:00");

const SIZE = { title: 20, heading: 12, body: 10.5, option: 10, small: 9, tiny: 8 };
/** The item number column; stems and options start right of it. */
const NUMBER_WIDTH = 28;
/** Wide enough for 「（12.5 分）」. */
const POINTS_WIDTH = 52;
const ITEM_GAP = 10;
const WRITING_LINE_PITCH = 24;
const OPTION_GAP = 12;

interface Face {
  size: number;
  color?: string;
  bold?: boolean;
  leading?: number;
}

/** One cursor over buffered pages; draws text in line boxes of `size × leading`, like render-report. */
class PageWriter {
  y = MARGIN.top;
  readonly left = MARGIN.left;
  readonly right = A4.width - MARGIN.right;
  readonly bottom = A4.height - MARGIN.bottom;
  /** Called after a page break made by ensureSpace, to repeat a title or table header. */
  onContinue: (() => void) | null = null;
  private graphics = { fill: "", stroke: "", lineWidth: -1 };

  constructor(readonly doc: Doc) {}

  get width(): number {
    return this.right - this.left;
  }

  get pageHeight(): number {
    return this.bottom - MARGIN.top;
  }

  addPage(): void {
    this.doc.addPage({ size: "A4", margin: 0 });
    this.resetGraphics();
    this.y = MARGIN.top;
  }

  /** Starts a new page when `height` does not fit below the cursor; returns true if it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.addPage();
    this.onContinue?.();
    return true;
  }

  resetGraphics(): void {
    this.graphics = { fill: "", stroke: "", lineWidth: -1 };
    this.doc.lineJoin("round"); // for the stroked outlines of bold text
  }

  // pdfkit writes out every colour and width it is given; skipping repeats keeps the file small.
  setFill(color: string): void {
    if (this.graphics.fill === color) return;
    this.doc.fillColor(color);
    this.graphics.fill = color;
  }

  setStroke(color: string, lineWidth: number): void {
    if (this.graphics.stroke !== color) this.doc.strokeColor(color);
    if (this.graphics.lineWidth !== lineWidth) this.doc.lineWidth(lineWidth);
    this.graphics.stroke = color;
    this.graphics.lineWidth = lineWidth;
  }

  lineHeight(face: Face): number {
    return face.size * (face.leading ?? LINE_HEIGHT);
  }

  private lineGapFor(face: Face): number {
    this.doc.fontSize(face.size);
    return this.lineHeight(face) - this.doc.currentLineHeight(true);
  }

  /** Draws text whose first line box starts at y; it wraps only when options.width is given. */
  write(text: string, x: number, y: number, face: Face, options: TextOptions = {}): void {
    const lineGap = this.lineGapFor(face);
    const color = face.color ?? COLORS.ink;
    this.setFill(color);
    if (face.bold) this.setStroke(color, Math.round(face.size * BOLD_STROKE * 100) / 100);
    this.doc.text(text, x, y + (face.size * ((face.leading ?? LINE_HEIGHT) - 1)) / 2, {
      lineGap,
      lineBreak: options.width !== undefined,
      ...(face.bold ? { fill: true, stroke: true } : {}),
      ...options,
    });
  }

  /** How far below `from`'s line top a `to` line must start for both to share a baseline. */
  baselineShift(from: Face, to: Face): number {
    const baseline = (face: Face) => face.size * ((face.leading ?? LINE_HEIGHT) - 1) / 2 + face.size * ASCENT;
    return baseline(from) - baseline(to);
  }

  measure(text: string, face: Face, width: number): number {
    const lineGap = this.lineGapFor(face);
    return this.doc.heightOfString(text, { width, lineGap });
  }

  widthOf(text: string, face: Face): number {
    this.lineGapFor(face);
    return this.doc.widthOfString(text);
  }

  /** The text cut to one line of `width`, ending in 「…」 when cut (for headers and footers). */
  fitLine(text: string, face: Face, width: number): string {
    if (this.widthOf(text, face) <= width) return text;
    const characters = Array.from(text);
    let length = characters.length;
    while (length > 0 && this.widthOf(`${characters.slice(0, length).join("")}…`, face) > width) length--;
    return `${characters.slice(0, length).join("")}…`;
  }

  rule(x1: number, x2: number, y: number, color: string = COLORS.line, width = 0.5): void {
    this.setStroke(color, width);
    this.doc.moveTo(x1, y).lineTo(x2, y).stroke();
  }

  box(x: number, y: number, width: number, height: number, color: string = COLORS.muted, lineWidth = 0.7): void {
    this.setStroke(color, lineWidth);
    this.doc.rect(x, y, width, height).stroke();
  }

  fillRect(x: number, y: number, width: number, height: number, color: string): void {
    this.setFill(color);
    this.doc.rect(x, y, width, height).fill();
  }

  /** Writes a wrapped paragraph at the cursor (kept whole) and moves the cursor below it. */
  paragraph(text: string, face: Face, indent = 0, after = 2): void {
    const width = this.width - indent;
    const height = this.measure(text, face, width);
    this.ensureSpace(height);
    this.write(text, this.left + indent, this.y, face, { width });
    this.y += height + after;
  }

  /** A centred block, however many lines it wraps to. */
  centered(text: string, face: Face, after = 0): void {
    const height = this.measure(text, face, this.width);
    this.write(text, this.left, this.y, face, { width: this.width, align: "center" });
    this.y += height + after;
  }

  /** A numbered or bulleted list item with a hanging indent. */
  hanging(marker: string, text: string, face: Face, indent: number, after = 2): void {
    const width = this.width - indent;
    const height = this.measure(text, face, width);
    this.ensureSpace(height);
    this.write(marker, this.left, this.y, face, { width: indent - 2, align: "right" });
    this.write(text, this.left + indent, this.y, face, { width });
    this.y += height + after;
  }

  /** Header and footer on every buffered page, once the page count is known. */
  drawChrome(header: (index: number) => { left: string; right: string; alert?: boolean } | null, footerLeft: string): void {
    const range = this.doc.bufferedPageRange();
    const small: Face = { size: SIZE.tiny + 0.5, color: COLORS.muted };
    for (let index = 0; index < range.count; index++) {
      this.doc.switchToPage(range.start + index);
      this.resetGraphics();
      const content = header(index);
      if (content) {
        const face: Face = content.alert ? { size: SIZE.small, color: COLORS.alert, bold: true } : small;
        const left = this.fitLine(content.left, face, this.width * 0.55);
        const right = this.fitLine(content.right, small, this.width - this.widthOf(left, face) - 16);
        this.write(left, this.left, HEADER_Y, face, { width: this.width, align: "left" });
        this.write(right, this.left, HEADER_Y, small, { width: this.width, align: "right" });
        this.rule(this.left, this.right, HEADER_Y + this.lineHeight(small) + 3, content.alert ? COLORS.alert : COLORS.faint, 0.6);
      }
      this.rule(this.left, this.right, FOOTER_Y - 5, COLORS.faint, 0.6);
      const pageFace: Face = { size: SIZE.small, color: COLORS.ink };
      const pageLabel = `第 ${index + 1} 頁／共 ${range.count} 頁`;
      const footer = this.fitLine(footerLeft, small, this.width - this.widthOf(pageLabel, pageFace) - 16);
      this.write(footer, this.left, FOOTER_Y, small, { width: this.width, align: "left" });
      this.write(pageLabel, this.left, FOOTER_Y, pageFace, { width: this.width, align: "right" });
    }
  }
}

// ---- shared helpers ---------------------------------------------------------------------------

const CHINESE_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 「A 卷」 from "A" (or from "A卷", as someone may type it). */
function formName(label: string): string {
  return `${label.trim().replace(/\s*卷$/, "")} 卷`;
}

function bankNumber(number: number): string {
  return `Q${String(number).padStart(3, "0")}`;
}

/** Asia/Taipei is UTC+8 all year (no daylight saving), so a fixed offset is exact. */
function taipeiParts(date: Date) {
  const local = new Date(date.getTime() + 8 * 60 * 60 * 1000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: "日一二三四五六"[local.getUTCDay()],
    time: `${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`,
  };
}

function formatDateTime(date: Date): string {
  const p = taipeiParts(date);
  return `${p.year} 年 ${p.month} 月 ${p.day} 日（${p.weekday}）${p.time}`;
}

function formatDate(date: Date): string {
  const p = taipeiParts(date);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

interface Section {
  type: ItemType;
  heading: string;
  items: ExamPaperItem[];
}

/**
 * Items in the printed order (printed-order.ts: by type, the form's order kept within a type) and
 * numbered as printed, so that the paper, the key and the page where assessors key in answer sheets
 * agree on 「第 12 題」; positions already in that order keep their numbers. Headed 一、二、…
 */
function sectionsOf(items: readonly ExamPaperItem[]): Section[] {
  const printed = printedOrder(items).map(({ printed: number, ...item }) => ({ ...item, position: number }));
  const present = ITEM_TYPES.filter((type) => printed.some((item) => item.type === type));
  return present.map((type, index) => ({
    type,
    heading: `${CHINESE_ORDINALS[index] ?? String(index + 1)}、${ITEM_TYPE_LABELS[type]}`,
    items: printed.filter((item) => item.type === type),
  }));
}

/** "每題 2 分" when the items of a type are worth the same, else the range. */
function pointsEach(items: readonly ExamPaperItem[]): string {
  const values = [...new Set(items.map((item) => Math.round(item.points * 100) / 100))].sort((a, b) => a - b);
  if (values.length === 1) return `每題 ${formatPoints(values[0])} 分`;
  return `每題 ${formatPoints(values[0])}～${formatPoints(values[values.length - 1])} 分`;
}

function sumPoints(items: readonly ExamPaperItem[]): number {
  return items.reduce((sum, item) => sum + item.points, 0);
}

function positionRange(items: readonly ExamPaperItem[]): string {
  const positions = items.map((item) => item.position);
  const contiguous = positions.every((position, index) => index === 0 || position === positions[index - 1] + 1);
  if (positions.length === 1) return `第 ${positions[0]} 題`;
  return contiguous ? `第 ${positions[0]}–${positions[positions.length - 1]} 題` : `共 ${positions.length} 題`;
}

/** The instruction for one type, as on the cover and under the section heading. */
function typeRule(type: ItemType, scoring: MultipleScoring): string {
  switch (type) {
    case "single":
      return "每題只有一個正確答案";
    case "multiple":
      return `每題有一個或一個以上正確答案，${MULTIPLE_SCORING_RULES[scoring]}`;
    case "true_false":
      return "敘述正確者請填 O，錯誤者請填 X";
    case "short_answer":
      return "請在試題下方作答欄內作答，由評量人員依評分要點評分，得給部分分數";
  }
}

function createDocument(fonts: ReportFonts, info: PDFKit.DocumentInfo): { doc: Doc; finished: Promise<Buffer> } {
  const doc = new PDFDocument({
    // The one font, set at construction (see render-report.server.ts): pdfkit 0.20 accepts the parsed
    // fontkit font and then skips loading Helvetica's metrics; bold is this font filled and stroked.
    font: fonts.regular as unknown as string,
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    lang: "zh-TW",
    displayTitle: true,
    info,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, finished };
}

function documentInfo(input: ExamPaperDocument, title: string): PDFKit.DocumentInfo {
  const date = input.paper.publishedAt ?? FIXED_DATE;
  return {
    Title: title,
    Author: input.institution.name,
    Subject: `${input.standard.code} ${input.standard.name}`,
    Creator: "職能評量建構平台",
    CreationDate: date,
    ModDate: date,
  };
}

/** Labelled lines to write on, `columns` per row. */
function drawFillInFields(w: PageWriter, labels: readonly string[], columns: number, rowHeight = 30): void {
  const face: Face = { size: SIZE.body };
  const gap = 18;
  const columnWidth = (w.width - gap * (columns - 1)) / columns;
  for (let start = 0; start < labels.length; start += columns) {
    w.ensureSpace(rowHeight);
    labels.slice(start, start + columns).forEach((label, column) => {
      const x = w.left + column * (columnWidth + gap);
      const labelWidth = w.widthOf(`${label}：`, face);
      const baseline = w.y + rowHeight - 8;
      w.write(`${label}：`, x, baseline - w.lineHeight(face) + 2, face);
      w.rule(x + labelWidth + 2, x + columnWidth, baseline, COLORS.ink, 0.6);
    });
    w.y += rowHeight;
  }
}

// ---- the candidate's paper ----------------------------------------------------------------------

function drawCover(w: PageWriter, input: ExamPaperDocument, sections: Section[]): void {
  const { paper, institution, standard } = input;
  const form = formName(paper.formLabel);

  w.centered(institution.name, { size: 13, color: COLORS.brand, bold: true });
  w.centered(`登記字號　${institution.registrationNumber}`, { size: SIZE.small, color: COLORS.muted }, 14);
  w.centered(`${standard.code}　${standard.name}`, { size: 12 });
  if (input.assessmentTitle) w.centered(input.assessmentTitle, { size: SIZE.body, color: COLORS.muted });
  w.y += 8;
  w.centered(paper.title, { size: SIZE.title, color: COLORS.ink, bold: true, leading: 1.35 }, 6);

  // The form in a box, as printed papers mark 「A 卷」 so that invigilators can check it at a glance.
  const formFace: Face = { size: 15, bold: true, color: COLORS.brand };
  const formWidth = w.widthOf(form, formFace) + 28;
  const formHeight = w.lineHeight(formFace) + 4;
  w.box(A4.width / 2 - formWidth / 2, w.y, formWidth, formHeight, COLORS.brand, 1.2);
  w.write(form, A4.width / 2 - formWidth / 2, w.y + 2, formFace, { width: formWidth, align: "center" });
  w.y += formHeight + 18;

  // Key facts in a band.
  const facts = [
    { label: "作答時間", value: `${paper.durationMinutes} 分鐘` },
    { label: "題數", value: `${input.items.length} 題` },
    { label: "滿分", value: `${formatPoints(paper.totalPoints)} 分` },
    { label: "及格分數", value: `${formatPoints(paper.passMark)} 分` },
  ];
  const bandHeight = 46;
  w.fillRect(w.left, w.y, w.width, bandHeight, COLORS.band);
  const factWidth = w.width / facts.length;
  facts.forEach((fact, index) => {
    const x = w.left + index * factWidth;
    w.write(fact.label, x, w.y + 6, { size: SIZE.small, color: COLORS.muted }, { width: factWidth, align: "center" });
    w.write(fact.value, x, w.y + 20, { size: 13, bold: true }, { width: factWidth, align: "center" });
  });
  w.y += bandHeight + 10;

  if (input.session) {
    const s = input.session;
    const line = `評量場次：${s.title}　　時間：${formatDateTime(s.startsAt)}　　地點：${s.place}`;
    w.paragraph(line, { size: SIZE.small + 0.5, color: COLORS.ink }, 0, 8);
  }

  // Items per type.
  w.write("題型與配分", w.left, w.y, { size: SIZE.heading, color: COLORS.brand, bold: true });
  w.y += w.lineHeight({ size: SIZE.heading }) + 2;
  const columns = [
    { label: "大題", width: 0.34 },
    { label: "題數", width: 0.18 },
    { label: "配分", width: 0.28 },
    { label: "小計", width: 0.2 },
  ];
  const rowFace: Face = { size: SIZE.body };
  const rowHeight = w.lineHeight(rowFace) + 6;
  const drawRow = (cells: string[], face: Face, fill?: string) => {
    if (fill) w.fillRect(w.left, w.y, w.width, rowHeight, fill);
    let x = w.left;
    cells.forEach((cell, index) => {
      const width = columns[index].width * w.width;
      w.write(cell, x + 6, w.y + 3, face, { width: width - 12, align: index === 0 ? "left" : "center" });
      x += width;
    });
    w.y += rowHeight;
    w.rule(w.left, w.right, w.y, COLORS.faint, 0.5);
  };
  w.rule(w.left, w.right, w.y, COLORS.line, 0.8);
  drawRow(columns.map((column) => column.label), { size: SIZE.small + 0.5, color: COLORS.brand, bold: true }, COLORS.band);
  for (const section of sections) {
    drawRow([section.heading, `${section.items.length} 題`, pointsEach(section.items), `${formatPoints(sumPoints(section.items))} 分`], rowFace);
  }
  drawRow(["合計", `${input.items.length} 題`, "", `${formatPoints(sumPoints(input.items))} 分`], { size: SIZE.body, bold: true });
  w.rule(w.left, w.right, w.y, COLORS.line, 0.8);
  w.y += 14;

  // Instructions.
  w.write("作答說明", w.left, w.y, { size: SIZE.heading, color: COLORS.brand, bold: true });
  w.y += w.lineHeight({ size: SIZE.heading }) + 2;
  const rules = [
    `本試卷共 ${input.items.length} 題，滿分 ${formatPoints(paper.totalPoints)} 分，${formatPoints(paper.passMark)} 分（含）以上為及格；作答時間 ${paper.durationMinutes} 分鐘。`,
    ...sections.map((section) => `${ITEM_TYPE_LABELS[section.type]}${pointsEach(section.items)}，${typeRule(section.type, paper.multipleScoring)}。`),
    "答錯不倒扣；未作答者，該題以零分計。",
  ];
  if (sections.some((section) => section.type !== "short_answer")) {
    rules.push("選擇題與是非題請以黑色或藍色原子筆，將答案（選擇題為大寫英文字母）清楚寫在試卷末答案卡的題號方格內；寫在試題上者不予計分，字跡無法辨識者該題不予計分。");
  }
  rules.push("請先在本頁及答案卡填寫姓名、學員編號或准考證號與座號；考試結束時，試題與答案卡一併繳回，不得攜出試場。");
  const ruleFace: Face = { size: SIZE.body - 0.5, leading: 1.55 };
  rules.forEach((text, index) => w.hanging(`${index + 1}.`, text, ruleFace, 18, 1));
  w.y += 14;

  // Candidate fields; pinned to the foot of the cover when there is room, where they are expected.
  const fieldsHeight = 2 * 30 + 24;
  w.ensureSpace(fieldsHeight);
  w.y = Math.max(w.y, w.bottom - fieldsHeight);
  w.write("應試人員資料", w.left, w.y, { size: SIZE.heading, color: COLORS.brand, bold: true });
  w.y += w.lineHeight({ size: SIZE.heading });
  drawFillInFields(w, ["姓名", "學員編號／准考證號", "座號", "日期"], 2);
}

interface OptionLayout {
  columns: number;
  columnWidth: number;
  labelWidth: number;
  rowHeights: number[];
}

const OPTION_FACE: Face = { size: SIZE.option };
const STEM_FACE: Face = { size: SIZE.body };

function optionLabel(index: number): string {
  return `(${OPTION_LETTERS[index] ?? String(index + 1)})`;
}

/** Four options to a row when they are all short, else two, else one each with a hanging indent. */
function layoutOptions(w: PageWriter, options: readonly string[], width: number): OptionLayout {
  const labelWidth = w.widthOf("(W)", OPTION_FACE) + 4;
  const counts = [...new Set([Math.min(options.length, 4), 2, 1])].filter((count) => count >= 1 && count <= options.length).sort((a, b) => b - a);
  for (const columns of counts) {
    const columnWidth = width / columns;
    const textWidth = columnWidth - labelWidth - (columns > 1 ? OPTION_GAP : 0);
    const fits = columns === 1 || options.every((option) => w.widthOf(option, OPTION_FACE) <= textWidth);
    if (!fits) continue;
    const rowHeights: number[] = [];
    for (let start = 0; start < options.length; start += columns) {
      const row = options.slice(start, start + columns);
      rowHeights.push(Math.max(...row.map((option) => w.measure(option, OPTION_FACE, textWidth))));
    }
    return { columns, columnWidth, labelWidth, rowHeights };
  }
  throw new Error("unreachable: one column always fits");
}

function writingLines(item: ExamPaperItem): number {
  return Math.min(12, Math.max(4, Math.ceil(item.points) * 2));
}

/** Whether the item lists lettered options (true/false items are answered O / X without them). */
function hasOptions(item: ExamPaperItem): boolean {
  return (item.type === "single" || item.type === "multiple") && item.options.length > 0;
}

function drawItem(w: PageWriter, item: ExamPaperItem): void {
  const stemX = w.left + NUMBER_WIDTH;
  const stemWidth = w.width - NUMBER_WIDTH - POINTS_WIDTH;
  const stem = item.stem.trim();
  const stemHeight = w.measure(stem, STEM_FACE, stemWidth);
  const optionsWidth = w.width - NUMBER_WIDTH;
  const options = item.options.map((option) => option.trim());
  const layout = hasOptions(item) ? layoutOptions(w, options, optionsWidth) : null;
  const lines = item.type === "short_answer" ? writingLines(item) : 0;
  const optionsHeight = layout ? 3 + layout.rowHeights.reduce((sum, height) => sum + height + 2, 0) : 0;
  const linesHeight = lines * WRITING_LINE_PITCH + (lines ? 4 : 0);
  const total = stemHeight + optionsHeight + linesHeight;

  // Never split an item that fits on a page; one longer than a page starts on a fresh page and then
  // breaks between option rows or writing lines, never inside the stem.
  if (total <= w.pageHeight) w.ensureSpace(total);
  else w.ensureSpace(Math.min(w.pageHeight, stemHeight + (layout ? layout.rowHeights[0] : WRITING_LINE_PITCH)));

  w.write(`${item.position}.`, w.left, w.y, { ...STEM_FACE, bold: true }, { width: NUMBER_WIDTH - 6, align: "right" });
  w.write(stem, stemX, w.y, STEM_FACE, { width: stemWidth });
  const pointsFace: Face = { size: SIZE.small, color: COLORS.muted };
  w.write(`（${formatPoints(item.points)} 分）`, w.right - POINTS_WIDTH, w.y + w.baselineShift(STEM_FACE, pointsFace), pointsFace, { width: POINTS_WIDTH, align: "right", lineBreak: false });
  w.y += stemHeight;

  if (layout) {
    w.y += 3;
    const textWidth = layout.columnWidth - layout.labelWidth - (layout.columns > 1 ? OPTION_GAP : 0);
    layout.rowHeights.forEach((rowHeight, row) => {
      w.ensureSpace(rowHeight);
      for (let column = 0; column < layout.columns; column++) {
        const index = row * layout.columns + column;
        if (index >= options.length) break;
        const x = stemX + column * layout.columnWidth;
        w.write(optionLabel(index), x, w.y, OPTION_FACE);
        w.write(options[index], x + layout.labelWidth, w.y, OPTION_FACE, { width: textWidth });
      }
      w.y += rowHeight + 2;
    });
  }

  if (lines) {
    w.y += 4;
    for (let line = 0; line < lines; line++) {
      w.ensureSpace(WRITING_LINE_PITCH);
      w.y += WRITING_LINE_PITCH;
      w.rule(stemX, w.right, w.y - 2, COLORS.line, 0.5);
    }
  }
  w.y += ITEM_GAP;
}

function sectionTitle(section: Section, scoring: MultipleScoring): { heading: string; note: string } {
  const points = sumPoints(section.items);
  return {
    heading: `${section.heading}（${positionRange(section.items)}，${pointsEach(section.items)}，共 ${formatPoints(points)} 分）`,
    note: `${typeRule(section.type, scoring)}。`,
  };
}

const SECTION_FACE: Face = { size: SIZE.heading, color: COLORS.brand, bold: true };
const NOTE_FACE: Face = { size: SIZE.small, color: COLORS.muted };

function sectionHeadingHeight(w: PageWriter, note: string): number {
  return w.lineHeight(SECTION_FACE) + 6 + w.measure(note, NOTE_FACE, w.width - 10) + 8;
}

function drawSectionHeading(w: PageWriter, heading: string, note: string): void {
  const bandHeight = w.lineHeight(SECTION_FACE) + 6;
  w.fillRect(w.left, w.y, w.width, bandHeight, COLORS.band);
  w.fillRect(w.left, w.y, 3, bandHeight, COLORS.brand);
  w.write(heading, w.left + 10, w.y + 3, SECTION_FACE, { width: w.width - 14 });
  w.y += bandHeight + 3;
  const noteHeight = w.measure(note, NOTE_FACE, w.width - 10);
  w.write(note, w.left + 10, w.y, NOTE_FACE, { width: w.width - 10 });
  w.y += noteHeight + 5;
}

/** A rough height of an item's first block, to keep a section heading with its first item. */
function firstItemHeight(w: PageWriter, item: ExamPaperItem): number {
  const stemHeight = w.measure(item.stem.trim(), STEM_FACE, w.width - NUMBER_WIDTH - POINTS_WIDTH);
  if (hasOptions(item)) {
    const layout = layoutOptions(w, item.options.map((option) => option.trim()), w.width - NUMBER_WIDTH);
    return Math.min(w.pageHeight / 2, stemHeight + 3 + layout.rowHeights.reduce((sum, height) => sum + height + 2, 0));
  }
  return Math.min(w.pageHeight / 2, stemHeight + (item.type === "short_answer" ? writingLines(item) * WRITING_LINE_PITCH + 4 : 0));
}

function drawQuestions(w: PageWriter, input: ExamPaperDocument, sections: Section[]): void {
  for (const section of sections) {
    const { heading, note } = sectionTitle(section, input.paper.multipleScoring);
    const first = section.items[0];
    w.ensureSpace(sectionHeadingHeight(w, note) + (first ? firstItemHeight(w, first) : 0));
    if (w.y > MARGIN.top) w.y += 4;
    drawSectionHeading(w, heading, note);
    for (const item of section.items) drawItem(w, item);
    w.y += 6;
  }
  w.ensureSpace(30);
  w.write("（試題結束，請檢查答案卡是否填寫完整）", w.left, w.y + 6, { size: SIZE.small, color: COLORS.muted }, { width: w.width, align: "center" });
  w.y += 30;
}

/** Answer-sheet grids from the most to the least generous; the first that fits on the page is used. */
const SHEET_GRIDS = [
  { columns: 5, pitch: 30, box: 22 },
  { columns: 5, pitch: 25, box: 20 },
  { columns: 6, pitch: 24, box: 19 },
  { columns: 7, pitch: 23, box: 18 },
] as const;
type SheetGrid = (typeof SHEET_GRIDS)[number];
/** The item number's column in a grid cell; three digits in bold fit. */
const SHEET_NUMBER_WIDTH = 22;
const SHEET_LABEL_FACE: Face = { size: SIZE.body, color: COLORS.brand, bold: true };
const SCORE_PER_ROW = 10;

function sheetLabel(section: Section): string {
  const hint = section.type === "true_false" ? "　填 O 或 X" : section.type === "multiple" ? "　寫出所有正確選項" : "";
  return `${section.heading}（${positionRange(section.items)}）${hint}`;
}

function sheetGridHeight(w: PageWriter, sections: readonly Section[], grid: SheetGrid): number {
  const labelHeight = w.lineHeight(SHEET_LABEL_FACE) + 4;
  return sections.reduce((sum, section) => sum + labelHeight + Math.ceil(section.items.length / grid.columns) * grid.pitch + 4, 0);
}

/** The assessor's block at the foot of the sheet: a box per part and per short-answer item, the total, sign-off. */
function scoreLabels(sections: readonly Section[]): string[] {
  return [
    ...sections.filter((section) => section.type !== "short_answer").map((section) => ITEM_TYPE_LABELS[section.type]),
    ...sections.filter((section) => section.type === "short_answer").flatMap((section) => section.items.map((item) => `簡答 ${item.position}`)),
    "總分",
  ];
}

const SCORE_HEAD = 16;
const SCORE_VALUE = 26;

function scoreBlockHeight(labels: readonly string[]): number {
  return 6 + 20 + Math.ceil(labels.length / SCORE_PER_ROW) * (SCORE_HEAD + SCORE_VALUE + 6) + 30;
}

function drawScoreBlock(w: PageWriter, labels: readonly string[]): void {
  w.rule(w.left, w.right, w.y, COLORS.line, 0.8);
  w.y += 6;
  w.write("閱卷欄（考生請勿填寫）", w.left, w.y, { size: SIZE.body, color: COLORS.muted, bold: true });
  w.y += 20;
  const columnWidth = w.width / Math.min(SCORE_PER_ROW, labels.length);
  for (let start = 0; start < labels.length; start += SCORE_PER_ROW) {
    labels.slice(start, start + SCORE_PER_ROW).forEach((label, column) => {
      const x = w.left + column * columnWidth;
      w.fillRect(x, w.y, columnWidth, SCORE_HEAD, COLORS.band);
      w.box(x, w.y, columnWidth, SCORE_HEAD + SCORE_VALUE, COLORS.line, 0.6);
      w.rule(x, x + columnWidth, w.y + SCORE_HEAD, COLORS.line, 0.6);
      w.write(label, x, w.y + 2, { size: SIZE.tiny, color: COLORS.muted }, { width: columnWidth, align: "center" });
    });
    w.y += SCORE_HEAD + SCORE_VALUE + 6;
  }
  drawFillInFields(w, ["閱卷人員簽名", "輸入系統日期"], 2, 30);
}

function drawAnswerSheet(w: PageWriter, input: ExamPaperDocument, sections: Section[]): void {
  const { paper, standard } = input;
  const form = formName(paper.formLabel);
  const titleFace: Face = { size: 18, bold: true, color: COLORS.ink };
  w.write(`答案卡　${form}`, w.left, w.y, titleFace, { width: w.width, align: "center" });
  w.y += w.lineHeight(titleFace);
  w.write(`${paper.title}　${standard.code} ${standard.name}`, w.left, w.y, { size: SIZE.small, color: COLORS.muted }, { width: w.width, align: "center" });
  w.y += w.lineHeight({ size: SIZE.small }) + 6;
  drawFillInFields(w, ["姓名", "學員編號／准考證號", "座號", "日期"], 2, 28);
  w.y += 6;
  w.paragraph(
    "請以黑色或藍色原子筆，在題號右方方格內寫上答案：選擇題寫大寫英文字母（複選題寫出所有選項，如 BD），是非題寫 O 或 X。請勿在方格外書寫。",
    { size: SIZE.small, color: COLORS.muted, leading: 1.5 },
    0,
    8,
  );

  const gridSections = sections.filter((section) => section.type !== "short_answer");
  const shortAnswers = sections.find((section) => section.type === "short_answer");
  const shortAnswerNote = shortAnswers ? `${shortAnswers.heading}（${positionRange(shortAnswers.items)}）：請直接作答於試題的作答欄內。` : null;
  const noteFace: Face = { size: SIZE.body, color: COLORS.brand };
  const labels = scoreLabels(sections);
  const footHeight = (shortAnswerNote ? w.measure(shortAnswerNote, noteFace, w.width) + 8 : 0) + scoreBlockHeight(labels);
  // A sheet on one page is one sheet to collect and key in: take the roomiest grid that fits.
  const room = w.bottom - w.y - footHeight;
  const grid = SHEET_GRIDS.find((candidate) => sheetGridHeight(w, gridSections, candidate) <= room) ?? SHEET_GRIDS[SHEET_GRIDS.length - 1];

  // When even the densest grid does not fit, the sheet goes on, and each page names its candidate.
  w.onContinue = () => {
    w.write(`答案卡（續）　${form}`, w.left, w.y, { size: SIZE.heading, bold: true });
    w.y += w.lineHeight({ size: SIZE.heading }) + 2;
    drawFillInFields(w, ["姓名", "學員編號／准考證號"], 2, 28);
    w.y += 6;
  };

  const cellWidth = w.width / grid.columns;
  const boxWidth = cellWidth - SHEET_NUMBER_WIDTH - 5 - 10;
  const numberFace: Face = { size: SIZE.body, bold: true };
  const labelHeight = w.lineHeight(SHEET_LABEL_FACE) + 4;
  for (const section of gridSections) {
    const label = sheetLabel(section);
    const drawLabel = (continued: boolean) => {
      w.write(continued ? `${label}（續）` : label, w.left, w.y, SHEET_LABEL_FACE);
      w.y += labelHeight;
    };
    w.ensureSpace(labelHeight + grid.pitch);
    drawLabel(false);
    for (let start = 0; start < section.items.length; start += grid.columns) {
      if (w.ensureSpace(grid.pitch)) drawLabel(true);
      section.items.slice(start, start + grid.columns).forEach((item, column) => {
        const x = w.left + column * cellWidth;
        w.write(String(item.position), x, w.y + (grid.box - w.lineHeight(numberFace)) / 2, numberFace, { width: SHEET_NUMBER_WIDTH, align: "right" });
        w.box(x + SHEET_NUMBER_WIDTH + 5, w.y, boxWidth, grid.box, COLORS.muted, 0.8);
      });
      w.y += grid.pitch;
    }
    w.y += 4;
  }

  if (shortAnswerNote) w.paragraph(shortAnswerNote, noteFace, 0, 8);

  const blockHeight = scoreBlockHeight(labels);
  w.ensureSpace(blockHeight);
  w.onContinue = null;
  // At the foot of the page, where an assessor looks for it.
  w.y = Math.max(w.y + 6, w.bottom - blockHeight);
  drawScoreBlock(w, labels);
}

/** The candidate's paper: cover, questions by type, answer sheet. Never contains the key. */
export async function renderExamPaperPdf(input: ExamPaperDocument, fonts?: ReportFonts): Promise<Buffer> {
  const form = formName(input.paper.formLabel);
  const { doc, finished } = createDocument(fonts ?? (await getReportFonts()), documentInfo(input, `${input.paper.title} ${form}`));
  const w = new PageWriter(doc);
  const sections = sectionsOf(input.items);

  w.addPage();
  drawCover(w, input, sections);

  w.addPage();
  drawQuestions(w, input, sections);

  w.addPage();
  w.onContinue = null;
  drawAnswerSheet(w, input, sections);

  w.drawChrome(
    (index) => (index === 0 ? null : { left: `${input.paper.title}　${form}`, right: `${input.standard.code} ${input.standard.name}` }),
    `${input.institution.name}　${input.paper.title}　${form}`,
  );
  doc.end();
  return finished;
}

// ---- the assessor's key -----------------------------------------------------------------------

const KEY_BANNER = "答案卷（閱卷用，請勿發給考生）";

interface KeyColumn {
  label: string;
  width: number;
  align: "left" | "center";
}

function keyTitleBlock(w: PageWriter, input: ExamPaperDocument): void {
  const { paper, institution, standard } = input;
  const form = formName(paper.formLabel);

  const bannerFace: Face = { size: 15, bold: true, color: COLORS.alert };
  const bannerHeight = w.lineHeight(bannerFace) + 10;
  w.fillRect(w.left, w.y, w.width, bannerHeight, COLORS.alertBand);
  w.box(w.left, w.y, w.width, bannerHeight, COLORS.alert, 1.2);
  w.write(KEY_BANNER, w.left, w.y + 5, bannerFace, { width: w.width, align: "center" });
  w.y += bannerHeight + 10;

  w.write(`${paper.title}　${form}`, w.left, w.y, { size: 16, bold: true }, { width: w.width });
  w.y += w.lineHeight({ size: 16 }) + 2;

  const facts = [
    `${institution.name}（登記字號 ${institution.registrationNumber}）`,
    `${standard.code} ${standard.name}${input.assessmentTitle ? `　${input.assessmentTitle}` : ""}`,
    `共 ${input.items.length} 題　滿分 ${formatPoints(paper.totalPoints)} 分　及格 ${formatPoints(paper.passMark)} 分　作答時間 ${paper.durationMinutes} 分鐘`,
    `複選題計分：${paper.multipleScoring === "partial" ? "部分給分" : "全對才給分"}（${MULTIPLE_SCORING_RULES[paper.multipleScoring]}）`,
    `組卷種子 ${paper.seed}　發布日期 ${paper.publishedAt ? formatDate(paper.publishedAt) : "未發布"}${input.session ? `　場次 ${input.session.title}（${formatDateTime(input.session.startsAt)}，${input.session.place}）` : ""}`,
  ];
  for (const fact of facts) w.paragraph(fact, { size: SIZE.small, color: COLORS.muted, leading: 1.5 }, 0, 0);
  w.y += 10;
}

/** A compact grid of position → key, for marking by hand at a glance. */
function drawKeyGrid(w: PageWriter, sections: Section[]): void {
  const items = sections.filter((section) => section.type !== "short_answer").flatMap((section) => section.items);
  if (!items.length) return;
  const perRow = 10;
  const cellWidth = w.width / perRow;
  const cellHeight = 30;
  const titleFace: Face = { size: SIZE.heading, color: COLORS.brand, bold: true };
  w.ensureSpace(w.lineHeight(titleFace) + 4 + cellHeight);
  w.write("答案速查（選擇題、是非題）", w.left, w.y, titleFace);
  w.y += w.lineHeight(titleFace) + 4;
  for (let start = 0; start < items.length; start += perRow) {
    w.ensureSpace(cellHeight);
    items.slice(start, start + perRow).forEach((item, column) => {
      const x = w.left + column * cellWidth;
      w.box(x, w.y, cellWidth, cellHeight, COLORS.faint, 0.5);
      w.write(String(item.position), x, w.y + 1, { size: SIZE.tiny, color: COLORS.muted }, { width: cellWidth, align: "center" });
      // Up to eight letters: the size shrinks to keep them on the cell's one line.
      const key = item.keyLetters || "—";
      const size = Math.max(6, Math.min(11, (11 * (cellWidth - 6)) / w.widthOf(key, { size: 11 })));
      w.write(key, x, w.y + 12 + (11 - size) * 0.7, { size, bold: true }, { width: cellWidth, align: "center" });
    });
    w.y += cellHeight;
  }
  w.y += 14;
}

function drawKeyTable(w: PageWriter, sections: Section[]): void {
  const fixed: KeyColumn[] = [
    { label: "題號", width: 28, align: "center" },
    { label: "題庫編號", width: 46, align: "center" },
    { label: "題型", width: 40, align: "center" },
    { label: "答案", width: 44, align: "center" },
    { label: "配分", width: 28, align: "center" },
    { label: "職能內涵", width: 62, align: "left" },
    { label: "認知層次", width: 46, align: "center" },
  ];
  const fixedWidth = fixed.reduce((sum, column) => sum + column.width, 0);
  const columns: KeyColumn[] = [...fixed, { label: "題目", width: w.width - fixedWidth, align: "left" }];
  const pad = 4;
  const cellFace: Face = { size: SIZE.small, leading: 1.4 };
  const keyFace: Face = { ...cellFace, bold: true, color: COLORS.alert };
  const noteFace: Face = { size: SIZE.small, leading: 1.45, color: "#3e4c59" };
  const headFace: Face = { size: SIZE.small, color: COLORS.brand, bold: true, leading: 1.4 };
  const headHeight = w.lineHeight(headFace) + 6;
  const titleFace: Face = { size: SIZE.heading, color: COLORS.brand, bold: true };
  const titleHeight = w.lineHeight(titleFace) + 4;
  // Explanations and model answers run under the row, from the bank-number column to the right edge.
  const noteX = w.left + fixed[0].width;
  const noteWidth = w.width - fixed[0].width - pad;

  const drawHeader = () => {
    w.fillRect(w.left, w.y, w.width, headHeight, COLORS.band);
    let x = w.left;
    for (const column of columns) {
      w.write(column.label, x + pad, w.y + 3, headFace, { width: column.width - 2 * pad, align: column.align });
      x += column.width;
    }
    w.y += headHeight;
  };

  const cellsOf = (item: ExamPaperItem): string[] => [
    String(item.position),
    bankNumber(item.number),
    ITEM_TYPE_LABELS[item.type],
    item.keyLetters || "—",
    formatPoints(item.points),
    item.codes.join("、"),
    COGNITIVE_LEVEL_LABELS[item.cognitiveLevel],
    summarise(item.stem),
  ];
  const notesOf = (item: ExamPaperItem): string[] => [
    ...(item.modelAnswer ? [`參考答案：${item.modelAnswer.trim()}`] : []),
    ...(item.explanation ? [`解析：${item.explanation.trim()}`] : []),
  ];

  let started = false;
  w.onContinue = () => {
    if (!started) return;
    w.write("逐題答案與解析（續）", w.left, w.y, titleFace);
    w.y += titleHeight;
    drawHeader();
  };
  for (const section of sections) {
    for (const item of section.items) {
      const cells = cellsOf(item);
      const notes = notesOf(item).join("\n");
      const cellsHeight = Math.max(...cells.map((cell, index) => w.measure(cell, cellFace, columns[index].width - 2 * pad)));
      const notesHeight = notes ? w.measure(notes, noteFace, noteWidth) + 2 : 0;
      const height = cellsHeight + notesHeight + 8;
      if (!started) {
        w.ensureSpace(titleHeight + headHeight + height);
        w.write("逐題答案與解析", w.left, w.y, titleFace);
        w.y += titleHeight;
        drawHeader();
        started = true;
      } else {
        w.ensureSpace(height);
      }
      let x = w.left;
      cells.forEach((cell, index) => {
        w.write(cell, x + pad, w.y + 4, index === 3 ? keyFace : cellFace, { width: columns[index].width - 2 * pad, align: columns[index].align });
        x += columns[index].width;
      });
      if (notes) w.write(notes, noteX + pad, w.y + 4 + cellsHeight + 2, noteFace, { width: noteWidth - pad });
      w.y += height;
      w.rule(w.left, w.right, w.y, COLORS.faint, 0.5);
    }
  }
  w.onContinue = null;
}

/** The first words of a stem, so a marker can match the row to the question. */
function summarise(stem: string, length = 36): string {
  const flat = stem.trim().replace(/\s+/g, " ");
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/** The assessor's key: a separate file, marked as such on every page. */
export async function renderExamKeyPdf(input: ExamPaperDocument, fonts?: ReportFonts): Promise<Buffer> {
  const form = formName(input.paper.formLabel);
  const { doc, finished } = createDocument(fonts ?? (await getReportFonts()), documentInfo(input, `${input.paper.title} ${form} ${KEY_BANNER}`));
  const w = new PageWriter(doc);
  const sections = sectionsOf(input.items);

  w.addPage();
  keyTitleBlock(w, input);
  drawKeyGrid(w, sections);
  drawKeyTable(w, sections);

  w.drawChrome(() => ({ left: KEY_BANNER, right: `${input.paper.title}　${form}`, alert: true }), `${input.institution.name}　${input.paper.title}　${form}　答案卷`);
  doc.end();
  return finished;
}
