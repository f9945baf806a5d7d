/**
 * Upload budget (DESIGN §9): uploading a 100 MB evidence file grows the server's peak memory by
 * < 50 MB. Measured in-process: a 100 MB multipart body is generated chunk by chunk (64 KB, like a
 * socket delivers it) into a real Request and read by readEvidenceUpload into a LocalFileStorage in
 * a temp folder, the same path a route takes. RSS is sampled every 10 ms; the figure is the peak over
 * the baseline taken after a warm-up upload and a forced GC.
 *
 * Run: node --expose-gc --import tsx bench/upload.ts   (without --expose-gc a fallback enables it)
 * `quick` changes nothing: 100 MB takes about a second.
 */
import { randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

import { LocalFileStorage } from "~/utils/storage.server";
import { readEvidenceUpload } from "~/utils/upload.server";

export interface UploadBenchResult {
  upload_100mb_rss_growth_mb: number;
  upload_100mb_ms: number;
}

const MIB = 1024 * 1024;
const FILE_BYTES = 100 * MIB;
const UPLOAD_LIMIT_BYTES = 200 * MIB;
const CHUNK_BYTES = 64 * 1024;
const SAMPLE_MS = 10;
const BUDGET_MB = 50;

/**
 * A forced GC makes the baseline the live set, not whatever garbage the warm-up left. `global.gc`
 * exists under --expose-gc; otherwise the flag is switched on at run time and the function taken
 * from a fresh context (V8 installs it per context), so `npm run bench` measures the same way.
 */
function forcedGc(): (() => void) | undefined {
  if (typeof globalThis.gc === "function") return () => globalThis.gc?.();
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

/** A browser-like multipart body whose one file part is produced 64 KB at a time, on demand. */
function multipartRequest(fileBytes: number): Request {
  const boundary = "----bench-upload-7d3f1c2b9a";
  const encoder = new TextEncoder();
  const opening = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n基準測試證據\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="現場錄影紀錄.pdf"\r\n` +
      "Content-Type: application/pdf\r\n\r\n",
  );
  const closing = encoder.encode(`\r\n--${boundary}--\r\n`);
  const pdfHead = encoder.encode("%PDF-1.7\n");
  let sent = 0;
  let stage: "opening" | "file" | "closing" | "done" = "opening";
  const body = new ReadableStream<Uint8Array>({
    // pull: the next chunk is made only when the reader asks, as a socket with backpressure would.
    pull(controller) {
      if (stage === "opening") {
        controller.enqueue(opening);
        stage = "file";
      } else if (stage === "file") {
        const size = Math.min(CHUNK_BYTES, fileBytes - sent);
        // A fresh buffer per chunk: the reader may still hold the previous one.
        const chunk = randomFillSync(new Uint8Array(size));
        if (sent === 0) chunk.set(pdfHead);
        sent += size;
        controller.enqueue(chunk);
        if (sent >= fileBytes) stage = "closing";
      } else if (stage === "closing") {
        controller.enqueue(closing);
        stage = "done";
      } else {
        controller.close();
      }
    },
  });
  return new Request("http://localhost/bench/evidence", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    // Node's fetch requires this for a streamed body; the DOM typings do not know it yet.
    duplex: "half",
  } as RequestInit);
}

export async function benchUpload(_opts: { quick: boolean }): Promise<UploadBenchResult> {
  const root = mkdtempSync(path.join(os.tmpdir(), "icap-bench-upload-"));
  const storage = new LocalFileStorage(root);
  const options = { maxBytes: UPLOAD_LIMIT_BYTES, storage };
  try {
    // Warm-up: compile the parser and the write path, so the baseline is a running server's.
    const warm = await readEvidenceUpload(multipartRequest(4 * MIB), options);
    await storage.delete(warm.file.key);

    const gc = forcedGc();
    gc?.();
    gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, SAMPLE_MS);

    const started = performance.now();
    const { file } = await readEvidenceUpload(multipartRequest(FILE_BYTES), options);
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    if (file.sizeBytes !== FILE_BYTES) throw new Error(`stored ${file.sizeBytes} bytes, expected ${FILE_BYTES}`);
    return {
      upload_100mb_rss_growth_mb: Math.round(((peak - baseline) / MIB) * 10) / 10,
      upload_100mb_ms: Math.round(elapsed),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchUpload({ quick: process.argv.includes("--quick") });
  const verdict = result.upload_100mb_rss_growth_mb < BUDGET_MB ? "ok" : "OVER";
  process.stdout.write(
    `upload 100 MB: ${result.upload_100mb_ms} ms, peak RSS growth ${result.upload_100mb_rss_growth_mb} MB ` +
      `(budget < ${BUDGET_MB} MB: ${verdict})\n`,
  );
}
