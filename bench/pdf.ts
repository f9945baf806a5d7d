/**
 * PDF budget (DESIGN §9): warm render time and size of the fixed bench document, the competent
 * demo candidate on KMC2431-009v2 (7 tasks, 17 criteria with full indicator texts, assessors,
 * dates, number, QR code) on one A4 page. Budget: ≤ 15 ms median warm, ≤ 70 KB.
 *
 * Timed: model → PDF bytes (pdfkit layout, font subsetting, compression), the per-download work.
 * The payload, signature and layout model are built once outside the loop; the fonts are prepared
 * once per process (reported separately by getReportFonts). Run: npx tsx bench/pdf.ts [--quick]
 */
import { createPrivateKey } from "node:crypto";
import { pathToFileURL } from "node:url";

import { buildReportPayload } from "~/domain/report/certificate-payload";
import { buildReportLayout } from "~/domain/report/report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "~/domain/report/sample-data";
import { signPayload } from "~/domain/report/signature";
import { getReportFonts } from "~/pdf/fonts.server";
import { renderReportPdf } from "~/pdf/render-report.server";

export interface PdfBenchResult {
  pdf_ms_median: number;
  pdf_ms_p95: number;
  pdf_bytes: number;
}

/**
 * A fixed number and signing key, so every run prints the same characters (the number and the
 * signature code decide a few embedded glyphs) and the size compares across runs.
 */
const benchNumberBytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 37 + 11) & 0xff);
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const benchKey = createPrivateKey({
  key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.alloc(32, 0x42)]),
  format: "der",
  type: "pkcs8",
});

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const round = (value: number) => Math.round(value * 100) / 100;

export async function benchPdf(opts: { quick: boolean }): Promise<PdfBenchResult> {
  const fonts = await getReportFonts();
  const record = signPayload(buildReportPayload(demoReleasedResult(0, benchNumberBytes)), benchKey);
  const model = buildReportLayout(record, demoIndicatorTexts());

  const warmup = opts.quick ? 5 : 30;
  const runs = opts.quick ? 30 : 300;
  let bytes = 0;
  for (let index = 0; index < warmup; index++) bytes = (await renderReportPdf(model, fonts)).length;

  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    const pdf = await renderReportPdf(model, fonts);
    times.push(performance.now() - started);
    bytes = pdf.length;
  }
  times.sort((a, b) => a - b);
  return { pdf_ms_median: round(percentile(times, 0.5)), pdf_ms_p95: round(percentile(times, 0.95)), pdf_bytes: bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const fonts = await getReportFonts();
  const fontPrep = { font_prep_ms: round(fonts.preparedInMs), font_prep_from_cache: fonts.fromCache, font_wall_ms: round(performance.now() - started) };
  const result = await benchPdf({ quick: process.argv.includes("--quick") });
  process.stdout.write(JSON.stringify({ ...result, ...fontPrep }, null, 2) + "\n");
}
