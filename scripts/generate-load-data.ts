/**
 * A realistic dataset for load tests (issue 7 item 2; DESIGN §9): by default 10,000 candidates,
 * 500 sessions and exactly 200,000 scores, written into an empty database made by the migrations.
 *
 *   DATA_DIR=tmp/load npx tsx scripts/generate-load-data.ts            # or --data-dir tmp/load
 *   npx tsx scripts/generate-load-data.ts --data-dir tmp/small --candidates 60 --sessions 4 --scores 600 --large 30
 *
 * The database is `DATABASE_URL` when set, else `<DATA_DIR>/app.db`; it is migrated first when it has
 * no tables yet, and refused when it already holds data. The last line of stdout is a JSON summary
 * (ids of the large session, its assessor and login, a fully scored enrolment, row counts, time).
 *
 * How the rows are made:
 * - The assessment content is the app's own: the real iCAP export templates/demo/standards/
 *   000_988f66f990932d6f.txt (KMC2431-009v2) imported with importStandard, generated with
 *   createAssessmentDraft and frozen with publishVersion, all through app/models. The institution,
 *   its admin and its assessors (with qualifications) are created through Prisma like prisma/seed.ts.
 * - Everything bulky (candidates, sessions, enrolments, assignments, scores keyed by the content's
 *   criterion ids, evidence, moderation, sign-offs, releases and the audit events the app writes for
 *   each of those) goes in through better-sqlite3 directly, in one transaction, with the column values
 *   the app would write: cuid ids, ISO dates as Prisma stores them, the same JSON shapes, revisions
 *   bumped once per save, decisions computed by the app's computeEnrollmentResult.
 * - One LARGE session (`--large`, 400 candidates) is assigned entirely to one assessor (`assessor001`,
 *   also assessor in about one regular session in thirty), today, in progress: 60 % of its candidates
 *   fully scored, 15 % partly, the rest not yet; one in ten is double-scored with a second assessor.
 * - The other sessions run from two years ago to four months ahead, two assessors each, about one
 *   candidate in five double-scored. Past sessions are fully scored, moderated where the two differ,
 *   signed off and (a week later) released; scores are spent in date order until exactly `--scores`
 *   are placed, so the latest sessions stay unscored (the future ones) or part-scored (the one at the
 *   cut).
 * Not generated: evidence files (evidence rows are observation notes, so nothing is needed under
 * evidence/), certificates, appeals, password-setup tokens; candidates have no password (CSV-imported
 * candidates get one through a setup link). Assessors and the admin share one password hash.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Database } from "./sqlite";


const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STANDARD_FILE = path.join(ROOT, "templates/demo/standards/000_988f66f990932d6f.txt");
export const LOAD_PASSWORD = "icap-demo-2026";
const DAY = 86_400_000;

interface Options {
  dataDir: string;
  databaseUrl: string;
  candidates: number;
  sessions: number;
  scores: number;
  large: number;
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (name: string, fallback: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
    return n;
  };
  const dataDir = path.resolve(value("data-dir") ?? process.env.DATA_DIR ?? "");
  if (!value("data-dir") && !process.env.DATA_DIR) throw new Error("give --data-dir <dir> or DATA_DIR");
  const databaseUrl = process.env.DATABASE_URL ?? `file:${path.join(dataDir, "app.db")}`;
  const opts: Options = {
    dataDir,
    databaseUrl,
    candidates: int("candidates", 10_000),
    sessions: int("sessions", 500),
    scores: int("scores", 200_000),
    large: int("large", 400),
    seed: int("seed", 20261122),
  };
  if (opts.sessions < 2) throw new Error("--sessions must be at least 2 (the large one and one more)");
  opts.large = Math.min(opts.large, opts.candidates);
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Ids and values as the app writes them

/** Prisma's cuid() (v1 shape: c + time + counter + fingerprint + random, 25 characters). */
const cuid = (() => {
  let counter = crypto.randomInt(0, 36 ** 4);
  const pad = (s: string, n: number) => s.padStart(n, "0").slice(-n);
  const fingerprint = pad((process.pid % 1296).toString(36), 2) + pad(os.hostname().split("").reduce((a, c) => a + c.charCodeAt(0), 41).toString(36), 2);
  return () => {
    counter = (counter + 1) % 36 ** 4;
    const random = crypto.randomBytes(6).readUIntBE(0, 6) % 36 ** 8;
    return "c" + pad(Date.now().toString(36), 8) + pad(counter.toString(36), 4) + fingerprint + pad(random.toString(36), 8);
  };
})();

/** How Prisma (better-sqlite3 adapter) stores a DateTime: ISO 8601 with milliseconds and +00:00. */
const iso = (ms: number) => new Date(Math.round(ms)).toISOString().replace("Z", "+00:00");

/** A small deterministic PRNG (mulberry32), so a given seed gives the same dataset shape. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙顏柯翁魏孫戴".split("");
const GIVEN = "家豪怡君冠宇志明淑芬俊傑雅婷建宏佩珊宗翰詩涵承恩欣怡柏翰思妤宇軒品妍彥廷郁婷士傑心怡子晴育誠宜蓁哲維雅筑振宇佳穎".split("");
const QUALIFICATIONS = ["職能評量人員培訓課程結業（36 小時）", "數位行銷實務經驗 8 年", "社群媒體經營實務經驗 6 年", "品牌行銷顧問 10 年", "職訓講師資格（勞動部）"];
const OBSERVATIONS = [
  "受評者依情境完成工作並繳交產出，說明依據清楚，過程中能主動確認需求。",
  "受評者完成主要步驟，部分判斷需評量人員提示後才補充依據。",
  "受評者能比較兩種以上做法並說明取捨，產出完整。",
  "受評者在時限內完成，但產出缺少關鍵數據的來源說明。",
];
const LOW_COMMENTS = ["未能說明判斷依據，需再加強。", "產出缺少必要項目，經提示後仍不完整。", "步驟順序有誤，影響結果正確性。"];
const PLACES = ["本中心 3 樓模擬職場（社群行銷工作室）", "本中心 5 樓電腦教室（模擬行銷部門）", "合作企業會議室（模擬職場）"];

// ---------------------------------------------------------------------------------------------

function migrateIfNeeded(opts: Options) {
  const file = opts.databaseUrl.replace(/^file:/, "");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) {
    const probe = new Database(file, { readonly: true });
    try {
      const migrated = probe.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='Institution'").get();
      if (migrated) {
        const { n } = probe.prepare('SELECT COUNT(*) AS n FROM "Institution"').get() as { n: number };
        if (n > 0) throw new Error(`${file} already holds data (${n} institutions): give an empty, migrated database`);
        return;
      }
    } finally {
      probe.close();
    }
  }
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: opts.databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}

export interface LoadDataSummary {
  dataDir: string;
  databaseUrl: string;
  institutionId: string;
  password: string;
  assessor: { id: string; username: string };
  largeSession: { id: string; enrollments: number };
  /** A fully scored, single-assessed enrolment of the large session, with its evidence. */
  benchEnrollmentId: string;
  counts: Record<string, number>;
  seconds: number;
}

async function generate(opts: Options): Promise<LoadDataSummary> {
  const started = performance.now();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  process.env.DATA_DIR = opts.dataDir;
  process.env.DATABASE_URL = opts.databaseUrl;
  migrateIfNeeded(opts);

  // The app's modules read the settings when first imported: only now, with DATA_DIR/DATABASE_URL set.
  const { db } = await import("~/utils/db.server");
  const { decodeStandardBytes } = await import("~/domain/standard/decode");
  const { parseStandard } = await import("~/domain/standard/parse");
  const { importStandard } = await import("~/models/standard.server");
  const { createAssessmentDraft, publishVersion } = await import("~/models/assessment.server");
  const { parseContent } = await import("~/models/session.server");
  const { computeEnrollmentResult } = await import("~/models/scoring.server");
  const { hashPassword } = await import("~/utils/password.server");
  const { getEnv } = await import("~/utils/env.server");
  getEnv(); // creates <DATA_DIR>/session-secret when there is none, as the server's first start would

  const rnd = prng(opts.seed);
  const now = Date.now();

  // --- People and content through the app ------------------------------------------------------
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  const institution = await db.institution.create({ data: { name: "負載測試職業訓練中心", registrationNumber: "勞動力發展署訓練單位登記第 1139999 號" } });
  const admin = await db.user.create({
    data: { institutionId: institution.id, role: "admin", username: "load-admin", displayName: "王美華", passwordHash, passwordSetAt: new Date() },
  });
  const assessorCount = Math.max(4, Math.round(opts.candidates / 170));
  const assessors: { id: string; username: string }[] = [];
  for (let i = 0; i < assessorCount; i++) {
    const username = `assessor${String(i + 1).padStart(3, "0")}`;
    const user = await db.user.create({
      data: {
        institutionId: institution.id,
        role: "assessor",
        username,
        displayName: rnd.pick(SURNAMES) + rnd.pick(GIVEN) + rnd.pick(GIVEN),
        passwordHash,
        passwordSetAt: new Date(),
        qualifications: { create: [{ name: QUALIFICATIONS[0]! }, { name: QUALIFICATIONS[1 + (i % (QUALIFICATIONS.length - 1))]! }] },
      },
      select: { id: true, username: true },
    });
    assessors.push(user);
  }

  const sourceText = decodeStandardBytes(fs.readFileSync(STANDARD_FILE));
  const standard = await importStandard({ institutionId: institution.id, actorId: admin.id, parsed: parseStandard(sourceText), sourceText });
  const draft = await createAssessmentDraft({ institutionId: institution.id, actorId: admin.id, standardId: standard.id, title: "社群媒體經營人員職能評量" });
  if (!draft) throw new Error("createAssessmentDraft returned nothing");
  const published = await publishVersion({ institutionId: institution.id, actorId: admin.id, assessmentId: draft.assessmentId, version: 1, revision: 1 });
  if (published.status !== "published") throw new Error(`publishVersion: ${JSON.stringify(published)}`);
  const version = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: draft.assessmentId, version: 1 }, select: { id: true, contentJson: true } });
  const content = parseContent(version.contentJson);
  await db.$disconnect();

  const criteria = content.criteria;
  const tasks = content.tasks;
  const criteriaOfTask = new Map(tasks.map((t) => [t.id, criteria.filter((c) => c.taskId === t.id)]));

  // --- The plan: sessions, their candidates and assessors --------------------------------------
  interface Sheet {
    assessorIndex: number;
    /** How many criteria (in content order) this assessor has scored. */
    scored: number;
  }
  interface PlannedEnrollment {
    id: string;
    candidate: number;
    sheets: Sheet[];
    /** Second assessor's levels differ from the first's in this criterion (index), or -1. */
    disagreeAt: number;
  }
  interface PlannedSession {
    id: string;
    large: boolean;
    assessorIndexes: number[];
    enrollments: PlannedEnrollment[];
    startsAt: number;
    state: "past" | "current" | "future";
  }

  const order = Array.from({ length: opts.candidates }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const largeSession: PlannedSession = { id: cuid(), large: true, assessorIndexes: [0, 1], enrollments: [], startsAt: now - 3 * 3600_000, state: "current" };
  for (const candidate of order.slice(0, opts.large)) {
    const double = rnd.chance(0.1);
    largeSession.enrollments.push({ id: cuid(), candidate, sheets: double ? [{ assessorIndex: 0, scored: 0 }, { assessorIndex: 1, scored: 0 }] : [{ assessorIndex: 0, scored: 0 }], disagreeAt: double && rnd.chance(0.3) ? rnd.int(0, criteria.length - 1) : -1 });
  }
  const regular: PlannedSession[] = [];
  const rest = order.slice(opts.large);
  const regularCount = opts.sessions - 1;
  for (let s = 0; s < regularCount; s++) {
    const a = (2 * s + 1) % assessorCount;
    const b = (2 * s + 2) % assessorCount;
    regular.push({ id: cuid(), large: false, assessorIndexes: [a, b === a ? (a + 1) % assessorCount : b], enrollments: [], startsAt: 0, state: "past" });
  }
  rest.forEach((candidate, i) => {
    const session = regular[i % regularCount]!;
    const [a, b] = session.assessorIndexes as [number, number];
    const double = rnd.chance(0.22);
    const first = session.enrollments.length % 2 === 0 ? a : b;
    const second = first === a ? b : a;
    session.enrollments.push({
      id: cuid(),
      candidate,
      sheets: double ? [{ assessorIndex: first, scored: 0 }, { assessorIndex: second, scored: 0 }] : [{ assessorIndex: first, scored: 0 }],
      disagreeAt: double && rnd.chance(0.3) ? rnd.int(0, criteria.length - 1) : -1,
    });
  });

  // Spend the score budget: the large session first (its in-progress pattern), then the regular
  // sessions in date order, each sheet in full, until exactly `scores` are placed.
  let budget = opts.scores;
  const take = (n: number) => {
    const given = Math.min(n, budget);
    budget -= given;
    return given;
  };
  largeSession.enrollments.forEach((e, i) => {
    const share = i / Math.max(1, largeSession.enrollments.length);
    const n = share < 0.6 ? criteria.length : share < 0.75 ? rnd.int(1, criteria.length - 1) : 0;
    for (const sheet of e.sheets) sheet.scored = take(n);
  });
  let cut = regular.length;
  for (const [index, session] of regular.entries()) {
    for (const e of session.enrollments) for (const sheet of e.sheets) sheet.scored = take(criteria.length);
    if (budget === 0 && cut === regular.length) {
      const complete = session.enrollments.every((e) => e.sheets.every((s) => s.scored === criteria.length));
      cut = complete ? index + 1 : index;
    }
  }
  // Dates: fully scored sessions in the past two years, the one at the cut this week, the rest ahead.
  const future = regular.length - cut;
  regular.forEach((session, i) => {
    if (i < cut) {
      session.state = "past";
      session.startsAt = now - 730 * DAY + (i / Math.max(1, cut)) * (727 * DAY);
    } else if (i === cut) {
      session.state = "current";
      session.startsAt = now - 2 * DAY;
    } else {
      session.state = "future";
      session.startsAt = now + 7 * DAY + ((i - cut) / Math.max(1, future)) * (113 * DAY);
    }
    // 09:00 Taipei (01:00 UTC) on that day
    session.startsAt = Math.floor(session.startsAt / DAY) * DAY + 3600_000;
  });
  const allSessions = [...regular, largeSession].sort((x, y) => x.startsAt - y.startsAt);

  // --- Bulk insert ---------------------------------------------------------------------------
  const file = opts.databaseUrl.replace(/^file:/, "");
  const sql = new Database(file);
  sql.pragma("journal_mode = WAL");
  sql.pragma("synchronous = OFF"); // this connection only: a generator, rerun on failure
  sql.pragma("foreign_keys = ON");

  const insert = {
    user: sql.prepare(
      'INSERT INTO "User" (id, institutionId, role, username, displayName, email, passwordHash, passwordSetAt, candidateNumber, nationalIdMasked, active, createdAt, updatedAt) VALUES (?, ?, \'candidate\', ?, ?, ?, NULL, NULL, ?, ?, 1, ?, ?)',
    ),
    session: sql.prepare(
      'INSERT INTO "AssessmentSession" (id, institutionId, assessmentVersionId, title, startsAt, endsAt, place, scenario, resourcesJson, calibrationNote, checklistConfirmedAt, startedAt, startOverrideReason, closedAt, appealDays, createdById, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 14, ?, ?)',
    ),
    enrollment: sql.prepare(
      'INSERT INTO "Enrollment" (id, sessionId, candidateId, previousEnrollmentId, taskCodesJson, revision, observedFaultsJson, signedOffAt, signedOffById, signOffNote, releasedAt, createdAt) VALUES (?, ?, ?, NULL, NULL, 1, \'[]\', ?, ?, NULL, ?, ?)',
    ),
    assignment: sql.prepare(
      'INSERT INTO "Assignment" (id, enrollmentId, assessorId, conflictDeclared, conflictRelationship, conflictNote, revision, createdAt) VALUES (?, ?, ?, 0, NULL, NULL, ?, ?)',
    ),
    score: sql.prepare(
      'INSERT INTO "Score" (id, enrollmentId, assessorId, criterionKey, criterionCode, level, comment, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    resolution: sql.prepare(
      'INSERT INTO "ScoreResolution" (id, enrollmentId, criterionKey, level, reason, resolvedById, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    evidence: sql.prepare(
      'INSERT INTO "Evidence" (id, enrollmentId, taskCode, kind, title, body, url, questionKey, workProductKey, criterionKeysJson, fileName, storageKey, mimeType, sizeBytes, sha256, createdById, createdAt, withdrawnAt) VALUES (?, ?, ?, \'observation\', ?, ?, NULL, NULL, NULL, ?, NULL, NULL, NULL, NULL, NULL, ?, ?, NULL)',
    ),
    audit: sql.prepare(
      'INSERT INTO "AuditEvent" (id, institutionId, actorId, action, entityType, entityId, beforeJson, afterJson, reason, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  const counts: Record<string, number> = { candidates: 0, sessions: 0, enrollments: 0, assignments: 0, scores: 0, resolutions: 0, evidence: 0, auditEvents: 0, signedOff: 0, released: 0 };
  const audit = (actorId: string | null, action: string, entityType: string, entityId: string, at: number, before?: unknown, after?: unknown, reason: string | null = null) => {
    insert.audit.run(cuid(), institution.id, actorId, action, entityType, entityId, before === undefined ? null : JSON.stringify(before), after === undefined ? null : JSON.stringify(after), reason, iso(at));
    counts.auditEvents!++;
  };

  const candidateIds: string[] = [];
  const ability: number[] = [];
  const levelFor = (candidate: number, criterion: number) => {
    // Mostly 3 (達成); able candidates 4 more often, weak ones 2 (and now and then 1).
    const r = (Math.sin((candidate + 1) * 12.9898 + (criterion + 1) * 78.233) * 43758.5453) % 1;
    const x = Math.abs(r) + ability[candidate]!;
    return x > 1.15 ? 4 : x > 0.3 ? 3 : x > 0.06 ? 2 : 1;
  };
  const benchCandidates: string[] = [];

  const write = sql.transaction(() => {
    // Candidates, enrolled by CSV import a few weeks before their session.
    const candidateSession = new Map<number, PlannedSession>();
    for (const s of allSessions) for (const e of s.enrollments) candidateSession.set(e.candidate, s);
    for (let i = 0; i < opts.candidates; i++) {
      const id = cuid();
      candidateIds.push(id);
      ability.push(rnd.chance(0.12) ? -0.25 : rnd.chance(0.25) ? 0.45 : 0.29);
      const number = `C${String(2024_00000 + i + 1)}`;
      const createdAt = iso((candidateSession.get(i)?.startsAt ?? now) - 21 * DAY);
      insert.user.run(
        id,
        institution.id,
        number.toLowerCase(),
        rnd.pick(SURNAMES) + rnd.pick(GIVEN) + rnd.pick(GIVEN),
        rnd.chance(0.6) ? `${number.toLowerCase()}@example.org` : null,
        number,
        `${String.fromCharCode(65 + rnd.int(0, 25))}${rnd.int(1, 2)}${rnd.int(0, 9)}****${String(rnd.int(0, 999)).padStart(3, "0")}`,
        createdAt,
        createdAt,
      );
      counts.candidates!++;
    }

    let batch = 0;
    for (const s of allSessions) {
      batch++;
      const double = s.enrollments.some((e) => e.sheets.length > 1);
      const endsAt = s.startsAt + 8.5 * 3600_000;
      const createdAt = s.startsAt - 30 * DAY;
      const started = s.state !== "future";
      const title = s.large ? `第 ${batch} 梯次 社群媒體經營人員職能評量（大型場次 ${s.enrollments.length} 人）` : `第 ${batch} 梯次 社群媒體經營人員職能評量`;
      const place = s.large ? PLACES[0]! : rnd.pick(PLACES);
      const calibrationNote = double ? "評分前兩位評量人員以範例作品對照四級描述校準：「達成」須在未經提示下完成並能說明依據；「優異」須另能比較替代方案。" : null;
      insert.session.run(
        s.id,
        institution.id,
        version.id,
        title,
        iso(s.startsAt),
        iso(endsAt),
        place,
        content.scenario,
        JSON.stringify(content.resources),
        calibrationNote,
        started ? iso(s.startsAt - 3600_000) : null,
        started ? iso(s.startsAt) : null,
        admin.id,
        iso(createdAt),
      );
      counts.sessions!++;
      audit(admin.id, "session.created", "AssessmentSession", s.id, createdAt, undefined, { assessmentVersionId: version.id, title, startsAt: iso(s.startsAt), endsAt: iso(endsAt), place, scenario: null, appealDays: 14 });

      for (const e of s.enrollments) {
        const candidateId = candidateIds[e.candidate]!;
        const complete = e.sheets.every((sh) => sh.scored === criteria.length);
        const signedOff = s.state === "past" && complete;
        const first = e.sheets[0]!;
        const firstAssessor = assessors[first.assessorIndex]!;
        const signedOffAt = s.startsAt + 10 * 3600_000;
        const releasedAt = signedOffAt + 7 * DAY < now ? signedOffAt + 7 * DAY : null;
        insert.enrollment.run(e.id, s.id, candidateId, signedOff ? iso(signedOffAt) : null, signedOff ? firstAssessor.id : null, signedOff && releasedAt ? iso(releasedAt) : null, iso(createdAt + DAY));
        counts.enrollments!++;
        audit(admin.id, "enrollment.created", "Enrollment", e.id, createdAt + DAY, undefined, { candidateNumber: `C${2024_00000 + e.candidate + 1}`, source: "csv", line: 2 + (counts.enrollments! % 40) });

        const storedScores: { assessorId: string; criterionKey: string; level: number }[] = [];
        for (const [k, sheet] of e.sheets.entries()) {
          const assessor = assessors[sheet.assessorIndex]!;
          const scoredTasks = new Set(criteria.slice(0, sheet.scored).map((c) => c.taskId));
          insert.assignment.run(cuid(), e.id, assessor.id, scoredTasks.size, iso(createdAt + 2 * DAY));
          counts.assignments!++;
          audit(admin.id, "assignment.created", "Enrollment", e.id, createdAt + 2 * DAY, undefined, { assessorId: assessor.id });

          // The first assessor records an observation per task before scoring it (one save per task).
          let at = s.startsAt + (k + 1) * 3600_000;
          for (const task of tasks) {
            if (!scoredTasks.has(task.id)) continue;
            if (k === 0) {
              const evidenceId = cuid();
              insert.evidence.run(evidenceId, e.id, task.code ?? "", `${task.code} 實作觀察`, rnd.pick(OBSERVATIONS), JSON.stringify(criteriaOfTask.get(task.id)!.map((c) => c.id)), assessor.id, iso(at));
              counts.evidence!++;
              audit(assessor.id, "evidence.added", "Enrollment", e.id, at, undefined, { evidenceId, kind: "observation", taskCode: task.code });
            }
            at += 60_000;
            for (const [ci, c] of criteria.entries()) {
              if (c.taskId !== task.id || ci >= sheet.scored) continue;
              let level = levelFor(e.candidate, ci);
              if (k === 1 && ci === e.disagreeAt) level = level >= 3 ? level - 1 : level + 1;
              const comment = level < 3 ? LOW_COMMENTS[(e.candidate + ci) % LOW_COMMENTS.length]! : null;
              insert.score.run(cuid(), e.id, assessor.id, c.id, c.code, level, comment, iso(at), iso(at));
              storedScores.push({ assessorId: assessor.id, criterionKey: c.id, level });
              counts.scores!++;
              audit(assessor.id, "score.changed", "Enrollment", e.id, at, null, { criterion: c.code, level, comment: comment ?? "" }, null);
            }
            at += 4 * 60_000;
          }
        }

        const resolutions: { criterionKey: string; level: number }[] = [];
        if (signedOff && e.disagreeAt >= 0 && e.sheets.length === 2) {
          const c = criteria[e.disagreeAt]!;
          const level = levelFor(e.candidate, e.disagreeAt);
          const at = s.startsAt + 9 * 3600_000;
          const reason = "兩位評量人員依佐證與觀察紀錄討論後，協調為較有佐證支持的等級。";
          insert.resolution.run(cuid(), e.id, c.id, level, reason, firstAssessor.id, iso(at));
          resolutions.push({ criterionKey: c.id, level });
          counts.resolutions!++;
          const theirs = storedScores.filter((x) => x.criterionKey === c.id).map((x) => x.level);
          audit(firstAssessor.id, "score.moderated", "Enrollment", e.id, at, { levels: theirs }, { criterion: c.code, level }, reason);
        }
        if (signedOff) {
          const result = computeEnrollmentResult(content, {
            taskCodesJson: null,
            observedFaultsJson: "[]",
            examAttempts: [],
            assignments: e.sheets.map((sh) => ({ id: "", assessorId: assessors[sh.assessorIndex]!.id, revision: 0, assessor: { displayName: "" } })),
            scores: storedScores.map((x) => ({ ...x, comment: null, updatedAt: new Date(0) })),
            resolutions: resolutions.map((r) => ({ ...r, reason: "" })),
            evidence: tasks.map((t) => ({ id: t.id, taskCode: t.code ?? "", kind: "observation", title: "", body: null, url: null, questionKey: null, workProductKey: null, criterionKeysJson: JSON.stringify(criteriaOfTask.get(t.id)!.map((c) => c.id)), fileName: null, mimeType: null, sizeBytes: null, sha256: null, createdById: firstAssessor.id, createdAt: new Date(0) })),
          });
          audit(firstAssessor.id, "enrollment.signed_off", "Enrollment", e.id, signedOffAt, undefined, { decision: result.decision.decision, total: result.decision.total }, result.sufficiency.sufficient ? null : "工作產出以觀察紀錄與問答確認，書面產出由受評者帶回，已於觀察紀錄中記載。");
          counts.signedOff!++;
          if (releasedAt) {
            audit(admin.id, "result.released", "Enrollment", e.id, releasedAt);
            counts.released!++;
          }
        }
        if (s.large && e.sheets.length === 1 && first.scored === criteria.length) benchCandidates.push(e.id);
      }
    }
  });
  write();
  sql.pragma("wal_checkpoint(TRUNCATE)");
  sql.pragma("optimize");
  sql.close();

  return {
    dataDir: opts.dataDir,
    databaseUrl: opts.databaseUrl,
    institutionId: institution.id,
    password: LOAD_PASSWORD,
    assessor: assessors[0]!,
    largeSession: { id: largeSession.id, enrollments: largeSession.enrollments.length },
    benchEnrollmentId: benchCandidates[Math.floor(benchCandidates.length / 2)] ?? largeSession.enrollments[0]?.id ?? "",
    counts: { ...counts, assessors: assessorCount, criteriaPerSheet: criteria.length, unspentScores: budget },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  generate(parseArgs(process.argv.slice(2)))
    .then((summary) => {
      const c = summary.counts;
      process.stderr.write(
        `generated in ${summary.seconds} s: ${c.candidates} candidates, ${c.sessions} sessions, ${c.enrollments} enrolments, ${c.assignments} assignments, ${c.scores} scores, ${c.evidence} evidence, ${c.auditEvents} audit events → ${summary.databaseUrl}\n`,
      );
      process.stdout.write(JSON.stringify(summary) + "\n");
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
