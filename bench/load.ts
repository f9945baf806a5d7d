/**
 * The scoring page under load (DESIGN §9, issue 7 item 2): `benchLoad({ quick })`, run by bench/run.ts
 * (`npm run bench -- --only load`) or alone: `npx tsx bench/load.ts [--quick]`.
 *
 * 1. A dataset of 10,000 candidates, 500 sessions and 200,000 scores from scripts/generate-load-data.ts,
 *    generated once into tmp/load-data/<key>/ and reused while the key (a hash of the generator, the
 *    migrations, the rubric generator and the standard it imports) is unchanged.
 * 2. The production server (`node server.mjs`, NODE_ENV=production; `remix vite:build` first when
 *    build/ is missing) on that data directory, on a free port, requests on 127.0.0.1 only.
 * 3. A login as the large session's assessor through POST /login (the real path), then checks that
 *    both pages answer 200 with what they should show (the score form; one row per candidate).
 * 4. autocannon, 32 connections, keep-alive, no pipelining, one target at a time: a warm-up of every
 *    target first (not counted), then, measured, for 30 s each (8 s with --quick):
 *      floor      GET /healthz (a trivial route: one `SELECT 1`, a 15-byte JSON answer);
 *      workspace  GET /assessor/enrollments/<id>: the candidate workspace an assessor scores on, for a
 *                 fully scored enrolment (17 scores, 7 evidence notes) of the large session, as it
 *                 opens: every task's score form, no task's evidence forms (those come with ?task=);
 *      list       GET /assessor/sessions/<id>: the large session's candidate list (400 rows, with
 *                 evidence and own-score counts).
 *    Requests carry the session cookie and a browser's Accept / Accept-Encoding headers, so pages go
 *    through the server's compression as they do for a browser (the floor is below its threshold).
 *
 * Latency is autocannon's per-request time (request written → response complete, ms, fractional),
 * collected from every response through its 'response' event; p50/p95/p99 are exact nearest-rank
 * percentiles of those samples (not autocannon's integer-ms histogram, which has no p95). Errors are
 * autocannon's errors (connection errors and timeouts) plus non-2xx responses, summed over the three
 * measured runs.
 *
 * Figures: load_p95_ms (workspace), load_floor_p95_ms, load_p95_ratio (workspace / floor),
 * load_errors; and for context load_list_p95_ms, load_list_p95_ratio, p50/p99 and requests per second
 * of each target, the dataset and the duration.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cannon, figuresOf, login, ROOT, round2, startServer } from "./server-harness";

const CACHE_ROOT = path.join(ROOT, "tmp", "load-data");
const CONNECTIONS = 32;
const DATASET = { candidates: 10_000, sessions: 500, scores: 200_000, large: 400 };

interface Summary {
  dataDir: string;
  databaseUrl: string;
  password: string;
  assessor: { id: string; username: string };
  largeSession: { id: string; enrollments: number };
  benchEnrollmentId: string;
  counts: Record<string, number>;
  seconds: number;
}

function progress(message: string) {
  process.stderr.write(`[bench] load: ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Dataset (cached)

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Changes whenever something that shapes the generated rows changes. */
function datasetKey(): string {
  const hash = crypto.createHash("sha256").update(JSON.stringify(DATASET));
  const inputs = [
    path.join(ROOT, "scripts/generate-load-data.ts"),
    path.join(ROOT, "templates/demo/standards/000_988f66f990932d6f.txt"),
    ...filesUnder(path.join(ROOT, "prisma/migrations")),
    ...filesUnder(path.join(ROOT, "app/domain/rubric")),
  ].sort();
  for (const file of inputs) hash.update(file.slice(ROOT.length)).update(fs.readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
  if (!line) throw new Error("no JSON summary in the generator's output");
  return JSON.parse(line);
}

/** Generates into tmp/load-data/<key>/ (via a .partial folder, renamed when complete) or reuses it. */
function ensureDataset(): { summary: Summary; generated: boolean } {
  const key = datasetKey();
  const dir = path.join(CACHE_ROOT, key);
  const summaryFile = path.join(dir, "summary.json");
  if (fs.existsSync(summaryFile)) return { summary: JSON.parse(fs.readFileSync(summaryFile, "utf8")) as Summary, generated: false };

  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  for (const old of fs.readdirSync(CACHE_ROOT)) fs.rmSync(path.join(CACHE_ROOT, old), { recursive: true, force: true });
  const partial = `${dir}.partial`;
  progress(`generating the dataset (${DATASET.candidates} candidates, ${DATASET.sessions} sessions, ${DATASET.scores} scores) into ${path.relative(ROOT, dir)}…`);
  const args = ["--data-dir", partial, ...Object.entries(DATASET).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SESSION_SECRET;
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/generate-load-data.ts"), ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`generate-load-data failed (${result.status ?? result.signal}): ${result.stderr.trim().split("\n").slice(-5).join(" | ")}`);
  const summary = lastJsonLine(result.stdout) as Summary;
  fs.renameSync(partial, dir);
  const moved: Summary = { ...summary, dataDir: dir, databaseUrl: `file:${path.join(dir, "app.db")}` };
  fs.writeFileSync(summaryFile, JSON.stringify(moved, null, 2));
  progress(`generated in ${summary.seconds} s`);
  return { summary: moved, generated: true };
}

const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
  "accept-language": "zh-TW,zh;q=0.9,en;q=0.8",
};

type TargetFigures = ReturnType<typeof figuresOf>;

const cannonAt = (url: string, seconds: number, headers: Record<string, string>) => cannon({ url, connections: CONNECTIONS, seconds, headers });

// ---------------------------------------------------------------------------------------------

export async function benchLoad(opts: { quick: boolean }) {
  const seconds = opts.quick ? 8 : 30;
  const warmup = opts.quick ? 2 : 5;
  const { summary, generated } = ensureDataset();
  const server = await startServer(summary.dataDir);
  try {
    const cookie = await login(server.base, summary.assessor.username, summary.password);
    const headers = { ...BROWSER_HEADERS, cookie };
    const targets = {
      floor: { url: `${server.base}/healthz`, headers: { ...BROWSER_HEADERS, accept: "application/json" } },
      workspace: { url: `${server.base}/assessor/enrollments/${summary.benchEnrollmentId}`, headers },
      list: { url: `${server.base}/assessor/sessions/${summary.largeSession.id}`, headers },
      // For context: the lightest logged-in page, through the same auth, Remix and React rendering.
      page: { url: `${server.base}/account/password`, headers },
    };

    // The pages must be the real pages, not a login redirect or a 404 that happens to be fast.
    const workspacePage = await fetch(targets.workspace.url, { headers: { cookie }, redirect: "manual" });
    const workspaceHtml = await workspacePage.text();
    if (workspacePage.status !== 200 || !workspaceHtml.includes('value="scores"')) throw new Error(`workspace page: HTTP ${workspacePage.status}, no score form`);
    const listPage = await fetch(targets.list.url, { headers: { cookie }, redirect: "manual" });
    const rows = (await listPage.text()).match(/href="\/assessor\/enrollments\//g)?.length ?? 0;
    if (listPage.status !== 200 || rows !== summary.largeSession.enrollments) throw new Error(`session list page: HTTP ${listPage.status}, ${rows} rows (expected ${summary.largeSession.enrollments})`);

    progress(`warming up (${warmup} s per target)…`);
    for (const target of Object.values(targets)) await cannonAt(target.url, warmup, target.headers);
    const measured: Record<keyof typeof targets, TargetFigures> = {} as never;
    for (const [name, target] of Object.entries(targets) as [keyof typeof targets, (typeof targets)["floor"]][]) {
      progress(`${name}: ${CONNECTIONS} connections for ${seconds} s…`);
      measured[name] = figuresOf(await cannonAt(target.url, seconds, target.headers));
      progress(`${name}: p95 ${measured[name].p95} ms, ${measured[name].rps} req/s, statuses ${measured[name].statuses}`);
    }
    const { floor, workspace, list, page } = measured;
    return {
      load_p95_ms: workspace.p95,
      load_floor_p95_ms: floor.p95,
      load_p95_ratio: round2(workspace.p95 / floor.p95),
      load_errors: floor.errors + workspace.errors + list.errors + page.errors,
      load_page_floor_p95_ms: page.p95,
      load_p95_ratio_to_page: round2(workspace.p95 / page.p95),
      load_list_p95_ms: list.p95,
      load_list_p95_ratio: round2(list.p95 / floor.p95),
      load_p50_ms: workspace.p50,
      load_p99_ms: workspace.p99,
      load_floor_p50_ms: floor.p50,
      load_floor_p99_ms: floor.p99,
      load_list_p50_ms: list.p50,
      load_list_p99_ms: list.p99,
      load_rps: workspace.rps,
      load_floor_rps: floor.rps,
      load_list_rps: list.rps,
      load_requests: workspace.requests + floor.requests + list.requests + page.requests,
      load_connections: CONNECTIONS,
      load_seconds_per_target: seconds,
      load_dataset: `${summary.counts.candidates} candidates, ${summary.counts.sessions} sessions, ${summary.counts.scores} scores; large session ${summary.largeSession.enrollments} candidates`,
      load_dataset_generated: generated,
    };
  } finally {
    await server.stop();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  benchLoad({ quick: process.argv.includes("--quick") }).then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
