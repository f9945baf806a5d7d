/**
 * Parse budget (DESIGN §9): parsing a standard takes < 5 ms median. Timed: the importer's whole path,
 * file bytes → decode → ParsedStandard, for each real export in templates/demo/standards, after a
 * warm-up so the JIT has settled. Run: npx tsx bench/parse.ts [--quick]
 */
import { readdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

import { parseStandardBytes } from "~/domain/standard/parse";

export interface ParseBenchResult {
  /** Median milliseconds per parse, by fixture file name. */
  perFixture: Record<string, number>;
  /** Median over every timed parse of every fixture. */
  median_ms: number;
}

const BUDGET_MS = 5;
const STANDARDS_DIR = new URL("../templates/demo/standards/", import.meta.url);

export async function benchParse(opts: { quick: boolean }): Promise<ParseBenchResult> {
  const warmup = opts.quick ? 20 : 200;
  const runs = opts.quick ? 50 : 500;
  const fixtures = readdirSync(STANDARDS_DIR)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => ({ file, bytes: new Uint8Array(readFileSync(new URL(file, STANDARDS_DIR))) }));

  const perFixture: Record<string, number> = {};
  const all: number[] = [];
  for (const { file, bytes } of fixtures) {
    for (let index = 0; index < warmup; index++) parseStandardBytes(bytes);
    const times: number[] = [];
    for (let index = 0; index < runs; index++) {
      const started = performance.now();
      parseStandardBytes(bytes);
      times.push(performance.now() - started);
    }
    perFixture[file] = round(median(times));
    all.push(...times);
  }
  return { perFixture, median_ms: round(median(all)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { perFixture, median_ms } = await benchParse({ quick: process.argv.includes("--quick") });
  const width = Math.max(...Object.keys(perFixture).map((file) => file.length));
  const lines = [`${"fixture".padEnd(width)}  median ms`];
  for (const [file, ms] of Object.entries(perFixture))
    lines.push(`${file.padEnd(width)}  ${ms.toFixed(3).padStart(9)}`);
  lines.push(
    `${"all".padEnd(width)}  ${median_ms.toFixed(3).padStart(9)}   (budget < ${BUDGET_MS} ms: ${
      median_ms < BUDGET_MS ? "ok" : "OVER"
    })`,
  );
  process.stdout.write(lines.join("\n") + "\n");
}
