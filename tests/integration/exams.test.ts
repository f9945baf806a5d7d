import { describe, expect, it } from "vitest";
import { bankRowsToCsv } from "~/domain/exam/bank-file";
import type { Response as ExamResponse } from "~/domain/exam/types";
import { getExamMarking, getCandidateExam, listSessionExam, saveExamAnswers, scoreShortAnswer, startExamAttempt, submitExamAttempt } from "~/models/exam-attempt.server";
import { assembleFromBlueprint, examLinkOf, getPaper, type PaperView } from "~/models/exam-paper.server";
import { getAssessorWorkspace, listAssessorEnrollments, signOff } from "~/models/scoring.server";
import { releaseResults } from "~/models/session.server";
import { loader as versionLoader } from "~/routes/admin.assessments.$assessmentId.versions.$version/route";
import { loader as bankLoader, action as bankAction } from "~/routes/admin.exams.$standardId";
import { loader as itemLoader, action as itemAction } from "~/routes/admin.exams.$standardId_.items.$itemId";
import { loader as blueprintLoader } from "~/routes/admin.exams.blueprints.$blueprintId";
import { loader as paperLoader, action as paperAction } from "~/routes/admin.exams.papers.$paperId";
import { loader as analysisLoader } from "~/routes/admin.exams.papers.$paperId_.analysis";
import { loader as sessionExamLoader, action as sessionExamAction } from "~/routes/admin.sessions.$sessionId_.exam";
import { loader as markingLoader, action as markingAction } from "~/routes/assessor.exams.$enrollmentId";
import { loader as candidateExamLoader, action as candidateExamAction } from "~/routes/me.exams.$enrollmentId";
import { action as candidateAnswerAction } from "~/routes/me.exams.$enrollmentId_.answer";
import { listSessionAudit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { writeXlsx } from "~/utils/spreadsheet.server";
import { BANK, DURATION_MINUTES, PAPER_TITLE, SHORT_ANSWER_TEXT, bankFileHeader, bankFileRow, examSession, type ExamWorld } from "../support/exam-scenario";
import { createInstitution, createUser, requestAs } from "../support/factories";
import { BASE, answer, args, formOf, post, recordEvidence, scoreCriteria } from "../support/session-scenario";

/*
 * The knowledge exam (筆試, DESIGN §5) on the KMC2431-009v2 社群媒體經營人員 assessment: a bank of six
 * items on K01–K05, a 雙向細目表 of five 20-point cells (100 points, pass 60, 40 minutes), one published
 * form linked to the published version with "exam passed" in the decision rule, and a session whose
 * exam window opened yesterday. Candidates, assessors and admins go through the routes where the
 * browser would; the clock is moved with the models' `now` argument.
 */

type Label = "Q001" | "Q002" | "Q003" | "Q004" | "Q005";
const CHOICE_LABELS = ["Q001", "Q002", "Q003", "Q004"] as const;

/** Every explanation and model answer of the bank: none may reach a candidate before release. */
const SECRETS = BANK.flatMap((b) => [b.explanation, b.modelAnswer]).filter((s): s is string => s !== null);
/** Field names that would carry the key, the marking or a score. */
const KEY_FIELDS = /"(key|keyJson|keys|correct|isCorrect|answerKey|explanation|modelAnswer|earned|percent|passed|manualPoints)"\s*:/;

function expectNoKey(data: unknown) {
  const json = JSON.stringify(data);
  for (const secret of SECRETS) expect(json, `leaks 「${secret.slice(0, 20)}…」`).not.toContain(secret);
  expect(json).not.toMatch(KEY_FIELDS);
}

const examUrl = (enrollmentId: string) => `${BASE}/me/exams/${enrollmentId}`;

async function candidatePage(userId: string, enrollmentId: string) {
  return answer(async () => candidateExamLoader(args(await requestAs(userId, examUrl(enrollmentId)), { enrollmentId })));
}

async function candidatePost(userId: string, enrollmentId: string, entries: Record<string, string | string[]>) {
  return answer(async () => candidateExamAction(args(await requestAs(userId, examUrl(enrollmentId), post(formOf(entries))), { enrollmentId })));
}

/** What the exam page's fetcher posts for one answer (the answer endpoint beside the page). */
async function candidateAnswer(userId: string, enrollmentId: string, entries: Record<string, string | string[]>) {
  const result = await answer(async () => candidateAnswerAction(args(await requestAs(userId, `${examUrl(enrollmentId)}/answer`, post(formOf(entries))), { enrollmentId })));
  // A resource route answers with JSON: read it like the fetcher does.
  const json = result.response?.headers.get("Content-Type")?.includes("json") ? await result.response.json() : undefined;
  return { ...result, data: result.data ?? json };
}

/** The form fields the exam page sends for these answers (`answer:<revisionId>` per option, `text:<revisionId>`). */
function answerFields(answers: { revisionId: string; response: ExamResponse }[]) {
  const fields: Record<string, string | string[]> = { item: answers.map((a) => a.revisionId) };
  for (const a of answers) {
    if (a.response.kind === "text") fields[`text:${a.revisionId}`] = a.response.text;
    else fields[`answer:${a.revisionId}`] = a.response.selected.map(String);
  }
  return fields;
}

/** Answers to the paper's five items: the key in force unless `chosen` says otherwise; Q005 written. */
function answersTo(world: ExamWorld, chosen: Partial<Record<Label, number[]>> = {}, text = SHORT_ANSWER_TEXT) {
  const answers: { revisionId: string; response: ExamResponse }[] = CHOICE_LABELS.map((l) => ({
    revisionId: world.onPaper[l].revisionId,
    response: { kind: "choice", selected: chosen[l] ?? world.onPaper[l].key },
  }));
  answers.push({ revisionId: world.onPaper.Q005.revisionId, response: { kind: "text", text } });
  return answers;
}

async function sitAndSubmit(world: ExamWorld, index: number, answers: { revisionId: string; response: ExamResponse }[]) {
  const candidateId = world.candidates[index]!.id;
  const enrollmentId = world.enrollments[index]!.id;
  const started = await startExamAttempt({ candidateId, enrollmentId });
  if (started.status !== "started") throw new Error(`not started: ${JSON.stringify(started)}`);
  expect(await saveExamAnswers({ candidateId, attemptId: started.attemptId, answers })).toMatchObject({ status: "saved" });
  expect(await submitExamAttempt({ candidateId, attemptId: started.attemptId })).toEqual({ status: "submitted" });
  return started.attemptId;
}

async function storedAnswers(attemptId: string) {
  const rows = await db.examAnswer.findMany({ where: { attemptId }, select: { revisionId: true, responseJson: true } });
  return Object.fromEntries(rows.map((r) => [r.revisionId, JSON.parse(r.responseJson) as ExamResponse]));
}

/** The session's exam page as the admin sees it: per enrolment, the outcome and pending short answers. */
async function sessionExam(world: ExamWorld) {
  const page = await answer(async () => sessionExamLoader(args(await requestAs(world.admin.id, `${BASE}/admin/sessions/${world.session.id}/exam`), { sessionId: world.session.id })));
  expect(page.status).toBe(200);
  return page.data as Awaited<ReturnType<typeof listSessionExam>> & {};
}

async function outcomeOf(world: ExamWorld, index: number) {
  const row = (await sessionExam(world)).rows.find((r) => r.enrollmentId === world.enrollments[index]!.id)!;
  return { ...row.outcome, pendingManual: row.pendingManual };
}

async function scoreShortAnswerAs(assessorId: string, enrollmentId: string, revisionId: string, points: string, comment: string) {
  const url = `${BASE}/assessor/exams/${enrollmentId}`;
  return answer(async () => markingAction(args(await requestAs(assessorId, url, post(formOf({ intent: "score", revisionId, points, comment }))), { enrollmentId })));
}

async function decisionOf(assessorId: string, enrollmentId: string) {
  return (await getAssessorWorkspace({ assessorId, enrollmentId }))!.result.decision;
}

const minutesAfter = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000);

// ---------------------------------------------------------------------------------------------

describe("the key never reaches a candidate before the result is released", () => {
  it("the exam page carries no key, explanation, model answer or score before starting, while sitting and after submitting; the review with keys appears on release", async () => {
    const world = await examSession();
    const candidate = world.candidates[0]!;
    const enrollmentId = world.enrollments[0]!.id;

    // Before starting: the paper's title and rules, nothing of its items.
    const before = await candidatePage(candidate.id, enrollmentId);
    expect(before.status).toBe(200);
    expect(before.data).toMatchObject({ state: "open", sitting: null, review: null, exam: { title: PAPER_TITLE, durationMinutes: DURATION_MINUTES, totalPoints: 100, passMark: 60 } });
    expectNoKey(before.data);

    const started = await candidatePost(candidate.id, enrollmentId, { intent: "start" });
    expect(started.status).toBe(302);
    expect(started.response!.headers.get("Location")).toBe(`/me/exams/${enrollmentId}`);

    // Sitting: every stem and option is on the page (so the page is not just empty), no key.
    const sitting = await candidatePage(candidate.id, enrollmentId);
    expect(sitting.data.state).toBe("in_progress");
    const json = JSON.stringify(sitting.data);
    for (const item of BANK.slice(0, 5)) {
      expect(json).toContain(item.stem);
      for (const option of item.options) expect(json).toContain(option);
    }
    expect(json).not.toContain(BANK[5]!.stem); // Q006 is in the bank, not on the paper
    expect(sitting.data.sitting.items).toHaveLength(5);
    expectNoKey(sitting.data);

    // Answers saved as given come back as the candidate's own, still without the key.
    const attemptId = sitting.data.sitting.attemptId as string;
    const saved = await candidatePost(candidate.id, enrollmentId, { intent: "save", attemptId, ...answerFields(answersTo(world)) });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ ok: true, message: "已儲存 5 題答案。" });
    const answered = await candidatePage(candidate.id, enrollmentId);
    expect(answered.data.sitting.items.map((i: { response: unknown }) => i.response)).not.toContain(null);
    expectNoKey(answered.data);

    // Submitted, not yet released: finished, no review, no score.
    const submitted = await candidatePost(candidate.id, enrollmentId, { intent: "submit", attemptId });
    expect(submitted.data).toMatchObject({ ok: true });
    const waiting = await candidatePage(candidate.id, enrollmentId);
    expect(waiting.data).toMatchObject({ state: "finished", sitting: null, review: null });
    expect(waiting.data.submittedAt).not.toBeNull();
    expectNoKey(waiting.data);

    // The assessor scores the short answer, the rubric is scored and signed off, the result released.
    const assessorId = world.assessors[0]!.id;
    expect(await scoreShortAnswer({ assessorId, enrollmentId, revisionId: world.onPaper.Q005.revisionId, points: 20, comment: "兩項原因與對應做法均合理" })).toEqual({ status: "saved" });
    await recordEvidence(assessorId, enrollmentId);
    await scoreCriteria(assessorId, enrollmentId, () => 4);
    expect(await signOff({ assessorId, enrollmentId, note: null })).toEqual({ status: "signed_off" });
    expect(await releaseResults({ ...world.scope, sessionId: world.session.id })).toEqual({ released: 1 });

    const released = await candidatePage(candidate.id, enrollmentId);
    const review = released.data.review;
    expect(review).toMatchObject({ earned: 100, max: 100, percent: 100, passed: true });
    for (const l of CHOICE_LABELS) {
      const item = review.items.find((i: { stem: string }) => i.stem === world.onPaper[l].content.stem);
      expect(item.key).toEqual(world.onPaper[l].key);
      expect(item.explanation).toBe(world.onPaper[l].content.explanation);
    }
    expect(review.items.find((i: { type: string }) => i.type === "short_answer").modelAnswer).toBe(world.onPaper.Q005.content.modelAnswer);
  });
});

describe("the answer endpoint the exam page saves each answer to", () => {
  it("acknowledges an answer it stored, refuses an option the item does not have, and refuses after the final submission", async () => {
    const world = await examSession();
    const candidateId = world.candidates[0]!.id;
    const enrollmentId = world.enrollments[0]!.id;
    const started = await startExamAttempt({ candidateId, enrollmentId });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    const { Q001 } = world.onPaper;
    const fields = (selected: string) => ({ attemptId: started.attemptId, revisionId: Q001.revisionId, item: Q001.revisionId, [`answer:${Q001.revisionId}`]: selected });

    const saved = await candidateAnswer(candidateId, enrollmentId, fields(String(Q001.key[0])));
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ ok: true, message: "已儲存" });
    expect(await storedAnswers(started.attemptId)).toEqual({ [Q001.revisionId]: { kind: "choice", selected: Q001.key } });

    const bad = await candidateAnswer(candidateId, enrollmentId, fields("7"));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ ok: false, errors: [expect.stringContaining("選項")] });

    expect(await submitExamAttempt({ candidateId, attemptId: started.attemptId })).toEqual({ status: "submitted" });
    const late = await candidateAnswer(candidateId, enrollmentId, fields(String((Q001.key[0]! + 1) % 4)));
    expect(late.status).toBe(409);
    expect(late.data).toMatchObject({ ok: false, errors: [expect.stringContaining("已交卷")] });
    expect(await storedAnswers(started.attemptId)).toEqual({ [Q001.revisionId]: { kind: "choice", selected: Q001.key } });
  });
});

describe("the assessor's session list", () => {
  it("links each candidate's exam marking page when the session's version has an exam (sessions.test: none without)", async () => {
    const world = await examSession();
    expect((await listAssessorEnrollments({ assessorId: world.assessors[0]!.id, sessionId: world.session.id }))!.hasExam).toBe(true);
  });
});

describe("an exam the rule does not require", () => {
  it("waits for nobody at sign-off, and cannot be started once the result is signed off", async () => {
    const world = await examSession({ requirePass: false });
    const assessorId = world.assessors[0]!.id;
    const enrollmentId = world.enrollments[0]!.id;
    await recordEvidence(assessorId, enrollmentId);
    await scoreCriteria(assessorId, enrollmentId, () => 4);
    expect(await signOff({ assessorId, enrollmentId, note: null })).toEqual({ status: "signed_off" });
    const late = await startExamAttempt({ candidateId: world.candidates[0]!.id, enrollmentId });
    expect(late).toEqual({ status: "refused", message: expect.stringContaining("已簽核") });
    expect(await db.examAttempt.count({ where: { enrollmentId } })).toBe(0);
  });
});

describe("what a version records of a linked paper", () => {
  it("counts, per K code, the items of the form with the fewest, so a code one form leaves out counts 0", () => {
    const item = (codes: string[]) => ({ content: { codes } });
    const paper = {
      id: "p1",
      title: "知識測驗",
      contentHash: "h",
      formLabels: ["A", "B"],
      totalPoints: 100,
      passMark: 60,
      durationMinutes: 40,
      forms: [
        { label: "A", items: [item(["K01"]), item(["K01", "S02"]), item(["K02"])] },
        { label: "B", items: [item(["K01"]), item(["K03"])] },
      ],
    } as unknown as PaperView;
    expect(examLinkOf(paper).itemsByCode).toEqual({ K01: 1, K02: 0, K03: 0 });
  });
});

describe("a candidate who does not sit a required exam", () => {
  it("is recorded absent with an empty answer sheet: 0 points, not passed, and the result can be decided", async () => {
    const world = await examSession({ mode: "paper" });
    const assessorId = world.assessors[0]!.id;
    const enrollmentId = world.enrollments[0]!.id;
    expect((await decisionOf(assessorId, enrollmentId)).exam).toMatchObject({ earned: null, passed: null });
    const url = `${BASE}/assessor/exams/${enrollmentId}`;
    const absent = await answer(async () => markingAction(args(await requestAs(assessorId, url, post(formOf({ intent: "paper", form: "A" }))), { enrollmentId })));
    expect(absent.status).toBe(200);
    const decision = await decisionOf(assessorId, enrollmentId);
    expect(decision.exam).toMatchObject({ earned: 0, passed: false });
    expect(decision.conditions.find((c) => c.kind === "exam_pass")!.passed).toBe(false);
  });
});

describe("the assessor's view of an online attempt", () => {
  it("shows the items and options in the order this candidate saw them", async () => {
    const world = await examSession();
    const candidateId = world.candidates[0]!.id;
    const enrollmentId = world.enrollments[0]!.id;
    const started = await startExamAttempt({ candidateId, enrollmentId });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    const sitting = (await getCandidateExam({ candidateId, enrollmentId }))!.sitting!;
    expect(await submitExamAttempt({ candidateId, attemptId: started.attemptId })).toEqual({ status: "submitted" });
    const marking = (await getExamMarking({ assessorId: world.assessors[0]!.id, enrollmentId }))!;
    expect(marking.items.map((i) => [i.position, i.revisionId, i.shownOptions])).toEqual(sitting.items.map((i) => [i.position, i.revisionId, i.options.map((o) => o.index)]));
  });
});

describe("the server's clock ends the exam", () => {
  it("refuses an answer and a submission after the time limit with a message; the answers saved in time stand and count", async () => {
    const world = await examSession();
    const candidateId = world.candidates[0]!.id;
    const enrollmentId = world.enrollments[0]!.id;
    const startedAt = new Date(Date.now() - 2 * 3600_000);
    const started = await startExamAttempt({ candidateId, enrollmentId, now: startedAt });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    const attemptId = started.attemptId;
    const attempt = await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt.deadlineAt).toEqual(minutesAfter(startedAt, DURATION_MINUTES));

    const { Q001, Q002, Q003 } = world.onPaper;
    const choice = (revisionId: string, selected: number[]) => ({ revisionId, response: { kind: "choice" as const, selected } });
    expect(await saveExamAnswers({ candidateId, attemptId, answers: [choice(Q001.revisionId, Q001.key)], now: minutesAfter(startedAt, 5) })).toMatchObject({ status: "saved" });
    expect(await saveExamAnswers({ candidateId, attemptId, answers: [choice(Q003.revisionId, Q003.key)], now: minutesAfter(startedAt, 39) })).toMatchObject({ status: "saved" });

    // At the deadline and after it: refused, with the reason, and nothing changes.
    for (const minute of [DURATION_MINUTES, DURATION_MINUTES + 1]) {
      const late = await saveExamAnswers({ candidateId, attemptId, answers: [choice(Q002.revisionId, Q002.key), choice(Q001.revisionId, [3])], now: minutesAfter(startedAt, minute) });
      expect(late.status).toBe("time_up");
      expect(late).toMatchObject({ message: expect.stringContaining("作答時間已到") });
    }
    expect(await storedAnswers(attemptId)).toEqual({
      [Q001.revisionId]: { kind: "choice", selected: Q001.key },
      [Q003.revisionId]: { kind: "choice", selected: Q003.key },
    });

    const lateSubmit = await submitExamAttempt({ candidateId, attemptId, now: minutesAfter(startedAt, DURATION_MINUTES + 1) });
    expect(lateSubmit).toEqual({ status: "already", message: expect.stringContaining("作答時間已到") });

    // The attempt is final at its deadline: the page says finished, a new start is refused.
    const page = await getCandidateExam({ candidateId, enrollmentId, now: minutesAfter(startedAt, DURATION_MINUTES + 1) });
    expect(page).toMatchObject({ state: "finished", sitting: null, submittedAt: minutesAfter(startedAt, DURATION_MINUTES) });
    expect(await startExamAttempt({ candidateId, enrollmentId, now: minutesAfter(startedAt, DURATION_MINUTES + 2) })).toEqual({ status: "refused", message: expect.stringContaining("你已完成筆試") });

    // Its score is what was saved in time: Q001 and Q003 (20 each), the rest blank.
    expect(await outcomeOf(world, 0)).toEqual({ earned: 40, max: 100, percent: 40, passMark: 60, passed: false, pendingManual: 0 });
  });
});

describe("who may see and change an exam", () => {
  it("answers 404 to another candidate's attempt and to another institution's admin, and changes nothing", async () => {
    const world = await examSession({ candidates: 2, assessors: 2 });
    const [owner, other] = world.candidates;
    const [ownEnrollment, otherEnrollment] = world.enrollments;
    const started = await startExamAttempt({ candidateId: owner!.id, enrollmentId: ownEnrollment!.id });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    const { Q001, Q002 } = world.onPaper;
    await saveExamAnswers({ candidateId: owner!.id, attemptId: started.attemptId, answers: [{ revisionId: Q001.revisionId, response: { kind: "choice", selected: Q001.key } }] });
    const ownAnswers = await storedAnswers(started.attemptId);

    // The other candidate: neither the page nor the attempt, by enrolment or by attempt id.
    expect((await candidatePage(other!.id, ownEnrollment!.id)).status).toBe(404);
    expect((await candidatePost(other!.id, ownEnrollment!.id, { intent: "start" })).status).toBe(404);
    const overwrite = answerFields([{ revisionId: Q001.revisionId, response: { kind: "choice", selected: [3] } }, { revisionId: Q002.revisionId, response: { kind: "choice", selected: [0] } }]);
    for (const enrollmentId of [otherEnrollment!.id, ownEnrollment!.id]) {
      expect((await candidateAnswer(other!.id, enrollmentId, { attemptId: started.attemptId, revisionId: Q001.revisionId, ...overwrite })).status).toBe(404);
      expect((await candidatePost(other!.id, enrollmentId, { intent: "submit", attemptId: started.attemptId, ...overwrite })).status).toBe(404);
    }
    expect(await saveExamAnswers({ candidateId: other!.id, attemptId: started.attemptId, answers: [{ revisionId: Q001.revisionId, response: { kind: "choice", selected: [3] } }] })).toEqual({ status: "not_found" });
    expect(await storedAnswers(started.attemptId)).toEqual(ownAnswers);
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: started.attemptId } })).submittedAt).toBeNull();
    expect(await db.examAttempt.count({ where: { enrollmentId: otherEnrollment!.id } })).toBe(0);

    // An assessor of the institution who is not assigned to the candidate: no marking page.
    const markingUrl = `${BASE}/assessor/exams/${ownEnrollment!.id}`;
    expect((await answer(async () => markingLoader(args(await requestAs(world.assessors[0]!.id, markingUrl), { enrollmentId: ownEnrollment!.id })))).status).toBe(200);
    expect((await answer(async () => markingLoader(args(await requestAs(world.assessors[1]!.id, markingUrl), { enrollmentId: ownEnrollment!.id })))).status).toBe(404);

    // Another institution's admin: every exam page of this institution is a 404; its own admin gets them.
    const otherInstitution = await createInstitution("高雄職能發展協會");
    const otherAdmin = await createUser({ institutionId: otherInstitution.id, role: "admin" });
    const pages: [string, (request: Request) => Promise<unknown>][] = [
      ["bank", (request) => bankLoader(args(request, { standardId: world.standardId }))],
      ["item", (request) => itemLoader(args(request, { standardId: world.standardId, itemId: Q001.itemId }))],
      ["blueprint", (request) => blueprintLoader(args(request, { blueprintId: world.blueprintId }))],
      ["paper", (request) => paperLoader(args(request, { paperId: world.paperId }))],
      ["analysis", (request) => analysisLoader(args(request, { paperId: world.paperId }))],
      ["session exam", (request) => sessionExamLoader(args(request, { sessionId: world.session.id }))],
    ];
    for (const [name, load] of pages) {
      expect((await answer(async () => load(await requestAs(world.admin.id, `${BASE}/admin/exams`)))).status, `${name} (own admin)`).toBe(200);
      expect((await answer(async () => load(await requestAs(otherAdmin.id, `${BASE}/admin/exams`)))).status, `${name} (other institution)`).toBe(404);
    }

    // …nor change them: a key correction, a bank import, a grant.
    const correction = formOf({ intent: "correct-key", revisionId: Q002.revisionId, key: "C", reason: "他機構管理者嘗試更正答案" });
    expect((await answer(async () => paperAction(args(await requestAs(otherAdmin.id, `${BASE}/admin/exams/papers/${world.paperId}`, post(correction)), { paperId: world.paperId })))).status).toBe(404);
    expect(await db.examKeyCorrection.count({ where: { paperId: world.paperId } })).toBe(0);
    const itemsBefore = await db.examItem.count({ where: { standardId: world.standardId } });
    const upload = new FormData();
    upload.append("intent", "import");
    upload.append("file", new File([bankRowsToCsv([bankFileHeader(), bankFileRow({ 題型: "是非", 題幹: "他機構匯入的試題。", 答案: "O", 職能代碼: "K01", 認知層次: "記憶" })])], "題庫.csv", { type: "text/csv" }));
    expect((await answer(async () => bankAction(args(await requestAs(otherAdmin.id, `${BASE}/admin/exams/${world.standardId}`, post(upload)), { standardId: world.standardId })))).status).toBe(404);
    expect(await db.examItem.count({ where: { standardId: world.standardId } })).toBe(itemsBefore);
    const grant = formOf({ intent: "grant", enrollmentId: ownEnrollment!.id, reason: "他機構管理者嘗試核准重考" });
    expect((await answer(async () => sessionExamAction(args(await requestAs(otherAdmin.id, `${BASE}/admin/sessions/${world.session.id}/exam`, post(grant)), { sessionId: world.session.id })))).status).toBe(404);
    expect(await db.examAttemptGrant.count({ where: { enrollmentId: ownEnrollment!.id } })).toBe(0);
  });
});

describe("bank import", () => {
  const GOOD_SINGLE = {
    題型: "單選",
    題幹: "在 Facebook 粉絲專頁的洞察報告中，「觸及人數」指的是下列何者？",
    選項A: "貼文在使用者畫面上出現的總次數",
    選項B: "至少看過一次貼文的不重複使用者人數",
    選項C: "對貼文按讚、留言或分享的次數",
    選項D: "點擊貼文中連結的人數",
    答案: "B",
    解析: "曝光次數計算貼文出現的總次數，觸及人數只計算不重複的使用者。",
    職能代碼: "K04",
    認知層次: "理解",
    難度: "易",
  };
  const GOOD_TRUE_FALSE = {
    題型: "是非",
    題幹: "品牌可將抽獎活動蒐集的電子郵件名單，未經當事人同意轉售給其他公司。",
    答案: "X",
    解析: "逾越特定目的之利用須經當事人同意（個人資料保護法第 20 條）。",
    職能代碼: "K02",
    認知層次: "記憶",
  };

  async function upload(world: ExamWorld, file: File) {
    const form = new FormData();
    form.append("intent", "import");
    form.append("file", file);
    const url = `${BASE}/admin/exams/${world.standardId}`;
    return answer(async () => bankAction(args(await requestAs(world.admin.id, url, post(form)), { standardId: world.standardId })));
  }

  async function counts(standardId: string) {
    return {
      items: await db.examItem.count({ where: { standardId } }),
      revisions: await db.examItemRevision.count({ where: { item: { standardId } } }),
      imports: await db.auditEvent.count({ where: { entityId: standardId, action: "exam_bank.imported" } }),
    };
  }

  it("refuses a file with faulty rows as a whole, naming every row; the clean file and an XLSX file then import", async () => {
    const world = await examSession();
    const before = await counts(world.standardId);

    const faulty = [
      bankFileHeader(),
      bankFileRow(GOOD_SINGLE), // row 2
      bankFileRow({ ...GOOD_SINGLE, 題幹: "下列何者為社群平台的演算法排序依據？", 職能代碼: "K99" }), // row 3: no such code
      bankFileRow({ ...GOOD_SINGLE, 題幹: "經營 LINE 官方帳號時，下列何者屬於群發訊息的計費方式？", 答案: "" }), // row 4: no key
      bankFileRow({ ...GOOD_SINGLE, 題幹: "下列何者是 YouTube 頻道的主要成效指標？", 答案: "E" }), // row 5: key not among A–D
      bankFileRow({ ...GOOD_SINGLE, 解析: "同一題重複貼上" }), // row 6: the stem of row 2 again
      bankFileRow(GOOD_TRUE_FALSE), // row 7
      bankFileRow({ ...GOOD_TRUE_FALSE, 題型: "單選", 題幹: BANK[5]!.stem, 選項A: "從眾效應", 選項B: "月暈效應", 答案: "A", 職能代碼: "K05", 認知層次: "理解" }), // row 8: already in the bank
    ];
    const refused = await upload(world, new File([bankRowsToCsv(faulty)], "題庫-有誤.csv", { type: "text/csv" }));
    expect(refused.status).toBe(422);
    expect(refused.data.ok).toBe(false);
    expect(refused.data.message).toContain("沒有匯入任何試題");
    const errors = refused.data.errors as { line: number; message: string }[];
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 8]);
    for (const e of errors) expect(e.message.startsWith(`第 ${e.line} 列：`)).toBe(true);
    expect(errors[0]!.message).toContain("職能代碼「K99」不在此職能基準中");
    expect(errors[1]!.message).toContain("缺少答案");
    expect(errors[2]!.message).toContain("答案「E」不在選項 A–D 中");
    expect(errors[3]!.message).toContain("題幹與第 2 列相同");
    expect(errors[4]!.message).toContain("題幹與題庫中既有的題目相同");
    expect(await counts(world.standardId)).toEqual(before);

    // The clean rows of the same file import.
    const clean = await upload(world, new File([bankRowsToCsv([bankFileHeader(), bankFileRow(GOOD_SINGLE), bankFileRow(GOOD_TRUE_FALSE)])], "題庫.csv", { type: "text/csv" }));
    expect(clean.status).toBe(200);
    expect(clean.data).toEqual({ ok: true, message: "已匯入 2 列：新增 2 題、修改 0 題、未變更 0 題。" });
    expect(await counts(world.standardId)).toEqual({ items: before.items + 2, revisions: before.revisions + 2, imports: before.imports + 1 });
    const stored = await db.examItemRevision.findFirstOrThrow({ where: { stem: GOOD_SINGLE.題幹, item: { standardId: world.standardId } }, include: { item: true } });
    expect(stored).toMatchObject({ type: "single", keyJson: "[1]", codesJson: '["K04"]', cognitiveLevel: "understand", difficulty: "easy", item: { number: BANK.length + 1, status: "active" } });
    expect(JSON.parse(stored.optionsJson)).toEqual([GOOD_SINGLE.選項A, GOOD_SINGLE.選項B, GOOD_SINGLE.選項C, GOOD_SINGLE.選項D]);

    // A workbook as Excel saves it.
    const workbook = await writeXlsx(
      [
        bankFileHeader(),
        bankFileRow({ 題型: "複選", 題幹: "下列哪些是經營社群時常用的數據分析工具？", 選項A: "Meta Business Suite 洞察報告", 選項B: "Google Analytics", 選項C: "記事本", 選項D: "小算盤", 答案: "AB", 職能代碼: "K07、S04", 認知層次: "記憶" }),
        bankFileRow({ 題型: "簡答", 題幹: "請說明在社群貼文中使用網紅業配時，應如何揭露合作關係。", 參考答案: "評分要點：於貼文明顯處標示「合作」「廣告」或使用平台的品牌合作標籤。", 職能代碼: "K01", 認知層次: "應用" }),
      ],
      { sheetName: "題庫" },
    );
    const xlsx = await upload(world, new File([new Uint8Array(workbook)], "題庫.xlsx", { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
    expect(xlsx.status).toBe(200);
    expect(xlsx.data).toEqual({ ok: true, message: "已匯入 2 列：新增 2 題、修改 0 題、未變更 0 題。" });
    expect(await counts(world.standardId)).toEqual({ items: before.items + 4, revisions: before.revisions + 4, imports: before.imports + 2 });
    const multiple = await db.examItemRevision.findFirstOrThrow({ where: { stem: "下列哪些是經營社群時常用的數據分析工具？" } });
    expect(multiple).toMatchObject({ type: "multiple", keyJson: "[0,1]", codesJson: '["K07","S04"]' });
  });
});

describe("editing an item", () => {
  /** The item form's fields, as the page posts them (the field names of the bank file). */
  function itemForm(values: Record<string, string>) {
    return formOf({ difficulty: "中", status: "啟用", ...values });
  }

  it("makes a new revision of an item a published paper uses, which keeps the old one; an unused item changes in place", async () => {
    const world = await examSession();
    const { Q001 } = world.onPaper;
    const paperBefore = (await getPaper({ institutionId: world.institution.id, paperId: world.paperId }))!;
    const itemUrl = (itemId: string) => `${BASE}/admin/exams/${world.standardId}/items/${itemId}`;
    const editItem = async (itemId: string, values: Record<string, string>) =>
      answer(async () => itemAction(args(await requestAs(world.admin.id, itemUrl(itemId), post(itemForm(values))), { standardId: world.standardId, itemId })));

    const newStem = "下列何者屬於俗稱「廣電三法」的法律？";
    const edited = await editItem(Q001.itemId, {
      type: "單選",
      stem: newStem,
      optionA: "衛星廣播電視法",
      optionB: "電信管理法",
      optionC: "公平交易法",
      optionD: "個人資料保護法",
      key: "A",
      explanation: BANK[0]!.explanation!,
      codes: "K01",
      level: "記憶",
      difficulty: "易",
    });
    expect(edited.status).toBe(302);

    const revisions = await db.examItemRevision.findMany({ where: { itemId: Q001.itemId }, orderBy: { revision: "asc" } });
    expect(revisions.map((r) => [r.revision, r.stem])).toEqual([
      [1, BANK[0]!.stem],
      [2, newStem],
    ]);
    expect(revisions[0]!.id).toBe(Q001.revisionId);
    expect((await db.examItem.findUniqueOrThrow({ where: { id: Q001.itemId } })).currentRevision).toBe(2);

    // The paper still has revision 1, word for word, and its hash.
    const paperPage = await answer(async () => paperLoader(args(await requestAs(world.admin.id, `${BASE}/admin/exams/papers/${world.paperId}`), { paperId: world.paperId })));
    const onPaper = paperPage.data.paper.forms[0].items.find((i: { itemId: string }) => i.itemId === Q001.itemId);
    expect(onPaper).toMatchObject({ revisionId: Q001.revisionId, revision: 1, content: { stem: BANK[0]!.stem } });
    expect(paperPage.data.paper.contentHash).toBe(paperBefore.contentHash);
    // …and so does the candidate who sits it now.
    const started = await startExamAttempt({ candidateId: world.candidates[0]!.id, enrollmentId: world.enrollments[0]!.id });
    expect(started.status).toBe("started");
    const sitting = await getCandidateExam({ candidateId: world.candidates[0]!.id, enrollmentId: world.enrollments[0]!.id });
    const stems = sitting!.sitting!.items.map((i) => i.stem);
    expect(stems).toContain(BANK[0]!.stem);
    expect(stems).not.toContain(newStem);

    // The bank shows the new wording as the item's current revision.
    const bank = await answer(async () => bankLoader(args(await requestAs(world.admin.id, `${BASE}/admin/exams/${world.standardId}`), { standardId: world.standardId })));
    expect(bank.data.items.find((i: { id: string }) => i.id === Q001.itemId)).toMatchObject({ label: "Q001", revision: 2, revisionCount: 2, content: { stem: newStem } });

    // Q006 is on no paper: its one revision is edited in place.
    const q006 = world.itemIdOf("Q006");
    const unusedBefore = await db.examItemRevision.findFirstOrThrow({ where: { itemId: q006 } });
    const q006Stem = "網友看到一則貼文已有上萬個讚，於是也跟著按讚並留言。這最接近下列哪一種心理現象？";
    expect((await editItem(q006, { type: "單選", stem: q006Stem, optionA: "從眾效應", optionB: "月暈效應", optionC: "錨定效應", optionD: "稟賦效應", key: "A", codes: "K05", level: "理解" })).status).toBe(302);
    const unusedAfter = await db.examItemRevision.findMany({ where: { itemId: q006 } });
    expect(unusedAfter).toHaveLength(1);
    expect(unusedAfter[0]).toMatchObject({ id: unusedBefore.id, revision: 1, stem: q006Stem });
    expect((await db.examItem.findUniqueOrThrow({ where: { id: q006 } })).currentRevision).toBe(1);
  });
});

describe("one attempt, and another only when an admin grants it", () => {
  it("refuses a second start after submission; after a grant with a reason (audited) the candidate starts again", async () => {
    const world = await examSession();
    const candidate = world.candidates[0]!;
    const enrollmentId = world.enrollments[0]!.id;

    expect((await candidatePost(candidate.id, enrollmentId, { intent: "start" })).status).toBe(302);
    const attemptId = (await candidatePage(candidate.id, enrollmentId)).data.sitting.attemptId;
    expect((await candidatePost(candidate.id, enrollmentId, { intent: "submit", attemptId, ...answerFields(answersTo(world)) })).data).toMatchObject({ ok: true });

    const again = await candidatePost(candidate.id, enrollmentId, { intent: "start" });
    expect(again.status).toBe(409);
    expect(again.data).toEqual({ ok: false, errors: ["你已完成筆試；如需重新應試，請洽承辦人員。"] });
    expect(await db.examAttempt.count({ where: { enrollmentId } })).toBe(1);

    // A grant needs a reason.
    const grantUrl = `${BASE}/admin/sessions/${world.session.id}/exam`;
    const grant = async (reason: string) =>
      answer(async () => sessionExamAction(args(await requestAs(world.admin.id, grantUrl, post(formOf({ intent: "grant", enrollmentId, reason }))), { sessionId: world.session.id })));
    const noReason = await grant("重考");
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors).toEqual(["請寫明再次應試的理由（至少 5 個字）"]);
    expect(await db.examAttemptGrant.count({ where: { enrollmentId } })).toBe(0);

    const reason = "第一次應試時考場網路中斷，經監場人員確認後同意重新應試。";
    const granted = await grant(reason);
    expect(granted.status).toBe(200);
    expect(granted.data).toEqual({ ok: true, message: "已核准再次應試，並記錄於稽核紀錄。" });
    const audit = await db.auditEvent.findMany({ where: { entityType: "Enrollment", entityId: enrollmentId, action: "exam_attempt.granted" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: world.admin.id, reason, institutionId: world.institution.id });

    const page = await candidatePage(candidate.id, enrollmentId);
    expect(page.data).toMatchObject({ state: "open", attemptsUsed: 1, attemptsAllowed: 2 });
    expect((await candidatePost(candidate.id, enrollmentId, { intent: "start" })).status).toBe(302);
    const second = await candidatePage(candidate.id, enrollmentId);
    expect(second.data.state).toBe("in_progress");
    expect(second.data.sitting.attemptId).not.toBe(attemptId);
    expect((await db.examAttempt.findMany({ where: { enrollmentId }, orderBy: { attemptNumber: "asc" } })).map((a) => a.attemptNumber)).toEqual([1, 2]);

    // One grant is one more attempt, not two.
    await candidatePost(candidate.id, enrollmentId, { intent: "submit", attemptId: second.data.sitting.attemptId });
    expect((await candidatePost(candidate.id, enrollmentId, { intent: "start" })).status).toBe(409);

    // The session's audit trail tells the story in words, with the candidate and the reason.
    const trail = await listSessionAudit({ institutionId: world.institution.id, sessionId: world.session.id });
    const told = (action: string) => trail.filter((e) => e.action === action);
    expect(told("開始筆試")).toHaveLength(2);
    expect(told("筆試交卷")).toHaveLength(2);
    expect(told("核准再次應試")).toEqual([expect.objectContaining({ reason, candidate: expect.any(String) })]);
    expect(told("開始筆試").every((e) => e.candidate !== null)).toBe(true);
  });
});

describe("exam scores are derived", () => {
  it("scores objective items at once, waits for the short answer (decision incomplete), then decides; a key correction re-scores every attempt and is audited", async () => {
    const world = await examSession({ candidates: 2 });
    const assessorId = world.assessors[0]!.id;
    const [first, second] = world.enrollments.map((e) => e.id) as [string, string];
    // 林怡君 answers every key; 陳冠宇 misses Q001 and Q003, and answers Q002 as the law says (C), not as the bank's mistyped key (B).
    const firstAttempt = await sitAndSubmit(world, 0, answersTo(world));
    const secondAttempt = await sitAndSubmit(world, 1, answersTo(world, { Q001: [1], Q002: [2], Q003: [0] }));
    for (const enrollmentId of [first, second]) await scoreCriteria(assessorId, enrollmentId, () => 4);

    // The short answers wait for the assessor: no score yet, and the decision cannot be made.
    expect(await outcomeOf(world, 0)).toEqual({ earned: null, max: 100, percent: null, passMark: 60, passed: null, pendingManual: 1 });
    const waiting = await decisionOf(assessorId, first);
    expect(waiting.decision).toBe("incomplete");
    expect(waiting.missing).toEqual([]);
    expect(waiting.conditions.find((c) => c.kind === "exam_pass")!.passed).toBeNull();
    expect(waiting.reasons).toContain("筆試尚未完成或尚待評閱");
    const marking = await getExamMarking({ assessorId, enrollmentId: first });
    expect(marking!.items.filter((i) => i.type !== "short_answer").map((i) => i.earned)).toEqual([20, 20, 20, 20]);

    // Out of range is refused; 20 of 20 is stored.
    const tooMuch = await scoreShortAnswerAs(assessorId, first, world.onPaper.Q005.revisionId, "25", "");
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.data.errors[0]).toMatch(/分數須介於 0 到 20 分/);
    for (const enrollmentId of [first, second]) {
      const scored = await scoreShortAnswerAs(assessorId, enrollmentId, world.onPaper.Q005.revisionId, "20", "兩項原因與對應做法均合理");
      expect(scored.data).toEqual({ ok: true, message: "已儲存簡答題分數。" });
    }
    expect(await outcomeOf(world, 0)).toEqual({ earned: 100, max: 100, percent: 100, passMark: 60, passed: true, pendingManual: 0 });
    expect(await outcomeOf(world, 1)).toEqual({ earned: 40, max: 100, percent: 40, passMark: 60, passed: false, pendingManual: 0 });
    expect((await decisionOf(assessorId, first)).decision).toBe("competent");
    const failed = await decisionOf(assessorId, second);
    expect(failed.decision).toBe("not_yet_competent");
    expect(failed.reasons).toContain("筆試 40 分，未達及格標準 60 分");

    // Q002's key is corrected from B to C: both scores change, and so does the second decision.
    const { Q002 } = world.onPaper;
    const reason = "題庫答案誤植：依個人資料保護法第 8 條，正確答案為 C。";
    const corrected = await answer(async () =>
      paperAction(args(await requestAs(world.admin.id, `${BASE}/admin/exams/papers/${world.paperId}`, post(formOf({ intent: "correct-key", revisionId: Q002.revisionId, key: "C", reason }))), { paperId: world.paperId })),
    );
    expect(corrected.data).toEqual({ ok: true, message: "已更正答案並重新計分 2 份作答，其中 2 份分數改變；已記錄於稽核紀錄。" });
    expect(await outcomeOf(world, 0)).toMatchObject({ earned: 80, percent: 80, passed: true });
    expect(await outcomeOf(world, 1)).toMatchObject({ earned: 60, percent: 60, passed: true });
    expect((await decisionOf(assessorId, second)).decision).toBe("competent");
    expect((await getPaper({ institutionId: world.institution.id, paperId: world.paperId }))!.forms[0]!.items.find((i) => i.revisionId === Q002.revisionId)).toMatchObject({ key: [2], corrected: true });

    const audit = await db.auditEvent.findMany({ where: { entityType: "ExamPaper", entityId: world.paperId, action: "exam_paper.key_corrected" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: world.admin.id, reason });
    expect(JSON.parse(audit[0]!.beforeJson!)).toMatchObject({ revisionId: Q002.revisionId, key: [1] });
    const after = JSON.parse(audit[0]!.afterJson!);
    expect(after.key).toEqual([2]);
    expect(after.changes).toEqual(
      expect.arrayContaining([
        { attemptId: firstAttempt, before: 100, after: 80 },
        { attemptId: secondAttempt, before: 40, after: 60 },
      ]),
    );
    expect(after.changes).toHaveLength(2);
  });
});

describe("a paper answer sheet keyed in", () => {
  it("scores typed answers (A, ac, O); a letter the item does not have is refused with its number and nothing is stored", async () => {
    const world = await examSession({ mode: "paper" });
    const assessorId = world.assessors[0]!.id;
    const enrollmentId = world.enrollments[0]!.id;
    const url = `${BASE}/assessor/exams/${enrollmentId}`;
    const page = async () => (await answer(async () => markingLoader(args(await requestAs(assessorId, url), { enrollmentId })))).data as NonNullable<Awaited<ReturnType<typeof getExamMarking>>>;
    const sheet = async (typed: Partial<Record<Label, string>>) => {
      const fields: Record<string, string> = { intent: "paper", form: "A", [`text:${world.onPaper.Q005.revisionId}`]: SHORT_ANSWER_TEXT };
      for (const [l, value] of Object.entries(typed)) fields[`typed:${world.onPaper[l as Label].revisionId}`] = value;
      return answer(async () => markingAction(args(await requestAs(assessorId, url, post(formOf(fields))), { enrollmentId })));
    };
    // The candidate has no online exam in a paper session.
    expect((await candidatePost(world.candidates[0]!.id, enrollmentId, { intent: "start" })).status).toBe(409);

    const printed = (await page()).items;
    const q002 = printed.find((i) => i.revisionId === world.onPaper.Q002.revisionId)!;
    const bad = await sheet({ Q001: "A", Q002: "Z", Q003: "ac", Q004: "O" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual([`第 ${q002.position} 題：「Z」不是有效的選項（A–D）`]);
    expect(bad.data.fieldErrors).toEqual({ [q002.revisionId]: `第 ${q002.position} 題：「Z」不是有效的選項（A–D）` });
    expect(await db.examAttempt.count({ where: { enrollmentId } })).toBe(0);
    expect(await db.examAnswer.count({ where: { attempt: { enrollmentId } } })).toBe(0);

    const good = await sheet({ Q001: "A", Q002: "b", Q003: "ac", Q004: "O" });
    expect(good.status).toBe(200);
    expect(good.data).toEqual({ ok: true, message: "已登錄答案卡，選擇題已自動計分。" });
    const entered = await page();
    expect(entered.counted).toMatchObject({ mode: "paper", form: "A" });
    expect(entered.score).toEqual({ earned: null, max: 100, percent: null, passed: null, pendingManual: 1 });
    const byRevision = new Map(entered.items.map((i) => [i.revisionId, i]));
    expect(byRevision.get(world.onPaper.Q003.revisionId)).toMatchObject({ response: { kind: "choice", selected: [0, 2] }, earned: 20 });
    expect(byRevision.get(world.onPaper.Q004.revisionId)).toMatchObject({ response: { kind: "choice", selected: [0] }, earned: 20 });
    expect(CHOICE_LABELS.map((l) => byRevision.get(world.onPaper[l].revisionId)!.earned)).toEqual([20, 20, 20, 20]);

    expect((await scoreShortAnswerAs(assessorId, enrollmentId, world.onPaper.Q005.revisionId, "15", "原因合理，改善做法略嫌籠統")).status).toBe(200);
    expect((await page()).score).toEqual({ earned: 95, max: 100, percent: 95, passed: true, pendingManual: 0 });
    expect(await outcomeOf(world, 0)).toMatchObject({ earned: 95, passed: true });
  });
});

describe("a published paper is frozen in the database", () => {
  it("refuses a raw change of a published paper, its items or a revision it uses; a draft paper can still change", async () => {
    const world = await examSession();
    const { paperId } = world;
    const frozen = /a published exam paper cannot (change|be deleted)/;
    await expect(db.$executeRaw`UPDATE "ExamPaper" SET "passMark" = 50 WHERE "id" = ${paperId}`).rejects.toThrow(frozen);
    // Through the client too (Prisma reports the trigger's abort under another name, so only that it throws).
    await expect(db.examPaper.update({ where: { id: paperId }, data: { durationMinutes: 90 } })).rejects.toThrow();
    await expect(db.$executeRaw`UPDATE "ExamPaperItem" SET "points" = 40 WHERE "paperId" = ${paperId}`).rejects.toThrow(frozen);
    await expect(db.$executeRaw`UPDATE "ExamPaperItem" SET "revisionId" = (SELECT "id" FROM "ExamItemRevision" WHERE "itemId" = ${world.itemIdOf("Q006")}) WHERE "paperId" = ${paperId} AND "position" = 1`).rejects.toThrow(frozen);
    await expect(db.$executeRaw`DELETE FROM "ExamPaperItem" WHERE "paperId" = ${paperId}`).rejects.toThrow(frozen);
    await expect(db.$executeRaw`DELETE FROM "ExamPaper" WHERE "id" = ${paperId}`).rejects.toThrow(frozen);
    await expect(db.$executeRaw`UPDATE "ExamItemRevision" SET "keyJson" = '[2]' WHERE "id" = ${world.onPaper.Q002.revisionId}`).rejects.toThrow(/used by a paper cannot change/);

    const paper = await db.examPaper.findUniqueOrThrow({ where: { id: paperId }, include: { items: true } });
    expect(paper).toMatchObject({ passMark: 60, durationMinutes: DURATION_MINUTES, totalPoints: 100 });
    expect(paper.items.map((i) => i.points)).toEqual([20, 20, 20, 20, 20]);
    expect((await db.examItemRevision.findUniqueOrThrow({ where: { id: world.onPaper.Q002.revisionId } })).keyJson).toBe("[1]");

    // The refusal is the freeze, not a broken table: a draft paper drawn from the same blueprint changes.
    const draft = await assembleFromBlueprint({
      ...world.scope,
      blueprintId: world.blueprintId,
      settings: { title: "補考卷（草稿）", formCount: 1, passMark: 60, durationMinutes: 40, multipleScoring: "all_or_nothing", shuffleItems: true, shuffleOptions: true, seed: "" },
    });
    if (draft.status !== "assembled") throw new Error(JSON.stringify(draft));
    expect(await db.$executeRaw`UPDATE "ExamPaper" SET "passMark" = 70 WHERE "id" = ${draft.paperId}`).toBe(1);
    expect(await db.$executeRaw`UPDATE "ExamPaperItem" SET "points" = 25 WHERE "paperId" = ${draft.paperId} AND "position" = 1`).toBe(1);
  });
});

describe("a published paper's title", () => {
  // The content hash that publishing records (paperHash in exam-paper.server.ts) covers the title, so
  // the title is part of what was frozen; the trigger's column list must cover it too.
  it("cannot be changed behind the content hash either", async () => {
    const world = await examSession();
    await expect(db.$executeRaw`UPDATE "ExamPaper" SET "title" = '改過的試卷名稱' WHERE "id" = ${world.paperId}`).rejects.toThrow(/a published exam paper cannot change/);
    expect((await db.examPaper.findUniqueOrThrow({ where: { id: world.paperId } })).title).toBe(PAPER_TITLE);
  });
});

describe("the mapping matrix", () => {
  it("lists the knowledge exam as an instrument for each K code the linked paper covers, and only those", async () => {
    const world = await examSession();
    const url = `${BASE}/admin/assessments/${world.assessmentId}/versions/1`;
    const page = await answer(async () => versionLoader(args(await requestAs(world.admin.id, url), { assessmentId: world.assessmentId, version: "1" })));
    expect(page.status).toBe(200);
    const content = page.data.version.content;
    expect(content.exam).toMatchObject({ paperId: world.paperId, title: PAPER_TITLE, totalPoints: 100, passMark: 60 });
    expect(content.decisionRule.conditions.map((c: { kind: string }) => c.kind)).toContain("exam_pass");
    const instrumentsOf = (code: string) => (content.matrix as { code: string; kind: string; instruments: string[] }[]).find((r) => r.kind === "K" && r.code === code)!.instruments;
    expect(instrumentsOf("K01")).toContain("知識測驗（筆試）1 題");
    expect(instrumentsOf("K02")).toContain("知識測驗（筆試）1 題");
    expect(instrumentsOf("K03")).toContain("知識測驗（筆試）1 題");
    expect(instrumentsOf("K04")).toContain("知識測驗（筆試）2 題");
    // K05 has an item in the bank (Q006), but not on the paper.
    expect(instrumentsOf("K05").some((name) => name.startsWith("知識測驗"))).toBe(false);
    expect(instrumentsOf("K05").length).toBeGreaterThan(0);
  });
});
