/**
 * pdfkit renderer: ReportModel → PDF bytes (DESIGN §7, budget §9: ≤ 15 ms warm, ≤ 70 KB).
 *
 * Geometry only; every word, width and colour comes from the model. The page flows top to bottom
 * with one cursor; a table row is measured before it is drawn and moves whole to the next page
 * (with the table's title and header repeated) when it does not fit, so no row is ever split.
 * The document's margins are zero so pdfkit never breaks pages on its own; the model's margins
 * are applied here. Output is deterministic for a given model: dates come from the payload and
 * pdfkit derives the file ID and font subset tags from the document info.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

import type { FieldItem, ReportModel, Section, TableColumn, TableGroup, TableRow, Tone } from "~/domain/report/report-layout";

import { getReportFonts, type ReportFonts } from "./fonts.server";

type Doc = PDFKit.PDFDocument;
type TableSection = Extract<Section, { type: "table" }>;
type TextOptions = PDFKit.Mixins.TextOptions;

/** Size, colour, weight and line pitch (em) of a run of text. */
interface Face {
  size: number;
  color: string;
  bold?: boolean;
  leading?: number;
}

const A4 = { width: 595.28, height: 841.89 };
/** Line pitch in em; the font's own (hhea: 0.88 + 0.12 + 0.5 gap) is too airy for table rows. */
const LINE_HEIGHT = 1.3;
/** Bold is the Regular outline filled and stroked this thick (em); see fonts.server.ts for why. */
const BOLD_STROKE = 0.035;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 1.8;
const SECTION_GAP = 8;
const FOOTER_HEIGHT = 14;
const QR_SIZE = 60;
const PANEL_GAP = 12;

class ReportWriter {
  private y: number;
  private readonly left: number;
  private readonly right: number;
  private readonly bottom: number;

  constructor(
    private readonly doc: Doc,
    private readonly model: ReportModel,
  ) {
    this.left = model.margin.left;
    this.right = A4.width - model.margin.right;
    this.bottom = A4.height - model.margin.bottom - FOOTER_HEIGHT;
    this.y = model.margin.top;
  }

  private get width(): number {
    return this.right - this.left;
  }

  private toneColor(tone: Tone): string {
    return tone === "pass" ? this.model.colors.pass : tone === "fail" ? this.model.colors.fail : this.model.colors.ink;
  }

  private face(size: number, color = this.model.colors.ink, bold = false): Face {
    return { size, color, bold };
  }

  // pdfkit writes out every colour and line width it is given (colours as 17-digit decimals);
  // skipping repeats keeps the content stream, and so the file, noticeably smaller.
  private graphics = { fill: "", stroke: "", lineWidth: -1 };

  private resetGraphics(): void {
    this.graphics = { fill: "", stroke: "", lineWidth: -1 };
    this.doc.lineJoin("round"); // for the stroked outlines of bold text
  }

  private setFill(color: string): void {
    if (this.graphics.fill === color) return;
    this.doc.fillColor(color);
    this.graphics.fill = color;
  }

  private setStroke(color: string, lineWidth: number): void {
    if (this.graphics.stroke !== color) this.doc.strokeColor(color);
    if (this.graphics.lineWidth !== lineWidth) this.doc.lineWidth(lineWidth);
    this.graphics.stroke = color;
    this.graphics.lineWidth = lineWidth;
  }

  /** Sets the size and returns the line gap that gives the face's line pitch. */
  private lineGapFor(face: Face): number {
    this.doc.fontSize(face.size);
    return face.size * (face.leading ?? LINE_HEIGHT) - this.doc.currentLineHeight(true);
  }

  /** Draws text whose first line box starts at y (one line unless options.width makes it wrap). */
  private write(text: string, x: number, y: number, face: Face, options: TextOptions = {}): void {
    const lineGap = this.lineGapFor(face);
    this.setFill(face.color);
    // Rounded: pdfkit prints every digit of a width into the content stream.
    if (face.bold) this.setStroke(face.color, Math.round(face.size * BOLD_STROKE * 100) / 100);
    this.doc.text(text, x, y + face.size * ((face.leading ?? LINE_HEIGHT) - 1) / 2, {
      lineGap,
      lineBreak: options.width !== undefined,
      ...(face.bold ? { fill: true, stroke: true } : {}),
      ...options,
    });
  }

  private measure(text: string, face: Face, width: number): number {
    const lineGap = this.lineGapFor(face);
    return this.doc.heightOfString(text, { width, lineGap });
  }

  private widthOf(text: string, face: Face, characterSpacing = 0): number {
    this.lineGapFor(face);
    return this.doc.widthOfString(text, { characterSpacing });
  }

  private rule(x1: number, x2: number, y: number, color: string, width = 0.5): void {
    this.setStroke(color, width);
    this.doc.moveTo(x1, y).lineTo(x2, y).stroke();
  }

  private fillRect(x: number, y: number, width: number, height: number, color: string): void {
    this.setFill(color);
    this.doc.rect(x, y, width, height).fill();
  }

  // ---- pages --------------------------------------------------------------------------------

  addPage(): void {
    this.doc.addPage({ size: "A4", margin: 0 });
    this.resetGraphics();
    this.y = this.model.margin.top;
    if (this.model.frame) this.drawFrame();
  }

  private drawFrame(): void {
    const { primary, accent } = this.model.colors;
    const outer = 18;
    const inner = 23;
    this.setStroke(primary, 1.6);
    this.doc.rect(outer, outer, A4.width - 2 * outer, A4.height - 2 * outer).stroke();
    this.setStroke(accent, 0.6);
    this.doc.rect(inner, inner, A4.width - 2 * inner, A4.height - 2 * inner).stroke();
  }

  /** Starts a new page when `height` does not fit; returns true if it did. */
  private ensureSpace(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.addPage();
    this.drawContinuationHeader();
    return true;
  }

  private drawContinuationHeader(): void {
    const { fontSizes, colors, header, title } = this.model;
    const face = this.face(fontSizes.small, colors.muted);
    this.write(`${header.institution}　${title}`, this.left, this.y, face);
    this.write(header.number, this.left, this.y, face, { width: this.width, align: "right" });
    this.y += fontSizes.small * LINE_HEIGHT + 8;
  }

  drawFooters(): void {
    const { fontSizes, colors, footer } = this.model;
    const range = this.doc.bufferedPageRange();
    const face = this.face(fontSizes.small, colors.muted);
    const y = A4.height - this.model.margin.bottom - fontSizes.small;
    for (let index = 0; index < range.count; index++) {
      this.doc.switchToPage(range.start + index);
      this.resetGraphics();
      const pageLabel = footer.pageLabel.replace("{n}", String(index + 1)).replace("{N}", String(range.count));
      this.write(footer.url, this.left, y, { ...face, color: colors.primary }, { link: footer.url });
      this.write(pageLabel, this.left, y, face, { width: this.width, align: "right" });
    }
  }

  // ---- first-page heading -------------------------------------------------------------------

  drawHeading(): void {
    const { fontSizes, colors, header, recipient, decision } = this.model;
    const top = this.y;
    this.write(header.institution, this.left, top, this.face(fontSizes.body + 1, colors.primary, true));
    this.write(header.number, this.left, top + 1, this.face(fontSizes.small + 0.5, colors.primary), {
      width: this.width,
      align: "right",
    });
    this.write(header.registration, this.left, top + fontSizes.body * LINE_HEIGHT + 3, this.face(fontSizes.small, colors.muted));
    this.y = top + fontSizes.body * LINE_HEIGHT + fontSizes.small * LINE_HEIGHT + 10;

    const title = this.face(fontSizes.title, colors.primary, true);
    this.write(this.model.title, this.left, this.y, title, {
      width: this.width,
      align: "center",
      characterSpacing: this.model.frame ? 6 : 3,
    });
    this.y += fontSizes.title * LINE_HEIGHT + 3;
    this.rule(A4.width / 2 - 60, A4.width / 2 + 60, this.y, colors.accent, 0.8);
    this.y += 9;

    // One centred line: label, name, masked ID and the decision badge.
    const label = this.face(fontSizes.small + 1, colors.muted);
    const name = this.face(fontSizes.recipient, colors.ink, true);
    const id = this.face(fontSizes.small + 1, colors.muted);
    const badge = this.face(fontSizes.body, this.toneColor(decision.tone), true);
    const gap = 10;
    const parts = [
      { text: recipient.label, face: label, spacing: 0 },
      { text: recipient.name, face: name, spacing: 1 },
      ...(recipient.idLine ? [{ text: recipient.idLine, face: id, spacing: 0 }] : []),
    ].map((part) => ({ ...part, width: this.widthOf(part.text, part.face, part.spacing) }));
    const badgeWidth = this.widthOf(decision.text, badge, 2) + 22;
    const total = parts.reduce((sum, part) => sum + part.width + gap, 0) + badgeWidth;
    const lineHeight = fontSizes.recipient * LINE_HEIGHT;
    let x = A4.width / 2 - total / 2;
    for (const part of parts) {
      // Align the smaller runs on the name's baseline region by centring each in the line box.
      const offset = (lineHeight - part.face.size * LINE_HEIGHT) / 2;
      this.write(part.text, x, this.y + offset, part.face, { characterSpacing: part.spacing });
      x += part.width + gap;
    }
    const badgeHeight = fontSizes.body + 7;
    const badgeTop = this.y + (lineHeight - badgeHeight) / 2;
    this.setStroke(badge.color, 0.9);
    this.doc.roundedRect(x, badgeTop, badgeWidth, badgeHeight, badgeHeight / 2).stroke();
    this.write(decision.text, x, badgeTop + (badgeHeight - fontSizes.body * LINE_HEIGHT) / 2, badge, {
      width: badgeWidth,
      align: "center",
      characterSpacing: 2,
    });
    this.y += lineHeight + 8;

    const statement: Face = { ...this.face(fontSizes.body), leading: 1.6 };
    const height = this.measure(this.model.statement, statement, this.width);
    this.write(this.model.statement, this.left, this.y, statement, { width: this.width });
    this.y += height + 2;
  }

  // ---- sections -----------------------------------------------------------------------------

  drawSection(section: Section): void {
    if (section.type === "fields") this.drawFields(section.items);
    else if (section.type === "list") this.drawList(section.title, section.items);
    else this.drawTable(section);
  }

  private get sectionTitleHeight(): number {
    return this.model.fontSizes.body * LINE_HEIGHT + 3;
  }

  private drawSectionTitle(title: string): void {
    const { fontSizes, colors } = this.model;
    this.write(title, this.left, this.y, this.face(fontSizes.body, colors.primary, true));
    this.y += this.sectionTitleHeight;
  }

  /** Label–value pairs, two per line. */
  private drawFields(items: FieldItem[]): void {
    const { fontSizes, colors } = this.model;
    const value = this.face(fontSizes.table + 0.5);
    const label = this.face(fontSizes.table + 0.5, colors.muted);
    const columnWidth = (this.width - PANEL_GAP) / 2;
    const labelWidth = 46;
    const valueWidth = columnWidth - labelWidth;
    this.rule(this.left, this.right, this.y, colors.rule);
    this.y += 3;
    for (let index = 0; index < items.length; index += 2) {
      const pair = items.slice(index, index + 2);
      const height = Math.max(...pair.map((item) => this.measure(item.value, value, valueWidth))) + 2;
      this.ensureSpace(height);
      pair.forEach((item, column) => {
        const x = this.left + column * (columnWidth + PANEL_GAP);
        this.write(item.label, x, this.y, label);
        const face = item.tone ? { ...value, color: this.toneColor(item.tone) } : value;
        this.write(item.value, x + labelWidth, this.y, face, { width: valueWidth });
      });
      this.y += height;
    }
    this.y += 1;
    this.rule(this.left, this.right, this.y, colors.rule);
    this.y += SECTION_GAP + 2;
  }

  private drawList(title: string, items: string[]): void {
    const { fontSizes } = this.model;
    const face = this.face(fontSizes.table + 0.5);
    const indent = 10;
    const width = this.width - indent;
    this.ensureSpace(this.sectionTitleHeight + this.measure(items[0] ?? "", face, width));
    this.drawSectionTitle(title);
    for (const item of items) {
      const height = this.measure(item, face, width) + 2;
      this.ensureSpace(height);
      this.write("•", this.left + 2, this.y, face);
      this.write(item, this.left + indent, this.y, face, { width });
      this.y += height;
    }
    this.y += SECTION_GAP;
  }

  /** Resolves "*" widths: the flexible columns share what the fixed ones leave. */
  private columnWidths(columns: TableColumn[], totalWidth: number): number[] {
    const fixed = columns.reduce((sum, column) => sum + (column.width === "*" ? 0 : column.width), 0);
    const flexible = columns.filter((column) => column.width === "*").length;
    const share = flexible > 0 ? (totalWidth - fixed) / flexible : 0;
    return columns.map((column) => (column.width === "*" ? share : column.width));
  }

  private rowHeight(row: TableRow, widths: number[]): number {
    const face = this.face(this.model.fontSizes.table);
    const heights = row.cells.map((cell, index) => this.measure(cell, face, widths[index] - 2 * CELL_PAD_X));
    return Math.max(...heights) + 2 * CELL_PAD_Y;
  }

  private get headerRowHeight(): number {
    return this.model.fontSizes.table * LINE_HEIGHT + 2 * CELL_PAD_Y + 1;
  }

  private drawTableHeader(columns: TableColumn[], widths: number[], panels: number, panelWidth: number): void {
    const { fontSizes, colors } = this.model;
    const face = this.face(fontSizes.table, colors.primary, true);
    const height = this.headerRowHeight;
    for (let panel = 0; panel < panels; panel++) {
      let x = this.left + panel * (panelWidth + PANEL_GAP);
      this.fillRect(x, this.y, panelWidth, height, colors.headerFill);
      columns.forEach((column, index) => {
        this.write(column.label, x + CELL_PAD_X, this.y + CELL_PAD_Y + 0.5, face, {
          width: widths[index] - 2 * CELL_PAD_X,
          align: column.align,
        });
        x += widths[index];
      });
    }
    this.y += height;
  }

  private drawRow(row: TableRow, table: TableSection, widths: number[], x: number, height: number): void {
    const { fontSizes, colors } = this.model;
    const { columns, toneColumn } = table;
    const start = x;
    row.cells.forEach((cell, index) => {
      const face = this.face(fontSizes.table, index === toneColumn ? this.toneColor(row.tone) : colors.ink);
      this.write(cell, x + CELL_PAD_X, this.y + CELL_PAD_Y, face, {
        width: widths[index] - 2 * CELL_PAD_X,
        align: columns[index].align,
      });
      x += widths[index];
    });
    this.rule(start, x, this.y + height, colors.rule, 0.4);
  }

  private drawGroupHeading(heading: NonNullable<TableGroup["heading"]>, height: number): void {
    const { fontSizes, colors } = this.model;
    this.fillRect(this.left, this.y, this.width, height, colors.groupFill);
    const top = this.y + CELL_PAD_Y;
    this.write(heading.text, this.left + CELL_PAD_X, top, this.face(fontSizes.table, colors.ink, true));
    this.write(heading.aside, this.left, top, this.face(fontSizes.table, this.toneColor(heading.tone)), {
      width: this.width - CELL_PAD_X,
      align: "right",
    });
    this.y += height;
  }

  private drawTable(table: TableSection): void {
    const { title, columns, groups } = table;
    const panels = Math.max(1, table.sideBySide);
    const panelWidth = (this.width - (panels - 1) * PANEL_GAP) / panels;
    const widths = this.columnWidths(columns, panelWidth);
    const groupHeadingHeight = this.headerRowHeight;

    let started = false;
    for (const group of groups) {
      // Side-by-side panels read down the left panel, then down the right one.
      const perPanel = Math.ceil(group.rows.length / panels);
      const lines = Array.from({ length: perPanel }, (_, line) =>
        Array.from({ length: panels }, (_, panel) => group.rows[panel * perPanel + line]).filter(
          (row): row is TableRow => row !== undefined,
        ),
      );
      lines.forEach((line, index) => {
        const lineHeight = Math.max(...line.map((row) => this.rowHeight(row, widths)));
        // A group heading stays with its first row, and the first row with the table's title and header.
        const heading = index === 0 && group.heading ? groupHeadingHeight : 0;
        const tableTop = started ? 0 : this.sectionTitleHeight + this.headerRowHeight;
        const newPage = this.ensureSpace(tableTop + heading + lineHeight);
        if (newPage || !started) {
          this.drawSectionTitle(started ? `${title}（續）` : title);
          this.drawTableHeader(columns, widths, panels, panelWidth);
          started = true;
        }
        if (group.heading && index === 0) this.drawGroupHeading(group.heading, groupHeadingHeight);
        // A group that continues on a new page gets its heading again, marked as continued.
        else if (group.heading && newPage) {
          this.drawGroupHeading({ ...group.heading, text: `${group.heading.text}（續）` }, groupHeadingHeight);
        }
        line.forEach((row, panel) => {
          this.drawRow(row, table, widths, this.left + panel * (panelWidth + PANEL_GAP), lineHeight);
        });
        this.y += lineHeight;
      });
    }
    this.y += SECTION_GAP;
  }

  // ---- sign-off block -----------------------------------------------------------------------

  drawSignoff(): void {
    const { fontSizes, colors, signoff } = this.model;
    const small = this.face(fontSizes.small, colors.muted);
    const blockHeight = QR_SIZE + 2;
    // Kept whole; on a certificate it sits at the foot of the page, where a reader expects signatures.
    this.ensureSpace(blockHeight + 4);
    const top = this.model.frame ? Math.max(this.y, this.bottom - blockHeight) : this.y + 4;

    this.write(signoff.title, this.left, top, this.face(fontSizes.table, colors.primary, true));
    const signerWidth = 96;
    const lineY = top + QR_SIZE * 0.58;
    signoff.signers.forEach((signer, index) => {
      const x = this.left + index * (signerWidth + 14);
      this.rule(x, x + signerWidth, lineY, colors.ink, 0.6);
      this.write(signer.role, x, lineY + 3, small);
      this.write(signer.name, x, lineY + 3 + fontSizes.small * LINE_HEIGHT, this.face(fontSizes.table));
    });

    const qrX = this.right - QR_SIZE;
    if (signoff.seal) {
      const sealSize = QR_SIZE - 4;
      const sealX = this.left + 2 * (signerWidth + 14) + 10;
      this.setStroke(colors.accent, 0.8);
      this.doc.dash(2.5, { space: 2 }).rect(sealX, top + 2, sealSize, sealSize).stroke().undash();
      this.write(signoff.seal, sealX, top + 2 + (sealSize - fontSizes.small * LINE_HEIGHT) / 2, this.face(fontSizes.small, colors.accent), {
        width: sealSize,
        align: "center",
      });
    }

    this.setFill(colors.ink);
    drawQrCode(this.doc, signoff.qrText, qrX, top, QR_SIZE);
    const textWidth = 170;
    const textX = qrX - 10 - textWidth; // ≥ 4 modules of quiet zone beside the code
    let lineTop = top + 1;
    this.write(signoff.verifyHint, textX, lineTop, small, { width: textWidth, align: "right" });
    lineTop += fontSizes.small * LINE_HEIGHT + 4;
    for (const line of signoff.verifyLines) {
      this.write(line, textX, lineTop, this.face(fontSizes.small + 0.5), { width: textWidth, align: "right" });
      lineTop += fontSizes.small * LINE_HEIGHT + 4;
    }
    this.y = top + blockHeight;
  }
}

/**
 * Draws the QR code as one path of dark runs, in module units (integer coordinates keep the
 * content stream small), filled once so viewers show no seams between runs.
 */
function drawQrCode(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = modules.size;
  doc.save().translate(x, y).scale(size / count);
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.data[row * count + column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.data[row * count + column]) column++;
      doc.rect(start, row, column - start, 1);
    }
  }
  doc.fill().restore();
}

function pdfDate(isoDate: string): Date {
  // Midnight in Taiwan on the issue date: a fixed, meaningful timestamp, so equal input gives equal bytes.
  return new Date(`${isoDate}T00:00:00+08:00`);
}

/** Renders the model to PDF bytes, with the signed record attached as certificate.json. */
export async function renderReportPdf(model: ReportModel, fonts?: ReportFonts): Promise<Buffer> {
  const { regular } = fonts ?? (await getReportFonts());
  const date = pdfDate(model.info.creationDate);
  const doc = new PDFDocument({
    // The one font, set at construction: pdfkit 0.20 accepts a parsed fontkit font here (its type
    // declarations list only names), and it then skips loading its default Helvetica metrics
    // for every document. Bold is this font filled and stroked, so no second font is embedded.
    font: regular as unknown as string,
    autoFirstPage: false,
    bufferPages: true, // page numbers "第 n / N 頁" are written once N is known
    compress: true,
    // No pdfVersion: the default 1.3 covers everything used here (CID fonts, embedded files) and,
    // unlike later versions, adds no uncompressed XMP copy of the info dictionary (~1.7 KB).
    lang: "zh-TW",
    displayTitle: true,
    info: {
      Title: model.info.title,
      Author: model.info.author,
      Subject: model.info.subject,
      Keywords: model.info.keywords,
      Creator: "職能評量建構平台",
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const writer = new ReportWriter(doc, model);
  writer.addPage();
  writer.drawHeading();
  for (const section of model.sections) writer.drawSection(section);
  writer.drawSignoff();
  writer.drawFooters();

  doc.file(Buffer.from(model.attachment.content, "utf8"), {
    name: model.attachment.name,
    type: "application/json",
    description: model.attachment.description,
    creationDate: pdfDate(model.attachment.date),
    modifiedDate: pdfDate(model.attachment.date),
  });
  doc.end();
  return finished;
}
