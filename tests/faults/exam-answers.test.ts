import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Database } from "../../scripts/sqlite";
import { productionEnv, startProductionServer, type ProductionServer } from "../support/production-server";

/*
 * Issue 10's promise that an answer the server acknowledged is never lost, held against the worst
 * server-side fault: kill -9 of the production server while 8 candidates are saving answers as the
 * exam page does (POST /me/exams/<enrolment>/answer, one answer per request), then a restart on the
 * same data. Every answer that got `{ ok: true }` is stored with exactly what was sent, and
 * PRAGMA integrity_check is ok. The data: the demo seed and 8 candidates mid-exam from
 * scripts/exam-cohort.ts --open (the same setup as the exam load bench), in the migrated template.
 */

const ROOT = process.cwd();
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CANDIDATES = 8;
const PASSWORD = "icap-demo-2026";

interface Cohort {
  attempts: { enrollmentId: string; username: string; attemptId: string; items: { revisionId: string; type: string; option: number | null }[] }[];
}

const children: ChildProcess[] = [];
let dataDir: string;
let cohort: Cohort;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(command, args, { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 * 1024 * 1024 });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function login(server: ProductionServer, username: string): Promise<string> {
  const res = await fetch(`${server.base}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ username, password: PASSWORD }) });
  expect(res.status, `login as ${username}`).toBe(302);
  return res.headers.getSetCookie().find((c) => c.startsWith("__session="))!.split(";")[0]!;
}

/** What a candidate sends for an item on their `turn`: a text, or one of the options. */
function responseFor(item: Cohort["attempts"][number]["items"][number], turn: number) {
  return item.type === "short_answer" ? { kind: "text" as const, text: `第 ${turn} 次作答` } : { kind: "choice" as const, selected: [item.option!] };
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
    execFileSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "icap-faults-exam-"));
  fs.copyFileSync(inject("dbTemplate"), path.join(dataDir, "app.db"));
  const env = productionEnv({ DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "app.db")}` });
  run(TSX, ["prisma/seed.ts"], env);
  cohort = JSON.parse(run(TSX, ["scripts/exam-cohort.ts", "--open", String(CANDIDATES)], env).trim().split("\n").at(-1)!) as Cohort;
  expect(cohort.attempts).toHaveLength(CANDIDATES);
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(children.map(exited));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("exam answers and a crashing server", () => {
  it("after kill -9 during concurrent answer saves and a restart, every acknowledged answer is stored as sent", async () => {
    const server = await startProductionServer({ DATA_DIR: dataDir }, (child) => children.push(child));
    const cookies = await Promise.all(cohort.attempts.map((a) => login(server, a.username)));
    const acked = new Map<string, { attemptId: string; revisionId: string; response: unknown }>();
    let inFlight = 0;
    let stopping = false;

    // Each candidate answers their items in turn, each item once, one request at a time.
    const candidate = async (index: number) => {
      const attempt = cohort.attempts[index]!;
      for (const [turn, item] of attempt.items.entries()) {
        if (stopping) return;
        const response = responseFor(item, turn);
        const form = new URLSearchParams({ attemptId: attempt.attemptId, revisionId: item.revisionId, item: item.revisionId });
        if (response.kind === "text") form.set(`text:${item.revisionId}`, response.text);
        else form.set(`answer:${item.revisionId}`, String(item.option));
        inFlight++;
        try {
          const res = await fetch(`${server.base}/me/exams/${attempt.enrollmentId}/answer`, { method: "POST", body: form, headers: { cookie: cookies[index]!, origin: server.base } });
          const body = (await res.json()) as { ok: boolean };
          if (res.status === 200 && body.ok) acked.set(`${attempt.attemptId}:${item.revisionId}`, { attemptId: attempt.attemptId, revisionId: item.revisionId, response });
        } catch {
          return; // the server died under this request: not acknowledged
        } finally {
          inFlight--;
        }
      }
    };
    const load = Promise.all(cohort.attempts.map((_, i) => candidate(i)));
    const deadline = Date.now() + 20_000;
    while (acked.size < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(acked.size, "acknowledged answers before the kill").toBeGreaterThanOrEqual(30);
    stopping = true;
    const inFlightAtKill = inFlight;
    server.child.kill("SIGKILL");
    await exited(server.child);
    await load;
    expect(server.child.signalCode).toBe("SIGKILL");
    expect(inFlightAtKill, "answers in flight when the server was killed").toBeGreaterThan(0);

    const dbFile = path.join(dataDir, "app.db");
    const db = new Database(dbFile, { readonly: true });
    try {
      expect((db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
      const stored = new Map(
        (db.prepare('SELECT "attemptId", "revisionId", "responseJson" FROM "ExamAnswer"').all() as { attemptId: string; revisionId: string; responseJson: string }[]).map((r) => [`${r.attemptId}:${r.revisionId}`, JSON.parse(r.responseJson)]),
      );
      for (const [key, answer] of acked) expect(stored.get(key), `acknowledged answer ${key}`).toEqual(answer.response);
    } finally {
      db.close();
    }

    // The restarted server serves the candidate's page with the answers in it.
    const restarted = await startProductionServer({ DATA_DIR: dataDir }, (child) => children.push(child));
    try {
      const first = cohort.attempts[0]!;
      const page = await fetch(`${restarted.base}/me/exams/${first.enrollmentId}`, { headers: { cookie: cookies[0]! } });
      expect(page.status).toBe(200);
    } finally {
      const done = exited(restarted.child);
      restarted.child.kill("SIGTERM");
      await done;
    }
  }, 120_000);
});
