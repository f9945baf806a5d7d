/**
 * Exam answers saved under load (issue 10): `benchExamLoad({ quick })`, run by bench/run.ts
 * (`npm run bench -- --only exam`) or alone: `npx tsx bench/exam-load.ts [--quick]`.
 *
 * 1. A fresh data directory (tmp/exam-load): migrations, the demo seed (bank, published paper linked
 *    to the demo assessment), then 32 candidates who have each started the online exam
 *    (scripts/exam-cohort.ts --open 32), all through the app's models.
 * 2. The production server on it; each candidate logs in through POST /login.
 * 3. For 30 s (8 s with --quick), 32 concurrent candidates save answers as the exam page does with
 *    JavaScript: a fetcher POST of one answer to /me/exams/<enrolment>/answer (a resource route),
 *    one keep-alive connection per candidate (one autocannon run of 32 connections, as for the floor,
 *    so that client-side costs are alike), each cycling through the items of its own paper.
 *    Then, in the same run, 32 connections on GET /healthz (the trivial route) for as long.
 * Latency per request as bench/load.ts measures it; errors are connection errors, timeouts and
 * non-2xx answers (a refused answer, e.g. after the deadline, would count).
 *
 * Figures: exam_submit_p95_ms, exam_floor_p95_ms, exam_submit_p95_ratio, exam_errors, with p50/p99
 * and requests per second for context.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cannon, figuresOf, login, progress, ROOT, round2, startServer } from "./server-harness";

const CANDIDATES = 32;
const PASSWORD = "icap-demo-2026";

interface OpenCohort {
  attempts: { enrollmentId: string; username: string; attemptId: string; items: { revisionId: string; type: string; option: number | null }[] }[];
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-5).join(" | ")}`);
  return result.stdout;
}

function prepare(dataDir: string): OpenCohort {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "app.db")}` };
  delete env.SESSION_SECRET;
  const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);
  progress("migrations and demo seed…");
  run(bin("prisma"), ["migrate", "deploy"], env);
  run(bin("tsx"), ["prisma/seed.ts"], env);
  progress(`${CANDIDATES} candidates starting the online exam…`);
  const out = run(bin("tsx"), ["scripts/exam-cohort.ts", "--open", String(CANDIDATES)], env);
  return JSON.parse(out.trim().split("\n").at(-1)!) as OpenCohort;
}

/** The body the exam page's fetcher posts when a candidate picks an option or leaves a text box. */
function answerBody(attemptId: string, item: OpenCohort["attempts"][number]["items"][number], turn: number): string {
  const form = new URLSearchParams({ attemptId, revisionId: item.revisionId, item: item.revisionId });
  if (item.type === "short_answer") form.set(`text:${item.revisionId}`, `第 ${turn} 次修改的作答內容：說明重點並舉例。`);
  else if (item.option !== null) form.set(`answer:${item.revisionId}`, String(item.option));
  return form.toString();
}

export async function benchExamLoad(opts: { quick: boolean }) {
  const seconds = opts.quick ? 8 : 30;
  const dataDir = path.join(ROOT, "tmp", "exam-load");
  const started = Date.now();
  const cohort = prepare(dataDir);
  const server = await startServer(dataDir);
  try {
    const cookies = await Promise.all(cohort.attempts.map((a) => login(server.base, a.username, PASSWORD)));
    // One autocannon instance, as for the floor: each of its 32 connections is one candidate (the
    // connection's context remembers which), with that candidate's cookie, cycling through their items.
    let nextCandidate = 0;
    const candidateRun = (secs: number) =>
      cannon({
        url: `${server.base}/healthz`,
        connections: CANDIDATES,
        seconds: secs,
        next: (context) => {
          const index = (context.candidate ??= nextCandidate++ % cohort.attempts.length) as number;
          const turn = ((context.turn as number | undefined) ?? 0) + 1;
          context.turn = turn;
          const attempt = cohort.attempts[index]!;
          return {
            method: "POST",
            path: `/me/exams/${attempt.enrollmentId}/answer`,
            headers: { cookie: cookies[index]!, origin: server.base, "content-type": "application/x-www-form-urlencoded;charset=UTF-8", accept: "*/*" },
            body: answerBody(attempt.attemptId, attempt.items[turn % attempt.items.length]!, turn),
          };
        },
      });
    progress("warm-up…");
    await candidateRun(2);
    await cannon({ url: `${server.base}/healthz`, connections: CANDIDATES, seconds: 2 });
    progress(`answers: ${CANDIDATES} candidates for ${seconds} s…`);
    const answers = figuresOf(await candidateRun(seconds));
    progress(`floor: /healthz, ${CANDIDATES} connections for ${seconds} s…`);
    const floor = figuresOf(await cannon({ url: `${server.base}/healthz`, connections: CANDIDATES, seconds, headers: { accept: "application/json" } }));
    return {
      exam_submit_p95_ms: answers.p95,
      exam_floor_p95_ms: floor.p95,
      exam_submit_p95_ratio: round2(answers.p95 / floor.p95),
      exam_errors: answers.errors + floor.errors,
      exam_submit_p50_ms: answers.p50,
      exam_submit_p99_ms: answers.p99,
      exam_submit_rps: answers.rps,
      exam_submit_requests: answers.requests,
      exam_submit_statuses: answers.statuses,
      exam_floor_rps: floor.rps,
      exam_candidates: CANDIDATES,
      exam_seconds: seconds,
      exam_bench_total_s: round2((Date.now() - started) / 1000),
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchExamLoad({ quick: process.argv.includes("--quick") }), null, 2));
}
