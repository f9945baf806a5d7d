/**
 * `npm run bench [-- --quick]`: every benchmark of DESIGN §9, a table for people and, as the LAST
 * line of stdout, one JSON object for machines (see bench/README.md for what each figure means).
 *
 * Benches run one after another (the machine has 2 shared cores; running them side by side would
 * measure contention). CPU benches run in this process; benches that measure memory run in a child
 * process of their own (`isolate: true`), a fresh Node started with --expose-gc that runs only that
 * bench, so the baseline is not this process's heap after the PDF and Chromium benches (fonts,
 * playwright, garbage). The child is this same file in `--child <name>` mode: it imports the
 * bench's exported function and prints its result as JSON, so no bench needs an output mode of its own.
 *
 * Adding a bench: one entry in BENCHES. Benches still being written (bench/batch.ts exporting
 * benchBatch, bench/load.ts exporting benchLoad) are entries already: they run as soon as their file
 * exists, and until then their figures are null and the table says "not yet measured".
 *
 * Progress goes to stderr; stdout has the table and then the JSON line. The exit code is 1 when a
 * bench failed (its figures are then null and the JSON carries `errors`), 0 otherwise — a figure
 * over budget is reported, not turned into a failure (budgets are judged by people, DESIGN §9).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

type Value = number | string | boolean | null;
type Figures = Record<string, Value>;
interface BenchOptions {
  quick: boolean;
}

interface Bench {
  name: string;
  /** What the bench measures, for the progress line. */
  title: string;
  /** Run in a fresh child process (memory figures). */
  isolate?: boolean;
  /** The figures it produces; null means the bench is not available (yet). */
  load: () => Promise<((opts: BenchOptions) => Promise<Figures>) | null>;
}

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, "..");
const CHILD_TIMEOUT_MS = 15 * 60_000;

/** Keeps the flat figures of a bench's result (numbers, strings, booleans, null). */
function flat(result: object): Figures {
  const figures: Figures = {};
  for (const [key, value] of Object.entries(result)) {
    if (value === null || ["number", "string", "boolean"].includes(typeof value)) figures[key] = value as Value;
  }
  return figures;
}

/**
 * A bench in a file that may not exist yet: `export async function <exportName>({ quick })`
 * returning an object of flat figures. Loaded by file name so this file type-checks without it.
 */
function optionalBench(name: string, title: string, file: string, exportName: string, isolate = false): Bench {
  return {
    name,
    title,
    isolate,
    load: async () => {
      const full = path.join(BENCH_DIR, file);
      if (!existsSync(full)) return null;
      const module = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
      const fn = module[exportName];
      if (typeof fn !== "function") throw new Error(`${file} does not export a function ${exportName}`);
      return async (opts) => flat(await (fn as (opts: BenchOptions) => Promise<object>)(opts));
    },
  };
}

// One line per bench. Order: the PDF bench and the Chromium bench run back to back, so their ratio
// compares the same moment of a shared machine.
const BENCHES: Bench[] = [
  { name: "parse", title: "parse a standard", load: async () => async (o) => ({ parse_ms_median: (await (await import("./parse")).benchParse(o)).median_ms }) },
  { name: "pdf", title: "single PDF report (pdfkit)", load: async () => async (o) => flat(await (await import("./pdf")).benchPdf(o)) },
  { name: "chromium", title: "same report, Chromium print-to-PDF", load: async () => async (o) => flat(await (await import("./chromium-pdf")).benchChromiumPdf(o)) },
  { name: "upload", title: "100 MB evidence upload", isolate: true, load: async () => async (o) => flat(await (await import("./upload")).benchUpload(o)) },
  optionalBench("batch", "1,000 certificates as a ZIP", "batch.ts", "benchBatch", true),
  optionalBench("load", "scoring page under load", "load.ts", "benchLoad"),
  optionalBench("item-analysis", "item analysis, 2,000 attempts × 60 items", "item-analysis.ts", "benchItemAnalysis"),
  optionalBench("exam", "exam answers saved under load", "exam-load.ts", "benchExamLoad"),
];

// ---------------------------------------------------------------------------------------------
// Budgets and the table

const KB = 1024;

interface Row {
  key: string;
  label: string;
  unit: string;
  /** DESIGN §9's budget, as printed, and the check; none for figures shown for context. */
  budget?: { text: string; ok?: (value: number) => boolean };
  decimals?: number;
}

const ROWS: Row[] = [
  { key: "parse_ms_median", label: "parse a standard, median", unit: "ms", budget: { text: "< 5 ms", ok: (v) => v < 5 }, decimals: 3 },
  { key: "pdf_ms_median", label: "PDF report, median warm", unit: "ms", budget: { text: "≤ 15 ms", ok: (v) => v <= 15 }, decimals: 2 },
  { key: "pdf_ms_p95", label: "PDF report, p95 warm", unit: "ms", decimals: 2 },
  { key: "pdf_bytes", label: "PDF report, size", unit: "bytes", budget: { text: `≤ 70 KB (${70 * KB} B)`, ok: (v) => v <= 70 * KB } },
  { key: "chromium_pdf_ms_median", label: "Chromium print-to-PDF, median warm", unit: "ms", decimals: 2 },
  { key: "chromium_pdf_ms_p95", label: "Chromium print-to-PDF, p95 warm", unit: "ms", decimals: 2 },
  { key: "chromium_pdf_bytes", label: "Chromium PDF, size", unit: "bytes" },
  { key: "pdf_speedup", label: "speedup (Chromium / pdfkit medians)", unit: "×", budget: { text: "≥ 15×", ok: (v) => v >= 15 }, decimals: 1 },
  { key: "batch_1000_s", label: "1,000 certificates as ZIP", unit: "s", budget: { text: "≤ 15 s on 2 cores", ok: (v) => v <= 15 }, decimals: 2 },
  { key: "batch_peak_rss_mb", label: "batch ZIP, peak RSS", unit: "MB", budget: { text: "bounded (no fixed figure)" }, decimals: 1 },
  { key: "load_p95_ms", label: "scoring page p95 (32 conc.)", unit: "ms", decimals: 2 },
  { key: "load_floor_p95_ms", label: "trivial route p95 (floor)", unit: "ms", decimals: 2 },
  { key: "load_p95_ratio", label: "scoring p95 / floor p95", unit: "×", budget: { text: "≤ 2×", ok: (v) => v <= 2 }, decimals: 2 },
  { key: "load_errors", label: "load test errors", unit: "", budget: { text: "0", ok: (v) => v === 0 } },
  { key: "item_analysis_ms", label: "item analysis, 2,000 × 60, median", unit: "ms", budget: { text: "< 200 ms", ok: (v) => v < 200 }, decimals: 1 },
  { key: "exam_submit_p95_ms", label: "exam answer save p95 (32 conc.)", unit: "ms", decimals: 2 },
  { key: "exam_floor_p95_ms", label: "trivial route p95 (same run)", unit: "ms", decimals: 2 },
  { key: "exam_submit_p95_ratio", label: "answer save p95 / floor p95", unit: "×", budget: { text: "≤ 2×", ok: (v) => v <= 2 }, decimals: 2 },
  { key: "exam_errors", label: "exam load errors", unit: "", budget: { text: "0", ok: (v) => v === 0 } },
  { key: "upload_100mb_rss_growth_mb", label: "100 MB upload, peak RSS growth", unit: "MB", budget: { text: "< 50 MB", ok: (v) => v < 50 }, decimals: 1 },
  { key: "upload_100mb_ms", label: "100 MB upload, time", unit: "ms" },
];

/** The keys the JSON line always has, in this order (null when not measured). */
const REQUIRED_KEYS = [
  "parse_ms_median",
  "pdf_ms_median",
  "pdf_bytes",
  "chromium_pdf_ms_median",
  "pdf_speedup",
  "batch_1000_s",
  "batch_peak_rss_mb",
  "load_p95_ms",
  "load_floor_p95_ms",
  "load_p95_ratio",
  "load_errors",
  "upload_100mb_rss_growth_mb",
  "item_analysis_ms",
  "exam_submit_p95_ms",
  "exam_submit_p95_ratio",
  "exam_errors",
];

function formatValue(value: number, row: Row): string {
  const text = row.decimals === undefined ? value.toLocaleString("en-US") : value.toFixed(row.decimals);
  return row.unit ? `${text} ${row.unit}` : text;
}

function table(figures: Figures, status: Map<string, string>, rowOwner: Map<string, string>): string {
  const lines = ROWS.map((row) => {
    const value = figures[row.key];
    let shown: string;
    let verdict = "";
    if (typeof value === "number") {
      shown = formatValue(value, row);
      if (row.budget?.ok) verdict = row.budget.ok(value) ? "ok" : "OVER";
    } else {
      const owner = rowOwner.get(row.key);
      const why = owner ? status.get(owner) : undefined;
      shown = why?.startsWith("failed") ? "failed" : why === "skipped" ? "skipped (--only)" : "not yet measured";
    }
    return [row.label, shown, row.budget?.text ?? "", verdict];
  });
  const header = ["figure", "value", "budget (DESIGN §9)", "verdict"];
  const widths = header.map((h, i) => Math.max(width(h), ...lines.map((line) => width(line[i]))));
  const render = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i], i === 1)).join("  ").trimEnd();
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(render)].join("\n");
}

/** Display width: CJK and full-width characters take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const ch of text) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return columns;
}

function pad(text: string, columns: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, columns - width(text)));
  return right ? fill + text : text + fill;
}

// ---------------------------------------------------------------------------------------------
// Running

/** Which bench produces which table row, for "failed" vs "not yet measured". */
const ROW_OWNER = new Map<string, string>([
  ["parse_ms_median", "parse"],
  ...["pdf_ms_median", "pdf_ms_p95", "pdf_bytes"].map((key) => [key, "pdf"] as [string, string]),
  ...["chromium_pdf_ms_median", "chromium_pdf_ms_p95", "chromium_pdf_bytes"].map((key) => [key, "chromium"] as [string, string]),
  ["pdf_speedup", "chromium"],
  ["batch_1000_s", "batch"],
  ["batch_peak_rss_mb", "batch"],
  ...["load_p95_ms", "load_floor_p95_ms", "load_p95_ratio", "load_errors"].map((key) => [key, "load"] as [string, string]),
  ["upload_100mb_rss_growth_mb", "upload"],
  ["upload_100mb_ms", "upload"],
]);

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs one bench in a fresh `node --expose-gc --import tsx bench/run.ts --child <name>`. */
function runIsolated(bench: Bench, opts: BenchOptions): Promise<Figures | null> {
  const args = ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child", bench.name];
  if (opts.quick) args.push("--quick");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").filter((line) => line.startsWith("{")).at(-1);
      if (code !== 0 || last === undefined) {
        const tail = stderr.trim().split("\n").slice(-5).join(" | ");
        reject(new Error(`child exited ${signal ?? code}${tail ? `: ${tail}` : ""}`));
        return;
      }
      const parsed = JSON.parse(last) as { figures: Figures | null };
      resolve(parsed.figures);
    });
  });
}

async function runBench(bench: Bench, opts: BenchOptions): Promise<Figures | null> {
  if (bench.isolate) return runIsolated(bench, opts);
  const fn = await bench.load();
  return fn ? fn(opts) : null;
}

/** `--child <name>`: run one bench here and print `{"figures": …}` as the last line. */
async function childMain(name: string, opts: BenchOptions): Promise<void> {
  const bench = BENCHES.find((candidate) => candidate.name === name);
  if (!bench) throw new Error(`unknown bench ${name}`);
  const fn = await bench.load();
  const figures = fn ? await fn(opts) : null;
  process.stdout.write(`\n${JSON.stringify({ figures })}\n`);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts: BenchOptions = { quick: argv.includes("--quick") };
  const childIndex = argv.indexOf("--child");
  if (childIndex >= 0) return childMain(argv[childIndex + 1], opts);

  const onlyIndex = argv.indexOf("--only");
  const only = onlyIndex >= 0 ? new Set(argv[onlyIndex + 1].split(",")) : null;

  const started = performance.now();
  const figures: Figures = {};
  const status = new Map<string, string>();
  const errors: Record<string, string> = {};
  for (const bench of BENCHES) {
    if (only && !only.has(bench.name)) {
      status.set(bench.name, "skipped");
      continue;
    }
    progress(`${bench.name}: ${bench.title}${bench.isolate ? " (own process)" : ""}…`);
    const benchStarted = performance.now();
    try {
      const result = await runBench(bench, opts);
      const seconds = ((performance.now() - benchStarted) / 1000).toFixed(1);
      if (result === null) {
        status.set(bench.name, "not yet available");
        progress(`${bench.name}: not yet available (no bench file)`);
      } else {
        Object.assign(figures, result);
        status.set(bench.name, `ran in ${seconds} s`);
        progress(`${bench.name}: done in ${seconds} s`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors[bench.name] = message;
      status.set(bench.name, `failed: ${message}`);
      progress(`${bench.name}: FAILED: ${message}`);
    }
  }

  // Ratios from figures of this same run.
  const pdf = figures.pdf_ms_median;
  const chromium = figures.chromium_pdf_ms_median;
  figures.pdf_speedup = typeof pdf === "number" && typeof chromium === "number" && pdf > 0 ? round(chromium / pdf, 1) : null;
  const loadP95 = figures.load_p95_ms;
  const floorP95 = figures.load_floor_p95_ms;
  if (typeof figures.load_p95_ratio !== "number") {
    figures.load_p95_ratio =
      typeof loadP95 === "number" && typeof floorP95 === "number" && floorP95 > 0 ? round(loadP95 / floorP95, 2) : null;
  }

  const totalSeconds = round((performance.now() - started) / 1000, 1);
  const lines: string[] = [];
  lines.push(
    `npm run bench${opts.quick ? " -- --quick" : ""}: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "?"}), ${totalSeconds} s`,
  );
  lines.push("");
  lines.push(table(figures, status, ROW_OWNER));
  lines.push("");
  for (const bench of BENCHES) lines.push(`  ${bench.name.padEnd(9)} ${status.get(bench.name) ?? "?"}`);
  const font = figures.chromium_cjk_font;
  if ("chromium_cjk_font" in figures) {
    lines.push(
      font
        ? `  Chromium printed the Chinese text with the system font "${font}".`
        : "  No CJK system font: Chromium printed boxes for the Chinese text; its time still measures the print path.",
    );
  }
  lines.push("");
  process.stdout.write(lines.join("\n") + "\n");

  const json: Record<string, Value | Record<string, string>> = {};
  for (const key of REQUIRED_KEYS) json[key] = figures[key] ?? null;
  for (const [key, value] of Object.entries(figures)) if (!(key in json)) json[key] = value;
  json.quick = opts.quick;
  json.cores = os.cpus().length;
  json.node = process.version;
  json.total_s = totalSeconds;
  if (Object.keys(errors).length > 0) json.errors = errors;
  process.stdout.write(JSON.stringify(json) + "\n");
  if (Object.keys(errors).length > 0) process.exitCode = 1;
}

await main();
