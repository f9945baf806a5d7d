/**
 * Renders real PDFs and reads them back with poppler, as a user's tools would (DESIGN §7: text
 * extractable, font embedded). Needs poppler-utils; `npm test` installs it. Without it these
 * tests are skipped with a message rather than failing on a missing binary.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildReportPayload, type ReleasedResultInput } from "~/domain/report/certificate-payload";
import { buildReportLayout } from "~/domain/report/report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "~/domain/report/sample-data";
import { generateSigningKeyPair, signPayload } from "~/domain/report/signature";

import { getReportFonts, type ReportFonts } from "./fonts.server";
import { renderReportPdf } from "./render-report.server";

function hasTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const POPPLER = ["pdffonts", "pdftotext", "pdfdetach", "pdfinfo"].every(hasTool);
if (!POPPLER) {
  console.warn("Skipping PDF renderer tests: poppler-utils (pdffonts, pdftotext, pdfdetach, pdfinfo) is not installed. Install it with: apt-get install -y poppler-utils");
}

const keys = generateSigningKeyPair();
const fixedBytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 97 + 3) & 0xff);
let fonts: ReportFonts;
let dir: string;

beforeAll(async () => {
  fonts = await getReportFonts();
  dir = mkdtempSync(path.join(tmpdir(), "render-report-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function render(input: ReleasedResultInput, texts = demoIndicatorTexts()) {
  const record = signPayload(buildReportPayload(input), keys.privateKey);
  const model = buildReportLayout(record, texts);
  const pdf = await renderReportPdf(model, fonts);
  const file = path.join(dir, `${record.payload.number}.pdf`);
  writeFileSync(file, pdf);
  return { record, model, pdf, file };
}

const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: "utf8" });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", file))?.[1]);
const pageText = (file: string, page: number) => run("pdftotext", "-raw", "-f", String(page), "-l", String(page), file, "-");
const compact = (text: string) => text.replace(/\s+/g, "");

describe.skipIf(!POPPLER)("renderReportPdf: certificate", () => {
  it("embeds a subset of the CJK font, once, with text that extracts", async () => {
    const { file, record } = await render(demoReleasedResult(0, fixedBytes));
    const fontLines = run("pdffonts", file).split("\n").slice(2).filter(Boolean);
    expect(fontLines).toHaveLength(1);
    expect(fontLines[0]).toMatch(/^[A-Z]{6}\+NotoSansHant-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);

    // As written, not only with whitespace squeezed out: a viewer's search must find the name.
    const raw = run("pdftotext", file, "-");
    for (const expected of ["林雅婷", record.payload.number, "KMC2431-009v2", "職能評量合格證書"]) expect(raw).toContain(expected);
    const text = compact(raw);
    for (const expected of ["青禾數位職能學院", "第1/1頁"]) {
      expect(text).toContain(compact(expected));
    }
    expect(text).toContain(compact(demoIndicatorTexts().get("P1.1.3")!));
  });

  it("fits the bench document on one A4 page within 70 KB", async () => {
    const { file, pdf } = await render(demoReleasedResult(0, fixedBytes));
    expect(pageCount(file)).toBe(1);
    expect(run("pdfinfo", file)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(pdf.length).toBeLessThanOrEqual(70 * 1024);
  });

  it("attaches the signed record as certificate.json, listed by pdfdetach", async () => {
    const { file, record } = await render(demoReleasedResult(0, fixedBytes));
    expect(run("pdfdetach", "-list", file)).toMatch(/1 embedded files\s+1: certificate\.json/);
    const saved = path.join(dir, "saved.json");
    run("pdfdetach", "-save", "1", "-o", saved, file);
    expect(JSON.parse(run("cat", saved))).toEqual(record);
  });

  it("sets title, author and the issue date as creation date", async () => {
    const { file, record } = await render(demoReleasedResult(0, fixedBytes));
    const info = run("pdfinfo", "-isodates", file);
    expect(info).toContain(`Title:           職能評量合格證書 ${record.payload.number} 林雅婷`);
    expect(info).toContain("Author:          青禾數位職能學院");
    // Midnight of the issue date in Taiwan, which pdfkit writes in UTC.
    expect(info).toContain("CreationDate:    2025-03-20T16:00:00Z");
  });

  it("is byte-for-byte deterministic for the same signed record", async () => {
    const record = signPayload(buildReportPayload(demoReleasedResult(0, fixedBytes)), keys.privateKey);
    const model = buildReportLayout(record, demoIndicatorTexts());
    const first = await renderReportPdf(model, fonts);
    const second = await renderReportPdf(model, fonts);
    expect(second.equals(first)).toBe(true);
  });
});

describe.skipIf(!POPPLER)("renderReportPdf: result report", () => {
  it("shows the gaps and feedback of a not-yet-competent candidate", async () => {
    const { file, record } = await render(demoReleasedResult(2, fixedBytes));
    const text = compact(run("pdftotext", file, "-"));
    for (const expected of ["評量結果報告", "張家豪", record.payload.number, "待補強項目", "評量人員回饋", "尚未具備職能", "未進行分眾分析"]) {
      expect(text).toContain(compact(expected));
    }
  });

  it("breaks a long criteria table across pages: header repeated, no row split, pages numbered", async () => {
    // Six copies of the standard's tasks, with long indicator texts: several pages of rows.
    const base = demoReleasedResult(2, fixedBytes);
    const texts = new Map<string, string>();
    const tasks = Array.from({ length: 6 }, (_, copy) =>
      base.tasks.map((task) => ({
        ...task,
        code: `${task.code}.${copy + 1}`,
        criteria: task.criteria.map((criterion) => {
          const code = `${criterion.code}.${copy + 1}`;
          const text = demoIndicatorTexts().get(criterion.code)!;
          texts.set(code, `${text}（第 ${copy + 1} 輪，${code}）${copy % 2 ? text : ""}`);
          return { ...criterion, code };
        }),
      })),
    ).flat();
    const { file, record } = await render({ ...base, tasks }, texts);
    // Gap criteria are printed twice (gaps table and criteria table); the others exactly once.
    const gapCodes = new Set(record.payload.kind === "result_report" ? record.payload.gaps.map((gap) => gap.criterionCode) : []);

    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    const pageTexts = Array.from({ length: pages }, (_, index) => compact(pageText(file, index + 1)));
    pageTexts.forEach((text, index) => {
      expect(text).toContain(`第${index + 1}/${pages}頁`);
      if (index > 0) expect(text).toContain("代碼行為指標評定等級");
    });
    expect(pageTexts.slice(1).some((text) => text.includes("工作任務與行為指標（續）"))).toBe(true);
    for (const [code, text] of texts) {
      const row = compact(`${code}${text}`);
      const whole = pageTexts.reduce((count, page) => count + page.split(row).length - 1, 0);
      expect(whole, `row ${code} is printed whole, never split across pages`).toBe(gapCodes.has(code) ? 2 : 1);
    }
  });
});

describe.skipIf(!POPPLER)("renderReportPdf: knowledge exam (筆試)", () => {
  const exam = { title: "社群媒體經營人員學科測驗", earned: 82, max: 100, percent: 82, passMark: 60, passed: true };

  it("prints the exam line on a certificate, still on one A4 page within 70 KB", async () => {
    const { file, pdf, record } = await render({ ...demoReleasedResult(0, fixedBytes), exam });
    const text = compact(run("pdftotext", file, "-"));
    expect(text).toContain(compact("筆試 82／100 分，及格標準 60 分，及格"));
    expect(pageCount(file)).toBe(1);
    expect(pdf.length).toBeLessThanOrEqual(70 * 1024);
    const saved = path.join(dir, "exam.json");
    run("pdfdetach", "-save", "1", "-o", saved, file);
    expect(JSON.parse(run("cat", saved)).payload.exam).toEqual(record.payload.exam);
  });

  it("prints a failed or missed exam on a result report", async () => {
    const failed = await render({ ...demoReleasedResult(2, fixedBytes), exam: { ...exam, earned: 55, percent: 55, passed: false } });
    expect(compact(run("pdftotext", failed.file, "-"))).toContain(compact("筆試 55／100 分，及格標準 60 分，未達及格標準"));
    const missed = await render({ ...demoReleasedResult(2, fixedBytes), exam: { ...exam, earned: null, percent: null, passed: null } });
    expect(compact(run("pdftotext", missed.file, "-"))).toContain("筆試未應試");
  });

  it("prints nothing of it on a document without an exam", async () => {
    for (const index of [0, 2]) {
      const { file } = await render(demoReleasedResult(index, fixedBytes));
      expect(run("pdftotext", file, "-")).not.toMatch(/筆試|應試|及格標準/);
    }
  });
});
