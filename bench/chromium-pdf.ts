/**
 * The comparison half of the PDF budget (DESIGN §9: our renderer ≥ 15× faster than headless
 * Chromium's print-to-PDF of the same content, in the same run).
 *
 * The content is the bench document of bench/pdf.ts, built the same way (the same sample result,
 * the same fixed number and signing key, buildReportLayout → ReportModel) and written as one HTML
 * page from that model: header, title, recipient line with the decision badge, statement, the
 * fields, the 7 task groups with their 17 criterion rows, the evidence table side by side, the
 * assessors' signature lines, the seal box, the QR code (inline SVG from the `qrcode` package),
 * the verification lines and the footer with the address and "第 n / N 頁". Sizes, colours,
 * widths and margins are the model's, in pt, so both renderers lay out the same page.
 *
 * Timed, per document, once warm (browser and page reused, as a server that prints with Chromium
 * would keep them): model → HTML (with the QR code) → page.setContent → page.pdf({ format: "A4" }).
 * The pdfkit side times model → PDF bytes (QR code included), so the two measure the same work.
 * Not timed: the browser's launch (about a second) and the warm-up documents.
 *
 * Fonts: Chromium takes the Chinese glyphs from the system's fonts (fontconfig), here
 * "Noto Sans CJK TC" when installed (Debian: fonts-noto-cjk) — the same design as the Noto Sans
 * Hant that pdfkit embeds. Without a CJK font the page prints with fallback boxes: the timing still
 * measures the print path, and `chromium_cjk_font` in the result says which case was measured.
 *
 * Run: npx tsx bench/chromium-pdf.ts [--quick] [--out file.pdf]
 */
import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

import { chromium, type Browser } from "@playwright/test";
import QRCode from "qrcode";

import { buildReportPayload } from "~/domain/report/certificate-payload";
import { buildReportLayout, type ReportModel, type Section, type TableColumn, type Tone } from "~/domain/report/report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "~/domain/report/sample-data";
import { signPayload } from "~/domain/report/signature";

export interface ChromiumPdfBenchResult {
  chromium_pdf_ms_median: number;
  chromium_pdf_ms_p95: number;
  chromium_pdf_bytes: number;
  /** The system font family Chromium resolves for Chinese text, or null when none is installed. */
  chromium_cjk_font: string | null;
}

export const CHROMIUM_EXECUTABLE = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// The same fixed number and key as bench/pdf.ts, so both documents print the same characters.
const benchNumberBytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 37 + 11) & 0xff);
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const benchKey = createPrivateKey({
  key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.alloc(32, 0x42)]),
  format: "der",
  type: "pkcs8",
});

/** The bench document's model: identical to the one bench/pdf.ts renders with pdfkit. */
export function benchReportModel(): ReportModel {
  const record = signPayload(buildReportPayload(demoReleasedResult(0, benchNumberBytes)), benchKey);
  return buildReportLayout(record, demoIndicatorTexts());
}

// ---------------------------------------------------------------------------------------------
// Model → HTML

const FONT_STACK = `"Noto Sans CJK TC", "Noto Sans TC", "Noto Sans Hant", "Noto Sans CJK", sans-serif`;
/** The renderer's geometry constants (app/pdf/render-report.server.ts), so the pages match. */
const LINE_HEIGHT = 1.3;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 1.8;
const SECTION_GAP = 8;
const FOOTER_HEIGHT = 14;
const QR_SIZE = 60;
const PANEL_GAP = 12;

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function toneColor(model: ReportModel, tone: Tone): string {
  return tone === "pass" ? model.colors.pass : tone === "fail" ? model.colors.fail : model.colors.ink;
}

function colgroup(columns: TableColumn[]): string {
  return `<colgroup>${columns
    .map((column) => (column.width === "*" ? "<col>" : `<col style="width:${column.width}pt">`))
    .join("")}</colgroup>`;
}

function tableHtml(model: ReportModel, section: Extract<Section, { type: "table" }>): string {
  const head = `<thead><tr>${section.columns
    .map((column) => `<th style="text-align:${column.align}">${esc(column.label)}</th>`)
    .join("")}</tr></thead>`;
  const panels = Math.max(1, section.sideBySide);
  const cellsOf = (row: { cells: string[]; tone: Tone }) =>
    row.cells
      .map((cell, index) => {
        const color = index === section.toneColumn ? ` color:${toneColor(model, row.tone)};` : "";
        return `<td style="text-align:${section.columns[index].align};${color}">${esc(cell)}</td>`;
      })
      .join("");

  if (panels === 1) {
    const body = section.groups
      .map((group) => {
        const heading = group.heading
          ? `<tr class="group"><td colspan="${section.columns.length}"><b>${esc(group.heading.text)}</b>` +
            `<span class="aside" style="color:${toneColor(model, group.heading.tone)}">${esc(group.heading.aside)}</span></td></tr>`
          : "";
        return `<tbody>${heading}${group.rows.map((row) => `<tr>${cellsOf(row)}</tr>`).join("")}</tbody>`;
      })
      .join("");
    return `<table>${colgroup(section.columns)}${head}${body}</table>`;
  }

  // Side-by-side panels read down the left panel, then down the right one (as the renderer does).
  const rows = section.groups.flatMap((group) => group.rows);
  const perPanel = Math.ceil(rows.length / panels);
  const panelTables = Array.from({ length: panels }, (_, panel) => {
    const slice = rows.slice(panel * perPanel, (panel + 1) * perPanel);
    return `<table>${colgroup(section.columns)}${head}<tbody>${slice
      .map((row) => `<tr>${cellsOf(row)}</tr>`)
      .join("")}</tbody></table>`;
  });
  return `<div class="panels">${panelTables.join("")}</div>`;
}

function sectionHtml(model: ReportModel, section: Section): string {
  if (section.type === "fields") {
    return `<div class="fields">${section.items
      .map((item) => `<div class="field"><span class="label">${esc(item.label)}</span><span>${esc(item.value)}</span></div>`)
      .join("")}</div>`;
  }
  if (section.type === "list") {
    return `<section><h2>${esc(section.title)}</h2><ul>${section.items.map((item) => `<li>${esc(item)}</li>`).join("")}</ul></section>`;
  }
  return `<section class="table"><h2>${esc(section.title)}</h2>${tableHtml(model, section)}</section>`;
}

/** The QR code of the verification address, as inline SVG (dark modules only, in ink). */
async function qrSvg(text: string, color: string): Promise<string> {
  return QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 0,
    color: { dark: color, light: "#ffffff00" },
  });
}

/** The whole report as one HTML document, from the same model the pdfkit renderer draws. */
export async function reportHtml(model: ReportModel): Promise<string> {
  const { colors, fontSizes: fs, margin, header, recipient, decision, signoff } = model;
  const qr = await qrSvg(signoff.qrText, colors.ink);
  // The page box: on a certificate its border and outline are the double frame (18 pt and 23 pt
  // from the edge, as the renderer draws it) and its padding brings the content to the model's
  // margins; the footer sits in the bottom margin boxes, whose counters give "第 n / N 頁".
  const frame = model.frame ? 18 : 0;
  const frameBorder = model.frame ? 1.6 : 0;
  const inset = frame + frameBorder;
  const bottom = margin.bottom + FOOTER_HEIGHT;
  const pageBox = model.frame
    ? `margin: ${frame}pt; border: ${frameBorder}pt solid ${colors.primary}; outline: 0.6pt solid ${colors.accent}; outline-offset: -5pt;
  padding: ${margin.top - inset}pt ${margin.right - inset}pt ${bottom - inset}pt ${margin.left - inset}pt;`
    : `margin: ${margin.top}pt ${margin.right}pt ${bottom}pt ${margin.left}pt;`;
  // Lifts the footer's line to where the renderer prints it: the top of its text at the page
  // height − bottom margin − small size, while the margin box begins at the page height − (frame or bottom).
  const footerShift = (model.frame ? frame : bottom) - margin.bottom - fs.small;
  const [pageBefore, pageAfter = ""] = model.footer.pageLabel.split("{n}");
  const [pageMiddle, pageEnd = ""] = pageAfter.split("{N}");
  const cssString = (text: string) => `"${text.replace(/["\\]/g, "\\$&")}"`;
  const marginBox = `font-family: ${FONT_STACK}; font-size: ${fs.small}pt; vertical-align: top; margin-top: ${footerShift}pt;`;
  const css = `
@page { size: A4; ${pageBox}
  @bottom-left { content: ${cssString(model.footer.url)}; color: ${colors.primary}; ${marginBox} ${model.frame ? `margin-left: ${margin.left - frame}pt;` : ""} }
  @bottom-right { content: ${cssString(pageBefore)} counter(page) ${cssString(pageMiddle)} counter(pages) ${cssString(pageEnd)};
    color: ${colors.muted}; ${marginBox} ${model.frame ? `margin-right: ${margin.right - frame}pt;` : ""} }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: ${fs.body}pt; line-height: ${LINE_HEIGHT}; color: ${colors.ink}; }
b, h1, h2, th, .name, .badge, .institution { font-weight: 700; }
.head { display: flex; justify-content: space-between; align-items: baseline; color: ${colors.primary}; }
.institution { font-size: ${fs.body + 1}pt; }
.number { font-size: ${fs.small + 0.5}pt; }
.registration { font-size: ${fs.small}pt; color: ${colors.muted}; margin-bottom: 10pt; }
h1 { margin: 0; font-size: ${fs.title}pt; text-align: center; color: ${colors.primary}; letter-spacing: ${model.frame ? 6 : 3}pt; }
.rule { width: 120pt; margin: 3pt auto 9pt; border-top: 0.8pt solid ${colors.accent}; }
.recipient { display: flex; justify-content: center; align-items: center; gap: 10pt; margin-bottom: 8pt; }
.recipient .label, .recipient .id { font-size: ${fs.small + 1}pt; color: ${colors.muted}; }
.name { font-size: ${fs.recipient}pt; letter-spacing: 1pt; }
.badge { font-size: ${fs.body}pt; letter-spacing: 2pt; padding: 1pt 11pt; border: 0.9pt solid ${toneColor(model, decision.tone)};
  border-radius: 999pt; color: ${toneColor(model, decision.tone)}; }
.statement { line-height: 1.6; margin: 0 0 2pt; }
.fields { display: grid; grid-template-columns: 1fr 1fr; column-gap: ${PANEL_GAP}pt; font-size: ${fs.table + 0.5}pt;
  border-top: 0.5pt solid ${colors.rule}; border-bottom: 0.5pt solid ${colors.rule}; padding: 3pt 0 1pt; margin-bottom: ${SECTION_GAP + 2}pt; }
.field { display: flex; padding-bottom: 2pt; }
.field .label { flex: 0 0 46pt; color: ${colors.muted}; }
section { margin-bottom: ${SECTION_GAP}pt; }
h2 { margin: 0 0 3pt; font-size: ${fs.body}pt; color: ${colors.primary}; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: ${fs.table}pt; }
th { background: ${colors.headerFill}; color: ${colors.primary}; padding: ${CELL_PAD_Y + 0.5}pt ${CELL_PAD_X}pt ${CELL_PAD_Y + 0.5}pt; }
td { padding: ${CELL_PAD_Y}pt ${CELL_PAD_X}pt; border-bottom: 0.4pt solid ${colors.rule}; vertical-align: top; }
tr { break-inside: avoid; }
tr.group td { background: ${colors.groupFill}; border-bottom: none; }
tr.group .aside { float: right; font-weight: 400; }
.panels { display: flex; gap: ${PANEL_GAP}pt; }
.panels table { flex: 1; }
ul { margin: 0; padding-left: 10pt; font-size: ${fs.table + 0.5}pt; }
.signoff { display: flex; align-items: flex-start; gap: 14pt; height: ${QR_SIZE + 2}pt; break-inside: avoid; margin-top: ${model.frame ? 16 : 4}pt; }
.signers { flex: 1; display: flex; flex-direction: column; }
.signers h3 { margin: 0; font-size: ${fs.table}pt; color: ${colors.primary}; }
.lines { display: flex; gap: 14pt; margin-top: ${QR_SIZE * 0.58 - fs.table * LINE_HEIGHT}pt; }
.signer { width: 96pt; border-top: 0.6pt solid ${colors.ink}; padding-top: 3pt; font-size: ${fs.table}pt; }
.signer .role { display: block; font-size: ${fs.small}pt; color: ${colors.muted}; }
.seal { width: ${QR_SIZE - 4}pt; height: ${QR_SIZE - 4}pt; margin-top: 2pt; border: 0.8pt dashed ${colors.accent};
  color: ${colors.accent}; font-size: ${fs.small}pt; display: flex; align-items: center; justify-content: center; }
.verify { width: 170pt; text-align: right; font-size: ${fs.small + 0.5}pt; }
.verify .hint { font-size: ${fs.small}pt; color: ${colors.muted}; }
.verify div { margin-bottom: 4pt; }
.qr { width: ${QR_SIZE}pt; height: ${QR_SIZE}pt; }
.qr svg { width: 100%; height: 100%; display: block; }
`;
  const idLine = recipient.idLine ? `<span class="id">${esc(recipient.idLine)}</span>` : "";
  const seal = signoff.seal ? `<div class="seal">${esc(signoff.seal)}</div>` : "";
  return `<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><title>${esc(model.info.title)}</title>
<style>${css}</style></head><body>
<div class="head"><span class="institution">${esc(header.institution)}</span><span class="number">${esc(header.number)}</span></div>
<div class="registration">${esc(header.registration)}</div>
<h1>${esc(model.title)}</h1><div class="rule"></div>
<div class="recipient"><span class="label">${esc(recipient.label)}</span><span class="name">${esc(recipient.name)}</span>${idLine}<span class="badge">${esc(decision.text)}</span></div>
<p class="statement">${esc(model.statement)}</p>
${model.sections.map((section) => sectionHtml(model, section)).join("\n")}
<div class="signoff">
<div class="signers"><h3>${esc(signoff.title)}</h3><div class="lines">${signoff.signers
    .map((signer) => `<div class="signer"><span class="role">${esc(signer.role)}</span>${esc(signer.name)}</div>`)
    .join("")}</div></div>
${seal}
<div class="verify"><div class="hint">${esc(signoff.verifyHint)}</div>${signoff.verifyLines
    .map((line) => `<div>${esc(line)}</div>`)
    .join("")}</div>
<div class="qr">${qr}</div>
</div>
</body></html>`;
}

// ---------------------------------------------------------------------------------------------
// The bench

/** The family fontconfig picks for Traditional Chinese, or null when it falls back to a non-CJK font. */
export function systemCjkFont(): string | null {
  try {
    const family = execFileSync("fc-match", ["-f", "%{family}", "sans-serif:lang=zh-tw"], { encoding: "utf8" }).trim();
    const hasCjk = execFileSync("fc-list", [":lang=zh-tw", "family"], { encoding: "utf8" }).trim().length > 0;
    return hasCjk ? family.split(",")[0] : null;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const round = (value: number) => Math.round(value * 100) / 100;

export async function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
}

/** One document: model → HTML → Chromium → PDF bytes, on an already open page. */
async function printOnce(page: Awaited<ReturnType<Browser["newPage"]>>, model: ReportModel): Promise<Buffer> {
  const html = await reportHtml(model);
  await page.setContent(html, { waitUntil: "load" });
  return page.pdf({
    format: "A4",
    printBackground: true,
    preferCSSPageSize: true,
  });
}

export async function benchChromiumPdf(opts: { quick: boolean; out?: string }): Promise<ChromiumPdfBenchResult> {
  const model = benchReportModel();
  const warmup = opts.quick ? 3 : 10;
  const runs = opts.quick ? 12 : 60;
  const browser = await launchBenchChromium();
  try {
    const page = await browser.newPage();
    let pdf: Buffer = Buffer.alloc(0);
    for (let index = 0; index < warmup; index++) pdf = await printOnce(page, model);
    const times: number[] = [];
    for (let index = 0; index < runs; index++) {
      const started = performance.now();
      pdf = await printOnce(page, model);
      times.push(performance.now() - started);
    }
    if (opts.out) writeFileSync(opts.out, pdf);
    times.sort((a, b) => a - b);
    return {
      chromium_pdf_ms_median: round(percentile(times, 0.5)),
      chromium_pdf_ms_p95: round(percentile(times, 0.95)),
      chromium_pdf_bytes: pdf.length,
      chromium_cjk_font: systemCjkFont(),
    };
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outIndex = process.argv.indexOf("--out");
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
  const result = await benchChromiumPdf({ quick: process.argv.includes("--quick"), out });
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
}
