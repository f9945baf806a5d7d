/**
 * Item analysis budget (DESIGN §9): analysing one sitting of 2,000 attempts × 60 items takes < 200 ms.
 * Timed: `analyseItems` on an input already in memory (the route's database read is not part of it),
 * after a warm-up so the JIT has settled; median and p95 of the timed runs.
 *
 * The exam is generated, seeded, from a simple IRT model so the figures are those of a realistic sitting
 * (items of varied difficulty and discrimination, ties, blanks, partial credit), not of uniform noise:
 *   - ability θ ~ N(0, 1) per candidate;
 *   - 50 single-choice items, 4 options, 1.5 points: 3PL, P(right) = c + (1 − c) / (1 + e^(−1.7 a (θ − b))),
 *     a ~ 0.4–2, b ~ N(0, 1), c ~ 0.1–0.25; two of them mis-keyed (a < 0, negative discrimination);
 *     wrong answers pick distractors of unequal pull; 1% blanks;
 *   - 8 multiple-response items, 5 options (2 or 3 keyed), 2 points with the national tests' partial
 *     credit (all right 2, one wrong 1.2, two wrong 0.4, else 0); each option decided right with a 2PL
 *     probability;
 *   - 2 short-answer items, 4.5 points, scored in half points around a 2PL expectation.
 *   Total 50 × 1.5 + 8 × 2 + 2 × 4.5 = 100 points.
 * Run: npx tsx bench/item-analysis.ts [--quick]
 */
import { pathToFileURL } from "node:url";

import { analyseItems, type AnalysisAttempt, type AnalysisItem, type ItemAnalysisInput } from "~/domain/exam/item-analysis";

export interface ItemAnalysisBenchResult {
  /** Median milliseconds per analysis. */
  item_analysis_ms: number;
  item_analysis_ms_p95: number;
  item_analysis_runs: number;
}

const BUDGET_MS = 200;
const ATTEMPTS = 2000;
const SEED = 20240611;

export async function benchItemAnalysis(opts: { quick: boolean }): Promise<ItemAnalysisBenchResult> {
  const warmup = opts.quick ? 3 : 10;
  const runs = opts.quick ? 10 : 30;
  const input = generateExam(ATTEMPTS, SEED);
  for (let index = 0; index < warmup; index++) analyseItems(input);
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    analyseItems(input);
    times.push(performance.now() - started);
  }
  return { item_analysis_ms: round(percentile(times, 0.5)), item_analysis_ms_p95: round(percentile(times, 0.95)), item_analysis_runs: runs };
}

/** Mulberry32: small, fast, good enough for test data, and the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  // Box–Muller; 1 − u keeps log away from 0.
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const logistic = (x: number) => 1 / (1 + Math.exp(-1.7 * x));

interface Model {
  a: number;
  b: number;
  c: number;
  /** Relative pull of each option when answered wrong (single choice). */
  pull: number[];
}

/** The generated sitting: 2,000 × 60 by default, deterministic for a seed. */
export function generateExam(attempts = ATTEMPTS, seed = SEED): ItemAnalysisInput {
  const rand = random(seed);
  const items: AnalysisItem[] = [];
  const models: Model[] = [];
  for (let j = 0; j < 60; j++) {
    const number = j + 1;
    const code = `Q${String(100 + number).padStart(3, "0")}`;
    const label = `第 ${number} 題 ${code}`;
    const a = 0.4 + 1.6 * rand();
    const b = Math.max(-2.5, Math.min(2.5, normal(rand)));
    if (j < 50) {
      const key = Math.floor(rand() * 4);
      items.push({ key: `rev-${code}`, label, type: "single", max: 1.5, optionCount: 4, keyOptions: [key] });
      // Items 17 and 41 are mis-keyed: the better candidates choose another option.
      const negative = j === 16 || j === 40;
      models.push({ a: negative ? -0.3 - 0.3 * rand() : a, b, c: 0.1 + 0.15 * rand(), pull: [0, 1, 2, 3].map(() => 0.2 + rand()) });
    } else if (j < 58) {
      const keyOptions = [0, 1, 2, 3, 4].filter(() => rand() < 0.5).slice(0, 3);
      while (keyOptions.length < 2) {
        const option = Math.floor(rand() * 5);
        if (!keyOptions.includes(option)) keyOptions.push(option);
      }
      keyOptions.sort((x, y) => x - y);
      items.push({ key: `rev-${code}`, label, type: "multiple", max: 2, optionCount: 5, keyOptions });
      models.push({ a, b: b - 0.8, c: 0, pull: [] });
    } else {
      items.push({ key: `rev-${code}`, label, type: "short_answer", max: 4.5, optionCount: 0, keyOptions: [] });
      models.push({ a, b, c: 0, pull: [] });
    }
  }

  const rows: AnalysisAttempt[] = [];
  for (let i = 0; i < attempts; i++) {
    const theta = normal(rand);
    const scores: number[] = [];
    const choices: (number[] | null)[] = [];
    items.forEach((item, j) => {
      const model = models[j];
      if (item.type === "single") {
        if (rand() < 0.01) {
          scores.push(0);
          choices.push(null);
          return;
        }
        const right = rand() < model.c + (1 - model.c) * logistic(model.a * (theta - model.b));
        const key = item.keyOptions[0];
        const chosen = right ? key : pick(model.pull, key, rand);
        scores.push(chosen === key ? item.max : 0);
        choices.push([chosen]);
      } else if (item.type === "multiple") {
        const chosen: number[] = [];
        let wrong = 0;
        for (let o = 0; o < item.optionCount; o++) {
          const keyed = item.keyOptions.includes(o);
          const decidedRight = rand() < logistic(model.a * (theta - model.b));
          if (!decidedRight) wrong++;
          if (keyed === decidedRight) chosen.push(o);
        }
        scores.push(wrong === 0 ? 2 : wrong === 1 ? 1.2 : wrong === 2 ? 0.4 : 0);
        choices.push(chosen);
      } else {
        const expected = item.max * logistic(model.a * (theta - model.b));
        const halves = Math.round((expected + 0.6 * normal(rand)) * 2);
        scores.push(Math.max(0, Math.min(item.max * 2, halves)) / 2);
        choices.push(null);
      }
    });
    rows.push({ scores, choices });
  }
  return { items, attempts: rows };
}

/** A wrong option, by pull. */
function pick(pull: number[], key: number, rand: () => number): number {
  let total = 0;
  for (let o = 0; o < pull.length; o++) if (o !== key) total += pull[o];
  let at = rand() * total;
  for (let o = 0; o < pull.length; o++) {
    if (o === key) continue;
    at -= pull[o];
    if (at <= 0) return o;
  }
  return key === pull.length - 1 ? pull.length - 2 : pull.length - 1;
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (q === 0.5) {
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes("--quick");
  const result = await benchItemAnalysis({ quick });
  const { test, items } = analyseItems(generateExam());
  const flagged = items.filter((item) => item.flags.length > 0).length;
  const negative = items.filter((item) => item.flags.includes("negative")).map((item) => item.label);
  process.stdout.write(
    [
      `item analysis, ${ATTEMPTS.toLocaleString("en-US")} attempts × ${items.length} items, ${result.item_analysis_runs} runs`,
      `  median ${result.item_analysis_ms.toFixed(3)} ms, p95 ${result.item_analysis_ms_p95.toFixed(3)} ms (budget < ${BUDGET_MS} ms: ${
        result.item_analysis_ms < BUDGET_MS ? "ok" : "OVER"
      })`,
      `  the generated sitting: mean ${test.mean?.toFixed(1)} / ${test.maxTotal}, SD ${test.sd?.toFixed(1)}, ${test.reliability.method} ${test.reliability.value?.toFixed(3)}, ` +
        `P ${range(items.map((item) => item.difficulty))}, D ${range(items.map((item) => item.discrimination))}, ${flagged} items flagged, negative: ${negative.join("、")}`,
    ].join("\n") + "\n",
  );
}

function range(values: (number | null)[]): string {
  const numbers = values.filter((value): value is number => value !== null);
  return `${Math.min(...numbers).toFixed(2)}–${Math.max(...numbers).toFixed(2)}`;
}
