/**
 * Batch budget (DESIGN §9): 1,000 certificates for a cohort as a ZIP, ≤ 15 s on 2 cores, memory
 * bounded. Timed: for each certificate, sign its payload, build the layout, render the PDF and
 * write it into the ZIP — the per-document work of the download route
 * (app/routes/admin.sessions.$sessionId_.certificates[.zip]), which also yields to the event loop
 * between documents. The ZIP goes to a sink that only counts bytes (the network is not timed), and
 * resident memory is sampled every 10 ms. The route also reads each certificate's row from the
 * database (about a millisecond); that is not included here. Run: npx tsx bench/batch.ts [--quick]
 */
import { createPrivateKey, randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";

import { buildReportPayload } from "~/domain/report/certificate-payload";
import { buildReportLayout } from "~/domain/report/report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "~/domain/report/sample-data";
import { signPayload } from "~/domain/report/signature";
import { getReportFonts } from "~/pdf/fonts.server";
import { renderReportPdf } from "~/pdf/render-report.server";
import { ZipWriter } from "~/utils/zip-writer.server";

export interface BatchBenchResult {
  batch_1000_s: number;
  batch_peak_rss_mb: number;
  /** Peak over the resident size before the batch (fonts and renderer already loaded). */
  batch_rss_growth_mb: number;
  batch_zip_mb: number;
  batch_documents: number;
}

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.alloc(32, 0x42)]), format: "der", type: "pkcs8" });
const MB = 1024 * 1024;

export async function benchBatch(_opts: { quick: boolean }): Promise<BatchBenchResult> {
  // The budget is about 1,000 documents, so even the quick run renders all of them (about 10 s).
  const documents = 1000;
  const fonts = await getReportFonts();
  const texts = demoIndicatorTexts();
  // Warm the renderer as a running server would be.
  for (let i = 0; i < 5; i++) await renderReportPdf(buildReportLayout(signPayload(buildReportPayload(demoReleasedResult(i, randomBytes)), key), texts), fonts);

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);

  const zip = new ZipWriter();
  let zipBytes = 0;
  const started = performance.now();
  for (let index = 0; index < documents; index++) {
    await new Promise((resolve) => setImmediate(resolve));
    const record = signPayload(buildReportPayload(demoReleasedResult(index, randomBytes)), key);
    const pdf = await renderReportPdf(buildReportLayout(record, texts), fonts);
    for (const chunk of zip.entry(`${record.payload.number}.pdf`, pdf, new Date())) zipBytes += chunk.byteLength;
  }
  zipBytes += zip.finish().byteLength;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    batch_1000_s: Math.round(seconds * 100) / 100,
    batch_peak_rss_mb: Math.round((peak / MB) * 10) / 10,
    batch_rss_growth_mb: Math.round(((peak - baseline) / MB) * 10) / 10,
    batch_zip_mb: Math.round((zipBytes / MB) * 10) / 10,
    batch_documents: documents,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(await benchBatch({ quick: process.argv.includes("--quick") }), null, 2) + "\n");
}
