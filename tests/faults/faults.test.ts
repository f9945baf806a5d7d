import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Database } from "../../scripts/sqlite";
import { productionEnv, startProductionServer, type ProductionServer } from "../support/production-server";

/*
 * Faults (issue 7 item 4), on the production server (server.mjs + the Remix build) over loopback HTTP:
 *
 * (a) `npm run backup` (scripts/backup.ts) while the server is saving scores, then the restore of
 *     docs/backup.md into a new data folder: PRAGMA integrity_check is ok, every save acknowledged
 *     before the backup started is in it, every score sheet is all-or-nothing, the evidence file is
 *     there byte for byte, and a server started on the restored folder serves it.
 * (b) kill -9 of the server in the middle of concurrent score saves, restart on the same data: every
 *     save that got a success response is there with its levels, no save is half there, and
 *     PRAGMA integrity_check is ok.
 *
 * The data: scripts/generate-load-data.ts at small size (one large session of 80 candidates, all
 * assigned to assessor001, nothing scored yet) in the migrated template of tests/setup. A save is the
 * workspace form as a browser without JavaScript posts it (intent=scores, the sheet's revision, a
 * level for each of the 17 criteria); success is HTTP 200 with the "已儲存 17 項評分" message, sent
 * after the transaction committed. The build is made when it is missing; one that exists is used.
 */

const ROOT = process.cwd();
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CANDIDATES = 80;

type Server = ProductionServer;

const children: ChildProcess[] = [];
const dirs: string[] = [];
let pristine: string;
let assessorId: string;
let password: string;
let sessionEnrollments: string[];
let criterionIds: string[];

function tempDir(label: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `icap-faults-${label}-`));
  dirs.push(dir);
  return dir;
}

/** A copy of the generated data folder (database + session secret), so each test starts the same. */
function copyOfPristine(label: string) {
  const dir = tempDir(label);
  for (const name of ["app.db", "session-secret"]) fs.copyFileSync(path.join(pristine, name), path.join(dir, name));
  return dir;
}

/** Runs a command to its end; resolves with stdout, rejects with its output when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code ?? signal}:\n${stdout}\n${stderr}`));
    });
  });
}

async function startServer(dataDir: string): Promise<Server> {
  return startProductionServer({ DATA_DIR: dataDir }, (child) => children.push(child));
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function stopServer(server: Server) {
  const done = exited(server.child);
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 5_000);
  await done;
  clearTimeout(timer);
}

async function login(server: Server): Promise<string> {
  const res = await fetch(`${server.base}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ username: "assessor001", password }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__session="));
  expect(res.status, "login as assessor001").toBe(302);
  return cookie!.split(";")[0]!;
}

/** The levels a save of this enrolment writes: different per enrolment and criterion, all on the 1–4 scale. */
function levelsFor(enrollmentId: string): number[] {
  const seed = crypto.createHash("sha256").update(enrollmentId).digest();
  return criterionIds.map((_, i) => 1 + (seed[i % seed.length]! % 4));
}

/** One save of the whole score sheet, as the workspace form posts it. True when acknowledged. */
async function saveScores(server: Server, cookie: string, enrollmentId: string, revision: number): Promise<boolean> {
  const body = new URLSearchParams({ intent: "scores", revision: String(revision) });
  const levels = levelsFor(enrollmentId);
  criterionIds.forEach((id, i) => {
    body.append("criterionId", id);
    body.append(`level:${id}`, String(levels[i]));
    body.append(`comment:${id}`, levels[i]! < 3 ? "需再加強" : "");
    body.append(`base:${id}`, "");
  });
  const res = await fetch(`${server.base}/assessor/enrollments/${enrollmentId}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const html = await res.text();
  return res.status === 200 && html.includes(`已儲存 ${criterionIds.length} 項評分`);
}

/** An observation note on the enrolment's task T1.1 (another write: an Evidence row and its audit event). */
async function addNote(server: Server, cookie: string, enrollmentId: string, title: string): Promise<boolean> {
  const body = new URLSearchParams({ intent: "evidence", kind: "observation", taskCode: "T1.1", title, body: "受評者依情境完成工作，說明依據清楚。" });
  const res = await fetch(`${server.base}/assessor/enrollments/${enrollmentId}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return res.status === 200 && (await res.text()).includes("已記錄佐證");
}

/**
 * Workers that save each enrolment's sheet once, in order; with `thenNotes`, they go on adding
 * observation notes once every sheet is taken, so the server keeps writing until stop(). Acknowledged
 * writes are recorded in order; a request that fails (the server was killed) is not acknowledged.
 */
function saveLoad(server: Server, cookie: string, enrollments: string[], workers: number, thenNotes = false) {
  const acked: string[] = [];
  const notes: string[] = [];
  let next = 0;
  let inFlight = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped) {
      inFlight++;
      try {
        if (next < enrollments.length) {
          const id = enrollments[next++]!;
          if (await saveScores(server, cookie, id, 0)) acked.push(id);
        } else if (thenNotes) {
          const title = `觀察 ${crypto.randomUUID()}`;
          if (await addNote(server, cookie, enrollments[0]!, title)) notes.push(title);
        } else break;
      } catch {
        // connection refused or reset: the server is gone, this write was not acknowledged
      } finally {
        inFlight--;
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    acked,
    notes,
    /** Requests sent and not yet answered. */
    inFlight: () => inFlight,
    writes: () => acked.length + notes.length,
    stop: () => {
      stopped = true;
      return done;
    },
    done,
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface SheetState {
  revision: number;
  levels: Map<string, number>;
}

/** assessor001's score sheet per enrolment of the session, read straight from the database file. */
function readSheets(dbFile: string): Map<string, SheetState> {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    const sheets = new Map<string, SheetState>();
    for (const row of db.prepare('SELECT enrollmentId, revision FROM "Assignment" WHERE assessorId = ?').all(assessorId) as { enrollmentId: string; revision: number }[]) {
      sheets.set(row.enrollmentId, { revision: row.revision, levels: new Map() });
    }
    for (const row of db.prepare('SELECT enrollmentId, criterionKey, level FROM "Score" WHERE assessorId = ?').all(assessorId) as { enrollmentId: string; criterionKey: string; level: number }[]) {
      sheets.get(row.enrollmentId)!.levels.set(row.criterionKey, row.level);
    }
    return sheets;
  } finally {
    db.close();
  }
}

function integrityCheck(dbFile: string): string {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    return (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

/** A save is all or nothing: either the untouched sheet (revision 0, no scores) or all 17 levels at revision 1. */
function expectAllOrNothing(sheets: Map<string, SheetState>) {
  for (const id of sessionEnrollments) {
    const sheet = sheets.get(id)!;
    if (sheet.revision === 0) expect(sheet.levels.size, `enrolment ${id} unsaved`).toBe(0);
    else {
      expect(sheet.revision, `enrolment ${id} saved once`).toBe(1);
      expect(criterionIds.map((c) => sheet.levels.get(c)), `enrolment ${id} levels`).toEqual(levelsFor(id));
    }
  }
}

function expectSaved(sheets: Map<string, SheetState>, ids: Iterable<string>) {
  for (const id of ids) {
    const sheet = sheets.get(id)!;
    expect(sheet.revision, `acknowledged save of ${id}: revision`).toBe(1);
    expect(criterionIds.map((c) => sheet.levels.get(c)), `acknowledged save of ${id}: levels`).toEqual(levelsFor(id));
  }
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
    execFileSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  }
  pristine = tempDir("pristine");
  fs.copyFileSync(inject("dbTemplate"), path.join(pristine, "app.db"));
  const stdout = await run(
    TSX,
    ["scripts/generate-load-data.ts", "--data-dir", pristine, "--candidates", String(CANDIDATES), "--sessions", "2", "--scores", "0", "--large", String(CANDIDATES)],
    productionEnv({}),
  );
  const summary = JSON.parse(stdout.trim().split("\n").at(-1)!) as { assessor: { id: string }; password: string; largeSession: { id: string } };
  assessorId = summary.assessor.id;
  password = summary.password;
  const db = new Database(path.join(pristine, "app.db"), { readonly: true });
  try {
    sessionEnrollments = (db.prepare('SELECT e.id FROM "Enrollment" e JOIN "Assignment" a ON a.enrollmentId = e.id WHERE e.sessionId = ? AND a.assessorId = ? ORDER BY e.id').all(summary.largeSession.id, assessorId) as { id: string }[]).map((r) => r.id);
    const { contentJson } = db.prepare('SELECT v.contentJson FROM "AssessmentVersion" v JOIN "AssessmentSession" s ON s.assessmentVersionId = v.id WHERE s.id = ?').get(summary.largeSession.id) as { contentJson: string };
    criterionIds = (JSON.parse(contentJson) as { criteria: { id: string }[] }).criteria.map((c) => c.id);
  } finally {
    db.close();
  }
  expect(sessionEnrollments).toHaveLength(CANDIDATES);
  expect(criterionIds).toHaveLength(17);
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(children.map(exited));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("faults", () => {
  it("(a) an online backup taken while scores are being saved restores into a new data folder, whole and consistent", async () => {
    const live = copyOfPristine("live");
    const server = await startServer(live);
    const cookie = await login(server);

    // One evidence file, uploaded through the app, so the backup has a file to carry.
    const fileBytes = Buffer.from(`觀察紀錄掃描檔\n${crypto.randomUUID()}\n`, "utf8");
    const upload = new FormData();
    upload.append("taskCode", "T1.1");
    upload.append("title", "T1.1 工作產出");
    upload.append("file", new Blob([fileBytes], { type: "text/plain" }), "產出.txt");
    const uploaded = await fetch(`${server.base}/assessor/enrollments/${sessionEnrollments[0]}/evidence`, { method: "POST", redirect: "manual", headers: { cookie }, body: upload });
    expect(uploaded.status, "evidence upload").toBe(302);

    // Two writers: every sheet saved once, then observation notes, until the backup is done.
    const load = saveLoad(server, cookie, sessionEnrollments, 2, true);
    await waitFor(() => load.acked.length >= 10, 20_000, "10 acknowledged saves");
    const ackedBeforeBackup = [...load.acked];
    const notesBeforeBackup = [...load.notes];
    const writesBeforeBackup = load.writes();
    const backupsDir = tempDir("backups");
    const stdout = await run(TSX, ["scripts/backup.ts", "--out", backupsDir], productionEnv({ DATA_DIR: live }));
    const writesDuringBackup = load.writes() - writesBeforeBackup;
    await load.stop();
    await stopServer(server);
    expect(writesDuringBackup, "writes acknowledged while the backup ran").toBeGreaterThan(0);

    const backupFile = stdout.trim().split("\n").at(-1)!;
    expect(backupFile).toMatch(/\.db$/);
    expect(path.dirname(backupFile)).toBe(backupsDir);
    const backupEvidence = backupFile.replace(/\.db$/, "-evidence");

    // The restore of docs/backup.md, into a new data folder.
    const restored = tempDir("restored");
    fs.copyFileSync(backupFile, path.join(restored, "app.db"));
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(path.join(restored, `app.db${suffix}`), { force: true });
    fs.cpSync(backupEvidence, path.join(restored, "evidence"), { recursive: true });
    fs.copyFileSync(path.join(live, "session-secret"), path.join(restored, "session-secret"));

    const dbFile = path.join(restored, "app.db");
    expect(integrityCheck(dbFile)).toBe("ok");
    const sheets = readSheets(dbFile);
    expectSaved(sheets, ackedBeforeBackup);
    expectAllOrNothing(sheets);

    const evidenceDb = new Database(dbFile, { readonly: true });
    const evidence = evidenceDb.prepare('SELECT id, storageKey, sha256 FROM "Evidence" WHERE kind = \'file\'').all() as { id: string; storageKey: string; sha256: string }[];
    const noteTitles = new Set((evidenceDb.prepare('SELECT title FROM "Evidence" WHERE kind = \'observation\'').all() as { title: string }[]).map((r) => r.title));
    evidenceDb.close();
    for (const title of notesBeforeBackup) expect(noteTitles.has(title), `note "${title}" acknowledged before the backup`).toBe(true);
    expect(evidence).toHaveLength(1);
    const restoredFile = fs.readFileSync(path.join(restored, "evidence", ...evidence[0]!.storageKey.split("/")));
    expect(crypto.createHash("sha256").update(restoredFile).digest("hex")).toBe(evidence[0]!.sha256);

    // The restored folder serves: a login, a saved sheet, the evidence download.
    const again = await startServer(restored);
    try {
      const cookie2 = await login(again);
      const page = await fetch(`${again.base}/assessor/enrollments/${ackedBeforeBackup[0]}`, { headers: { cookie: cookie2 }, redirect: "manual" });
      expect(page.status).toBe(200);
      const download = await fetch(`${again.base}/evidence/${evidence[0]!.id}/file`, { headers: { cookie: cookie2 }, redirect: "manual" });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(fileBytes)).toBe(true);
    } finally {
      await stopServer(again);
    }
  }, 60_000);

  it("(b) after kill -9 during concurrent score saves and a restart, every acknowledged save is there and the database is intact", async () => {
    const dataDir = copyOfPristine("kill");
    const server = await startServer(dataDir);
    const cookie = await login(server);

    const load = saveLoad(server, cookie, sessionEnrollments, 8);
    await waitFor(() => load.acked.length >= 20, 20_000, "20 acknowledged saves");
    // No new requests from here on; the ones in flight meet the kill.
    const stopped = load.stop();
    const inFlightAtKill = load.inFlight();
    server.child.kill("SIGKILL");
    await exited(server.child);
    await stopped;
    const acked = [...load.acked];
    expect(server.child.signalCode).toBe("SIGKILL");
    expect(inFlightAtKill, "saves in flight when the server was killed").toBeGreaterThan(0);

    const restarted = await startServer(dataDir);
    try {
      const dbFile = path.join(dataDir, "app.db");
      expect(integrityCheck(dbFile)).toBe("ok");
      const sheets = readSheets(dbFile);
      expectSaved(sheets, acked);
      expectAllOrNothing(sheets);

      // The restarted server takes saves again (the login cookie survived: its LoginSession row was committed).
      const untouched = sessionEnrollments.find((id) => sheets.get(id)!.revision === 0);
      expect(untouched, "an enrolment not yet saved").toBeDefined();
      expect(await saveScores(restarted, cookie, untouched!, 0)).toBe(true);
      expectSaved(readSheets(dbFile), [untouched!]);
    } finally {
      await stopServer(restarted);
    }
  }, 60_000);
});
