import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankRowsToCsv } from "~/domain/exam/bank-file";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import { createAssessmentDraft, createNextDraft, publishVersion } from "~/models/assessment.server";
import { assignAppealReviewer, lodgeAppeal } from "~/models/appeal.server";
import { createLoginSession } from "~/models/auth.server";
import { issueCertificate } from "~/models/certificate.server";
import { addEvidence, getAssessorWorkspace, saveScores, signOff } from "~/models/scoring.server";
import { assignAssessor, confirmChecklist, createSession, enrolCandidates, releaseResults, setCalibrationNote, startSession } from "~/models/session.server";
import { importStandard } from "~/models/standard.server";
import { issuePasswordSetupLink } from "~/models/user.server";
import { createLoginCookie } from "~/utils/auth.server";
import { db, ensureWalMode } from "~/utils/db.server";
import { BANK, CELLS, bankFileHeader, bankFileRow, examBeside, sitExam } from "../support/exam-scenario";
import { startProductionServer, type ProductionServer } from "../support/production-server";
import { createInstitution, createUser, requestAs } from "../support/factories";

/*
 * The bad-input sweep (issue 7 item 5, DESIGN §8): every route with an action (and every intent of
 * the multi-intent ones), fed oversized, malformed and hostile values as the legitimate role.
 *
 *   1. Refused input (the table BAD below, one test per row): the answer is a 4xx (never a 500)
 *      with a clear zh-TW message (no English validation default, no stack trace), and nothing
 *      was stored: every table of the database (login sessions and rate-limit hits aside) is
 *      byte-for-byte what it was, and no file appeared under DATA_DIR.
 *   2. Hostile text that is legitimately accepted (a name containing <script> is a valid name):
 *      created through the app's own actions, stored exactly as text.
 *   3. Displayed: a production server (server.mjs on the build, as http.test.ts starts it) serves
 *      this file's own database and DATA_DIR; the pages showing the hostile values are fetched
 *      over HTTP and their raw HTML must hold the escaped text (&lt;script&gt;…) and never live
 *      markup (<script>alert(, <img src=x onerror, <svg onload, "><svg). Uploaded evidence
 *      always comes back as an attachment with nosniff and the type sniffed from its content.
 *
 * Actions are called directly (as route-matrix.test.ts does) with the cookie of a real login
 * session; the same cookies work on the server, which shares SESSION_SECRET. The server runs with
 * UPLOAD_LIMIT_MB=2, so a 3 MB file is "over the limit" without pushing 50 MB through a test.
 *
 * Rows marked `bug` are known defects, kept as the specification: they run with it.fails (the
 * row passes while the defect is there, and starts failing once it is fixed: then drop `bug`).
 * BAD_INPUT_PRINT=1 npx vitest run tests/security/bad-input.test.ts prints what every row got.
 */

const BASE = "http://localhost";
const KB = 1024;
const MB = 1024 * KB;

// ---------------------------------------------------------------------------------------------
// Hostile values: numbered, so each page can be checked for the escaped form of the one it shows.

const SCRIPT = (n: number) => `<script>alert(${n})</script>`;
const IMG = (n: number) => `<img src=x onerror=alert(${n})>`;
const SVG = (n: number) => `"><svg onload=alert(${n})>`;
const escapedScript = (n: number) => `&lt;script&gt;alert(${n})&lt;/script&gt;`;
const escapedImg = (n: number) => `&lt;img src=x onerror=alert(${n})&gt;`;
const escapedSvg = (n: number) => `&quot;&gt;&lt;svg onload=alert(${n})&gt;`;
/** Live markup: any of these in a page means a hostile value was rendered as HTML. */
const LIVE_MARKUP = [/<script>alert\(/i, /<img src=x onerror/i, /<svg onload/i, /"><svg/i, /href="\s*javascript:/i];

// ---------------------------------------------------------------------------------------------
// Files

const PDF = Buffer.from("%PDF-1.4\n% 經營社群媒體企畫書\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "utf8");
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000049454e44ae426082", "hex");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]), Buffer.alloc(50), Buffer.from("This program cannot be run in DOS mode.\r\n")]);
const HTML = Buffer.from(`<!doctype html><html><body><h1>報告</h1>${SCRIPT(90)}</body></html>\n`, "utf8");
const SVG_FILE = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(91)"><script>alert(91)</script></svg>\n`, "utf8");
const STANDARD_TEXT = decodeStandardBytes(fs.readFileSync(path.resolve("templates/demo/standards/000_988f66f990932d6f.txt")));

// ---------------------------------------------------------------------------------------------
// The routes, from Remix (as route-matrix.test.ts reads them)

interface RouteInfo {
  id: string;
  pattern: string;
  file: string;
}

function listRoutes(): RouteInfo[] {
  const out = execFileSync(path.resolve("node_modules/.bin/remix"), ["routes", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  type Node = { id: string; path?: string; file: string; children?: Node[] };
  const routes: RouteInfo[] = [];
  const walk = (nodes: Node[], parent: string) => {
    for (const node of nodes) {
      const full = [parent, node.path ?? ""].filter(Boolean).join("/");
      routes.push({ id: node.id, pattern: `/${full}`, file: node.file });
      walk(node.children ?? [], full);
    }
  };
  walk(JSON.parse(out.slice(out.indexOf("["))) as Node[], "");
  return routes;
}

const ROUTE_LIST = listRoutes();
const ROUTE_BY_ID = new Map(ROUTE_LIST.map((r) => [r.id, r]));

/** The intents a route's page sends (`name="intent" value="…"`): each needs at least one row below. */
function intentsOf(route: RouteInfo): string[] {
  const source = fs.readFileSync(path.resolve("app", route.file), "utf8");
  return [...new Set([...source.matchAll(/name="intent" value="([^"]+)"/g)].map((m) => m[1]!))].sort();
}

const modules = new Map<string, Record<string, unknown>>();
async function routeModule(id: string) {
  const route = ROUTE_BY_ID.get(id);
  if (!route) throw new Error(`no route ${id} (remix routes --json)`);
  if (!modules.has(id)) modules.set(id, await import(/* @vite-ignore */ path.resolve("app", route.file)));
  return modules.get(id)!;
}

// ---------------------------------------------------------------------------------------------
// The data: two institutions (A is where everything happens; B only lends its ids)

type Built = Awaited<ReturnType<typeof buildInstitution>>;
let A: Built;
let B: Built;

async function recordEvidence(assessorId: string, enrollmentId: string) {
  const { scope } = (await getAssessorWorkspace({ assessorId, enrollmentId }))!.result;
  for (const task of scope.tasks) {
    const criterionIds = scope.criteria.filter((c) => c.taskId === task.id).map((c) => c.id);
    const observed = await addEvidence({
      assessorId,
      enrollmentId,
      evidence: { kind: "observation", taskCode: task.code!, title: `${task.code} 實作觀察`, body: "受評者依情境完成工作並繳交產出，說明依據清楚。", criterionIds, workProductId: null },
    });
    expect(observed.status).toBe("added");
    for (const product of scope.evidencePlan.find((e) => e.taskId === task.id)?.workProducts ?? []) {
      const linked = await addEvidence({
        assessorId,
        enrollmentId,
        evidence: { kind: "link", taskCode: task.code!, title: product.title, url: `https://drive.example.org/${enrollmentId}/${product.id}`, criterionIds, workProductId: product.id },
      });
      expect(linked.status).toBe("added");
    }
  }
}

async function scoreAndSignOff(assessorId: string, enrollmentId: string, levelOf: (code: string) => number) {
  await recordEvidence(assessorId, enrollmentId);
  const { result, assignment } = (await getAssessorWorkspace({ assessorId, enrollmentId }))!;
  const scores = result.scope.criteria.map((c) => ({ criterionId: c.id, level: levelOf(c.code!), comment: "依情境完成工作" }));
  expect((await saveScores({ assessorId, enrollmentId, baseRevision: assignment.revision, scores, faults: [], reason: null })).status).toBe("saved");
  expect(await signOff({ assessorId, enrollmentId, note: null })).toEqual({ status: "signed_off" });
}

/**
 * A started session of the published demo assessment with three candidates: E1 competent (certificate),
 * E2 not yet competent (result report; B's is appealed), E3 still being assessed; beside it the
 * knowledge exam in a session of its own (examBeside): candidate 1 sitting it, candidate 2 submitted. A's candidate 1,
 * assessment title and session place carry hostile text from the start (numbers 1–3), so the
 * certificate and the public verification page show it. Version 2 of the assessment is a draft.
 */
async function buildInstitution(name: string, { hostile }: { hostile: boolean }) {
  const institution = await createInstitution(name);
  const admin = await createUser({ institutionId: institution.id, role: "admin" });
  const assessor = await createUser({ institutionId: institution.id, role: "assessor" });
  const assessor2 = await createUser({ institutionId: institution.id, role: "assessor" });
  for (const a of [assessor, assessor2]) await db.assessorQualification.create({ data: { userId: a.id, name: "職能評量人員研習證明", issuer: "勞動部勞動力發展署" } });
  const candidate = await createUser({ institutionId: institution.id, role: "candidate", ...(hostile ? { displayName: `${SCRIPT(1)}林怡君` } : {}) });
  const candidate2 = await createUser({ institutionId: institution.id, role: "candidate" });
  const candidate3 = await createUser({ institutionId: institution.id, role: "candidate" });
  const spare = await createUser({ institutionId: institution.id, role: "candidate" });
  const pending = await createUser({ institutionId: institution.id, role: "candidate" });
  const setup = (await issuePasswordSetupLink({ institutionId: institution.id, actorId: admin.id, userId: pending.id }))!;

  const scope = { institutionId: institution.id, actorId: admin.id };
  const standard = await importStandard({ ...scope, parsed: parseStandard(STANDARD_TEXT), sourceText: STANDARD_TEXT });
  const title = hostile ? `${IMG(2)}社群媒體經營人員職能評量` : "社群媒體經營人員職能評量";
  const created = (await createAssessmentDraft({ ...scope, standardId: standard.id, title }))!;
  expect((await publishVersion({ ...scope, assessmentId: created.assessmentId, version: 1, revision: 1 })).status).toBe("published");
  const version = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: created.assessmentId, version: 1 }, select: { id: true } });

  const session = (await createSession({
    ...scope,
    input: {
      assessmentVersionId: version.id,
      title: `${name} 第 1 梯次`,
      startsAt: new Date("2026-11-10T09:00:00+08:00"),
      endsAt: new Date("2026-11-10T17:30:00+08:00"),
      place: hostile ? `${SVG(3)}模擬職場` : "模擬職場",
      scenario: null,
      appealDays: 14,
    },
  }))!;
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds: [candidate.id, candidate2.id, candidate3.id] });
  const enrolmentOf = async (candidateId: string) => (await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId }, select: { id: true } })).id;
  const [e1, e2, e3] = [await enrolmentOf(candidate.id), await enrolmentOf(candidate2.id), await enrolmentOf(candidate3.id)];
  for (const e of [e1, e2, e3]) expect(await assignAssessor({ ...scope, enrollmentId: e, assessorId: assessor.id, conflict: null })).toEqual({ status: "assigned" });
  await setCalibrationNote({ ...scope, sessionId: session.id, note: "評分前以範例作品對照四級描述校準。" });
  const resources = JSON.parse((await db.assessmentSession.findUniqueOrThrow({ where: { id: session.id } })).resourcesJson) as string[];
  await confirmChecklist({ ...scope, sessionId: session.id, confirmed: resources });
  expect(await startSession({ ...scope, sessionId: session.id, overrideReason: null })).toEqual({ status: "started" });

  await scoreAndSignOff(assessor.id, e1, () => 3);
  await scoreAndSignOff(assessor.id, e2, (code) => (code === "P3.1.2" ? 1 : 3));
  expect(await releaseResults({ ...scope, sessionId: session.id })).toEqual({ released: 2 });
  const issued1 = await issueCertificate({ ...scope, enrollmentId: e1, baseUrl: BASE });
  const issued2 = await issueCertificate({ ...scope, enrollmentId: e2, baseUrl: BASE });
  if (issued1.status !== "issued" || issued2.status !== "issued") throw new Error(`certificates not issued: ${JSON.stringify([issued1, issued2])}`);

  let appealId: string | null = null;
  if (!hostile) {
    expect((await lodgeAppeal({ candidateId: candidate2.id, enrollmentId: e2, reason: "改善方案已以紙本繳交，請求複查 P3.1.2 的評分。" })).status).toBe("lodged");
    appealId = (await db.appeal.findFirstOrThrow({ where: { enrollmentId: e2 }, select: { id: true } })).id;
    expect(await assignAppealReviewer({ ...scope, appealId, reviewerId: assessor2.id })).toEqual({ status: "assigned" });
  }
  const draft = (await createNextDraft({ ...scope, assessmentId: created.assessmentId }))!;
  expect(draft.version).toBe(2);

  // The knowledge exam beside it (its own assessment and session, so the above stays as it is): the
  // three candidates enrolled, assigned to assessor 1; candidate 1 is sitting it, candidate 2 has
  // submitted (the short answer waits for its score), candidate 3 has not started (a paper sheet to key in).
  const examWorld = await examBeside({ ...scope, standardId: standard.id, candidateIds: [candidate.id, candidate2.id, candidate3.id], assessorId: assessor.id, title: `${name} 筆試梯次` });
  const [examE1, examE2, examE3] = examWorld.enrollmentIds as [string, string, string];
  const { onPaper } = examWorld;
  const exam = {
    blueprintId: examWorld.blueprintId,
    paperId: examWorld.paperId,
    sessionId: examWorld.session.id,
    e1: examE1,
    e2: examE2,
    e3: examE3,
    /** Candidate 1's attempt, in progress. */
    attempt1: await sitExam({ candidateId: candidate.id, enrollmentId: examE1, onPaper, submit: false }),
    /** Candidate 2's attempt, submitted. */
    attempt2: await sitExam({ candidateId: candidate2.id, enrollmentId: examE2, onPaper }),
    /** Q001 (single, 4 options), Q003 (multiple), Q004 (true/false), Q005 (short answer, 20 points). */
    single: onPaper.Q001,
    multiple: onPaper.Q003,
    trueFalse: onPaper.Q004,
    shortAnswer: onPaper.Q005,
  };

  const evidenceId = (await db.evidence.findFirstOrThrow({ where: { enrollmentId: e1 }, select: { id: true } })).id;
  return {
    institution, admin, assessor, assessor2, candidate, candidate2, candidate3, spare, pending, setupToken: setup.token,
    standard, assessmentId: created.assessmentId, versionId: version.id, session, e1, e2, e3, evidenceId,
    certificate1: issued1.certificate.number, certificate2: issued2.certificate.number, appealId, exam,
  };
}

type Who = "anonymous" | "candidate" | "candidate2" | "assessor" | "assessor2" | "admin";
function userOf(who: Who): string | null {
  return who === "anonymous" ? null : A[who].id;
}

/** Version 2 of A's assessment (the draft) as stored now: its revision and content. */
async function draft() {
  const row = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: A.assessmentId, version: 2 }, select: { revision: true, contentJson: true } });
  return { revision: String(row.revision), content: JSON.parse(row.contentJson) as { criteria: Array<{ id: string; levels: Array<{ score: number }> }>; evidencePlan: Array<{ taskId: string; taskCode: string }> } };
}

async function e3Scope() {
  const workspace = (await getAssessorWorkspace({ assessorId: A.assessor.id, enrollmentId: A.e3 }))!;
  const { criteria } = workspace.result.scope;
  return {
    revision: String(workspace.assignment.revision),
    t11: criteria.filter((c) => c.taskCode === "T1.1").map((c) => c.id),
    t21: criteria.filter((c) => c.taskCode === "T2.1").map((c) => c.id),
    first: criteria[0]!.id,
  };
}

// ---------------------------------------------------------------------------------------------
// What nothing-stored means: every table and every file, before and after

/** Touched by every request with a cookie (login sessions) or by design on refused input (login and verification rate limits). */
const VOLATILE_TABLES = new Set(["LoginSession", "LoginAttempt", "_prisma_migrations"]);

async function tableDigests(): Promise<Map<string, string>> {
  const tables = await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const digests = new Map<string, string>();
  for (const { name } of tables) {
    if (VOLATILE_TABLES.has(name)) continue;
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}" ORDER BY rowid`);
    const json = JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
    digests.set(name, `${rows.length}:${crypto.createHash("sha256").update(json).digest("hex")}`);
  }
  return digests;
}

/** Every file under DATA_DIR (evidence, temp files, anything a traversal could write), the database files aside. */
function dataFiles(): string[] {
  const root = process.env.DATA_DIR!;
  const dbName = path.basename(new URL(process.env.DATABASE_URL!.replace(/^file:/, "file://")).pathname);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.startsWith(dbName)) out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

async function snapshot() {
  return { tables: await tableDigests(), files: dataFiles() };
}

async function expectNothingStored(before: Awaited<ReturnType<typeof snapshot>>, label: string) {
  const after = await snapshot();
  const changed = [...after.tables.keys()].filter((t) => after.tables.get(t) !== before.tables.get(t));
  expect(changed, `${label}: tables changed by refused input`).toEqual([]);
  expect(after.files, `${label}: files written by refused input`).toEqual(before.files);
}

// ---------------------------------------------------------------------------------------------
// Calling a loader or action

interface Outcome {
  status: number;
  data?: unknown;
  location?: string | null;
  headers?: Headers;
  /** Body of a Response (a thrown 404, a file). */
  text?: string;
  /** A thrown non-Response: Remix answers 500. */
  error?: string;
}

let clientCounter = 0;

async function settle(value: unknown): Promise<Outcome> {
  if (value instanceof Response) {
    const isFile = value.headers.get("Content-Disposition") !== null;
    return { status: value.status, location: value.headers.get("Location"), headers: value.headers, text: isFile ? undefined : await value.text() };
  }
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    return { status: init?.status ?? 200, data, headers: new Headers(init?.headers) };
  }
  return { status: 200, data: value };
}

type Body = FormData | { contentType: string; bytes: Uint8Array };

async function call(routeId: string, kind: "action" | "loader", who: Who, params: Record<string, string>, body?: Body, query = ""): Promise<Outcome> {
  const route = ROUTE_BY_ID.get(routeId)!;
  const url = `${BASE}${route.pattern.replace(/:(\w+)\??/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))}${query}`;
  let init: RequestInit = {};
  if (kind === "action") {
    init = body instanceof FormData || body === undefined
      ? { method: "POST", body: body ?? new FormData() }
      : { method: "POST", headers: { "Content-Type": body.contentType }, body: Buffer.from(body.bytes) };
  }
  const fn = (await routeModule(routeId))[kind] as (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
  const request = await requestAs(userOf(who), url, init);
  try {
    return await settle(await fn({ request, params, context: { clientAddress: `bad-input-${++clientCounter}` } }));
  } catch (thrown) {
    if (thrown instanceof Response) return settle(thrown);
    return { status: 500, error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}`.slice(0, 500) : String(thrown) };
  }
}

/** The messages an answer shows the user, whatever the route's shape ({ errors }, { error }, a Conform reply, a thrown 404). */
function messagesOf(outcome: Outcome): string[] {
  if (outcome.text !== undefined) return outcome.text ? [outcome.text] : [];
  const out: string[] = [];
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  const visit = (value: unknown) => {
    if (!value || typeof value !== "object") return;
    const r = value as Record<string, unknown>;
    if (typeof r.error === "string") out.push(r.error);
    if (Array.isArray(r.errors)) out.push(...strings(r.errors));
    if (r.kind === "error" && typeof r.message === "string") out.push(r.message);
    // { ok: false, message, errors: [{ line, message }] } (the exam bank import)
    if (r.ok === false && typeof r.message === "string") out.push(r.message);
    if (Array.isArray(r.errors)) for (const e of r.errors) if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") out.push((e as { message: string }).message);
    if (r.status === "error" && r.error && typeof r.error === "object") for (const list of Object.values(r.error)) out.push(...strings(list));
    if (r.check && typeof r.check === "object" && typeof (r.check as { reason?: unknown }).reason === "string") out.push((r.check as { reason: string }).reason);
    for (const key of ["result", "upload", "search"]) visit(r[key]);
  };
  visit(outcome.data);
  return out;
}

/** zod's English defaults ("Invalid input: expected string, received undefined", "Too big: …") and stack traces. */
const NOT_FOR_USERS = /Invalid (input|option|discriminator|string|email|url|type|literal)|Too (big|small)|expected (string|number|one of|"|')|received (undefined|null|NaN|string|number)|\bRequired\b|Unrecognized key|\bat [\w.<>$]+ \(|node_modules|\.tsx?:\d+:\d+/;

function expectClearMessages(messages: string[], label: string) {
  expect(messages.length, `${label}: the answer carries a message`).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message, `${label}: message in zh-TW`).toMatch(/[\u3400-\u9fff]/);
    expect(message, `${label}: no English validation default or stack trace`).not.toMatch(NOT_FOR_USERS);
  }
}

// ---------------------------------------------------------------------------------------------
// Building bodies

function form(entries: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [name, value] of Object.entries(entries)) for (const v of Array.isArray(value) ? value : [value]) f.append(name, v);
  return f;
}

function withFile(f: FormData, bytes: Uint8Array, name: string, type: string, field = "file") {
  f.append(field, new File([Buffer.from(bytes)], name, { type }));
  return f;
}

const BOUNDARY = "----icap-bad-input-4c1d";
type RawPart = { name: string; value: string } | { name: string; filename: string; type: string; bytes: Uint8Array };

/** A multipart body written by hand: file names go out byte for byte (FormData would escape CR, LF and quotes). */
function multipart(parts: RawPart[], { boundary = BOUNDARY, truncate = false } = {}): Body {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("filename" in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`, "utf8"));
      chunks.push(Buffer.from(part.bytes), Buffer.from("\r\n"));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`, "utf8"));
    }
  }
  if (!truncate) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const bytes = Buffer.concat(chunks);
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes: truncate ? bytes.subarray(0, bytes.length - 7) : bytes };
}

const text = (bytes: number, char = "字") => char.repeat(Math.ceil(bytes / Buffer.byteLength(char)));
/** A Big5-ish byte soup that is no UTF-8 at all. */
const NOT_UTF8 = Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0x2c, 0xbe, 0xc7, 0xad, 0xfb, 0x0a, 0xb2, 0xc4, 0xa4, 0x40, 0x2c, 0x43, 0x31]);

async function uploadFields(extra: Record<string, string | string[]> = {}) {
  const { t11 } = await e3Scope();
  return { taskCode: "T1.1", title: "經營社群媒體企畫書", criterionId: t11, ...extra };
}

async function upload(bytes: Uint8Array, name: string, type: string, extra: Record<string, string | string[]> = {}) {
  return withFile(form(await uploadFields(extra)), bytes, name, type);
}

// ---------------------------------------------------------------------------------------------
// The table of refused input

type InputClass = "oversized" | "malformed" | "hostile" | "other institution" | "no such record" | "wrong type" | "zero bytes" | "path traversal";

interface BadCase {
  route: string;
  intent?: string;
  input: InputClass;
  what: string;
  as: Who;
  /** Default: the action. */
  kind?: "loader";
  params?: () => Record<string, string>;
  body?: () => Body | Promise<Body>;
  query?: () => string;
  status: number | number[];
  /** Part of the message the user must see. */
  message?: RegExp;
  /** A known defect: the row runs with it.fails. What happens, and what should. */
  bug?: string;
}

const ANY_4XX = [400, 404, 409, 413, 415, 422];
const OTHER_ID = "clbadinput0000000000000000";

const admin = "admin" as const;
const assessor = "assessor" as const;

const session = () => ({ sessionId: A.session.id });
const draftParams = () => ({ assessmentId: A.assessmentId, version: "2" });
const e3 = () => ({ enrollmentId: A.e3 });

// The knowledge exam's forms (A's exam world: see buildInstitution)

const bank = () => ({ standardId: A.standard.id });
const item = () => ({ standardId: A.standard.id, itemId: A.exam.single.itemId });
const blueprint = () => ({ blueprintId: A.exam.blueprintId });
const paper = () => ({ paperId: A.exam.paperId });
const examSession = () => ({ sessionId: A.exam.sessionId });
const examE1 = () => ({ enrollmentId: A.exam.e1 });
const examE2 = () => ({ enrollmentId: A.exam.e2 });
const examE3 = () => ({ enrollmentId: A.exam.e3 });
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A valid bank-file row (a new single-choice item on K04), by zh-TW column name. */
const GOOD_ITEM_ROW = {
  題型: "單選",
  題幹: "在 Facebook 粉絲專頁的洞察報告中，「觸及人數」指的是下列何者？",
  選項A: "貼文在使用者畫面上出現的總次數",
  選項B: "至少看過一次貼文的不重複使用者人數",
  選項C: "對貼文按讚、留言或分享的次數",
  選項D: "點擊貼文中連結的人數",
  答案: "B",
  職能代碼: "K04",
  認知層次: "理解",
  難度: "易",
};

const bankCsv = (rows: Record<string, string>[]) => bankRowsToCsv([bankFileHeader(), ...rows.map((r) => bankFileRow(r))]);

/**
 * A ZIP that looks like a workbook (xl/workbook.xml and one sheet) whose sheet declares `declared`
 * bytes and inflates to `inflates` bytes: either a honest bomb (a huge declared size) or a lying one
 * (a small declared size, a huge stream). CRCs are left zero: the check refuses it before they matter.
 */
function zipBomb({ declared, inflates }: { declared: number; inflates: number }): Buffer {
  const entries = [
    { name: "xl/workbook.xml", data: zlib.deflateRawSync(Buffer.from('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')), size: 77 },
    { name: "xl/worksheets/sheet1.xml", data: zlib.deflateRawSync(Buffer.alloc(inflates, 0x20)), size: declared },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The item form as the page posts it (Q001 as it is), with `values` changed. */
const itemForm = (values: Record<string, string>) =>
  form({
    type: "單選",
    stem: BANK[0]!.stem,
    optionA: BANK[0]!.options[0]!,
    optionB: BANK[0]!.options[1]!,
    optionC: BANK[0]!.options[2]!,
    optionD: BANK[0]!.options[3]!,
    key: "A",
    modelAnswer: "",
    explanation: BANK[0]!.explanation!,
    codes: "K01",
    level: "記憶",
    difficulty: "易",
    status: "啟用",
    ...values,
  });

/** The blueprint table as the page posts it: the scenario's five cells, with `values` changed. */
async function blueprintForm(values: Record<string, string>) {
  const { revision } = await db.examBlueprint.findUniqueOrThrow({ where: { id: A.exam.blueprintId }, select: { revision: true } });
  const cells = Object.fromEntries(CELLS.flatMap((c) => [[`count:${c.code}:${c.level}`, String(c.count)], [`points:${c.code}:${c.level}`, String(c.points)]]));
  return form({ intent: "save", revision: String(revision), title: "社群媒體經營人員 知識測驗 雙向細目表", ...cells, ...values });
}

const assembleForm = (values: Record<string, string>) =>
  form({ intent: "assemble", title: "補考卷", formCount: "1", passMark: "60", durationMinutes: "40", multipleScoring: "all_or_nothing", shuffleItems: "on", shuffleOptions: "on", seed: "", ...values });

/** An answer sheet keyed in: every choice item with its key, `typed` over it; the short answer's text. */
function paperSheet(typed: Record<string, string>, shortText = "原因一：發文頻率降低；改善：固定發文排程。", formLabel = "A") {
  const letters = (key: number[], type: string) => (type === "true_false" ? (key[0] === 0 ? "O" : "X") : key.map((k) => "ABCDEFGH"[k]).join(""));
  const fields: Record<string, string> = { intent: "paper", form: formLabel, [`text:${A.exam.shortAnswer.revisionId}`]: shortText };
  for (const i of [A.exam.single, A.exam.multiple, A.exam.trueFalse]) fields[`typed:${i.revisionId}`] = letters(i.key, i.content.type);
  for (const [revisionId, value] of Object.entries(typed)) fields[`typed:${revisionId}`] = value;
  return form(fields);
}

const shortScore = (values: Record<string, string>) => form({ intent: "score", revisionId: A.exam.shortAnswer.revisionId, points: "15", comment: "原因合理，改善做法略嫌籠統", ...values });

/** What the exam page's fetcher posts to ./answer: one item's answer fields. */
const oneAnswer = (revisionId: string, kind: "answer" | "text", value: string | string[], attemptId = A.exam.attempt1) =>
  form({ attemptId, revisionId, item: revisionId, [`${kind}:${revisionId}`]: value });

/** What the exam page posts: the attempt, each answered item's marker, and the answer fields. */
const answerForm = (fields: Record<string, string | string[]>, attemptId = A.exam.attempt1) => {
  const items = Object.keys(fields).filter((k) => /^(answer|text):/.test(k)).map((k) => k.replace(/^(answer|text):/, ""));
  return form({ intent: "save", attemptId, item: items, ...fields });
};

const BAD: BadCase[] = [
  // ------------------------------------------------------------------ public forms
  { route: "routes/login", input: "oversized", what: "100 KB user name", as: "anonymous", body: () => form({ username: text(100 * KB, "a"), password: "x", redirectTo: "" }), status: 400, message: /帳號過長/ },
  { route: "routes/login", input: "oversized", what: "3 MB password", as: "anonymous", body: () => form({ username: "admin", password: text(3 * MB, "p"), redirectTo: "" }), status: 400, message: /密碼過長/ },
  { route: "routes/login", input: "malformed", what: "missing fields", as: "anonymous", body: () => form({}), status: 400, message: /請輸入帳號/ },
  { route: "routes/login", input: "hostile", what: "markup as user name", as: "anonymous", body: () => form({ username: SCRIPT(40), password: "whatever-password" }), status: 400, message: /帳號或密碼不正確/ },
  { route: "routes/logout", input: "hostile", what: "hostile fields are ignored (logout takes no input)", as: "anonymous", body: () => form({ redirectTo: "javascript:alert(1)", x: SCRIPT(41) }), status: 302 },

  { route: "routes/set-password.$token", input: "oversized", what: "3 MB password", as: "anonymous", params: () => ({ token: A.setupToken }), body: () => form({ password: text(3 * MB, "p"), confirm: text(3 * MB, "p") }), status: 400, message: /不可超過 256/ },
  { route: "routes/set-password.$token", input: "malformed", what: "confirmation differs", as: "anonymous", params: () => ({ token: A.setupToken }), body: () => form({ password: "correct-horse-1", confirm: "correct-horse-2" }), status: 400, message: /不一致/ },
  { route: "routes/set-password.$token", input: "malformed", what: "missing fields", as: "anonymous", params: () => ({ token: A.setupToken }), body: () => form({}), status: 400, message: /請輸入密碼/ },
  { route: "routes/set-password.$token", input: "path traversal", what: "token ../../etc/passwd", as: "anonymous", params: () => ({ token: "../../etc/passwd" }), body: () => form({ password: "correct-horse-1", confirm: "correct-horse-1" }), status: 400, message: /已失效/ },

  { route: "routes/account.password", input: "oversized", what: "3 MB new password", as: "candidate", body: () => form({ currentPassword: "correct-horse-battery", password: text(3 * MB, "p"), confirm: text(3 * MB, "p") }), status: 400, message: /不可超過 256/ },
  { route: "routes/account.password", input: "oversized", what: "3 MB current password", as: "candidate", body: () => form({ currentPassword: text(3 * MB, "p"), password: "new-password-123", confirm: "new-password-123" }), status: 400, message: /目前的密碼不正確/ },
  { route: "routes/account.password", input: "malformed", what: "missing fields", as: "candidate", body: () => form({}), status: 400, message: /請輸入目前的密碼/ },

  { route: "routes/verify._index", input: "oversized", what: "11 MB file", as: "anonymous", body: () => withFile(new FormData(), Buffer.alloc(11 * MB, 0x25), "big.pdf", "application/pdf"), status: 413, message: /超過 10 MB/ },
  { route: "routes/verify._index", input: "zero bytes", what: "zero-byte file", as: "anonymous", body: () => withFile(new FormData(), new Uint8Array(), "empty.pdf", "application/pdf"), status: 400, message: /請選擇要檢查的 PDF 檔/ },
  { route: "routes/verify._index", input: "malformed", what: "text instead of a file", as: "anonymous", body: () => form({ file: SCRIPT(42) }), status: 400, message: /請選擇要檢查的 PDF 檔/ },
  { route: "routes/verify._index", input: "wrong type", what: "PNG declared as PDF: checked, not ours, nothing kept", as: "anonymous", body: () => withFile(new FormData(), PNG, "certificate.pdf", "application/pdf"), status: 200, message: /無法讀取|不是本平台/ },
  { route: "routes/verify._index", input: "wrong type", what: "HTML declared as text/plain: checked, not ours, nothing kept", as: "anonymous", body: () => withFile(new FormData(), HTML, "certificate.txt", "text/plain"), status: 200, message: /無法讀取|不是本平台/ },
  { route: "routes/verify._index", kind: "loader", input: "hostile", what: "GET ?number=<script>", as: "anonymous", query: () => `?number=${encodeURIComponent(SCRIPT(43))}`, status: 400 },
  { route: "routes/verify._index", kind: "loader", input: "oversized", what: "GET ?number= 100 KB", as: "anonymous", query: () => `?number=${"A".repeat(100 * KB)}`, status: 400 },

  // ------------------------------------------------------------------ admin: people
  { route: "routes/admin.users.new", input: "oversized", what: "100 KB name", as: admin, body: () => form({ role: "assessor", displayName: text(100 * KB), username: "big-name-1" }), status: 400, message: /姓名不可超過 60 個字/ },
  { route: "routes/admin.users.new", input: "oversized", what: "3 MB qualifications", as: admin, body: () => form({ role: "assessor", displayName: "王志明", username: "big-qual-1", qualifications: text(3 * MB) }), status: 400, message: /資格說明過長/ },
  { route: "routes/admin.users.new", input: "oversized", what: "100 KB candidate number", as: admin, body: () => form({ role: "candidate", displayName: "林怡君", username: "big-number-1", candidateNumber: text(100 * KB, "9") }), status: 400, message: /學員編號不可超過 32/ },
  { route: "routes/admin.users.new", input: "malformed", what: "unknown role", as: admin, body: () => form({ role: "superuser", displayName: "王志明", username: "role-x-1" }), status: 400, message: /請選擇角色/ },
  { route: "routes/admin.users.new", input: "malformed", what: "e-mail without @", as: admin, body: () => form({ role: "assessor", displayName: "王志明", username: "mail-x-1", email: "not-an-address" }), status: 400, message: /電子郵件格式不正確/ },
  { route: "routes/admin.users.new", input: "malformed", what: "missing fields", as: admin, body: () => form({}), status: 400, message: /請選擇角色|請輸入姓名|請輸入帳號/ },
  { route: "routes/admin.users.new", input: "path traversal", what: "user name ../../etc/passwd", as: admin, body: () => form({ role: "assessor", displayName: "王志明", username: "../../etc/passwd" }), status: 400, message: /帳號須為/ },
  { route: "routes/admin.users.new", input: "hostile", what: "markup as user name", as: admin, body: () => form({ role: "assessor", displayName: "王志明", username: SCRIPT(44) }), status: 400, message: /帳號須為/ },
  {
    route: "routes/admin.users.new", input: "hostile", what: "markup as candidate number", as: admin,
    body: () => form({ role: "candidate", displayName: "林怡君", username: "cand-markup-1", candidateNumber: SCRIPT(45) }), status: 400, message: /學員編號/,
  },
  { route: "routes/admin.users.$userId", input: "other institution", what: "B's user", as: admin, params: () => ({ userId: B.spare.id }), status: 404 },
  { route: "routes/admin.users.$userId", input: "no such record", what: "an id that does not exist", as: admin, params: () => ({ userId: OTHER_ID }), status: 404 },
  { route: "routes/admin.users.$userId", input: "path traversal", what: "id ../../etc/passwd", as: admin, params: () => ({ userId: "../../etc/passwd" }), status: 404 },

  // ------------------------------------------------------------------ admin: standards
  { route: "routes/admin.standards.import", input: "oversized", what: "2.5 MB file", as: admin, body: () => withFile(form({ intent: "preview" }), Buffer.from(text(2.5 * MB)), "standard.txt", "text/plain"), status: 413, message: /2 MB/ },
  { route: "routes/admin.standards.import", input: "oversized", what: "4 MB file (cut off while reading)", as: admin, body: () => withFile(form({ intent: "preview" }), Buffer.alloc(4 * MB, 0x41), "standard.txt", "text/plain"), status: 413, message: /2 MB/ },
  { route: "routes/admin.standards.import", intent: "confirm", input: "oversized", what: "3 MB pasted text", as: admin, body: () => form({ intent: "confirm", text: text(3 * MB) }), status: 413, message: /2 MB/ },
  { route: "routes/admin.standards.import", input: "zero bytes", what: "zero-byte file", as: admin, body: () => withFile(form({ intent: "preview" }), new Uint8Array(), "standard.txt", "text/plain"), status: ANY_4XX, message: /空/ },
  { route: "routes/admin.standards.import", input: "wrong type", what: "PNG declared as text/plain", as: admin, body: () => withFile(form({ intent: "preview" }), PNG, "standard.txt", "text/plain"), status: 422, message: /PNG/ },
  { route: "routes/admin.standards.import", intent: "confirm", input: "wrong type", what: "a Windows program", as: admin, body: () => withFile(form({ intent: "confirm" }), EXE, "setup.exe", "application/x-msdownload"), status: ANY_4XX },
  { route: "routes/admin.standards.import", intent: "preview", input: "malformed", what: "text that is no standard", as: admin, body: () => form({ intent: "preview", text: `這不是職能基準 ${SCRIPT(46)}` }), status: 422 },
  { route: "routes/admin.standards.import", input: "malformed", what: "missing file and text", as: admin, body: () => form({ intent: "confirm" }), status: 400, message: /請選擇檔案/ },
  { route: "routes/admin.standards.import", input: "path traversal", what: "file named ../../etc/passwd: preview only, the name is never used", as: admin, body: () => withFile(form({ intent: "preview" }), Buffer.from(STANDARD_TEXT), "../../etc/passwd", "text/plain"), status: 200 },
  { route: "routes/admin.standards.$standardId", input: "other institution", what: "B's standard", as: admin, params: () => ({ standardId: B.standard.id }), status: 404 },
  { route: "routes/admin.standards.$standardId", input: "no such record", what: "an id that does not exist", as: admin, params: () => ({ standardId: OTHER_ID }), status: 404 },
  { route: "routes/admin.standards.$standardId", input: "malformed", what: "a standard in use", as: admin, params: () => ({ standardId: A.standard.id }), status: 409, message: /不可刪除/ },

  // ------------------------------------------------------------------ admin: assessments
  { route: "routes/admin.assessments.new", input: "oversized", what: "100 KB title", as: admin, body: () => form({ standardId: A.standard.id, title: text(100 * KB), taskCodes: "T1.1", scaleId: "4" }), status: 400, message: /評量名稱不可超過 120 個字/ },
  { route: "routes/admin.assessments.new", input: "malformed", what: "no task chosen", as: admin, body: () => form({ standardId: A.standard.id, title: "社群媒體評量", scaleId: "4" }), status: 400, message: /請至少選擇一項工作任務/ },
  { route: "routes/admin.assessments.new", input: "malformed", what: "unknown task code T9.9", as: admin, body: () => form({ standardId: A.standard.id, title: "社群媒體評量", taskCodes: "T9.9", scaleId: "4" }), status: 400, message: /未知的工作任務代碼/ },
  { route: "routes/admin.assessments.new", input: "hostile", what: "markup as task code", as: admin, body: () => form({ standardId: A.standard.id, title: "社群媒體評量", taskCodes: SCRIPT(47), scaleId: "4" }), status: 400, message: /未知的工作任務代碼/ },
  {
    route: "routes/admin.assessments.new", input: "malformed", what: "unknown scale", as: admin, body: () => form({ standardId: A.standard.id, title: "未知量尺評量", taskCodes: "T1.1", scaleId: "no-such-scale" }), status: 400,
  },
  {
    route: "routes/admin.assessments.new", input: "malformed", what: "missing fields", as: admin, body: () => form({}), status: 400,
  },
  { route: "routes/admin.assessments.new", input: "other institution", what: "B's standard", as: admin, body: () => form({ standardId: B.standard.id, title: "跨機構評量", taskCodes: "T1.1", scaleId: "4" }), status: 404 },
  { route: "routes/admin.assessments.new", input: "no such record", what: "a standard id that does not exist", as: admin, body: () => form({ standardId: OTHER_ID, title: "不存在的基準", taskCodes: "T1.1", scaleId: "4" }), status: 404 },
  { route: "routes/admin.assessments.$assessmentId.versions.new", input: "other institution", what: "B's assessment", as: admin, params: () => ({ assessmentId: B.assessmentId }), status: 404 },
  { route: "routes/admin.assessments.$assessmentId.versions.new", input: "no such record", what: "an id that does not exist", as: admin, params: () => ({ assessmentId: OTHER_ID }), status: 404 },

  // The draft editor: one action, eight edits, publish and delete
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "setting", input: "other institution", what: "B's assessment", as: admin, params: () => ({ assessmentId: B.assessmentId, version: "2" }), body: async () => form({ intent: "setting", revision: (await draft()).revision, scenario: "跨機構", conditions: "a", durationMinutes: "60", durationText: "", resources: "", assessorRequirements: "" }), status: 404 },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "setting", input: "malformed", what: "version 2026-13-45", as: admin, params: () => ({ assessmentId: A.assessmentId, version: "2026-13-45" }), body: () => form({ intent: "setting" }), status: 404 },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "setting", input: "oversized", what: "100 KB scenario", as: admin, params: draftParams, body: async () => form({ intent: "setting", revision: (await draft()).revision, scenario: text(100 * KB), conditions: "備妥電腦", resources: "", durationMinutes: "60", durationText: "", assessorRequirements: "" }), status: 400, message: /情境說明不可超過 5000 字/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "setting", input: "oversized", what: "3 MB conditions", as: admin, params: draftParams, body: async () => form({ intent: "setting", revision: (await draft()).revision, scenario: "", conditions: text(3 * MB), resources: "", durationMinutes: "60", durationText: "", assessorRequirements: "" }), status: 400, message: /內容過長/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "setting", input: "malformed", what: "letters as minutes", as: admin, params: draftParams, body: async () => form({ intent: "setting", revision: (await draft()).revision, scenario: "", conditions: "備妥電腦", resources: "", durationMinutes: "sixty", durationText: "", assessorRequirements: "" }), status: 400, message: /評量時間/ },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "setting", input: "oversized", what: "100 KB time note", as: admin, params: draftParams,
    body: async () => form({ intent: "setting", revision: (await draft()).revision, scenario: "", conditions: "備妥電腦", resources: "", durationMinutes: "60", durationText: text(100 * KB), assessorRequirements: "" }), status: 400,
  },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "criteria", input: "oversized", what: "100 KB level descriptor", as: admin, params: draftParams, body: async () => { const d = await draft(); const c = d.content.criteria[0]!; return form({ intent: "criteria", revision: d.revision, [`descriptor:${c.id}:${c.levels[0]!.score}`]: text(100 * KB) }); }, status: 400, message: /等級描述不可超過 1000 字/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "criteria", input: "malformed", what: "blank level descriptor", as: admin, params: draftParams, body: async () => { const d = await draft(); const c = d.content.criteria[0]!; return form({ intent: "criteria", revision: d.revision, [`descriptor:${c.id}:${c.levels[0]!.score}`]: "   " }); }, status: 400, message: /等級描述不可空白/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "remove-item", input: "no such record", what: "an item that does not exist", as: admin, params: draftParams, body: async () => form({ intent: "remove-item", revision: (await draft()).revision, itemId: SCRIPT(48) }), status: 400, message: /找不到要刪除的項目/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "add-checklist", input: "oversized", what: "100 KB checklist item", as: admin, params: draftParams, body: async () => { const d = await draft(); return form({ intent: "add-checklist", revision: d.revision, taskId: d.content.evidencePlan[0]!.taskId, code: "", text: text(100 * KB) }); }, status: 400, message: /檢核項目不可超過 500 字/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "add-checklist", input: "no such record", what: "a task that does not exist", as: admin, params: draftParams, body: async () => form({ intent: "add-checklist", revision: (await draft()).revision, taskId: "task-T9.9", code: "", text: "確認受評者備妥資料" }), status: 400, message: /找不到這項工作任務/ },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "add-checklist", input: "malformed", what: "a code that is not one of the task's S/A codes", as: admin, params: draftParams,
    body: async () => { const d = await draft(); return form({ intent: "add-checklist", revision: d.revision, taskId: d.content.evidencePlan[0]!.taskId, code: "<b>X9", text: "確認受評者備妥資料" }); }, status: 400,
  },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "add-question", input: "malformed", what: "unknown mode", as: admin, params: draftParams,
    body: async () => { const d = await draft(); return form({ intent: "add-question", revision: d.revision, taskId: d.content.evidencePlan[0]!.taskId, code: "", mode: "telepathy", prompt: "請說明社群平台的選擇依據" }); }, status: 400,
  },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "add-question", input: "oversized", what: "100 KB question", as: admin, params: draftParams, body: async () => { const d = await draft(); return form({ intent: "add-question", revision: d.revision, taskId: d.content.evidencePlan[0]!.taskId, code: "", mode: "oral", prompt: text(100 * KB) }); }, status: 400, message: /問題不可超過 1000 字/ },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "rule", input: "malformed", what: "letters as minimum level", as: admin, params: draftParams,
    body: async () => form({ intent: "rule", revision: (await draft()).revision, criticalMinScore: "three", everyMinScore: "2", totalPercent: "", criticalFaults: "" }), status: 400,
  },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "rule", input: "malformed", what: "letters as total percent", as: admin, params: draftParams, body: async () => form({ intent: "rule", revision: (await draft()).revision, criticalMinScore: "3", everyMinScore: "2", totalPercent: "ninety", criticalFaults: "" }), status: 400, message: /總分門檻須為數字/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "rule", input: "malformed", what: "total percent 150", as: admin, params: draftParams, body: async () => form({ intent: "rule", revision: (await draft()).revision, criticalMinScore: "3", everyMinScore: "2", totalPercent: "150", criticalFaults: "" }), status: 400, message: /不可超過 100%/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "rule", input: "oversized", what: "3 MB critical faults", as: admin, params: draftParams, body: async () => form({ intent: "rule", revision: (await draft()).revision, criticalMinScore: "3", everyMinScore: "2", totalPercent: "", criticalFaults: text(3 * MB) }), status: 400, message: /內容過長/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "waive", input: "malformed", what: "one-character reason", as: admin, params: draftParams, body: async () => form({ intent: "waive", revision: (await draft()).revision, code: "K01", reason: "無" }), status: 400, message: /必須寫明理由/ },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "waive", input: "oversized", what: "100 KB reason", as: admin, params: draftParams,
    body: async () => form({ intent: "waive", revision: (await draft()).revision, code: "K01", reason: text(100 * KB) }), status: 400,
  },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "waive", input: "hostile", what: "a code that is no gap", as: admin, params: draftParams,
    body: async () => form({ intent: "waive", revision: (await draft()).revision, code: SCRIPT(49), reason: "此項以其他方式評量" }), status: 400,
  },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "unwaive", input: "no such record", what: "a waiver that does not exist", as: admin, params: draftParams,
    body: async () => form({ intent: "unwaive", revision: (await draft()).revision, code: "Z9.9" }), status: 400,
  },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "publish", input: "malformed", what: "letters as revision", as: admin, params: draftParams, body: () => form({ intent: "publish", revision: "latest" }), status: 409, message: /.+/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "delete-draft", input: "malformed", what: "version 1 (published)", as: admin, params: () => ({ assessmentId: A.assessmentId, version: "1" }), body: () => form({ intent: "delete-draft", revision: "1" }), status: 409, message: /已發布的版本不能刪除/ },
  {
    route: "routes/admin.assessments.$assessmentId.versions.$version", input: "malformed", what: "unknown intent", as: admin, params: draftParams, body: async () => form({ intent: "drop-table", revision: (await draft()).revision }), status: 400,
  },

  // ------------------------------------------------------------------ admin: sessions
  { route: "routes/admin.sessions.new", input: "oversized", what: "100 KB title", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: text(100 * KB), startsAt: "2026-12-01T09:00", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }), status: 400, message: /場次名稱不可超過 120 個字/ },
  { route: "routes/admin.sessions.new", input: "oversized", what: "3 MB scenario", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: "第 2 梯次", startsAt: "2026-12-01T09:00", endsAt: "", place: "模擬職場", scenario: text(3 * MB), appealDays: "14" }), status: 400, message: /情境說明不可超過 5000 字/ },
  { route: "routes/admin.sessions.new", input: "malformed", what: "start 'next Tuesday'", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: "第 2 梯次", startsAt: "next Tuesday", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }), status: 400, message: /開始時間格式不正確/ },
  {
    route: "routes/admin.sessions.new", input: "malformed", what: "start 2026-13-45T25:99", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: "第 2 梯次", startsAt: "2026-13-45T25:99", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }), status: 400, message: /開始時間/,
  },
  {
    route: "routes/admin.sessions.new", input: "malformed", what: "start 2026-02-30T09:00", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: "二月三十日梯次", startsAt: "2026-02-30T09:00", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }), status: 400, message: /開始時間/,
  },
  { route: "routes/admin.sessions.new", input: "malformed", what: "end before start", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: "第 2 梯次", startsAt: "2026-12-01T09:00", endsAt: "2026-12-01T08:00", place: "模擬職場", scenario: "", appealDays: "14" }), status: 400, message: /結束時間必須晚於開始時間/ },
  {
    route: "routes/admin.sessions.new", input: "malformed", what: "letters as appeal days", as: admin, body: () => form({ assessmentVersionId: A.versionId, title: "第 2 梯次", startsAt: "2026-12-01T09:00", endsAt: "", place: "模擬職場", scenario: "", appealDays: "fourteen" }), status: 400,
  },
  {
    route: "routes/admin.sessions.new", input: "malformed", what: "missing fields", as: admin, body: () => form({}), status: 400,
  },
  { route: "routes/admin.sessions.new", input: "other institution", what: "B's assessment version", as: admin, body: () => form({ assessmentVersionId: B.versionId, title: "跨機構場次", startsAt: "2026-12-01T09:00", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }), status: 404 },
  { route: "routes/admin.sessions.new", input: "no such record", what: "a version id that does not exist", as: admin, body: () => form({ assessmentVersionId: OTHER_ID, title: "不存在的版本", startsAt: "2026-12-01T09:00", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }), status: 404 },

  {
    route: "routes/admin.sessions.$sessionId", input: "malformed", what: "unknown intent", as: admin, params: session, body: () => form({ intent: "drop-table" }), status: 400,
  },
  { route: "routes/admin.sessions.$sessionId", intent: "confirm-checklist", input: "hostile", what: "resources that are not on the list", as: admin, params: session, body: () => form({ intent: "confirm-checklist", resource: [SCRIPT(50), "../../etc/passwd"] }), status: 400, message: /尚未確認/ },
  {
    route: "routes/admin.sessions.$sessionId", intent: "start", input: "oversized", what: "100 KB override reason", as: admin, params: session, body: () => form({ intent: "start", overrideReason: text(100 * KB) }), status: 400,
  },
  { route: "routes/admin.sessions.$sessionId", intent: "enrol", input: "other institution", what: "B's candidate", as: admin, params: session, body: () => form({ intent: "enrol", candidateId: B.spare.id }), status: 400, message: /請勾選要報名的受評者/ },
  { route: "routes/admin.sessions.$sessionId", intent: "enrol", input: "no such record", what: "a candidate id that does not exist", as: admin, params: session, body: () => form({ intent: "enrol", candidateId: [OTHER_ID, SCRIPT(51)] }), status: 400, message: /請勾選要報名的受評者/ },
  { route: "routes/admin.sessions.$sessionId", intent: "assign", input: "other institution", what: "B's enrolment", as: admin, params: session, body: () => form({ intent: "assign", enrollmentId: B.e3, assessorId: A.assessor2.id, relationship: "none" }), status: 404 },
  { route: "routes/admin.sessions.$sessionId", intent: "assign", input: "other institution", what: "B's assessor", as: admin, params: session, body: () => form({ intent: "assign", enrollmentId: A.e3, assessorId: B.assessor2.id, relationship: "none" }), status: 404 },
  {
    route: "routes/admin.sessions.$sessionId", intent: "assign", input: "malformed", what: "unknown relationship", as: admin, params: session, body: () => form({ intent: "assign", enrollmentId: A.e3, assessorId: A.assessor2.id, relationship: "enemy" }), status: 400,
  },
  {
    route: "routes/admin.sessions.$sessionId", intent: "assign", input: "oversized", what: "100 KB conflict note", as: admin, params: session, body: () => form({ intent: "assign", enrollmentId: A.e3, assessorId: A.assessor2.id, relationship: "other", conflictNote: text(100 * KB) }), status: 400,
  },
  { route: "routes/admin.sessions.$sessionId", intent: "calibration", input: "oversized", what: "100 KB calibration note", as: admin, params: session, body: () => form({ intent: "calibration", note: text(100 * KB) }), status: 400, message: /校準紀錄不可超過 5000 字/ },
  { route: "routes/admin.sessions.$sessionId", intent: "calibration", input: "malformed", what: "blank note", as: admin, params: session, body: () => form({ intent: "calibration", note: "   " }), status: 400, message: /請輸入校準紀錄/ },
  { route: "routes/admin.sessions.$sessionId", intent: "calibration", input: "other institution", what: "B's session", as: admin, params: () => ({ sessionId: B.session.id }), body: () => form({ intent: "calibration", note: "跨機構校準" }), status: 404 },
  { route: "routes/admin.sessions.$sessionId", intent: "release", input: "no such record", what: "a session id that does not exist", as: admin, params: () => ({ sessionId: OTHER_ID }), body: () => form({ intent: "release" }), status: 404 },
  { route: "routes/admin.sessions.$sessionId", intent: "reassess", input: "other institution", what: "B's session as target", as: admin, params: session, body: () => form({ intent: "reassess", enrollmentId: A.e2, targetSessionId: B.session.id }), status: [404, 409] },
  { route: "routes/admin.sessions.$sessionId", intent: "reassess", input: "other institution", what: "B's enrolment", as: admin, params: session, body: () => form({ intent: "reassess", enrollmentId: B.e2, targetSessionId: A.session.id }), status: 404 },

  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "oversized", what: "3 MB file", as: admin, params: session, body: () => withFile(new FormData(), Buffer.from(`姓名,學員編號\n${"王小明,C1\n".repeat(300_000)}`), "list.csv", "text/csv"), status: 413, message: /2 MB/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "oversized", what: "3 MB pasted text", as: admin, params: session, body: () => form({ text: `姓名,學員編號\n${text(3 * MB)},C1` }), status: 413, message: /2 MB/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "oversized", what: "100 KB name cell", as: admin, params: session, body: () => form({ text: `姓名,學員編號\n${text(100 * KB)},C-BIG-1` }), status: 422, message: /姓名不可超過 100 個字/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "zero bytes", what: "zero-byte file", as: admin, params: session, body: () => withFile(new FormData(), new Uint8Array(), "list.csv", "text/csv"), status: 400, message: /請選擇 CSV 檔案/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "wrong type", what: "PNG declared as text/csv", as: admin, params: session, body: () => withFile(new FormData(), PNG, "list.csv", "text/csv"), status: 422, message: /UTF-8/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "wrong type", what: "a Windows program", as: admin, params: session, body: () => withFile(new FormData(), EXE, "list.exe", "application/x-msdownload"), status: 422 },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "wrong type", what: "Big5 CSV", as: admin, params: session, body: () => withFile(new FormData(), NOT_UTF8, "list.csv", "text/csv"), status: 422, message: /UTF-8/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "hostile", what: "markup as candidate number", as: admin, params: session, body: () => form({ text: `姓名,學員編號\n王小明,${SCRIPT(52)}` }), status: 422, message: /學員編號/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "hostile", what: "control characters and RTL override in a name", as: admin, params: session, body: () => form({ text: `姓名,學員編號\n王\u0000小\u202E明,C-CTRL-1` }), status: 422, message: /控制字元/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "malformed", what: "unknown columns", as: admin, params: session, body: () => form({ text: `name;number\n王小明;C1` }), status: 422 },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "malformed", what: "e-mail without @", as: admin, params: session, body: () => form({ text: `姓名,學員編號,電子郵件\n王小明,C-MAIL-1,not-an-address` }), status: 422, message: /電子郵件/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "malformed", what: "an existing number with another name", as: admin, params: session, body: () => form({ text: `姓名,學員編號\n冒名者,${A.candidate.candidateNumber}` }), status: 409, message: /已登記為/ },
  { route: "routes/admin.sessions.$sessionId.enrol-csv", input: "other institution", what: "B's session", as: admin, params: () => ({ sessionId: B.session.id }), body: () => form({ text: "姓名,學員編號\n王小明,C-B-1" }), status: 404 },

  { route: "routes/admin.sessions.$sessionId_.certificates", input: "malformed", what: "unknown intent", as: admin, params: session, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },
  { route: "routes/admin.sessions.$sessionId_.certificates", intent: "issue", input: "other institution", what: "B's enrolment", as: admin, params: session, body: () => form({ intent: "issue", enrollmentId: B.e1 }), status: 404 },
  { route: "routes/admin.sessions.$sessionId_.certificates", intent: "issue", input: "no such record", what: "an enrolment id that does not exist", as: admin, params: session, body: () => form({ intent: "issue", enrollmentId: OTHER_ID }), status: 404 },
  { route: "routes/admin.sessions.$sessionId_.certificates", intent: "issue", input: "malformed", what: "an unreleased result", as: admin, params: session, body: () => form({ intent: "issue", enrollmentId: A.e3 }), status: 409, message: /尚未公布/ },
  { route: "routes/admin.sessions.$sessionId_.certificates", intent: "issue-all", input: "other institution", what: "B's session", as: admin, params: () => ({ sessionId: B.session.id }), body: () => form({ intent: "issue-all" }), status: 404 },

  { route: "routes/admin.certificates.$number", intent: "revoke", input: "oversized", what: "100 KB reason", as: admin, params: () => ({ number: A.certificate1 }), body: () => form({ intent: "revoke", reason: text(100 * KB) }), status: 400, message: /撤銷理由不可超過 500 字/ },
  { route: "routes/admin.certificates.$number", intent: "revoke", input: "malformed", what: "three-character reason", as: admin, params: () => ({ number: A.certificate1 }), body: () => form({ intent: "revoke", reason: "不要了" }), status: 400, message: /至少 4 個字/ },
  {
    route: "routes/admin.certificates.$number", input: "malformed", what: "unknown intent", as: admin, params: () => ({ number: A.certificate1 }), body: () => form({ intent: "unrevoke", reason: "誤撤銷，請恢復" }), status: 400,
  },
  { route: "routes/admin.certificates.$number", intent: "revoke", input: "other institution", what: "B's certificate", as: admin, params: () => ({ number: B.certificate1 }), body: () => form({ intent: "revoke", reason: "跨機構撤銷測試" }), status: 404 },
  { route: "routes/admin.certificates.$number", intent: "revoke", input: "path traversal", what: "number ../../etc/passwd", as: admin, params: () => ({ number: "../../etc/passwd" }), body: () => form({ intent: "revoke", reason: "不存在的證書" }), status: 404 },

  // ------------------------------------------------------------------ appeals
  { route: "routes/admin.appeals", input: "other institution", what: "B's appeal", as: admin, body: () => form({ appealId: B.appealId!, reviewerId: A.assessor2.id }), status: 404 },
  { route: "routes/admin.appeals", input: "no such record", what: "an appeal id that does not exist", as: admin, body: () => form({ appealId: OTHER_ID, reviewerId: A.assessor2.id }), status: 404 },
  { route: "routes/admin.appeals", input: "other institution", what: "B's assessor as reviewer", as: admin, body: () => form({ appealId: A.appealId!, reviewerId: B.assessor2.id }), status: 404 },
  { route: "routes/admin.appeals", input: "malformed", what: "the original assessor as reviewer", as: admin, body: () => form({ appealId: A.appealId!, reviewerId: A.assessor.id }), status: 409, message: /不能擔任申訴審查人/ },
  {
    route: "routes/admin.appeals", input: "malformed", what: "no reviewer chosen (the select's disabled placeholder sends nothing)", as: admin, body: () => form({ appealId: A.appealId! }), status: 400, message: /請選擇審查人/,

  },
  { route: "routes/assessor.appeals", input: "malformed", what: "unknown outcome", as: "assessor2", body: () => form({ appealId: A.appealId!, outcome: "maybe", outcomeReason: "經調閱評量紀錄" }), status: 400, message: /請選擇申訴結果/ },
  { route: "routes/assessor.appeals", input: "oversized", what: "100 KB reason", as: "assessor2", body: () => form({ appealId: A.appealId!, outcome: "dismissed", outcomeReason: text(100 * KB) }), status: 400, message: /決定理由不可超過 2000 個字/ },
  { route: "routes/assessor.appeals", input: "malformed", what: "missing reason", as: "assessor2", body: () => form({ appealId: A.appealId!, outcome: "dismissed" }), status: 400, message: /請說明決定理由/ },
  { route: "routes/assessor.appeals", input: "other institution", what: "B's appeal", as: "assessor2", body: () => form({ appealId: B.appealId!, outcome: "dismissed", outcomeReason: "經調閱評量紀錄，維持原評分。" }), status: 404 },
  { route: "routes/assessor.appeals", input: "no such record", what: "an appeal id that does not exist", as: "assessor2", body: () => form({ appealId: OTHER_ID, outcome: "dismissed", outcomeReason: "經調閱評量紀錄，維持原評分。" }), status: 404 },
  { route: "routes/me.results.$enrollmentId", input: "oversized", what: "100 KB reason", as: "candidate2", params: () => ({ enrollmentId: A.e2 }), body: () => form({ reason: text(100 * KB) }), status: 400, message: /申訴理由不可超過 2000 個字/ },
  { route: "routes/me.results.$enrollmentId", input: "malformed", what: "missing reason", as: "candidate2", params: () => ({ enrollmentId: A.e2 }), body: () => form({}), status: 400, message: /請說明申訴理由/ },
  { route: "routes/me.results.$enrollmentId", input: "malformed", what: "a second appeal while one is open", as: "candidate2", params: () => ({ enrollmentId: A.e2 }), body: () => form({ reason: "再次申訴，請重新審查全部評分。" }), status: 409, message: /已有申訴正在處理中/ },
  { route: "routes/me.results.$enrollmentId", input: "other institution", what: "B's enrolment", as: "candidate2", params: () => ({ enrollmentId: B.e2 }), body: () => form({ reason: "請求複查 P3.1.2 的評分，理由如附件。" }), status: 404 },
  { route: "routes/me.results.$enrollmentId", input: "no such record", what: "an enrolment id that does not exist", as: "candidate2", params: () => ({ enrollmentId: OTHER_ID }), body: () => form({ reason: "請求複查 P3.1.2 的評分，理由如附件。" }), status: 404 },

  // ------------------------------------------------------------------ assessor workspace
  { route: "routes/assessor.enrollments.$enrollmentId", input: "malformed", what: "unknown intent", as: assessor, params: e3, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "oversized", what: "100 KB title", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "observation", taskCode: "T1.1", title: text(100 * KB), body: "觀察紀錄" }), status: 400, message: /內容不可超過 200 字/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "oversized", what: "3 MB body", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "observation", taskCode: "T1.1", title: "實作觀察", body: text(3 * MB) }), status: 400, message: /內容不可超過 10000 字/ },
  {
    route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "malformed", what: "unknown kind", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "script", taskCode: "T1.1", title: "實作觀察", body: "觀察紀錄" }), status: 400,
  },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "hostile", what: "link javascript:alert(1)", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "link", taskCode: "T1.1", title: "作品連結", url: "javascript:alert(1)" }), status: 400, message: /http\(s\)/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "hostile", what: "link JaVaScRiPt:alert(1) with a tab", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "link", taskCode: "T1.1", title: "作品連結", url: "JaVa\tScRiPt:alert(1)" }), status: 400, message: /http\(s\)/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "hostile", what: "link data:text/html", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "link", taskCode: "T1.1", title: "作品連結", url: `data:text/html,${SCRIPT(53)}` }), status: 400, message: /http\(s\)/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "malformed", what: "a task outside the scope", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "note", taskCode: "T9.9", title: "備註", body: "備註內容" }), status: 400, message: /不在這位受評者的評量範圍內/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "malformed", what: "a criterion of another task", as: assessor, params: e3, body: async () => form({ intent: "evidence", kind: "note", taskCode: "T1.1", title: "備註", body: "備註內容", criterionId: (await e3Scope()).t21 }), status: 400, message: /不屬於這項工作任務/ },
  {
    route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "no such record", what: "a work product that does not exist", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "observation", taskCode: "T1.1", title: "實作觀察", body: "觀察紀錄", workProductId: "wp-T9.9-O9" }), status: 400,
  },
  {
    route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "no such record", what: "a question that does not exist", as: assessor, params: e3, body: () => form({ intent: "evidence", kind: "qa", taskCode: "T1.1", title: "口試紀錄", body: "受評者回答內容", questionId: "q-nope" }), status: 400,
  },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "evidence", input: "other institution", what: "B's enrolment", as: assessor, params: () => ({ enrollmentId: B.e3 }), body: () => form({ intent: "evidence", kind: "note", taskCode: "T1.1", title: "備註", body: "備註內容" }), status: 404 },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "malformed", what: "letters as level", as: assessor, params: e3, body: async () => { const s = await e3Scope(); return form({ intent: "scores", revision: s.revision, criterionId: s.first, [`level:${s.first}`]: "three" }); }, status: 400, message: /等級格式不正確/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "malformed", what: "level 99", as: assessor, params: e3, body: async () => { const s = await e3Scope(); return form({ intent: "scores", revision: s.revision, criterionId: s.first, [`level:${s.first}`]: "99" }); }, status: 400, message: /不在量尺上/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "no such record", what: "a criterion outside the scope", as: assessor, params: e3, body: async () => form({ intent: "scores", revision: (await e3Scope()).revision, criterionId: SCRIPT(54), [`level:${SCRIPT(54)}`]: "3" }), status: 400, message: /不在評量範圍內/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "no such record", what: "a critical fault that does not exist", as: assessor, params: e3, body: async () => form({ intent: "scores", revision: (await e3Scope()).revision, faultsPresent: "1", fault: "fault-99" }), status: 400, message: /重大缺點不在判定規則中/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "malformed", what: "letters as revision", as: assessor, params: e3, body: async () => { const s = await e3Scope(); return form({ intent: "scores", revision: "latest", criterionId: s.first, [`level:${s.first}`]: "3" }); }, status: [400, 409],
  },
  {
    route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "oversized", what: "100 KB comment", as: assessor, params: e3, body: async () => { const s = await e3Scope(); return form({ intent: "scores", revision: s.revision, criterionId: s.first, [`level:${s.first}`]: "3", [`comment:${s.first}`]: text(100 * KB) }); }, status: 400,
  },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "scores", input: "other institution", what: "B's enrolment", as: assessor, params: () => ({ enrollmentId: B.e3 }), body: async () => form({ intent: "scores", revision: "0" }), status: 404 },
  {
    route: "routes/assessor.enrollments.$enrollmentId", intent: "resolve", input: "malformed", what: "letters as agreed level", as: assessor, params: e3, body: async () => form({ intent: "resolve", criterionId: (await e3Scope()).first, level: "three", reason: "兩位評量人員討論後同意" }), status: 400,
  },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "resolve", input: "oversized", what: "100 KB reason", as: assessor, params: e3, body: async () => form({ intent: "resolve", criterionId: (await e3Scope()).first, level: "3", reason: text(100 * KB) }), status: 400, message: /內容不可超過 1000 字/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "resolve", input: "no such record", what: "a criterion without disagreement", as: assessor, params: e3, body: async () => form({ intent: "resolve", criterionId: SCRIPT(55), level: "3", reason: "兩位評量人員討論後同意" }), status: 400, message: /沒有需要協調的差異/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "sign-off", input: "oversized", what: "100 KB note on an unscored enrolment", as: assessor, params: e3, body: () => form({ intent: "sign-off", note: text(100 * KB) }), status: 400, message: /簽核說明不可超過 2000 字/ },
  { route: "routes/assessor.enrollments.$enrollmentId", intent: "sign-off", input: "other institution", what: "B's enrolment", as: assessor, params: () => ({ enrollmentId: B.e3 }), body: () => form({ intent: "sign-off", note: "" }), status: 404 },

  // ------------------------------------------------------------------ evidence upload
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "zero bytes", what: "zero-byte PDF", as: assessor, params: e3, body: () => upload(new Uint8Array(), "企畫書.pdf", "application/pdf"), status: 400, message: /檔案是空的/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "malformed", what: "no file chosen", as: assessor, params: e3, body: async () => multipart([...Object.entries(await uploadFields({ criterionId: "" })).map(([name, value]) => ({ name, value: String(value) })), { name: "file", filename: "", type: "application/octet-stream", bytes: new Uint8Array() }]), status: 400, message: /請選擇要上傳的檔案/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "wrong type", what: "PNG bytes declared application/pdf, named .pdf", as: assessor, params: e3, body: () => upload(PNG, "企畫書.pdf", "application/pdf"), status: 415, message: /PNG/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "wrong type", what: "PNG named .png declared application/pdf", as: assessor, params: e3, body: () => upload(PNG, "照片.png", "application/pdf"), status: 415, message: /宣告的類型/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "wrong type", what: "HTML named .html declared text/plain", as: assessor, params: e3, body: () => upload(HTML, "報告.html", "text/plain"), status: 415, message: /\.html/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "wrong type", what: "SVG with a script", as: assessor, params: e3, body: () => upload(SVG_FILE, "logo.svg", "image/svg+xml"), status: 415 },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "wrong type", what: "a Windows program (.exe)", as: assessor, params: e3, body: () => upload(EXE, "setup.exe", "application/x-msdownload"), status: 415, message: /執行檔/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "wrong type", what: "a Windows program renamed .pdf", as: assessor, params: e3, body: () => upload(EXE, "invoice.pdf", "application/pdf"), status: 415, message: /執行檔/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "hostile", what: "RTL override hiding .exe (invoice\\u202Efdp.exe)", as: assessor, params: e3, body: () => upload(EXE, "invoice\u202Efdp.exe", "application/pdf"), status: 415 },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "path traversal", what: "..\\..\\boot.ini", as: assessor, params: e3, body: () => upload(PDF, "..\\..\\boot.ini", "application/pdf"), status: 415, message: /\.ini/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "malformed", what: "not multipart", as: assessor, params: e3, body: () => ({ contentType: "application/x-www-form-urlencoded", bytes: Buffer.from("taskCode=T1.1&title=x&file=%25PDF-1.4") }), status: 415, message: /multipart/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "malformed", what: "cut-off multipart body", as: assessor, params: e3, body: async () => multipart([{ name: "taskCode", value: "T1.1" }, { name: "title", value: "企畫書" }, { name: "file", filename: "企畫書.pdf", type: "application/pdf", bytes: PDF }], { truncate: true }), status: 400, message: /格式錯誤/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "malformed", what: "two files", as: assessor, params: e3, body: async () => withFile(await upload(PDF, "一.pdf", "application/pdf"), PDF, "二.pdf", "application/pdf"), status: 400, message: /一次只能上傳一個檔案/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "oversized", what: "100 KB title field", as: assessor, params: e3, body: () => upload(PDF, "企畫書.pdf", "application/pdf", { title: text(100 * KB) }), status: 413, message: /超過 64 KB/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "oversized", what: "300-character title", as: assessor, params: e3, body: () => upload(PDF, "企畫書.pdf", "application/pdf", { title: text(900) }), status: 400, message: /檔案說明不可超過 200 字/ },
  {
    route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "malformed", what: "missing title", as: assessor, params: e3, body: async () => { const f = await upload(PDF, "企畫書.pdf", "application/pdf"); f.delete("title"); return f; }, status: 400, message: /請輸入檔案說明/,

  },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "hostile", what: "markup as task code", as: assessor, params: e3, body: () => upload(PDF, "企畫書.pdf", "application/pdf", { taskCode: SCRIPT(56) }), status: 400, message: /不在這位受評者的評量範圍內/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "malformed", what: "a criterion of another task", as: assessor, params: e3, body: async () => upload(PDF, "企畫書.pdf", "application/pdf", { criterionId: (await e3Scope()).t21 }), status: 400, message: /不屬於這項工作任務/ },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "other institution", what: "B's enrolment", as: assessor, params: () => ({ enrollmentId: B.e3 }), body: () => withFile(form({ taskCode: "T1.1", title: "企畫書" }), PDF, "企畫書.pdf", "application/pdf"), status: 404 },
  { route: "routes/assessor.enrollments.$enrollmentId.evidence", input: "no such record", what: "an enrolment id that does not exist", as: assessor, params: () => ({ enrollmentId: OTHER_ID }), body: () => withFile(form({ taskCode: "T1.1", title: "企畫書" }), PDF, "企畫書.pdf", "application/pdf"), status: 404 },

  // ------------------------------------------------------------------ knowledge exam: bank
  { route: "routes/admin.exams.$standardId", intent: "import", input: "zero bytes", what: "zero-byte CSV", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), new Uint8Array(), "題庫.csv", "text/csv"), status: 400, message: /檔案是空的/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "malformed", what: "no file chosen", as: admin, params: bank, body: () => form({ intent: "import" }), status: 400, message: /請選擇題庫檔/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "wrong type", what: "PNG named .csv", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), PNG, "題庫.csv", "text/csv"), status: 422, message: /UTF-8/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "wrong type", what: "a Windows program", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), EXE, "題庫.exe", "application/x-msdownload"), status: 422 },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "wrong type", what: "Big5 CSV", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), NOT_UTF8, "題庫.csv", "text/csv"), status: 422, message: /UTF-8/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "oversized", what: "25 MB file", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), Buffer.alloc(25 * MB, 0x41), "題庫.csv", "text/csv"), status: 413, message: /20 MB/ },
  {
    route: "routes/admin.exams.$standardId", intent: "import", input: "malformed", what: "CSV with a good row and a row with an unknown code", as: admin, params: bank,
    body: () => withFile(form({ intent: "import" }), Buffer.from(bankCsv([GOOD_ITEM_ROW, { ...GOOD_ITEM_ROW, 題幹: "下列何者為社群平台的演算法排序依據？", 職能代碼: "K99" }])), "題庫.csv", "text/csv"), status: 422, message: /第 3 列：.*K99/,
  },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "hostile", what: "markup as item type and code", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), Buffer.from(bankCsv([{ ...GOOD_ITEM_ROW, 題型: SCRIPT(57), 職能代碼: IMG(57) }])), "題庫.csv", "text/csv"), status: 422, message: /第 2 列/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "malformed", what: "a header row only", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), Buffer.from(bankCsv([])), "題庫.csv", "text/csv"), status: 422, message: /沒有任何題目資料/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "wrong type", what: "XLSX of garbage bytes (PK and noise)", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), Buffer.concat([Buffer.from("PK\x03\x04"), crypto.randomBytes(4 * KB)]), "題庫.xlsx", XLSX_TYPE), status: 422, message: /不是 Excel 活頁簿/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "oversized", what: "XLSX declaring a 1 GB sheet (ZIP bomb)", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), zipBomb({ declared: 1024 * MB, inflates: 64 * KB }), "題庫.xlsx", XLSX_TYPE), status: 422, message: /解壓縮後的內容過大/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "oversized", what: "XLSX declaring 1 KB that inflates to 50 MB (ZIP bomb)", as: admin, params: bank, body: () => withFile(form({ intent: "import" }), zipBomb({ declared: KB, inflates: 50 * MB }), "題庫.xlsx", XLSX_TYPE), status: 422, message: /解壓縮後的內容過大/ },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "other institution", what: "B's bank", as: admin, params: () => ({ standardId: B.standard.id }), body: () => withFile(form({ intent: "import" }), Buffer.from(bankCsv([GOOD_ITEM_ROW])), "題庫.csv", "text/csv"), status: 404 },
  { route: "routes/admin.exams.$standardId", intent: "import", input: "no such record", what: "a standard id that does not exist", as: admin, params: () => ({ standardId: OTHER_ID }), body: () => withFile(form({ intent: "import" }), Buffer.from(bankCsv([GOOD_ITEM_ROW])), "題庫.csv", "text/csv"), status: 404 },
  { route: "routes/admin.exams.$standardId", intent: "create-blueprint", input: "oversized", what: "100 KB title", as: admin, params: bank, body: () => form({ intent: "create-blueprint", title: text(100 * KB) }), status: 400, message: /名稱不可超過 100 字/ },
  { route: "routes/admin.exams.$standardId", intent: "create-blueprint", input: "malformed", what: "missing title", as: admin, params: bank, body: () => form({ intent: "create-blueprint" }), status: 400, message: /請輸入細目表名稱/ },
  { route: "routes/admin.exams.$standardId", intent: "create-blueprint", input: "other institution", what: "B's standard", as: admin, params: () => ({ standardId: B.standard.id }), body: () => form({ intent: "create-blueprint", title: "跨機構細目表" }), status: 404 },
  { route: "routes/admin.exams.$standardId", input: "malformed", what: "unknown intent", as: admin, params: bank, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },

  // Editing one item: the fields of a bank-file row
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "malformed", what: "empty stem", as: admin, params: item, body: () => itemForm({ stem: "   " }), status: 422, message: /題幹/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "malformed", what: "key E not among the options A–D", as: admin, params: item, body: () => itemForm({ key: "E" }), status: 422, message: /答案「E」不在選項 A–D 中/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "malformed", what: "unknown code K99", as: admin, params: item, body: () => itemForm({ codes: "K99" }), status: 422, message: /K99/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "oversized", what: "3,000-character stem", as: admin, params: item, body: () => itemForm({ stem: text(3000 * 3) }), status: 422, message: /2000/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "oversized", what: "100 KB explanation", as: admin, params: item, body: () => itemForm({ explanation: text(100 * KB) }), status: 422, message: /解析/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "malformed", what: "unknown item type", as: admin, params: item, body: () => itemForm({ type: "申論" }), status: 422, message: /題型/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "malformed", what: "the stem of another item in the bank", as: admin, params: item, body: () => itemForm({ stem: BANK[5]!.stem }), status: 422, message: /題幹與題庫/ },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "other institution", what: "B's item under A's standard", as: admin, params: () => ({ standardId: A.standard.id, itemId: B.exam.single.itemId }), body: () => itemForm({}), status: 404 },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "other institution", what: "B's standard and item", as: admin, params: () => ({ standardId: B.standard.id, itemId: B.exam.single.itemId }), body: () => itemForm({}), status: 404 },
  { route: "routes/admin.exams.$standardId_.items.$itemId", input: "path traversal", what: "item id ../../etc/passwd", as: admin, params: () => ({ standardId: A.standard.id, itemId: "../../etc/passwd" }), body: () => itemForm({}), status: 404 },

  // The blueprint (雙向細目表) and assembling a paper from it
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "malformed", what: "negative count", as: admin, params: blueprint, body: () => blueprintForm({ "count:K01:remember": "-1" }), status: 400, message: /題數不可為負數/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "malformed", what: "count 'abc'", as: admin, params: blueprint, body: () => blueprintForm({ "count:K01:remember": "abc" }), status: 400, message: /題數須為數字/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "oversized", what: "1e9 points", as: admin, params: blueprint, body: () => blueprintForm({ "points:K01:remember": "1e9" }), status: 400, message: /配分不可超過 1000/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "malformed", what: "1.5 items", as: admin, params: blueprint, body: () => blueprintForm({ "count:K01:remember": "1.5" }), status: 400, message: /題數須為整數/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "malformed", what: "letters as revision", as: admin, params: blueprint, body: () => blueprintForm({ revision: "latest" }), status: 409, message: /請重新載入頁面/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "oversized", what: "revision 1e20", as: admin, params: blueprint, body: () => blueprintForm({ revision: "100000000000000000000" }), status: 409, message: /請重新載入頁面/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "malformed", what: "missing title", as: admin, params: blueprint, body: () => blueprintForm({ title: "" }), status: 400, message: /請輸入細目表名稱/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "save", input: "other institution", what: "B's blueprint", as: admin, params: () => ({ blueprintId: B.exam.blueprintId }), body: () => blueprintForm({}), status: 404 },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "pass mark 150", as: admin, params: blueprint, body: () => assembleForm({ passMark: "150" }), status: 400, message: /及格分數不可超過 100/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "duration 0", as: admin, params: blueprint, body: () => assembleForm({ durationMinutes: "0" }), status: 400, message: /作答時間至少 5 分鐘/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "seed with spaces", as: admin, params: blueprint, body: () => assembleForm({ seed: "exam seed 115" }), status: 400, message: /亂數種子只能使用/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "formCount 9", as: admin, params: blueprint, body: () => assembleForm({ formCount: "9" }), status: 400, message: /平行試卷最多 4 份/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "letters as form count and minutes", as: admin, params: blueprint, body: () => assembleForm({ formCount: "two", durationMinutes: "forty" }), status: 400, message: /試卷份數|作答時間/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "unknown multiple-choice scoring", as: admin, params: blueprint, body: () => assembleForm({ multipleScoring: SCRIPT(58) }), status: 400, message: /請選擇複選題的計分方式/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "malformed", what: "missing fields", as: admin, params: blueprint, body: () => form({ intent: "assemble" }), status: 400, message: /請輸入試卷名稱/ },
  { route: "routes/admin.exams.blueprints.$blueprintId", intent: "assemble", input: "other institution", what: "B's blueprint", as: admin, params: () => ({ blueprintId: B.exam.blueprintId }), body: () => assembleForm({}), status: 404 },
  { route: "routes/admin.exams.blueprints.$blueprintId", input: "malformed", what: "unknown intent", as: admin, params: blueprint, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },

  // The paper: publish, delete, key correction
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "malformed", what: "letter F beyond the options A–D", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: A.exam.single.revisionId, key: "F", reason: "題庫答案誤植，依法規更正。" }), status: 400, message: /「F」不是有效的選項（A–D）/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "malformed", what: "two letters on a single-choice item", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: A.exam.single.revisionId, key: "AB", reason: "題庫答案誤植，依法規更正。" }), status: 400, message: /單選題只能填一個選項/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "malformed", what: "reason too short", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: A.exam.single.revisionId, key: "B", reason: "誤植" }), status: 400, message: /至少 5 個字/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "oversized", what: "100 KB reason", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: A.exam.single.revisionId, key: "B", reason: text(100 * KB) }), status: 400, message: /理由不可超過 1000 字/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "malformed", what: "no key given", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: A.exam.single.revisionId, key: "", reason: "題庫答案誤植，依法規更正。" }), status: 400, message: /請選擇正確答案/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "malformed", what: "the short-answer item", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: A.exam.shortAnswer.revisionId, key: "A", reason: "題庫答案誤植，依法規更正。" }), status: 400, message: /簡答題/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "no such record", what: "a revision not on the paper", as: admin, params: paper, body: () => form({ intent: "correct-key", revisionId: SCRIPT(59), key: "B", reason: "題庫答案誤植，依法規更正。" }), status: 400, message: /請選擇要更正答案的試題/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "correct-key", input: "other institution", what: "B's paper", as: admin, params: () => ({ paperId: B.exam.paperId }), body: () => form({ intent: "correct-key", revisionId: B.exam.single.revisionId, key: "B", reason: "跨機構更正答案測試" }), status: 404 },
  { route: "routes/admin.exams.papers.$paperId", intent: "publish", input: "malformed", what: "a paper already published", as: admin, params: paper, body: () => form({ intent: "publish" }), status: 409, message: /已經發布/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "publish", input: "other institution", what: "B's paper", as: admin, params: () => ({ paperId: B.exam.paperId }), body: () => form({ intent: "publish" }), status: 404 },
  { route: "routes/admin.exams.papers.$paperId", intent: "delete", input: "malformed", what: "a published paper", as: admin, params: paper, body: () => form({ intent: "delete" }), status: 409, message: /已發布的試卷不能刪除/ },
  { route: "routes/admin.exams.papers.$paperId", intent: "delete", input: "other institution", what: "B's paper", as: admin, params: () => ({ paperId: B.exam.paperId }), body: () => form({ intent: "delete" }), status: 404 },
  { route: "routes/admin.exams.papers.$paperId", input: "malformed", what: "unknown intent", as: admin, params: paper, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },

  // The version editor's exam link
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "link-exam", input: "other institution", what: "B's paper", as: admin, params: draftParams, body: async () => form({ intent: "link-exam", revision: (await draft()).revision, paperId: B.exam.paperId, requirePass: "on" }), status: 400, message: /找不到這份試卷/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "link-exam", input: "no such record", what: "a paper id that does not exist", as: admin, params: draftParams, body: async () => form({ intent: "link-exam", revision: (await draft()).revision, paperId: OTHER_ID }), status: 400, message: /找不到這份試卷/ },
  { route: "routes/admin.assessments.$assessmentId.versions.$version", intent: "link-exam", input: "malformed", what: "version 1 (published)", as: admin, params: () => ({ assessmentId: A.assessmentId, version: "1" }), body: () => form({ intent: "link-exam", revision: "1", paperId: A.exam.paperId }), status: 409, message: /已發布的版本不能修改/ },

  // The session's exam: window and another attempt
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "malformed", what: "closes before it opens", as: admin, params: examSession, body: () => form({ intent: "window", opensAt: "2026-11-10T13:00", closesAt: "2026-11-10T12:00", mode: "online" }), status: 400, message: /截止時間須晚於開放時間/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "malformed", what: "opens 2026-02-30T09:00", as: admin, params: examSession, body: () => form({ intent: "window", opensAt: "2026-02-30T09:00", closesAt: "", mode: "online" }), status: 400, message: /開放時間不是存在的日期或時間/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "malformed", what: "opens 'next Tuesday'", as: admin, params: examSession, body: () => form({ intent: "window", opensAt: "next Tuesday", closesAt: "", mode: "online" }), status: 400, message: /開放時間格式不正確/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "malformed", what: "closes 2026-13-45T25:99", as: admin, params: examSession, body: () => form({ intent: "window", opensAt: "2026-11-10T09:00", closesAt: "2026-13-45T25:99", mode: "online" }), status: 400, message: /截止時間/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "hostile", what: "unknown mode", as: admin, params: examSession, body: () => form({ intent: "window", opensAt: "2026-11-10T09:00", closesAt: "", mode: SCRIPT(60) }), status: 400, message: /請選擇作答方式/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "malformed", what: "missing fields", as: admin, params: examSession, body: () => form({ intent: "window" }), status: 400, message: /開放時間/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "window", input: "other institution", what: "B's session", as: admin, params: () => ({ sessionId: B.exam.sessionId }), body: () => form({ intent: "window", opensAt: "2026-11-10T09:00", closesAt: "", mode: "paper" }), status: 404 },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "grant", input: "malformed", what: "reason too short", as: admin, params: examSession, body: () => form({ intent: "grant", enrollmentId: A.exam.e2, reason: "重考" }), status: 400, message: /至少 5 個字/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "grant", input: "oversized", what: "100 KB reason", as: admin, params: examSession, body: () => form({ intent: "grant", enrollmentId: A.exam.e2, reason: text(100 * KB) }), status: 400, message: /理由不可超過 1000 字/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "grant", input: "malformed", what: "no enrolment chosen", as: admin, params: examSession, body: () => form({ intent: "grant", reason: "考場網路中斷，同意重新應試。" }), status: 400, message: /請選擇考生/ },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "grant", input: "other institution", what: "B's enrolment", as: admin, params: examSession, body: () => form({ intent: "grant", enrollmentId: B.exam.e2, reason: "考場網路中斷，同意重新應試。" }), status: 404 },
  { route: "routes/admin.sessions.$sessionId_.exam", intent: "grant", input: "malformed", what: "an enrolment of another session", as: admin, params: examSession, body: () => form({ intent: "grant", enrollmentId: A.e3, reason: "考場網路中斷，同意重新應試。" }), status: 404 },
  { route: "routes/admin.sessions.$sessionId_.exam", input: "malformed", what: "unknown intent", as: admin, params: examSession, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },

  // The assessor: a paper answer sheet keyed in, a short answer scored
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "malformed", what: "'Z' on a 4-option item", as: assessor, params: examE3, body: () => paperSheet({ [A.exam.single.revisionId]: "Z" }), status: 400, message: /「Z」不是有效的選項（A–D）/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "malformed", what: "'Q' on a true/false item", as: assessor, params: examE3, body: () => paperSheet({ [A.exam.trueFalse.revisionId]: "Q" }), status: 400, message: /是非題請填 O 或 X/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "oversized", what: "a written answer over 4,000 characters", as: assessor, params: examE3, body: () => paperSheet({}, text(4001 * 3)), status: 400, message: /不可超過 4000 字/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "malformed", what: "a form the paper does not have", as: assessor, params: examE3, body: () => paperSheet({}, "", "Q"), status: 409, message: /沒有 Q 卷/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "malformed", what: "a candidate who sat the exam online", as: assessor, params: examE2, body: () => paperSheet({}), status: 409, message: /已在線上應試/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "other institution", what: "B's enrolment", as: assessor, params: () => ({ enrollmentId: B.exam.e3 }), body: () => paperSheet({}), status: 404 },
  { route: "routes/assessor.exams.$enrollmentId", intent: "paper", input: "other institution", what: "an unassigned assessor", as: "assessor2", params: examE3, body: () => paperSheet({}), status: 404 },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "malformed", what: "points above the item's 20", as: assessor, params: examE2, body: () => shortScore({ points: "25" }), status: 409, message: /分數須介於 0 到 20 分/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "malformed", what: "negative points", as: assessor, params: examE2, body: () => shortScore({ points: "-1" }), status: 409, message: /分數須介於 0 到 20 分/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "malformed", what: "points 'abc'", as: assessor, params: examE2, body: () => shortScore({ points: "abc" }), status: 400, message: /分數須為數字/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "malformed", what: "points Infinity", as: assessor, params: examE2, body: () => shortScore({ points: "Infinity" }), status: 400, message: /分數須為數字/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "malformed", what: "no points", as: assessor, params: examE2, body: () => shortScore({ points: "" }), status: 400, message: /請輸入分數/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "oversized", what: "100 KB comment", as: assessor, params: examE2, body: () => shortScore({ comment: text(100 * KB) }), status: 400, message: /評語不可超過 1000 字/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "malformed", what: "missing revision", as: assessor, params: examE2, body: () => form({ intent: "score", points: "10" }), status: 400, message: /請選擇要評分的試題/ },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "no such record", what: "a choice item scored by hand", as: assessor, params: examE2, body: () => shortScore({ revisionId: A.exam.single.revisionId }), status: 404 },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "no such record", what: "an attempt still in progress", as: assessor, params: examE1, body: () => shortScore({}), status: 404 },
  { route: "routes/assessor.exams.$enrollmentId", intent: "score", input: "other institution", what: "B's enrolment", as: assessor, params: () => ({ enrollmentId: B.exam.e2 }), body: () => shortScore({ revisionId: B.exam.shortAnswer.revisionId }), status: 404 },
  { route: "routes/assessor.exams.$enrollmentId", input: "malformed", what: "unknown intent", as: assessor, params: examE2, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },

  // The candidate sitting the exam (attempt 1 in progress)
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "malformed", what: "option index 99", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${A.exam.single.revisionId}`]: "99" }), status: 400, message: /選擇了不存在的選項/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "malformed", what: "two options on a single-choice item", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${A.exam.single.revisionId}`]: ["0", "1"] }), status: 400, message: /只能選一個答案/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "malformed", what: "the same option twice on a multiple-choice item", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${A.exam.multiple.revisionId}`]: ["2", "2"] }), status: 400, message: /同一選項選了兩次/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "oversized", what: "a written answer over 4,000 characters", as: "candidate", params: examE1, body: () => answerForm({ [`text:${A.exam.shortAnswer.revisionId}`]: text(4001 * 3) }), status: 400, message: /不可超過 4000 字/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "malformed", what: "options on the short-answer item", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${A.exam.shortAnswer.revisionId}`]: "0" }), status: 400, message: /請以文字作答/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "no such record", what: "an item not on the paper", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${SCRIPT(61)}`]: "0" }), status: 400, message: /不在你的試卷上/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "other institution", what: "another candidate's attempt", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${A.exam.single.revisionId}`]: "0" }, A.exam.attempt2), status: 404 },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "other institution", what: "B's attempt", as: "candidate", params: examE1, body: () => answerForm({ [`answer:${B.exam.single.revisionId}`]: "0" }, B.exam.attempt1), status: 404 },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "malformed", what: "a submitted attempt", as: "candidate2", params: examE2, body: () => answerForm({ [`answer:${A.exam.single.revisionId}`]: "0" }, A.exam.attempt2), status: 409, message: /你已交卷/ },
  { route: "routes/me.exams.$enrollmentId", intent: "submit", input: "malformed", what: "with option index 99 (nothing saved, not submitted)", as: "candidate", params: examE1, body: () => answerForm({ intent: "submit", [`answer:${A.exam.single.revisionId}`]: "99" }), status: 400, message: /選擇了不存在的選項/ },
  { route: "routes/me.exams.$enrollmentId", intent: "submit", input: "other institution", what: "another candidate's attempt", as: "candidate2", params: examE2, body: () => form({ intent: "submit", attemptId: A.exam.attempt1 }), status: 404 },
  { route: "routes/me.exams.$enrollmentId", intent: "start", input: "other institution", what: "another candidate's enrolment", as: "candidate", params: examE3, body: () => form({ intent: "start" }), status: 404 },
  { route: "routes/me.exams.$enrollmentId", intent: "start", input: "other institution", what: "B's enrolment", as: "candidate", params: () => ({ enrollmentId: B.exam.e3 }), body: () => form({ intent: "start" }), status: 404 },
  { route: "routes/me.exams.$enrollmentId", intent: "start", input: "malformed", what: "a second attempt after submitting", as: "candidate2", params: examE2, body: () => form({ intent: "start" }), status: 409, message: /你已完成筆試/ },
  { route: "routes/me.exams.$enrollmentId", intent: "save", input: "malformed", what: "the old per-answer intent", as: "candidate", params: examE1, body: () => answerForm({ intent: "answer", revisionId: A.exam.single.revisionId, [`answer:${A.exam.single.revisionId}`]: "0" }), status: 400, message: /無法辨識的操作/ },
  // The page's per-answer save (its fetcher posts one answer here)
  { route: "routes/me.exams.$enrollmentId_.answer", input: "malformed", what: "option index 99", as: "candidate", params: examE1, body: () => oneAnswer(A.exam.single.revisionId, "answer", "99"), status: 400, message: /選擇了不存在的選項/ },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "malformed", what: "two options on a single-choice item", as: "candidate", params: examE1, body: () => oneAnswer(A.exam.single.revisionId, "answer", ["0", "1"]), status: 400, message: /只能選一個答案/ },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "oversized", what: "a written answer over 4,000 characters", as: "candidate", params: examE1, body: () => oneAnswer(A.exam.shortAnswer.revisionId, "text", text(4001 * 3)), status: 400, message: /不可超過 4000 字/ },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "malformed", what: "no answer sent", as: "candidate", params: examE1, body: () => form({ attemptId: A.exam.attempt1, revisionId: A.exam.single.revisionId }), status: 400, message: /沒有收到答案/ },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "no such record", what: "an item not on the paper", as: "candidate", params: examE1, body: () => oneAnswer(SCRIPT(62), "answer", "0"), status: 400, message: /不在你的試卷上/ },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "other institution", what: "another candidate's attempt", as: "candidate", params: examE1, body: () => oneAnswer(A.exam.single.revisionId, "answer", "0", A.exam.attempt2), status: 404 },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "other institution", what: "B's attempt", as: "candidate", params: examE1, body: () => oneAnswer(B.exam.single.revisionId, "answer", "0", B.exam.attempt1), status: 404 },
  { route: "routes/me.exams.$enrollmentId_.answer", input: "malformed", what: "a submitted attempt", as: "candidate2", params: examE2, body: () => oneAnswer(A.exam.single.revisionId, "answer", "0", A.exam.attempt2), status: 409, message: /你已交卷/ },
  { route: "routes/me.exams.$enrollmentId", input: "malformed", what: "unknown intent", as: "candidate", params: examE1, body: () => form({ intent: "drop-table" }), status: 400, message: /無法辨識的操作/ },
];

// ---------------------------------------------------------------------------------------------
// The production server on this file's database

type Server = ProductionServer;
let server: Server;
/** Set as soon as it is spawned, so that afterAll stops it even when beforeAll failed half-way. */
let serverChild: ChildProcess | undefined;

async function startServer(): Promise<Server> {
  if (!fs.existsSync(path.resolve("build/server/index.js"))) {
    execFileSync(path.resolve("node_modules/.bin/remix"), ["vite:build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  }
  return startProductionServer(
    { DATA_DIR: process.env.DATA_DIR!, DATABASE_URL: process.env.DATABASE_URL!, SESSION_SECRET: process.env.SESSION_SECRET!, UPLOAD_LIMIT_MB: "2" },
    (child) => (serverChild = child),
  );
}

const cookies = new Map<string, string>();
/** A login session made here: the server reads the same database with the same secret. */
async function cookieOf(who: Who): Promise<string> {
  const userId = userOf(who)!;
  if (!cookies.has(userId)) {
    const { id } = await createLoginSession({ userId, expiresAt: new Date(Date.now() + 3600_000) });
    cookies.set(userId, (await createLoginCookie(new Request(server.base), id)).split(";")[0]!);
  }
  return cookies.get(userId)!;
}

async function page(who: Who, pathname: string): Promise<{ status: number; html: string; res: Response }> {
  const headers: Record<string, string> = {};
  if (who !== "anonymous") headers.Cookie = await cookieOf(who);
  const res = await fetch(`${server.base}${pathname}`, { headers, redirect: "manual" });
  return { status: res.status, html: await res.text(), res };
}

/**
 * A POST on its own connection (node:http, no keep-alive): an early answer (413 before the body is
 * read) must not leave a half-sent body on a socket the next request would reuse.
 */
async function post(who: Who, pathname: string, body: FormData | URLSearchParams) {
  const encoded = new Response(body);
  const bytes = Buffer.from(await encoded.arrayBuffer());
  const headers: Record<string, string> = {
    Origin: server.base,
    "Sec-Fetch-Site": "same-origin",
    "Content-Type": encoded.headers.get("Content-Type")!,
    "Content-Length": String(bytes.length),
  };
  if (who !== "anonymous") headers.Cookie = await cookieOf(who);
  return new Promise<{ status: number; html: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    let answered = false;
    const request = http.request(`${server.base}${pathname}`, { method: "POST", headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        resolve({ status: res.statusCode!, html: Buffer.concat(chunks).toString("utf8"), headers: res.headers });
        request.destroy();
      });
    });
    // The server may stop reading once it has answered: a write error after the answer is expected.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    request.end(bytes);
  });
}

/** The page shows each expected escaped value, and no hostile value anywhere as live markup. */
function expectEscaped(html: string, label: string, expected: string[]) {
  for (const pattern of LIVE_MARKUP) {
    const found = html.match(pattern);
    const at = found?.index ?? 0;
    expect(found, `${label}: live markup ${pattern} …${html.slice(Math.max(0, at - 120), at + 120)}…`).toBeNull();
  }
  for (const escaped of expected) expect(html, `${label}: shows ${escaped}`).toContain(escaped);
}

const STACK_TRACE = /\bat [\w.<>$]+ \(|\bat file:\/\/|node_modules\/|\.tsx?:\d+:\d+/;

// ---------------------------------------------------------------------------------------------

const hostile: Record<string, string> = {};

afterAll(async () => {
  const child = serverChild;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
});

beforeAll(async () => {
  // WAL first, as server.mjs would: then this process and the server can share the file.
  await ensureWalMode(db);
  const serverStarted = startServer();
  serverStarted.catch(() => undefined);
  A = await buildInstitution("甲職能訓練中心", { hostile: true });
  B = await buildInstitution("乙職能發展協會", { hostile: false });

  // A's appeal, through the app: the candidate lodges it (hostile reason, 23), the admin assigns the reviewer.
  hostile.appealReason = `${SCRIPT(23)}改善方案已以紙本繳交，請求複查 P3.1.2 的評分。`;
  const lodged = await call("routes/me.results.$enrollmentId", "action", "candidate2", { enrollmentId: A.e2 }, form({ reason: hostile.appealReason }));
  expect(lodged, "the candidate lodges the appeal").toMatchObject({ status: 200, data: { error: null } });
  A.appealId = (await db.appeal.findFirstOrThrow({ where: { enrollmentId: A.e2 }, select: { id: true } })).id;
  const assigned = await call("routes/admin.appeals", "action", "admin", {}, form({ appealId: A.appealId, reviewerId: A.assessor2.id }));
  expect(assigned, "the admin assigns the reviewer").toMatchObject({ status: 200, data: { ok: "已指派申訴審查人。" } });

  server = await serverStarted;
}, 90_000);

describe("every route with an action is in the sweep", () => {
  const actionRoutes = ROUTE_LIST.filter((r) => /\bexport (async )?function action\b|\bexport const action\b/.test(fs.readFileSync(path.resolve("app", r.file), "utf8")));

  it("finds the routes with actions (remix routes --json)", () => {
    expect(actionRoutes.length).toBeGreaterThanOrEqual(20);
  });

  for (const route of actionRoutes) {
    it(`${route.id} (${route.pattern}): a row for the action and for each intent its page sends`, () => {
      const rows = BAD.filter((c) => c.route === route.id && c.kind !== "loader");
      expect(rows.length, `no bad-input row for ${route.id} (app/${route.file}): add rows to BAD in tests/security/bad-input.test.ts`).toBeGreaterThan(0);
      const covered = new Set(rows.map((c) => c.intent).filter(Boolean));
      const missing = intentsOf(route).filter((intent) => !covered.has(intent));
      expect(missing, `intents of ${route.id} without a bad-input row`).toEqual([]);
    });
  }

  it("has no rows for routes that no longer exist", () => {
    expect(BAD.map((c) => c.route).filter((id) => !ROUTE_BY_ID.has(id))).toEqual([]);
  });
});

describe("refused input: a 4xx with a clear zh-TW message, nothing stored", () => {
  for (const c of BAD) {
    const name = `${c.kind === "loader" ? "GET" : "POST"} ${c.route.replace(/^routes\//, "")}${c.intent ? ` [${c.intent}]` : ""} · ${c.input}: ${c.what}`;
    const test = c.bug ? it.fails : it;
    test(c.bug ? `${name} — KNOWN BUG: ${c.bug}` : name, async () => {
      const before = await snapshot();
      const outcome = await call(c.route, c.kind ?? "action", c.as, c.params?.() ?? {}, c.kind === "loader" ? undefined : await c.body?.(), c.query?.() ?? "");
      const label = `${name} → ${outcome.status}${outcome.error ? ` (${outcome.error})` : ""}`;
      // BAD_INPUT_PRINT=1 shows what every row got (and, for rows marked bug, that it fails the way the note says).
      if (process.env.BAD_INPUT_PRINT) console.log(`${c.bug ? "[bug] " : ""}${label.slice(0, 400)}: ${JSON.stringify(messagesOf(outcome)).slice(0, 300)}`);
      expect(outcome.error, `${label}: a thrown error is a 500`).toBeUndefined();
      expect([c.status].flat(), label).toContain(outcome.status);
      if (outcome.status >= 400) expectClearMessages(messagesOf(outcome), label);
      if (c.message) expect(messagesOf(outcome).join(" | "), label).toMatch(c.message);
      await expectNothingStored(before, label);
    });
  }
});

describe("hostile text that is valid input is stored as text", () => {
  async function stored<T>(label: string, outcome: Outcome, expected: number | number[], read: () => Promise<T>) {
    expect(outcome.error, `${label}: ${outcome.error}`).toBeUndefined();
    expect([expected].flat(), `${label}: status ${outcome.status} ${JSON.stringify(messagesOf(outcome))}`).toContain(outcome.status);
    return read();
  }

  it("people: names and qualifications with markup (admin.users.new)", async () => {
    hostile.userScript = SCRIPT(4);
    const one = await call("routes/admin.users.new", "action", "admin", {}, form({ role: "assessor", displayName: hostile.userScript, username: "xss-assessor-4", qualifications: `${IMG(6)}職能評量人員研習證明` }));
    const user = await stored("assessor with a <script> name", one, 200, () => db.user.findUniqueOrThrow({ where: { username: "xss-assessor-4" }, include: { qualifications: true } }));
    expect(user.displayName).toBe(SCRIPT(4));
    expect(user.qualifications.map((q) => q.name)).toEqual([`${IMG(6)}職能評量人員研習證明`]);
    hostile.userId = user.id;

    const two = await call("routes/admin.users.new", "action", "admin", {}, form({ role: "candidate", displayName: SVG(5), username: "xss-candidate-5", candidateNumber: "C-SVG-5" }));
    const candidate = await stored("candidate with a \"><svg name", two, 200, () => db.user.findUniqueOrThrow({ where: { username: "xss-candidate-5" } }));
    expect(candidate.displayName).toBe(SVG(5));
    hostile.candidateId = candidate.id;
  });

  it("a standard whose name carries markup (admin.standards.import, confirm)", async () => {
    // iCAP exports are text; the parser strips tags but decodes entities, so this name arrives as <script>…
    const source = STANDARD_TEXT.replaceAll("KMC2431-009v2", "KMC2431-077v7").replace("職業\t社群媒體經營人員", "職業\t&lt;script&gt;alert(7)&lt;/script&gt;社群媒體經營人員");
    const outcome = await call("routes/admin.standards.import", "action", "admin", {}, withFile(form({ intent: "confirm" }), Buffer.from(source), "../../標準.txt", "text/plain"));
    const standard = await stored("standard", outcome, 302, () => db.standard.findFirstOrThrow({ where: { institutionId: A.institution.id, code: "KMC2431-077v7" } }));
    expect(standard.name).toBe(`${SCRIPT(7)}社群媒體經營人員`);
    expect(outcome.location).toBe(`/admin/standards/${standard.id}`);
    hostile.standardId = standard.id;
  });

  it("an assessment title, checklist item, question and scenario with markup (admin.assessments.new, draft editor)", async () => {
    const created = await call("routes/admin.assessments.new", "action", "admin", {}, form({ standardId: hostile.standardId!, title: `${IMG(8)}評量`, taskCodes: ["T1.1", "T2.1"], scaleId: "4" }));
    const assessment = await stored("assessment", created, 302, () => db.assessment.findFirstOrThrow({ where: { standardId: hostile.standardId! } }));
    expect(assessment.title).toBe(`${IMG(8)}評量`);
    hostile.assessmentId = assessment.id;

    const edits: Array<Record<string, string>> = [
      { intent: "add-checklist", code: "", text: `${IMG(9)}確認受評者備妥資料` },
      { intent: "add-question", code: "", mode: "oral", prompt: `${SCRIPT(10)}請說明社群平台的選擇依據` },
      { intent: "setting", scenario: `${SVG(11)}模擬社群行銷工作室`, conditions: "備妥電腦與網路", resources: "電腦", durationMinutes: "120", durationText: "2 小時", assessorRequirements: "具社群經營經驗" },
    ];
    for (const edit of edits) {
      const d = await draft();
      const outcome = await call("routes/admin.assessments.$assessmentId.versions.$version", "action", "admin", draftParams(), form({ ...edit, revision: d.revision, taskId: d.content.evidencePlan[0]!.taskId }));
      expect(outcome, `draft edit ${edit.intent}: ${JSON.stringify(outcome.data)}`).toMatchObject({ status: 200, data: { ok: true } });
    }
    const content = (await draft()).content as unknown as { scenario: string; evidencePlan: Array<{ checklist: Array<{ text: string }>; questions: Array<{ prompt: string }> }> };
    expect(content.scenario).toBe(`${SVG(11)}模擬社群行銷工作室`);
    expect(content.evidencePlan[0]!.checklist.map((c) => c.text)).toContain(`${IMG(9)}確認受評者備妥資料`);
    expect(content.evidencePlan[0]!.questions.map((q) => q.prompt)).toContain(`${SCRIPT(10)}請說明社群平台的選擇依據`);
  });

  it("a session title, place, scenario and calibration note with markup (admin.sessions.new, calibration)", async () => {
    const outcome = await call("routes/admin.sessions.new", "action", "admin", {}, form({ assessmentVersionId: A.versionId, title: `${SCRIPT(12)}第 2 梯次`, startsAt: "2026-12-01T09:00", endsAt: "", place: SVG(13), scenario: IMG(14), appealDays: "14" }));
    const created = await stored("session", outcome, 302, () => db.assessmentSession.findFirstOrThrow({ where: { title: `${SCRIPT(12)}第 2 梯次` } }));
    expect(created).toMatchObject({ place: SVG(13), scenario: IMG(14) });
    hostile.sessionId = created.id;

    const note = await call("routes/admin.sessions.$sessionId", "action", "admin", session(), form({ intent: "calibration", note: `${SCRIPT(15)}以範例作品校準` }));
    expect(note).toMatchObject({ status: 200, data: { ok: true } });
    expect((await db.assessmentSession.findUniqueOrThrow({ where: { id: A.session.id } })).calibrationNote).toBe(`${SCRIPT(15)}以範例作品校準`);
  });

  it("CSV cells with markup are names like any other (enrol-csv)", async () => {
    const csv = `姓名,學員編號,電子郵件\n"${SCRIPT(16)}",C-XSS-16,\n"${SVG(17).replaceAll('"', '""')}",C-XSS-17,\n`;
    const outcome = await call("routes/admin.sessions.$sessionId.enrol-csv", "action", "admin", { sessionId: hostile.sessionId! }, withFile(new FormData(), Buffer.from(csv), "名單.csv", "text/csv"));
    expect(outcome.status, JSON.stringify(messagesOf(outcome))).toBe(302);
    const users = await db.user.findMany({ where: { institutionId: A.institution.id, candidateNumber: { in: ["C-XSS-16", "C-XSS-17"] } }, orderBy: { candidateNumber: "asc" } });
    expect(users.map((u) => u.displayName)).toEqual([SCRIPT(16), SVG(17)]);
    expect(await db.enrollment.count({ where: { sessionId: hostile.sessionId!, candidateId: { in: users.map((u) => u.id) } } })).toBe(2);
    hostile.importedNotice = outcome.location!;
  });

  it("evidence text, a link with quotes and a score comment with markup (assessor workspace)", async () => {
    const s = await e3Scope();
    const note = await call("routes/assessor.enrollments.$enrollmentId", "action", "assessor", e3(), form({ intent: "evidence", kind: "observation", taskCode: "T1.1", title: SCRIPT(18), body: IMG(19), criterionId: s.t11 }));
    expect(note).toMatchObject({ status: 200, data: { ok: true } });
    const link = await call("routes/assessor.enrollments.$enrollmentId", "action", "assessor", e3(), form({ intent: "evidence", kind: "link", taskCode: "T1.1", title: "作品連結", url: `https://drive.example.org/${SVG(20)}`, criterionId: s.t11 }));
    expect(link, JSON.stringify(link.data)).toMatchObject({ status: 200, data: { ok: true } });
    const rows = await db.evidence.findMany({ where: { enrollmentId: A.e3 }, orderBy: { createdAt: "asc" } });
    expect(rows.find((r) => r.title === SCRIPT(18))).toMatchObject({ kind: "observation", body: IMG(19) });
    expect(rows.find((r) => r.kind === "link" && r.url?.includes("alert(20)"))!.url).toBe(`https://drive.example.org/${SVG(20)}`);

    const scored = await call("routes/assessor.enrollments.$enrollmentId", "action", "assessor", e3(), form({ intent: "scores", revision: s.revision, criterionId: s.first, [`level:${s.first}`]: "3", [`comment:${s.first}`]: SVG(26) }));
    expect(scored, JSON.stringify(scored.data)).toMatchObject({ status: 200, data: { ok: true } });
    expect((await db.score.findFirstOrThrow({ where: { enrollmentId: A.e3, criterionKey: s.first } })).comment).toBe(SVG(26));
  });

  it("uploads: traversal, control characters, RTL override and markup in file names become plain display names; keys stay random", async () => {
    const before = dataFiles();
    const cases: Array<{ what: string; body: () => Promise<Body>; name: RegExp; mime: string }> = [
      { what: "../../etc/passwd (no extension)", body: () => upload(PDF, "../../etc/passwd", "application/pdf", { title: IMG(21) }), name: /^passwd\.pdf$/, mime: "application/pdf" },
      { what: "..\\..\\Windows\\企畫書.pdf", body: () => upload(PDF, "..\\..\\Windows\\企畫書.pdf", "application/pdf"), name: /^企畫書\.pdf$/, mime: "application/pdf" },
      { what: "\"><svg onload>alert(22).pdf", body: () => upload(PDF, `"><svg onload>alert(22).pdf`, "application/pdf"), name: /^[^<>"]*svg onload_alert\(22\)\.pdf$/, mime: "application/pdf" },
      { what: "RTL override report\\u202Etxt.pdf", body: () => upload(PDF, "report\u202Etxt.pdf", "application/pdf"), name: /^reporttxt\.pdf$/, mime: "application/pdf" },
      { what: "HTML content named .txt, text/plain: kept as plain text", body: () => upload(HTML, "notes.txt", "text/plain"), name: /^notes\.txt$/, mime: "text/plain" },
      {
        what: "NUL and newline in the raw file name",
        body: async () => multipart([...Object.entries(await uploadFields()).flatMap(([name, value]) => [value].flat().map((v) => ({ name, value: v }))), { name: "file", filename: "a\u0000b\nc.pdf", type: "application/pdf", bytes: PDF }]),
        name: /^a ?b ?c\.pdf$/,
        mime: "application/pdf",
      },
    ];
    hostile.uploads = "";
    const uploaded: string[] = [];
    for (const u of cases) {
      const outcome = await call("routes/assessor.enrollments.$enrollmentId.evidence", "action", "assessor", e3(), await u.body());
      // A raw NUL or line break may also be refused as malformed: then cleanly, with nothing stored.
      if (u.what.startsWith("NUL") && outcome.status !== 302) {
        expect(outcome.status, `${u.what}: ${outcome.error ?? JSON.stringify(outcome.data)}`).toBe(400);
        expectClearMessages(messagesOf(outcome), u.what);
        continue;
      }
      expect(outcome.status, `${u.what}: ${outcome.error ?? JSON.stringify(outcome.data)}`).toBe(302);
      const evidenceId = outcome.location!.split("#evidence-")[1]!;
      const row = await db.evidence.findUniqueOrThrow({ where: { id: evidenceId } });
      if (process.env.BAD_INPUT_PRINT) console.log(`upload ${JSON.stringify(u.what)} → ${outcome.status} stored as ${JSON.stringify(row.fileName)} (${row.mimeType})`);
      expect(row.fileName, u.what).toMatch(u.name);
      expect(row.fileName, `${u.what}: no control or bidi characters`).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069/\\]/u);
      expect(row.mimeType, u.what).toBe(u.mime);
      expect(row.storageKey, u.what).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
      uploaded.push(evidenceId);
    }
    hostile.uploads = uploaded.join(",");
    // Every new file is an evidence key; nothing landed outside DATA_DIR/evidence (nor any temp file left).
    const added = dataFiles().filter((f) => !before.includes(f));
    expect(added.length).toBe(uploaded.length);
    for (const file of added) expect(file).toMatch(/^evidence\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(fs.existsSync(path.resolve(process.env.DATA_DIR!, "evidence", "../../etc/passwd"))).toBe(false);
  });

  it("every uploaded file downloads as an attachment with nosniff and the sniffed type (evidence.$evidenceId.file)", async () => {
    const ids = hostile.uploads!.split(",").filter(Boolean);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const evidenceId of ids) {
      const outcome = await call("routes/evidence.$evidenceId.file", "loader", "assessor", { evidenceId });
      const row = await db.evidence.findUniqueOrThrow({ where: { id: evidenceId } });
      expect(outcome.status).toBe(200);
      const disposition = outcome.headers!.get("Content-Disposition")!;
      expect(disposition, row.fileName!).toMatch(/^attachment; filename="evidence"; filename\*=UTF-8''[A-Za-z0-9%._~!'()*-]+$/);
      expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(row.fileName);
      expect(outcome.headers!.get("X-Content-Type-Options")).toBe("nosniff");
      expect(outcome.headers!.get("Content-Type")).toBe(row.mimeType);
    }
  });

  it("appeal reasons with markup: the candidate's (lodged above) and the reviewer's decision (me.results, assessor.appeals)", async () => {
    expect((await db.appeal.findUniqueOrThrow({ where: { id: A.appealId! } })).reason).toBe(hostile.appealReason);
    const decided = await call("routes/assessor.appeals", "action", "assessor2", {}, form({ appealId: A.appealId!, outcome: "dismissed", outcomeReason: `${IMG(24)}經調閱評量紀錄，維持原評分。` }));
    expect(decided).toMatchObject({ status: 200, data: { error: null } });
    expect(await db.appeal.findUniqueOrThrow({ where: { id: A.appealId! } })).toMatchObject({ outcome: "dismissed", outcomeReason: `${IMG(24)}經調閱評量紀錄，維持原評分。` });
  });

  it("a revocation reason with markup (admin.certificates.$number)", async () => {
    const revoked = await call("routes/admin.certificates.$number", "action", "admin", { number: A.certificate2 }, form({ intent: "revoke", reason: `${SCRIPT(25)}資料登錄錯誤` }));
    expect(revoked.status).toBe(200);
    expect(await db.certificate.findUniqueOrThrow({ where: { number: A.certificate2 } })).toMatchObject({ revokedReason: `${SCRIPT(25)}資料登錄錯誤` });
  });
});

describe("ordinary file names with ; or = (browsers send them unescaped in the multipart header)", () => {
  const NAME_BUG =
    "node_modules/@web3-storage/multipart-parser parseContentDisposition (used by unstable_parseMultipartFormData) splits the Content-Disposition header on every ';' and each parameter with split('=', 2): a file name containing ';' or '=' (Chrome and Firefox escape only \" CR LF) makes the header 'malformed'.";
  const cases: Array<{ route: string; what: string; params: () => Record<string, string>; as: Who; body: () => Promise<Body>; status: number; bug: string }> = [
    {
      route: "routes/assessor.enrollments.$enrollmentId.evidence", what: "evidence 企畫書;v2=final.pdf", as: assessor, params: e3, status: 302,
      body: () => upload(PDF, "企畫書;v2=final.pdf", "application/pdf"),
      bug: `${NAME_BUG} readEvidenceUpload maps it to 400 「上傳內容格式錯誤，請重新上傳。」, so the assessor is refused a valid PDF and told the upload was garbled. Should be stored (302) under its name.`,
    },
    {
      route: "routes/admin.sessions.$sessionId.enrol-csv", what: "名單;115=1.csv", as: admin, params: () => ({ sessionId: hostile.sessionId! }), status: 302,
      body: async () => withFile(new FormData(), Buffer.from("姓名,學員編號\n陳冠宇,C-NAME-1\n"), "名單;115=1.csv", "text/csv"),
      bug: `${NAME_BUG} readSmallForm (app/utils/form-data.server.ts) rethrows the parser's Error, so the enrolment import answers 500. It now answers 400 with a message asking to rename the file (was 500); the multipart parser refuses the quoted ; and = that browsers send.`,
    },
    {
      route: "routes/admin.standards.import", what: "standard 基準=v2.txt", as: admin, params: () => ({}), status: 200,
      body: async () => withFile(form({ intent: "preview" }), Buffer.from(STANDARD_TEXT), "基準=v2.txt", "text/plain"),
      bug: `${NAME_BUG} readSmallForm rethrows, so the standard import answers 500. It now answers 400 with a message asking to rename the file (was 500).`,
    },
    {
      route: "routes/verify._index", what: "verification of 證書;副本.pdf", as: "anonymous", params: () => ({}), status: 200,
      body: async () => withFile(new FormData(), PDF, "證書;副本.pdf", "application/pdf"),
      bug: `${NAME_BUG} readSmallForm rethrows, so the public verification page answers 500 to anyone checking a file with such a name. It now answers 400 with a message asking to rename the file (was 500).`,
    },
  ];
  for (const c of cases) {
    it.fails(`${c.route.replace(/^routes\//, "")}: ${c.what} — KNOWN BUG: ${c.bug}`, async () => {
      const outcome = await call(c.route, "action", c.as, c.params(), await c.body());
      if (process.env.BAD_INPUT_PRINT) console.log(`[bug] ${c.what} → ${outcome.status} ${outcome.error ?? JSON.stringify(messagesOf(outcome))}`);
      expect(outcome.error).toBeUndefined();
      expect(outcome.status).toBe(c.status);
    });
  }
});

describe("displayed by the production server: escaped, never live", () => {
  const pages: Array<{ who: Who; path: () => string; shows: string[]; what: string }> = [
    { what: "people list", who: "admin", path: () => "/admin/users", shows: [escapedScript(1), escapedScript(4), escapedSvg(5)] },
    { what: "a person with a <script> name and an <img> qualification", who: "admin", path: () => `/admin/users/${hostile.userId}`, shows: [escapedScript(4), escapedImg(6)] },
    { what: "a person with a \"><svg name", who: "admin", path: () => `/admin/users/${hostile.candidateId}`, shows: [escapedSvg(5)] },
    { what: "standards list", who: "admin", path: () => "/admin/standards", shows: [escapedScript(7)] },
    { what: "the imported standard", who: "admin", path: () => `/admin/standards/${hostile.standardId}`, shows: [escapedScript(7)] },
    { what: "new assessment form for that standard", who: "admin", path: () => `/admin/assessments/new?standardId=${hostile.standardId}`, shows: [escapedScript(7)] },
    { what: "assessments list", who: "admin", path: () => "/admin/assessments", shows: [escapedImg(2), escapedImg(8)] },
    { what: "the draft editor", who: "admin", path: () => `/admin/assessments/${A.assessmentId}/versions/2`, shows: [escapedImg(2), escapedImg(9), escapedScript(10), escapedSvg(11)] },
    { what: "sessions list", who: "admin", path: () => "/admin/sessions", shows: [escapedScript(12)] },
    { what: "the new session, with the CSV-imported names", who: "admin", path: () => `/admin/sessions/${hostile.sessionId}`, shows: [escapedScript(12), escapedSvg(13), escapedImg(14), escapedScript(16), escapedSvg(17)] },
    { what: "the session with the calibration note", who: "admin", path: () => `/admin/sessions/${A.session.id}`, shows: [escapedScript(1), escapedSvg(3), escapedScript(15)] },
    { what: "the session's certificates", who: "admin", path: () => `/admin/sessions/${A.session.id}/certificates`, shows: [escapedScript(1)] },
    { what: "a revoked result report", who: "admin", path: () => `/admin/certificates/${A.certificate2}`, shows: [escapedScript(25), escapedImg(2)] },
    { what: "appeals", who: "admin", path: () => "/admin/appeals", shows: [escapedScript(23), escapedImg(24)] },
    { what: "assessor's sessions", who: "assessor", path: () => "/assessor", shows: [escapedSvg(3)] },
    { what: "assessor's session", who: "assessor", path: () => `/assessor/sessions/${A.session.id}`, shows: [escapedScript(1)] },
    { what: "scoring workspace with evidence, link, file names and comment", who: "assessor", path: () => `/assessor/enrollments/${A.e3}`, shows: [escapedScript(15), escapedScript(18), escapedImg(19), escapedImg(21), escapedSvg(26)] },
    { what: "reviewer's appeals", who: "assessor2", path: () => "/assessor/appeals", shows: [escapedScript(23), escapedImg(24)] },
    { what: "candidate's results list", who: "candidate2", path: () => "/me", shows: [escapedImg(2)] },
    { what: "candidate's result with the appeal and its decision", who: "candidate2", path: () => `/me/results/${A.e2}`, shows: [escapedScript(23), escapedImg(24)] },
    { what: "public verification of the certificate", who: "anonymous", path: () => `/verify/${A.certificate1}`, shows: [escapedScript(1), escapedImg(2), escapedSvg(3)] },
    { what: "public verification of the revoked report", who: "anonymous", path: () => `/verify/${A.certificate2}`, shows: [escapedImg(2)] },
    // Reflected values: what the visitor typed comes back in the page.
    { what: "verification search with markup (reflected)", who: "anonymous", path: () => `/verify?number=${encodeURIComponent(SVG(27))}`, shows: [escapedSvg(27)] },
    { what: "verification of a number with markup (reflected)", who: "anonymous", path: () => `/verify/${encodeURIComponent(SCRIPT(30))}`, shows: [escapedScript(30)] },
    { what: "login with redirectTo markup (reflected into a hidden field)", who: "anonymous", path: () => `/login?redirectTo=${encodeURIComponent(SVG(28))}`, shows: [escapedSvg(28)] },
    // The import notice is composed from counts only: text in the address is never shown.
    { what: "session page ignores text in the address", who: "admin", path: () => `/admin/sessions/${A.session.id}?imported=${encodeURIComponent(SCRIPT(29))}&enrolled=${encodeURIComponent(SCRIPT(29))}`, shows: [] },
  ];

  for (const p of pages) {
    it(`${p.what} (${p.who})`, async () => {
      const { status, html } = await page(p.who, p.path());
      if (process.env.BAD_INPUT_PRINT) for (const m of html.matchAll(/alert\((2[7-9]|30)\)/g)) console.log(`${p.what} ${status}: …${html.slice(Math.max(0, m.index! - 80), m.index! + 30)}…`);
      expect(status === 200 || (status >= 400 && status < 500), `${p.what}: status ${status}`).toBe(true);
      expect(html, p.what).not.toMatch(STACK_TRACE);
      expectEscaped(html, `${p.what} ${p.path()}`, p.shows);
    });
  }

  it("the data requests (single fetch) of those pages carry the values as data, not markup", async () => {
    const { status, html } = await page("assessor", `/assessor/enrollments/${A.e3}.data`);
    expect(status).toBe(200);
    expect(html).toContain("alert(18)");
    // turbo-stream JSON, served as text/x-script: never as HTML.
    expect(html).not.toMatch(/<\/script>\s*<script/i);
  });

  it("evidence downloads over HTTP: attachment, nosniff, the stored type; the HTML-in-.txt file is text/plain", async () => {
    const cookie = await cookieOf("assessor");
    for (const evidenceId of hostile.uploads!.split(",").filter(Boolean)) {
      const res = await fetch(`${server.base}/evidence/${evidenceId}/file`, { headers: { Cookie: cookie } });
      const row = await db.evidence.findUniqueOrThrow({ where: { id: evidenceId } });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Disposition")).toMatch(/^attachment;/);
      // server.mjs and the route both send it ("nosniff, nosniff"); browsers read the first value (Fetch: "determine nosniff").
      expect(res.headers.get("X-Content-Type-Options")!.split(",")[0]!.trim()).toBe("nosniff");
      // Express adds "; charset=utf-8" to text types.
      expect(res.headers.get("Content-Type")!.split(";")[0]).toBe(row.mimeType);
      expect(res.headers.get("Content-Type")).not.toMatch(/html|svg|xml|javascript/);
      await res.arrayBuffer();
    }
  });
});

describe("over HTTP: oversized bodies get a 4xx page with a message, and nothing is stored", () => {
  it("a 3 MB evidence file over UPLOAD_LIMIT_MB=2: 413 「檔案超過大小上限 2 MB」, no file, no row", async () => {
    const before = await snapshot();
    const { status, html, headers } = await post("assessor", `/assessor/enrollments/${A.e3}/evidence`, await upload(Buffer.concat([PDF, Buffer.alloc(3 * MB, 0x20)]), "大檔案.pdf", "application/pdf"));
    expect(headers.connection, "an early answer closes the connection (the rest of the body is never read)").toBe("close");
    expect(status).toBe(413);
    expect(html).toContain("檔案超過大小上限 2 MB");
    expect(html).not.toMatch(STACK_TRACE);
    await expectNothingStored(before, "3 MB upload over HTTP");
  });

  it("a 3 MB urlencoded form to /admin/users/new: 400 page with the field's message", async () => {
    const before = await snapshot();
    const body = new URLSearchParams({ role: "assessor", displayName: text(3 * MB), username: "http-big-1", email: "", candidateNumber: "", qualifications: "" });
    const { status, html } = await post("admin", "/admin/users/new", body);
    expect(status).toBe(400);
    expect(html).toContain("姓名不可超過 60 個字");
    expect(html).not.toMatch(STACK_TRACE);
    await expectNothingStored(before, "3 MB form over HTTP");
  });

  it("a zero-byte evidence file and a PNG declared as PDF over HTTP: 400 / 415 pages with the reason", async () => {
    const before = await snapshot();
    const empty = await post("assessor", `/assessor/enrollments/${A.e3}/evidence`, await upload(new Uint8Array(), "空白.pdf", "application/pdf"));
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("檔案是空的");
    const png = await post("assessor", `/assessor/enrollments/${A.e3}/evidence`, await upload(PNG, "企畫書.pdf", "application/pdf"));
    expect(png.status).toBe(415);
    expect(png.html).toContain("與副檔名 .pdf 不符");
    for (const html of [empty.html, png.html]) expect(html).not.toMatch(STACK_TRACE);
    await expectNothingStored(before, "bad files over HTTP");
  });

  it("a 25 MB question-bank file: 413 page 「檔案超過 20 MB 上限」, nothing stored", async () => {
    const before = await snapshot();
    const body = withFile(form({ intent: "import" }), Buffer.alloc(25 * MB, 0x41), "題庫.csv", "text/csv");
    const { status, html } = await post("admin", `/admin/exams/${A.standard.id}`, body);
    expect(status).toBe(413);
    expect(html).toContain("檔案超過 20 MB 上限");
    expect(html).not.toMatch(STACK_TRACE);
    await expectNothingStored(before, "25 MB bank file over HTTP");
  });

  it("a written exam answer over 4,000 characters: 400 page with the message, and the exam page still opens", async () => {
    const before = await snapshot();
    const revisionId = A.exam.shortAnswer.revisionId;
    const body = form({ intent: "save", attemptId: A.exam.attempt1, item: revisionId, [`text:${revisionId}`]: text(4001 * 3) });
    const saved = await post("candidate", `/me/exams/${A.exam.e1}`, body);
    expect(saved.status).toBe(400);
    expect(saved.html).toContain("作答內容不可超過 4000 字");
    await expectNothingStored(before, "long exam answer over HTTP");
    const after = await page("candidate", `/me/exams/${A.exam.e1}`);
    expect(after.status).toBe(200);
    expect(after.html).toContain(BANK[4]!.stem);
  });

  it("an invalid date that crashes the action shows the generic error page, no stack trace", async () => {
    const body = new URLSearchParams({ assessmentVersionId: A.versionId, title: "第 3 梯次", startsAt: "2026-13-45T25:99", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" });
    const { status, html } = await post("admin", "/admin/sessions/new", body);
    // The 4xx is the spec (see the BAD row's bug); whatever the status, no internals reach the page.
    expect(status).toBeGreaterThanOrEqual(400);
    expect(html).not.toMatch(STACK_TRACE);
    expect(html).not.toMatch(/PrismaClient|Invalid `|prisma\./i);
  });
});
