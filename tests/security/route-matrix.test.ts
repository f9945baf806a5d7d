import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultScale } from "~/domain/rubric/templates";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import { lodgeAppeal, assignAppealReviewer } from "~/models/appeal.server";
import { createAssessmentDraft, publishVersion } from "~/models/assessment.server";
import { issueCertificate } from "~/models/certificate.server";
import { addEvidence, getAssessorWorkspace, saveScores, signOff } from "~/models/scoring.server";
import { assignAssessor, confirmChecklist, createSession, enrolCandidates, releaseResults, setCalibrationNote, startSession } from "~/models/session.server";
import { importStandard } from "~/models/standard.server";
import { issuePasswordSetupLink } from "~/models/user.server";
import { db } from "~/utils/db.server";
import { BANK, examBeside, sitExam } from "../support/exam-scenario";
import { createInstitution, createUser, requestAs } from "../support/factories";

/*
 * The security matrix (DESIGN §8, issue 7 item 3): every route of the app × every kind of visitor,
 * with the status each must get. The route list comes from Remix itself (`remix routes --json`,
 * the same flat-routes reading of app/routes the build uses), so a route added without an entry in
 * ROUTES below fails here, by name, until someone decides who may open it.
 *
 * Each loader and action is called directly, as authorisation.test.ts does, with the cookie of a
 * real login session. The data: two institutions built the same way (standard imported from the demo
 * template, published assessment, started session with two candidates, evidence with an uploaded
 * file, scores, sign-off, release, certificates, an appeal; beside it the knowledge exam: a bank,
 * a blueprint, a published paper, an assessment linking it and a session of its own with the exam
 * window open, where candidate 1 has submitted an attempt). The parameters of every route point at
 * institution A's records, owned by A's first candidate and assigned to A's first assessor:
 *
 *   anonymous   no cookie
 *   candidate   A's candidate 1: owns enrolment E1 (competent, certificate C1) and the exam session's
 *               enrolment with a submitted attempt
 *   candidate2  A's candidate 2: same institution, another user (E2, not yet competent, appealed;
 *               enrolled in the exam session, not started)
 *   candidateB  a candidate of institution B
 *   assessor    A's assessor 1: assigned to E1 and E2 of the session, and to both exam enrolments
 *   assessor2   A's assessor 2: same institution, assigned to nothing; reviewer of E2's appeal
 *               (nobody reviews their own judgement, so assessor 1 cannot be)
 *   assessorB   an assessor of institution B
 *   admin       A's admin
 *   adminB      B's admin: another institution's ids
 *
 * Expected (DESIGN §8): anonymous → 302 to /login?redirectTo=<path> (public routes answer); wrong
 * role → 404; another institution's ids → 404; a candidate on another candidate's result or
 * certificate → 404; an assessor on a session or enrolment they are not assigned to → 404.
 * Besides the status, every page a signed-in user gets (200) is searched for the ids of records they
 * must not see (the other institution's, and the other candidate's): a list that forgot its
 * institution filter fails here even though its status is right.
 *
 * Loaders run first, then actions (with a harmless body that still reaches the ownership check, so
 * that "other" answers 404 rather than a form error); an action that changes something changes
 * this file's private database only.
 */

const BASE = "http://localhost";
const MATRIX_CONTEXT = { clientAddress: "route-matrix" };

// ---------------------------------------------------------------------------------------------
// The route list, from Remix

interface RouteInfo {
  id: string;
  /** Full URL pattern, e.g. /admin/sessions/:sessionId */
  pattern: string;
  file: string;
}

interface RemixRouteNode {
  id: string;
  path?: string;
  index?: boolean;
  file: string;
  children?: RemixRouteNode[];
}

function listRoutes(): RouteInfo[] {
  const out = execFileSync(path.resolve("node_modules/.bin/remix"), ["routes", "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tree = JSON.parse(out.slice(out.indexOf("["))) as RemixRouteNode[];
  const routes: RouteInfo[] = [];
  const walk = (nodes: RemixRouteNode[], parent: string) => {
    for (const node of nodes) {
      const full = [parent, node.path ?? ""].filter(Boolean).join("/");
      routes.push({ id: node.id, pattern: `/${full}`, file: node.file });
      walk(node.children ?? [], full);
    }
  };
  walk(tree, "");
  return routes.sort((a, b) => a.id.localeCompare(b.id));
}

const ROUTE_LIST = listRoutes();

// ---------------------------------------------------------------------------------------------
// Expectations

const ACTORS = ["anonymous", "candidate", "candidate2", "candidateB", "assessor", "assessor2", "assessorB", "admin", "adminB"] as const;
type Actor = (typeof ACTORS)[number];

/** A status, "login" (302 to /login?redirectTo=<this path>), or a redirect to an exact place. */
type Expected = number | "login" | { status: number; location: string };
type Row = Record<Actor, Expected>;

const NOT_FOUND = 404;
const everyone = (expected: Expected): Row => Object.fromEntries(ACTORS.map((a) => [a, expected])) as Row;
/** Public: no login, the same answer for everybody. */
const open = (expected: Expected = 200): Row => everyone(expected);
/** Any signed-in user; anonymous goes to the login page. */
const signedIn = (expected: Expected = 200): Row => ({ ...everyone(expected), anonymous: "login" });
/**
 * One role's page. `own` is what the right role of institution A gets; `otherInstitution` what the
 * same role of institution B gets: 404 for A's ids, or, on a page without ids (a list, a form), the
 * same answer as `own` (then about B's own data).
 */
function roleOnly(role: "admin" | "assessor" | "candidate", own: Expected, otherInstitution: Expected = NOT_FOUND, sameInstitutionOtherUser: Expected = own): Row {
  const row = { ...everyone(NOT_FOUND), anonymous: "login" } as Row;
  if (role === "admin") return { ...row, admin: own, adminB: otherInstitution };
  if (role === "assessor") return { ...row, assessor: own, assessor2: sameInstitutionOtherUser, assessorB: otherInstitution };
  return { ...row, candidate: own, candidate2: sameInstitutionOtherUser, candidateB: otherInstitution };
}
/** A page of one role without ids in its address: each user sees their own data. */
const roleList = (role: "admin" | "assessor" | "candidate", expected: Expected = 200) => roleOnly(role, expected, expected, expected);

// ---------------------------------------------------------------------------------------------
// The data

type Built = Awaited<ReturnType<typeof buildInstitution>>;
let A: Built;
let B: Built;

function formOf(entries: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form;
}

async function recordEvidence(assessorId: string, enrollmentId: string) {
  const found = await getAssessorWorkspace({ assessorId, enrollmentId });
  const { scope } = found!.result;
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

const PLAN_PDF = Buffer.from("%PDF-1.4\n% 經營社群媒體企畫書\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "utf8");

/** One institution with everything a route can point at. */
async function buildInstitution(name: string) {
  const institution = await createInstitution(name);
  const admin = await createUser({ institutionId: institution.id, role: "admin" });
  const assessor = await createUser({ institutionId: institution.id, role: "assessor" });
  const assessor2 = await createUser({ institutionId: institution.id, role: "assessor" });
  for (const a of [assessor, assessor2]) await db.assessorQualification.create({ data: { userId: a.id, name: "職能評量人員研習證明", issuer: "勞動部勞動力發展署" } });
  const candidate = await createUser({ institutionId: institution.id, role: "candidate" });
  const candidate2 = await createUser({ institutionId: institution.id, role: "candidate" });
  // A user for the pages about one user (password link) and a pending set-password link.
  const spare = await createUser({ institutionId: institution.id, role: "candidate" });
  const pending = await createUser({ institutionId: institution.id, role: "candidate" });
  const setup = (await issuePasswordSetupLink({ institutionId: institution.id, actorId: admin.id, userId: pending.id }))!;

  const scope = { institutionId: institution.id, actorId: admin.id };
  const sourceText = decodeStandardBytes(fs.readFileSync(path.resolve("templates/demo/standards/000_988f66f990932d6f.txt")));
  const standard = await importStandard({ ...scope, parsed: parseStandard(sourceText), sourceText });
  const created = (await createAssessmentDraft({ ...scope, standardId: standard.id, title: "社群媒體經營人員職能評量" }))!;
  expect((await publishVersion({ ...scope, assessmentId: created.assessmentId, version: 1, revision: 1 })).status).toBe("published");
  const version = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: created.assessmentId, version: 1 }, select: { id: true } });

  const session = (await createSession({
    ...scope,
    input: { assessmentVersionId: version.id, title: `${name} 第 1 梯次`, startsAt: new Date("2026-11-10T09:00:00+08:00"), endsAt: new Date("2026-11-10T17:30:00+08:00"), place: "模擬職場", scenario: null, appealDays: 14 },
  }))!;
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds: [candidate.id, candidate2.id] });
  const e1 = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId: candidate.id }, select: { id: true } });
  const e2 = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId: candidate2.id }, select: { id: true } });
  for (const e of [e1, e2]) expect(await assignAssessor({ ...scope, enrollmentId: e.id, assessorId: assessor.id, conflict: null })).toEqual({ status: "assigned" });
  await setCalibrationNote({ ...scope, sessionId: session.id, note: "評分前以範例作品對照四級描述校準。" });
  const resources = JSON.parse((await db.assessmentSession.findUniqueOrThrow({ where: { id: session.id } })).resourcesJson) as string[];
  await confirmChecklist({ ...scope, sessionId: session.id, confirmed: resources });
  expect(await startSession({ ...scope, sessionId: session.id, overrideReason: null })).toEqual({ status: "started" });

  // An uploaded evidence file on E1, through the upload route (it stores the file).
  const { action: uploadAction } = await import("~/routes/assessor.enrollments.$enrollmentId.evidence");
  const t11 = (await getAssessorWorkspace({ assessorId: assessor.id, enrollmentId: e1.id }))!.result.scope.criteria.filter((c) => c.taskCode === "T1.1").map((c) => c.id);
  const upload = formOf({ taskCode: "T1.1", title: "經營社群媒體企畫書", workProductId: "wp-T1.1-O1.1.1", criterionId: t11 });
  upload.append("file", new File([PLAN_PDF], "企畫書.pdf", { type: "application/pdf" }));
  const uploadUrl = `${BASE}/assessor/enrollments/${e1.id}/evidence`;
  const uploaded = (await uploadAction({ request: await requestAs(assessor.id, uploadUrl, { method: "POST", body: upload }), params: { enrollmentId: e1.id }, context: {} })) as Response;
  expect(uploaded.status).toBe(302);
  const evidenceId = uploaded.headers.get("Location")!.split("#evidence-")[1]!;

  await scoreAndSignOff(assessor.id, e1.id, () => 3);
  await scoreAndSignOff(assessor.id, e2.id, (code) => (code === "P3.1.2" ? 1 : 3));
  expect(await releaseResults({ ...scope, sessionId: session.id })).toEqual({ released: 2 });

  const issued1 = await issueCertificate({ ...scope, enrollmentId: e1.id, baseUrl: BASE });
  const issued2 = await issueCertificate({ ...scope, enrollmentId: e2.id, baseUrl: BASE });
  if (issued1.status !== "issued" || issued2.status !== "issued") throw new Error(`certificates not issued: ${JSON.stringify([issued1, issued2])}`);

  expect((await lodgeAppeal({ candidateId: candidate2.id, enrollmentId: e2.id, reason: "改善方案已以紙本繳交，請求複查 P3.1.2 的評分。" })).status).toBe("lodged");
  const appeal = await db.appeal.findFirstOrThrow({ where: { enrollmentId: e2.id }, select: { id: true } });
  expect(await assignAppealReviewer({ ...scope, appealId: appeal.id, reviewerId: assessor2.id })).toEqual({ status: "assigned" });

  // The knowledge exam, in a session of its own whose assessment links the published paper, so that
  // E1 and E2 above stay as they were: candidate 1 has sat and submitted it (the short answer waits for
  // assessor 1, who is assigned to both), candidate 2 is enrolled and has not started.
  const examWorld = await examBeside({ ...scope, standardId: standard.id, candidateIds: [candidate.id, candidate2.id], assessorId: assessor.id, title: `${name} 筆試梯次` });
  const [examE1, examE2] = examWorld.enrollmentIds as [string, string];
  const exam = {
    blueprintId: examWorld.blueprintId,
    paperId: examWorld.paperId,
    itemId: examWorld.onPaper.Q001.itemId,
    revisionId: examWorld.onPaper.Q001.revisionId,
    shortAnswerRevisionId: examWorld.onPaper.Q005.revisionId,
    assessmentId: examWorld.assessmentId,
    versionId: examWorld.versionId,
    sessionId: examWorld.session.id,
    e1: examE1,
    e2: examE2,
    attemptId: await sitExam({ candidateId: candidate.id, enrollmentId: examE1, onPaper: examWorld.onPaper }),
  };

  return {
    institution, admin, assessor, assessor2, candidate, candidate2, spare, pending, setupToken: setup.token,
    standard, assessmentId: created.assessmentId, versionId: version.id, session, e1: e1.id, e2: e2.id, evidenceId,
    certificate1: issued1.certificate.number, certificate2: issued2.certificate.number, appealId: appeal.id, exam,
  };
}

/** Every id of an institution's records: none may appear on a page of the other institution. */
function idsOf(x: Built): string[] {
  return [
    x.institution.id, x.admin.id, x.assessor.id, x.assessor2.id, x.candidate.id, x.candidate2.id, x.spare.id, x.pending.id,
    x.standard.id, x.assessmentId, x.versionId, x.session.id, x.e1, x.e2, x.evidenceId, x.certificate1, x.certificate2, x.appealId,
    x.exam.blueprintId, x.exam.paperId, x.exam.itemId, x.exam.revisionId, x.exam.assessmentId, x.exam.versionId, x.exam.sessionId, x.exam.e1, x.exam.e2, x.exam.attemptId,
  ];
}

function actorUser(actor: Actor): string | null {
  switch (actor) {
    case "anonymous": return null;
    case "candidate": return A.candidate.id;
    case "candidate2": return A.candidate2.id;
    case "candidateB": return B.candidate.id;
    case "assessor": return A.assessor.id;
    case "assessor2": return A.assessor2.id;
    case "assessorB": return B.assessor.id;
    case "admin": return A.admin.id;
    case "adminB": return B.admin.id;
  }
}

/** What a signed-in user must never find on a page: the other institution's ids, another candidate's records. */
function forbiddenIds(actor: Actor): string[] {
  switch (actor) {
    case "anonymous": return [...idsOf(A), ...idsOf(B)];
    case "candidate": return [...idsOf(B), A.candidate2.id, A.e2, A.certificate2, A.appealId, A.evidenceId, A.exam.e2];
    case "candidate2": return [...idsOf(B), A.candidate.id, A.e1, A.certificate1, A.evidenceId, A.exam.e1, A.exam.attemptId];
    case "assessor2": return [...idsOf(B), A.e1, A.certificate1, A.evidenceId, A.exam.e1, A.exam.attemptId];
    case "candidateB": case "assessorB": case "adminB": return idsOf(A);
    default: return idsOf(B);
  }
}

// ---------------------------------------------------------------------------------------------
// The table: every route of the app

type Params = Record<string, string>;
interface ActionCase {
  /** A harmless body that reaches the route's ownership check; empty when there is none to reach. */
  body?: () => FormData;
  /** Where the action is aimed when it differs from the loader's record. */
  params?: () => Params;
  expect: Row;
}
interface Entry {
  /** Public by design: answers without login (no leak check: the page is the same for everyone). */
  public?: true;
  params?: () => Params;
  loader?: Row;
  action?: ActionCase;
  note?: string;
}

const empty = () => new FormData();

const ROUTES: Record<string, Entry> = {
  root: { public: true, loader: open(200), note: "layout: the signed-in user's name, or nobody" },
  "routes/_index": {
    loader: {
      anonymous: { status: 302, location: "/login" },
      candidate: { status: 302, location: "/me" }, candidate2: { status: 302, location: "/me" }, candidateB: { status: 302, location: "/me" },
      assessor: { status: 302, location: "/assessor" }, assessor2: { status: 302, location: "/assessor" }, assessorB: { status: 302, location: "/assessor" },
      admin: { status: 302, location: "/admin" }, adminB: { status: 302, location: "/admin" },
    },
    note: "home: each role to its own start page",
  },
  "routes/healthz": { public: true, loader: open(200) },
  "routes/login": {
    public: true,
    loader: {
      ...everyone(200),
      candidate: { status: 302, location: "/me" }, candidate2: { status: 302, location: "/me" }, candidateB: { status: 302, location: "/me" },
      assessor: { status: 302, location: "/assessor" }, assessor2: { status: 302, location: "/assessor" }, assessorB: { status: 302, location: "/assessor" },
      admin: { status: 302, location: "/admin" }, adminB: { status: 302, location: "/admin" },
    },
    action: { body: empty, expect: open(400) },
  },
  "routes/logout": {
    public: true,
    loader: open({ status: 302, location: "/" }),
    action: { body: empty, expect: open({ status: 302, location: "/login" }) },
  },
  "routes/set-password.$token": {
    public: true,
    params: () => ({ token: A.setupToken }),
    loader: open(200),
    action: { body: empty, expect: open(400) },
    note: "the one-time token is the authorisation",
  },
  "routes/verify._index": { public: true, loader: open(200), action: { body: empty, expect: open(400) } },
  "routes/verify.$number": { public: true, params: () => ({ number: A.certificate1 }), loader: open(200), note: "public verification by number" },
  "routes/account.password": { loader: signedIn(200), action: { body: empty, expect: signedIn(400) } },

  // Candidate
  "routes/me._index": { loader: roleList("candidate") },
  "routes/me.results.$enrollmentId": {
    params: () => ({ enrollmentId: A.e1 }),
    loader: roleOnly("candidate", 200, NOT_FOUND, NOT_FOUND),
    // E1 is competent: nothing to appeal (409); anyone else's enrolment does not exist for them.
    action: { body: () => formOf({ reason: "請求複查 P1.1.1 的評分，理由如附件。" }), expect: roleOnly("candidate", 409, NOT_FOUND, NOT_FOUND) },
  },
  "routes/me.certificates.$number": { params: () => ({ number: A.certificate1 }), loader: roleOnly("candidate", 200, NOT_FOUND, NOT_FOUND), note: "PDF" },
  "routes/me.exams.$enrollmentId": {
    params: () => ({ enrollmentId: A.exam.e1 }),
    loader: roleOnly("candidate", 200, NOT_FOUND, NOT_FOUND),
    // Candidate 1 has submitted the one attempt allowed: a new start is refused (409).
    action: { body: () => formOf({ intent: "start" }), expect: roleOnly("candidate", 409, NOT_FOUND, NOT_FOUND) },
    note: "the exam of the exam session's E1",
  },
  "routes/me.exams.$enrollmentId_.answer": {
    params: () => ({ enrollmentId: A.exam.e1 }),
    // One answer to candidate 1's attempt, which is submitted (409); the attempt is nobody else's (404).
    action: {
      body: () => formOf({ attemptId: A.exam.attemptId, revisionId: A.exam.revisionId, item: A.exam.revisionId, [`answer:${A.exam.revisionId}`]: "0" }),
      expect: roleOnly("candidate", 409, NOT_FOUND, NOT_FOUND),
    },
    note: "POST only: the exam page's per-answer save",
  },

  // Assessor
  "routes/assessor._index": { loader: roleList("assessor") },
  "routes/assessor.appeals": {
    loader: roleList("assessor"),
    // Only the appeal's reviewer (assessor2) may decide it; assessor 1 assessed the candidate.
    action: {
      body: () => formOf({ appealId: A.appealId, outcome: "dismissed", outcomeReason: "經調閱評量紀錄，維持原評分。" }),
      expect: roleOnly("assessor", NOT_FOUND, NOT_FOUND, 200),
    },
  },
  "routes/assessor.sessions.$sessionId": { params: () => ({ sessionId: A.session.id }), loader: roleOnly("assessor", 200, NOT_FOUND, NOT_FOUND) },
  "routes/assessor.enrollments.$enrollmentId": {
    params: () => ({ enrollmentId: A.e1 }),
    loader: roleOnly("assessor", 200, NOT_FOUND, NOT_FOUND),
    action: {
      body: () => formOf({ intent: "evidence", kind: "note", taskCode: "T1.1", title: "補充紀錄", body: "受評者補充說明企畫書的目標設定。" }),
      expect: roleOnly("assessor", 200, NOT_FOUND, NOT_FOUND),
    },
  },
  "routes/assessor.enrollments.$enrollmentId.evidence": {
    params: () => ({ enrollmentId: A.e1 }),
    loader: everyone(NOT_FOUND),
    action: { body: empty, expect: roleOnly("assessor", 400, NOT_FOUND, NOT_FOUND) },
    note: "upload only (POST); GET answers 404 to everyone",
  },
  "routes/assessor.exams._index": { loader: roleList("assessor") },
  "routes/assessor.exams.$enrollmentId": {
    params: () => ({ enrollmentId: A.exam.e1 }),
    loader: roleOnly("assessor", 200, NOT_FOUND, NOT_FOUND),
    action: {
      body: () => formOf({ intent: "score", revisionId: A.exam.shortAnswerRevisionId, points: "15", comment: "原因合理，改善做法略嫌籠統" }),
      expect: roleOnly("assessor", 200, NOT_FOUND, NOT_FOUND),
    },
    note: "action scores E1's short answer; only the assigned assessor",
  },
  "routes/evidence.$evidenceId.file": {
    params: () => ({ evidenceId: A.evidenceId }),
    loader: { ...everyone(NOT_FOUND), anonymous: "login", assessor: 200, admin: 200 },
    note: "file download: the assigned assessor and the institution's admin only",
  },

  // Admin
  "routes/admin._index": { loader: roleList("admin") },
  "routes/admin.users._index": { loader: roleList("admin") },
  "routes/admin.users.new": { loader: roleList("admin"), action: { body: empty, expect: roleList("admin", 400) } },
  "routes/admin.users.$userId": {
    params: () => ({ userId: A.spare.id }),
    loader: roleOnly("admin", 200),
    action: { body: empty, expect: roleOnly("admin", 200) },
    note: "action issues a new password link",
  },
  "routes/admin.standards._index": { loader: roleList("admin") },
  "routes/admin.standards.import": { loader: roleList("admin"), action: { body: empty, expect: roleList("admin", 400) } },
  "routes/admin.standards.$standardId": {
    params: () => ({ standardId: A.standard.id }),
    loader: roleOnly("admin", 200),
    action: { body: empty, expect: roleOnly("admin", 409) },
    note: "action deletes; A's standard is in use (409)",
  },
  "routes/admin.assessments._index": { loader: roleList("admin") },
  "routes/admin.assessments.new": {
    loader: roleList("admin"),
    action: {
      body: () => formOf({ standardId: A.standard.id, title: "矩陣測試評量", taskCodes: "T1.1", scaleId: defaultScale.id }),
      expect: roleOnly("admin", 302),
    },
    note: "action with A's standard id: B's admin gets 404",
  },
  "routes/admin.assessments.$assessmentId._index": { params: () => ({ assessmentId: A.assessmentId }), loader: roleOnly("admin", 200) },
  "routes/admin.assessments.$assessmentId.versions.new": {
    params: () => ({ assessmentId: A.assessmentId }),
    loader: everyone(NOT_FOUND),
    action: { body: empty, expect: roleOnly("admin", 302) },
    note: "POST only: a new draft version",
  },
  "routes/admin.assessments.$assessmentId.versions.$version": {
    params: () => ({ assessmentId: A.assessmentId, version: "1" }),
    loader: roleOnly("admin", 200),
    action: { body: empty, expect: roleOnly("admin", 409) },
    note: "version 1 is published: edits refused (409)",
  },
  "routes/admin.assessments.$assessmentId.versions.$version.instrument[.pdf]": {
    params: () => ({ assessmentId: A.assessmentId, version: "1" }),
    loader: roleOnly("admin", 200),
    note: "PDF",
  },
  "routes/admin.sessions._index": { loader: roleList("admin") },
  "routes/admin.sessions.new": {
    loader: roleList("admin"),
    action: {
      body: () => formOf({ assessmentVersionId: A.versionId, title: "矩陣測試場次", startsAt: "2026-12-01T09:00", endsAt: "", place: "模擬職場", scenario: "", appealDays: "14" }),
      expect: roleOnly("admin", 302),
    },
    note: "action with A's assessment version: B's admin gets 404",
  },
  "routes/admin.sessions.$sessionId": {
    params: () => ({ sessionId: A.session.id }),
    loader: roleOnly("admin", 200),
    action: { body: () => formOf({ intent: "calibration", note: "矩陣測試：校準紀錄。" }), expect: roleOnly("admin", 200) },
  },
  "routes/admin.sessions.$sessionId.enrol-csv": {
    params: () => ({ sessionId: A.session.id }),
    loader: roleOnly("admin", 200),
    action: { body: empty, expect: roleOnly("admin", 400) },
  },
  "routes/admin.sessions.$sessionId_.certificates": {
    params: () => ({ sessionId: A.session.id }),
    loader: roleOnly("admin", 200),
    action: { body: () => formOf({ intent: "issue", enrollmentId: A.e1 }), expect: roleOnly("admin", 200) },
    note: "action: E1 already has its certificate",
  },
  "routes/admin.sessions.$sessionId_.certificates[.zip]": { params: () => ({ sessionId: A.session.id }), loader: roleOnly("admin", 200), note: "ZIP" },
  "routes/admin.sessions.$sessionId_.exam": {
    params: () => ({ sessionId: A.exam.sessionId }),
    loader: roleOnly("admin", 200),
    // The window as it is (open since 2025, no close): saved again, nothing changes for the candidates.
    action: { body: () => formOf({ intent: "window", opensAt: "2025-01-01T09:00", closesAt: "", mode: "online" }), expect: roleOnly("admin", 200) },
  },
  "routes/admin.certificates._index": { loader: roleList("admin") },
  "routes/admin.certificates.$number": {
    params: () => ({ number: A.certificate1 }),
    loader: roleOnly("admin", 200),
    action: { params: () => ({ number: A.certificate2 }), body: () => formOf({ intent: "revoke", reason: "矩陣測試：撤銷結果報告。" }), expect: roleOnly("admin", 200) },
    note: "action revokes (aimed at C2)",
  },
  "routes/admin.certificates.$number_.pdf": { params: () => ({ number: A.certificate1 }), loader: roleOnly("admin", 200), note: "PDF" },
  "routes/admin.exams._index": { loader: roleList("admin") },
  "routes/admin.exams.template": { loader: roleList("admin"), note: "XLSX; no ids" },
  "routes/admin.exams.$standardId": {
    params: () => ({ standardId: A.standard.id }),
    loader: roleOnly("admin", 200),
    action: { body: () => formOf({ intent: "import" }), expect: roleOnly("admin", 400) },
    note: "action: an import without a file (400); B's admin gets 404 for A's bank",
  },
  "routes/admin.exams.$standardId_.export": { params: () => ({ standardId: A.standard.id }), loader: roleOnly("admin", 200), note: "XLSX" },
  "routes/admin.exams.$standardId_.items.$itemId": {
    params: () => ({ standardId: A.standard.id, itemId: A.exam.itemId }),
    loader: roleOnly("admin", 200),
    action: { body: empty, expect: roleOnly("admin", 422) },
    note: "action with no fields: the row's problems (422)",
  },
  "routes/admin.exams.blueprints.$blueprintId": {
    params: () => ({ blueprintId: A.exam.blueprintId }),
    loader: roleOnly("admin", 200),
    action: { body: empty, expect: roleOnly("admin", 400) },
    note: "action without an intent (400)",
  },
  "routes/admin.exams.papers.$paperId": {
    params: () => ({ paperId: A.exam.paperId }),
    loader: roleOnly("admin", 200),
    action: { body: () => formOf({ intent: "publish" }), expect: roleOnly("admin", 409) },
    note: "action: the paper is already published (409)",
  },
  "routes/admin.exams.papers.$paperId_.pdf": { params: () => ({ paperId: A.exam.paperId }), loader: roleOnly("admin", 200), note: "PDF" },
  "routes/admin.exams.papers.$paperId_.analysis": { params: () => ({ paperId: A.exam.paperId }), loader: roleOnly("admin", 200) },
  "routes/admin.exams.papers.$paperId_.analysis-export": { params: () => ({ paperId: A.exam.paperId }), loader: roleOnly("admin", 200), note: "XLSX" },
  "routes/admin.appeals": {
    loader: roleList("admin"),
    action: { body: () => formOf({ appealId: A.appealId, reviewerId: A.assessor2.id }), expect: roleOnly("admin", 200) },
    note: "action with A's appeal id: B's admin gets 404",
  },
};

// ---------------------------------------------------------------------------------------------
// Running a loader or action

interface Outcome {
  status: number;
  location?: string | null;
  data?: unknown;
  error?: string;
}

function urlFor(pattern: string, params: Params): string {
  const pathname = pattern.replace(/:(\w+)\??/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(params[name]!);
  });
  return `${BASE}${pathname}`;
}

type RouteFunction = (args: { request: Request; params: Params; context: typeof MATRIX_CONTEXT }) => unknown;

async function run(fn: RouteFunction, request: Request, params: Params): Promise<Outcome> {
  const settle = async (value: unknown): Promise<Outcome> => {
    if (value instanceof Response) {
      // Read resource bodies (PDF, ZIP, file): a failure while producing them shows here.
      if (value.status === 200 && value.body) await value.arrayBuffer();
      return { status: value.status, location: value.headers.get("Location") };
    }
    if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
      const { data, init } = value as { data: unknown; init: ResponseInit | null };
      const headers = new Headers(init?.headers);
      return { status: init?.status ?? 200, data, location: headers.get("Location") };
    }
    return { status: 200, data: value };
  };
  try {
    return await settle(await fn({ request, params, context: MATRIX_CONTEXT }));
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    return { status: 500, error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) };
  }
}

function describeExpected(expected: Expected): string {
  if (expected === "login") return "302→login";
  if (typeof expected === "number") return String(expected);
  return `${expected.status}→${expected.location}`;
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.error) return `500 (${outcome.error})`;
  return outcome.location ? `${outcome.status}→${outcome.location}` : String(outcome.status);
}

function matches(expected: Expected, outcome: Outcome, url: string): boolean {
  if (outcome.error) return false;
  if (expected === "login") {
    const { pathname, search } = new URL(url);
    return outcome.status === 302 && outcome.location === `/login?redirectTo=${encodeURIComponent(pathname + search)}`;
  }
  if (typeof expected === "number") {
    // A plain status: a redirect somewhere other than the login page is fine; the login page is not.
    return outcome.status === expected && !(outcome.location ?? "").startsWith("/login");
  }
  return outcome.status === expected.status && outcome.location === expected.location;
}

const modules = new Map<string, Record<string, unknown>>();
async function routeModule(route: RouteInfo) {
  if (!modules.has(route.id)) modules.set(route.id, await import(/* @vite-ignore */ path.resolve("app", route.file)));
  return modules.get(route.id)!;
}

/** Runs one row; returns the cells that differ, and the leaks found on 200 pages. */
async function runRow(route: RouteInfo, entry: Entry, kind: "loader" | "action", row: Row, params: Params, body?: () => FormData) {
  const fn = (await routeModule(route))[kind] as RouteFunction;
  const url = urlFor(route.pattern, params);
  const wrong: string[] = [];
  const leaks: string[] = [];
  const seen: Record<string, string> = {};
  for (const actor of ACTORS) {
    const init: RequestInit = kind === "action" ? { method: "POST", body: (body ?? empty)() } : {};
    const outcome = await run(fn, await requestAs(actorUser(actor), url, init), params);
    seen[actor] = describeOutcome(outcome);
    if (!matches(row[actor], outcome, url)) wrong.push(`${actor}: expected ${describeExpected(row[actor])}, got ${describeOutcome(outcome)}`);
    if (kind === "loader" && !entry.public && outcome.status === 200 && outcome.data !== undefined) {
      const text = JSON.stringify(outcome.data) ?? "";
      const found = forbiddenIds(actor).filter((id) => text.includes(id));
      if (found.length) leaks.push(`${actor} sees ${found.join(", ")}`);
    }
  }
  return { url, wrong, leaks, seen };
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  A = await buildInstitution("甲職能訓練中心");
  B = await buildInstitution("乙職能發展協會");
}, 60_000);

describe("the route table covers the app's routes", () => {
  it("lists the routes Remix serves (remix routes --json)", () => {
    expect(ROUTE_LIST.length).toBeGreaterThan(30);
    expect(ROUTE_LIST.map((r) => r.id)).toContain("routes/login");
  });

  for (const route of ROUTE_LIST) {
    it(`${route.id} (${route.pattern}) has an entry, matching what the module exports`, async () => {
      const entry = ROUTES[route.id];
      if (!entry) {
        expect.fail(
          `Route ${route.id} (${route.pattern}, app/${route.file}) has no entry in ROUTES in tests/security/route-matrix.test.ts: ` +
            "add one saying who may open it (and post to it).",
        );
      }
      const mod = await routeModule(route);
      expect(typeof mod.loader === "function", `${route.id} ${mod.loader ? "exports" : "does not export"} a loader, the table ${entry.loader ? "has" : "has no"} loader row`).toBe(Boolean(entry.loader));
      expect(typeof mod.action === "function", `${route.id} ${mod.action ? "exports" : "does not export"} an action, the table ${entry.action ? "has" : "has no"} action row`).toBe(Boolean(entry.action));
      const params = [...route.pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(Object.keys(entry.params?.() ?? {}).sort(), `${route.id}: params for ${route.pattern}`).toEqual(params.sort());
    });
  }

  it("has no entries for routes that no longer exist", () => {
    const ids = new Set(ROUTE_LIST.map((r) => r.id));
    expect(Object.keys(ROUTES).filter((id) => !ids.has(id)), "stale entries in ROUTES").toEqual([]);
  });
});

const summary: string[] = [];

describe("loaders (GET): every route × every visitor", () => {
  for (const route of ROUTE_LIST) {
    const entry = ROUTES[route.id];
    if (!entry?.loader) continue;
    it(`GET ${route.pattern} (${route.id})`, async () => {
      const { url, wrong, leaks, seen } = await runRow(route, entry, "loader", entry.loader!, entry.params?.() ?? {});
      summary.push(`GET  ${route.pattern} [${route.id}]${entry.note ? ` (${entry.note})` : ""}: ${ACTORS.map((a) => `${a}=${seen[a]}`).join(" ")}`);
      expect(wrong, `GET ${url}`).toEqual([]);
      expect(leaks, `GET ${url}: ids of records this user may not see`).toEqual([]);
    });
  }
});

describe("actions (POST): every route × every visitor", () => {
  for (const route of ROUTE_LIST) {
    const entry = ROUTES[route.id];
    if (!entry?.action) continue;
    it(`POST ${route.pattern} (${route.id})`, async () => {
      const action = entry.action!;
      const params = action.params?.() ?? entry.params?.() ?? {};
      const { url, wrong, seen } = await runRow(route, entry, "action", action.expect, params, action.body);
      summary.push(`POST ${route.pattern} [${route.id}]: ${ACTORS.map((a) => `${a}=${seen[a]}`).join(" ")}`);
      expect(wrong, `POST ${url}`).toEqual([]);
    });
  }

  it("changed nothing for anyone refused (404): the other institution's records are as they were", async () => {
    // B's admin was refused everywhere above; B's own records were never the target of anything.
    // Two of each: the demo assessment's and the exam's (examBeside).
    expect(await db.assessment.count({ where: { institutionId: B.institution.id } })).toBe(2);
    expect(await db.assessmentSession.count({ where: { institutionId: B.institution.id } })).toBe(2);
    expect(await db.examItem.count({ where: { standardId: B.standard.id } })).toBe(BANK.length);
    expect(await db.examBlueprint.count({ where: { institutionId: B.institution.id } })).toBe(1);
    expect(await db.examPaper.count({ where: { institutionId: B.institution.id } })).toBe(1);
    expect(await db.examAttemptGrant.count({ where: { enrollmentId: { in: [B.exam.e1, B.exam.e2] } } })).toBe(0);
    expect(await db.examAnswer.findUniqueOrThrow({ where: { attemptId_revisionId: { attemptId: B.exam.attemptId, revisionId: B.exam.shortAnswerRevisionId } } })).toMatchObject({ manualPoints: null });
    expect((await db.assessmentSession.findUniqueOrThrow({ where: { id: B.exam.sessionId } })).examOpensAt).not.toEqual(new Date("2025-01-01T09:00:00+08:00"));
    expect(await db.appeal.findUniqueOrThrow({ where: { id: B.appealId } })).toMatchObject({ outcome: null });
    // The reviewer's decision and the revocation, made by the right users, did happen.
    expect(await db.appeal.findUniqueOrThrow({ where: { id: A.appealId } })).toMatchObject({ outcome: "dismissed", reviewerId: A.assessor2.id });
    expect((await db.certificate.findUniqueOrThrow({ where: { number: A.certificate2 } })).revokedAt).not.toBeNull();
    expect((await db.certificate.findUniqueOrThrow({ where: { number: A.certificate1 } })).revokedAt).toBeNull();
    expect(await db.examAnswer.findUniqueOrThrow({ where: { attemptId_revisionId: { attemptId: A.exam.attemptId, revisionId: A.exam.shortAnswerRevisionId } } })).toMatchObject({ manualPoints: 15, scoredById: A.assessor.id });
    expect((await db.assessmentSession.findUniqueOrThrow({ where: { id: A.exam.sessionId } })).examOpensAt).toEqual(new Date("2025-01-01T09:00:00+08:00"));
    // ROUTE_MATRIX_PRINT=1 npx vitest run tests/security/route-matrix.test.ts prints what every visitor got.
    if (process.env.ROUTE_MATRIX_PRINT) console.log(summary.join("\n"));
  });
});
