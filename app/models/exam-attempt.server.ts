/**
 * Sitting the knowledge exam: online (server-timed, each answer saved as given, the key never sent
 * before the result is released) or on paper (answers keyed in by an assessor); short answers scored
 * by assessors; another attempt only when an admin grants it with a reason; key corrections re-score
 * every attempt (scores are derived, STYLE habit 5) and the audit log keeps the before and after.
 */
import { randomUUID } from "node:crypto";
import { deriveSeed } from "~/domain/exam/random";
import { presentationOrder } from "~/domain/exam/assembly";
import { attemptFinalAt, examOutcome, scoreStoredAttempt, type ScoringPaper, type StoredAttempt } from "~/domain/exam/outcome";
import { printedOrder } from "~/domain/exam/printed-order";
import { parsePaperAnswer } from "~/domain/exam/scoring";
import { ResponseSchema, type ItemType, type MultipleScoring, type PresentedItem, type Response } from "~/domain/exam/types";
import { AssessmentContentSchema, type AssessmentContent } from "~/domain/rubric/content";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { getPaperForScoring, type PaperView } from "./exam-paper.server";

// ---------------------------------------------------------------------------------------------
// What a result is computed from (joined into resultInputSelect of scoring.server.ts)

const scoringPaperSelect = {
  id: true,
  passMark: true,
  multipleScoring: true,
  items: {
    orderBy: [{ form: "asc" }, { position: "asc" }] as Prisma.ExamPaperItemOrderByWithRelationInput[],
    select: { form: true, revisionId: true, points: true, revision: { select: { type: true, keyJson: true, optionsJson: true } } },
  },
  corrections: { orderBy: { createdAt: "asc" as const }, select: { revisionId: true, keyJson: true } },
} as const;

export const examAttemptsSelect = {
  orderBy: { attemptNumber: "asc" as const },
  select: {
    id: true,
    paperId: true,
    form: true,
    mode: true,
    attemptNumber: true,
    startedAt: true,
    submittedAt: true,
    deadlineAt: true,
    answers: { select: { revisionId: true, responseJson: true, manualPoints: true } },
    paper: { select: scoringPaperSelect },
  },
} as const;

type AttemptRow = Prisma.ExamAttemptGetPayload<{ select: typeof examAttemptsSelect.select }>;
type ScoringPaperRow = AttemptRow["paper"];

export function toScoringPaper(row: ScoringPaperRow): ScoringPaper {
  const corrected = new Map<string, number[]>();
  for (const c of row.corrections) corrected.set(c.revisionId, JSON.parse(c.keyJson) as number[]);
  const forms: ScoringPaper["forms"] = {};
  for (const item of row.items) {
    (forms[item.form] ??= []).push({
      revisionId: item.revisionId,
      type: item.revision.type as ItemType,
      key: corrected.get(item.revisionId) ?? (JSON.parse(item.revision.keyJson) as number[]),
      points: item.points,
      optionCount: (JSON.parse(item.revision.optionsJson) as string[]).length,
    });
  }
  return { passMark: row.passMark, multipleScoring: row.multipleScoring as MultipleScoring, forms };
}

function toStoredAttempt(row: Pick<AttemptRow, "id" | "form" | "attemptNumber" | "submittedAt" | "deadlineAt" | "answers">): StoredAttempt {
  return {
    id: row.id,
    form: row.form,
    attemptNumber: row.attemptNumber,
    submittedAt: row.submittedAt,
    deadlineAt: row.deadlineAt,
    answers: row.answers.map((a) => ({ revisionId: a.revisionId, response: ResponseSchema.parse(JSON.parse(a.responseJson)), manualPoints: a.manualPoints })),
  };
}

/** The exam outcome of an enrolment, or undefined when its version links no exam. */
export function examOutcomeOf(content: AssessmentContent, attempts: readonly AttemptRow[], now = new Date()) {
  if (!content.exam) return undefined;
  const mine = attempts.filter((a) => a.paperId === content.exam!.paperId);
  if (mine.length === 0) {
    return { earned: null, max: content.exam.totalPoints, percent: null, passMark: content.exam.passMark, passed: null };
  }
  return examOutcome(toScoringPaper(mine[0]!.paper), mine.map(toStoredAttempt), now).outcome;
}

// ---------------------------------------------------------------------------------------------
// The candidate's side

export type ExamState =
  | "no_exam"
  | "paper" // delivered on paper in the session
  | "not_scheduled"
  | "not_open"
  | "open" // may start an attempt
  | "in_progress"
  | "finished" // the counted attempt is final
  | "closed"; // the window ended without an attempt

interface PresentedRecord extends PresentedItem {
  type: ItemType;
}

async function loadCandidateEnrollment({ candidateId, enrollmentId }: { candidateId: string; enrollmentId: string }) {
  return db.enrollment.findFirst({
    where: { id: enrollmentId, candidateId },
    select: {
      id: true,
      signedOffAt: true,
      releasedAt: true,
      session: {
        select: {
          id: true,
          institutionId: true,
          title: true,
          place: true,
          examOpensAt: true,
          examClosesAt: true,
          examMode: true,
          assessmentVersion: { select: { contentJson: true, assessment: { select: { title: true } } } },
        },
      },
      examAttempts: { orderBy: { attemptNumber: "asc" }, select: { id: true, paperId: true, form: true, mode: true, attemptNumber: true, startedAt: true, deadlineAt: true, submittedAt: true, orderJson: true } },
      _count: { select: { examGrants: true } },
    },
  });
}

function stateOf(enrollment: NonNullable<Awaited<ReturnType<typeof loadCandidateEnrollment>>>, content: AssessmentContent, now: Date) {
  const exam = content.exam;
  const session = enrollment.session;
  const attempts = exam ? enrollment.examAttempts.filter((a) => a.paperId === exam.paperId) : [];
  const allowed = 1 + enrollment._count.examGrants;
  const current = attempts.find((a) => attemptFinalAt(a, now) === null) ?? null;
  const lastFinal = [...attempts].reverse().find((a) => attemptFinalAt(a, now) !== null) ?? null;
  const windowOpen = session.examOpensAt !== null && session.examOpensAt <= now && (session.examClosesAt === null || now < session.examClosesAt);
  let state: ExamState;
  if (!exam) state = "no_exam";
  else if (current) state = "in_progress";
  else if (session.examMode === "paper") state = lastFinal ? "finished" : "paper";
  else if (attempts.length < allowed && windowOpen) state = "open";
  else if (lastFinal) state = "finished";
  else if (session.examOpensAt === null) state = "not_scheduled";
  else if (now < session.examOpensAt) state = "not_open";
  else state = "closed";
  return { state, attempts, allowed, current, lastFinal };
}

/**
 * What the candidate's exam page shows. Before the result is released it never carries the key,
 * explanations, model answers or points earned: only the stems and options in the candidate's order.
 */
export async function getCandidateExam({ candidateId, enrollmentId, now = new Date() }: { candidateId: string; enrollmentId: string; now?: Date }) {
  const enrollment = await loadCandidateEnrollment({ candidateId, enrollmentId });
  if (!enrollment) return null;
  const content = AssessmentContentSchema.parse(JSON.parse(enrollment.session.assessmentVersion.contentJson));
  if (!content.exam) return null;
  const { state, attempts, allowed, current, lastFinal } = stateOf(enrollment, content, now);
  const session = enrollment.session;
  const base = {
    enrollmentId: enrollment.id,
    sessionTitle: session.title,
    assessmentTitle: session.assessmentVersion.assessment.title,
    exam: { title: content.exam.title, durationMinutes: content.exam.durationMinutes, totalPoints: content.exam.totalPoints, passMark: content.exam.passMark },
    window: { opensAt: session.examOpensAt, closesAt: session.examClosesAt, mode: session.examMode },
    state,
    attemptsUsed: attempts.length,
    attemptsAllowed: allowed,
  };

  let sitting: null | {
    attemptId: string;
    deadlineAt: Date | null;
    items: { revisionId: string; position: number; type: ItemType; stem: string; options: { index: number; text: string }[]; response: Response | null }[];
  } = null;
  if (current) {
    const presented = JSON.parse(current.orderJson) as PresentedRecord[];
    const [revisions, answers] = await Promise.all([
      db.examItemRevision.findMany({ where: { id: { in: presented.map((p) => p.revisionId) } }, select: { id: true, type: true, stem: true, optionsJson: true } }),
      db.examAnswer.findMany({ where: { attemptId: current.id }, select: { revisionId: true, responseJson: true } }),
    ]);
    const byId = new Map(revisions.map((r) => [r.id, r]));
    const saved = new Map(answers.map((a) => [a.revisionId, ResponseSchema.parse(JSON.parse(a.responseJson))]));
    sitting = {
      attemptId: current.id,
      deadlineAt: current.deadlineAt,
      items: presented.map((p, index) => {
        const revision = byId.get(p.revisionId)!;
        const options = JSON.parse(revision.optionsJson) as string[];
        return {
          revisionId: p.revisionId,
          position: index + 1,
          type: revision.type as ItemType,
          stem: revision.stem,
          options: p.optionOrder.map((i) => ({ index: i, text: options[i]! })),
          response: saved.get(p.revisionId) ?? null,
        };
      }),
    };
  }

  // The score, and the review with keys, only once the result is released.
  let review: null | Awaited<ReturnType<typeof reviewOf>> = null;
  if (enrollment.releasedAt && lastFinal) review = await reviewOf(lastFinal.id);
  return { ...base, sitting, submittedAt: lastFinal ? attemptFinalAt(lastFinal, now) : null, review };
}

async function reviewOf(attemptId: string) {
  const attempt = await db.examAttempt.findUnique({ where: { id: attemptId }, select: { ...examAttemptsSelect.select, orderJson: true } });
  if (!attempt) return null;
  const paper = toScoringPaper(attempt.paper);
  const score = scoreStoredAttempt(paper, toStoredAttempt(attempt));
  const presented = JSON.parse(attempt.orderJson) as PresentedRecord[];
  const revisions = await db.examItemRevision.findMany({
    where: { id: { in: presented.map((p) => p.revisionId) } },
    select: { id: true, stem: true, optionsJson: true, explanation: true, modelAnswer: true },
  });
  const byId = new Map(revisions.map((r) => [r.id, r]));
  const keys = new Map((paper.forms[attempt.form] ?? []).map((i) => [i.revisionId, i.key]));
  const responses = new Map(attempt.answers.map((a) => [a.revisionId, ResponseSchema.parse(JSON.parse(a.responseJson))]));
  const results = new Map(score.items.map((r) => [r.revisionId, r]));
  return {
    earned: score.earned,
    max: score.max,
    percent: score.percent,
    passed: score.passed,
    items: presented.map((p, index) => {
      const revision = byId.get(p.revisionId)!;
      const options = JSON.parse(revision.optionsJson) as string[];
      const result = results.get(p.revisionId);
      return {
        position: index + 1,
        type: p.type,
        stem: revision.stem,
        options: p.optionOrder.map((i) => ({ index: i, text: options[i]! })),
        key: keys.get(p.revisionId) ?? [],
        response: responses.get(p.revisionId) ?? null,
        earned: result?.earned ?? null,
        max: result?.max ?? 0,
        explanation: revision.explanation,
        modelAnswer: revision.modelAnswer,
      };
    }),
  };
}

export type StartResult = { status: "started"; attemptId: string } | { status: "not_found" } | { status: "refused"; message: string };

export async function startExamAttempt({ candidateId, enrollmentId, now = new Date() }: { candidateId: string; enrollmentId: string; now?: Date }): Promise<StartResult> {
  const enrollment = await loadCandidateEnrollment({ candidateId, enrollmentId });
  if (!enrollment) return { status: "not_found" };
  const content = AssessmentContentSchema.parse(JSON.parse(enrollment.session.assessmentVersion.contentJson));
  if (!content.exam) return { status: "not_found" };
  const { state, attempts, current } = stateOf(enrollment, content, now);
  if (state === "in_progress" && current) return { status: "started", attemptId: current.id };
  if (state !== "open") return { status: "refused", message: START_REFUSALS[state] };
  // A result already signed off (an exam the rule does not require) is not reopened by a late sitting.
  if (enrollment.signedOffAt) return { status: "refused", message: "這位考生的評量結果已簽核，不能再應試；如有疑問請洽承辦人員。" };
  const paper = await getPaperForScoring(content.exam.paperId);
  if (!paper || !paper.publishedAt) return { status: "refused", message: "試卷尚未發布，請洽承辦人員。" };

  const attemptNumber = attempts.length + 1;
  const candidateKey = `${enrollment.id}:${attemptNumber}`;
  const form = pickForm(paper, candidateKey);
  const order = presentedOrder(paper, form, candidateKey);
  const endByDuration = new Date(now.getTime() + paper.durationMinutes * 60_000);
  const closes = enrollment.session.examClosesAt;
  const deadlineAt = closes && closes < endByDuration ? closes : endByDuration;
  try {
    const attempt = await db.$transaction(async (tx) => {
      const created = await tx.examAttempt.create({
        data: { enrollmentId, paperId: paper.id, form, attemptNumber, mode: "online", orderJson: JSON.stringify(order), startedAt: now, deadlineAt },
        select: { id: true },
      });
      await recordAudit({ institutionId: enrollment.session.institutionId, actorId: candidateId, action: "exam_attempt.started", entityType: "ExamAttempt", entityId: created.id, after: { form, attemptNumber, deadlineAt } }, tx);
      return created;
    });
    return { status: "started", attemptId: attempt.id };
  } catch (error) {
    // Two tabs pressing start at once: the unique (enrollment, attempt number) lets one through.
    if ((error as { code?: string }).code === "P2002") {
      const again = await loadCandidateEnrollment({ candidateId, enrollmentId });
      const running = again?.examAttempts.find((a) => attemptFinalAt(a, now) === null);
      if (running) return { status: "started", attemptId: running.id };
    }
    throw error;
  }
}

const START_REFUSALS: Record<ExamState, string> = {
  no_exam: "這個評量沒有筆試。",
  paper: "本場次筆試以紙本進行，請於現場作答。",
  not_scheduled: "承辦人員尚未安排筆試時間。",
  not_open: "筆試尚未開放作答。",
  open: "",
  in_progress: "",
  finished: "你已完成筆試；如需重新應試，請洽承辦人員。",
  closed: "筆試作答時間已結束。",
};

/** Parallel forms are handed out by a hash of the paper's seed and the candidate, so reloads agree. */
function pickForm(paper: PaperView, candidateKey: string): string {
  const labels = paper.formLabels;
  const digest = deriveSeed(paper.seed, candidateKey, "form");
  let h = 0;
  for (const ch of digest) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return labels[h % labels.length]!;
}

function presentedOrder(paper: PaperView, formLabel: string, candidateKey: string): PresentedRecord[] {
  const form = paper.forms.find((f) => f.label === formLabel)!;
  const optionCounts = Object.fromEntries(form.items.map((i) => [i.revisionId, i.content.options.length]));
  const types = new Map(form.items.map((i) => [i.revisionId, i.content.type]));
  const order = presentationOrder({
    seed: paper.seed,
    candidateKey,
    form: { label: form.label, items: form.items.map((i) => ({ itemId: i.itemId, revisionId: i.revisionId, number: i.number, type: i.content.type, code: i.code, level: i.level, points: i.points })) },
    optionCounts,
    shuffleItems: paper.shuffleItems,
    shuffleOptions: paper.shuffleOptions,
  });
  return order.map((p) => ({ ...p, type: types.get(p.revisionId)! }));
}

export type SaveAnswerResult =
  | { status: "saved"; savedAt: Date }
  | { status: "not_found" }
  | { status: "time_up"; message: string }
  | { status: "submitted"; message: string }
  | { status: "invalid"; message: string };

/** Checks one answer against the item as the candidate saw it (type, option count). */
function checkResponse(item: PresentedRecord, response: Response): string | null {
  if (item.type === "short_answer") return response.kind === "text" ? null : "這一題請以文字作答。";
  if (response.kind !== "choice") return "這一題請選擇選項。";
  if (response.selected.some((i) => !item.optionOrder.includes(i))) return "選擇了不存在的選項。";
  if (new Set(response.selected).size !== response.selected.length) return "同一選項選了兩次。";
  if (item.type !== "multiple" && response.selected.length > 1) return "這一題只能選一個答案。";
  return null;
}

/**
 * Saves answers of an attempt in progress. The server clock decides: after the deadline nothing is
 * accepted (what was saved before stands). One transaction, so a multi-answer save is all or nothing.
 */
export async function saveExamAnswers({ candidateId, attemptId, answers, now = new Date() }: {
  candidateId: string;
  attemptId: string;
  answers: { revisionId: string; response: Response }[];
  now?: Date;
}): Promise<SaveAnswerResult> {
  // The hottest path of an exam (every click of every candidate): plain SQL, portable to PostgreSQL,
  // rather than the query builder, whose per-query planning costs several times the statement itself.
  const rows = await db.$queryRaw<{ orderJson: string; deadlineAt: Date | string | null; submittedAt: Date | string | null; mode: string }[]>`
    SELECT a."orderJson", a."deadlineAt", a."submittedAt", a."mode"
    FROM "ExamAttempt" a JOIN "Enrollment" e ON e."id" = a."enrollmentId"
    WHERE a."id" = ${attemptId} AND e."candidateId" = ${candidateId}`;
  const attempt = rows[0];
  if (!attempt || attempt.mode !== "online") return { status: "not_found" };
  if (attempt.submittedAt !== null) return ALREADY_SUBMITTED;
  if (attempt.deadlineAt !== null && new Date(attempt.deadlineAt) <= now) return TIME_UP;
  const presented = new Map((JSON.parse(attempt.orderJson) as PresentedRecord[]).map((p) => [p.revisionId, p]));
  for (const answer of answers) {
    const item = presented.get(answer.revisionId);
    if (!item) return { status: "invalid", message: "這一題不在你的試卷上。" };
    const problem = checkResponse(item, answer.response);
    if (problem) return { status: "invalid", message: problem };
    // What is stored is read back with ResponseSchema (page, marking, scores): an answer it would
    // refuse (a text over 4,000 characters) must not get in, or every later read of the attempt fails.
    const shape = ResponseSchema.safeParse(answer.response);
    if (!shape.success) return { status: "invalid", message: shape.error.issues[0]!.message };
  }
  // Each write holds its own guard: an answer racing the final submission is not stored after it.
  const writes = answers.map(
    (answer) => db.$executeRaw`
      INSERT INTO "ExamAnswer" ("id", "attemptId", "revisionId", "responseJson", "createdAt", "updatedAt")
      SELECT ${randomUUID()}, ${attemptId}, ${answer.revisionId}, ${JSON.stringify(answer.response)}, ${now}, ${now}
      WHERE EXISTS (SELECT 1 FROM "ExamAttempt" WHERE "id" = ${attemptId} AND "submittedAt" IS NULL)
      ON CONFLICT ("attemptId", "revisionId") DO UPDATE SET "responseJson" = excluded."responseJson", "updatedAt" = excluded."updatedAt"`,
  );
  const changed = writes.length === 1 ? [await writes[0]!] : await db.$transaction(writes);
  if (changed.some((count) => count === 0)) return ALREADY_SUBMITTED;
  return { status: "saved", savedAt: now };
}

const ALREADY_SUBMITTED: SaveAnswerResult = { status: "submitted", message: "你已交卷，答案不能再修改。" };
const TIME_UP: SaveAnswerResult = { status: "time_up", message: "作答時間已到，這個答案未被接受；時間到之前儲存的答案都已保留。" };

export type SubmitResult = { status: "submitted" } | { status: "not_found" } | { status: "already"; message: string };

/** The final submission; after the deadline the attempt is already final (answers saved in time count). */
export async function submitExamAttempt({ candidateId, attemptId, now = new Date() }: { candidateId: string; attemptId: string; now?: Date }): Promise<SubmitResult> {
  const attempt = await db.examAttempt.findFirst({
    where: { id: attemptId, enrollment: { candidateId }, mode: "online" },
    select: { id: true, deadlineAt: true, submittedAt: true, enrollment: { select: { session: { select: { institutionId: true } } } } },
  });
  if (!attempt) return { status: "not_found" };
  if (attempt.submittedAt) return { status: "already", message: "你已經交卷了。" };
  if (attempt.deadlineAt && attempt.deadlineAt <= now) return { status: "already", message: "作答時間已到，系統已依時間到之前儲存的答案收卷。" };
  await db.$transaction(async (tx) => {
    const updated = await tx.examAttempt.updateMany({ where: { id: attempt.id, submittedAt: null }, data: { submittedAt: now } });
    if (updated.count > 0) {
      await recordAudit({ institutionId: attempt.enrollment.session.institutionId, actorId: candidateId, action: "exam_attempt.submitted", entityType: "ExamAttempt", entityId: attempt.id }, tx);
    }
  });
  return { status: "submitted" };
}

// ---------------------------------------------------------------------------------------------
// Admin: another attempt; session window

export async function grantExamAttempt({ institutionId, actorId, enrollmentId, reason }: { institutionId: string; actorId: string; enrollmentId: string; reason: string }) {
  const enrollment = await db.enrollment.findFirst({ where: { id: enrollmentId, session: { institutionId } }, select: { id: true, signedOffAt: true } });
  if (!enrollment) return "not_found" as const;
  if (enrollment.signedOffAt) return "signed_off" as const;
  await db.$transaction(async (tx) => {
    const grant = await tx.examAttemptGrant.create({ data: { enrollmentId, reason, grantedById: actorId }, select: { id: true } });
    await recordAudit({ institutionId, actorId, action: "exam_attempt.granted", entityType: "Enrollment", entityId: enrollmentId, after: { grantId: grant.id }, reason }, tx);
  });
  return "granted" as const;
}

export async function setExamWindow({ institutionId, actorId, sessionId, opensAt, closesAt, mode }: {
  institutionId: string;
  actorId: string;
  sessionId: string;
  opensAt: Date | null;
  closesAt: Date | null;
  mode: "online" | "paper";
}) {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true, examOpensAt: true, examClosesAt: true, examMode: true } });
  if (!session) return null;
  await db.$transaction(async (tx) => {
    await tx.assessmentSession.update({ where: { id: sessionId }, data: { examOpensAt: opensAt, examClosesAt: closesAt, examMode: mode } });
    await recordAudit({ institutionId, actorId, action: "session.exam_window_set", entityType: "AssessmentSession", entityId: sessionId, before: { opensAt: session.examOpensAt, closesAt: session.examClosesAt, mode: session.examMode }, after: { opensAt, closesAt, mode } }, tx);
  });
  return session;
}

/** Per enrolment of a session: the exam's state and score, for the admin's session page. */
export async function listSessionExam({ institutionId, sessionId, now = new Date() }: { institutionId: string; sessionId: string; now?: Date }) {
  const session = await db.assessmentSession.findFirst({
    where: { id: sessionId, institutionId },
    select: {
      examOpensAt: true,
      examClosesAt: true,
      examMode: true,
      assessmentVersion: { select: { contentJson: true } },
      enrollments: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          candidate: { select: { displayName: true, candidateNumber: true } },
          examAttempts: examAttemptsSelect,
          examGrants: { orderBy: { createdAt: "asc" }, select: { reason: true, createdAt: true } },
        },
      },
    },
  });
  if (!session) return null;
  const content = AssessmentContentSchema.parse(JSON.parse(session.assessmentVersion.contentJson));
  if (!content.exam) return { exam: null, window: session, rows: [] };
  return {
    exam: content.exam,
    window: { examOpensAt: session.examOpensAt, examClosesAt: session.examClosesAt, examMode: session.examMode },
    rows: session.enrollments.map((e) => {
      const attempts = e.examAttempts.filter((a) => a.paperId === content.exam!.paperId);
      const outcome = examOutcomeOf(content, attempts, now)!;
      // The counted attempt: the last final one (a granted attempt in progress does not count yet).
      const counted = [...attempts].reverse().find((a) => attemptFinalAt(a, now) !== null);
      const pendingManual = counted ? scoreStoredAttempt(toScoringPaper(counted.paper), toStoredAttempt(counted)).pendingManual : 0;
      return {
        enrollmentId: e.id,
        candidate: e.candidate,
        attempts: attempts.map((a) => ({ attemptNumber: a.attemptNumber, form: a.form, mode: a.mode, startedAt: a.startedAt, finalAt: attemptFinalAt(a, now) })),
        grants: e.examGrants,
        outcome,
        pendingManual,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Assessors: paper answers keyed in, short answers scored

async function loadAssessedEnrollment({ assessorId, enrollmentId }: { assessorId: string; enrollmentId: string }) {
  return db.enrollment.findFirst({
    where: { id: enrollmentId, assignments: { some: { assessorId } } },
    select: {
      id: true,
      signedOffAt: true,
      candidate: { select: { displayName: true, candidateNumber: true } },
      session: { select: { id: true, institutionId: true, title: true, examMode: true, assessmentVersion: { select: { contentJson: true } } } },
      examAttempts: { ...examAttemptsSelect, select: { ...examAttemptsSelect.select, orderJson: true, enteredById: true } },
    },
  });
}

/** The page on which an assessor keys in a paper answer sheet and scores short answers. */
export async function getExamMarking({ assessorId, enrollmentId, now = new Date() }: { assessorId: string; enrollmentId: string; now?: Date }) {
  const enrollment = await loadAssessedEnrollment({ assessorId, enrollmentId });
  if (!enrollment) return null;
  const content = AssessmentContentSchema.parse(JSON.parse(enrollment.session.assessmentVersion.contentJson));
  if (!content.exam) return null;
  const paper = await getPaperForScoring(content.exam.paperId);
  if (!paper) return null;
  const attempts = enrollment.examAttempts.filter((a) => a.paperId === paper.id);
  const counted = [...attempts].reverse().find((a) => attemptFinalAt(a, now) !== null) ?? null;
  const inProgress = attempts.find((a) => attemptFinalAt(a, now) === null) ?? null;
  const score = counted ? scoreStoredAttempt(toScoringPaper(counted.paper), toStoredAttempt(counted)) : null;
  const answers = new Map((counted?.answers ?? []).map((a) => [a.revisionId, a]));
  const form = paper.forms.find((f) => f.label === (counted?.form ?? paper.formLabels[0]))!;
  const results = new Map((score?.items ?? []).map((r) => [r.revisionId, r]));
  return {
    enrollment: { id: enrollment.id, candidate: enrollment.candidate, signedOff: enrollment.signedOffAt !== null, sessionTitle: enrollment.session.title, sessionId: enrollment.session.id },
    paper: { id: paper.id, title: paper.title, formLabels: paper.formLabels, passMark: paper.passMark, totalPoints: paper.totalPoints },
    mode: enrollment.session.examMode,
    counted: counted && { id: counted.id, mode: counted.mode, form: counted.form, finalAt: attemptFinalAt(counted, now) },
    inProgress: inProgress !== null,
    score: score && { earned: score.earned, max: score.max, percent: score.percent, passed: score.passed, pendingManual: score.pendingManual },
    items: markingOrder(form.items, counted).map(({ item, position, shownOptions }) => {
      const answer = answers.get(item.revisionId);
      const response = answer ? ResponseSchema.parse(JSON.parse(answer.responseJson)) : null;
      return {
        revisionId: item.revisionId,
        position,
        number: item.number,
        type: item.content.type,
        stem: item.content.stem,
        optionCount: item.content.options.length,
        /** Original option indexes in the order shown (the candidate's for an online attempt). */
        shownOptions,
        points: item.points,
        key: item.key,
        modelAnswer: item.content.modelAnswer,
        response,
        manualPoints: answer?.manualPoints ?? null,
        earned: results.get(item.revisionId)?.earned ?? null,
      };
    }),
  };
}

/**
 * The order an assessor sees a candidate's exam in: an online attempt as the candidate saw it (their
 * item and option order, recorded at the start); a paper sheet, or none yet, as the paper prints it.
 */
function markingOrder<T extends { revisionId: string; position: number; content: { type: ItemType; options: string[] } }>(
  items: readonly T[],
  counted: { mode: string; orderJson: string } | null,
) {
  const printed = printedOrder(items.map((i) => ({ ...i, type: i.content.type })));
  if (counted?.mode === "online") {
    const byRevision = new Map(printed.map((i) => [i.revisionId, i]));
    return (JSON.parse(counted.orderJson) as PresentedRecord[]).map((p, index) => ({ item: byRevision.get(p.revisionId)!, position: index + 1, shownOptions: p.optionOrder }));
  }
  return printed.map((item) => ({ item, position: item.printed, shownOptions: item.content.options.map((_, index) => index) }));
}

export type PaperEntryResult =
  | { status: "saved"; attemptId: string }
  | { status: "not_found" }
  | { status: "refused"; message: string }
  | { status: "invalid"; errors: { revisionId: string; message: string }[] };

/**
 * Keys in a paper answer sheet (form as printed, answers as typed: "A", "AC", "O"). Re-entering
 * replaces the sheet; every field is checked before anything is stored.
 */
export async function savePaperAnswers({ assessorId, enrollmentId, form, typed, texts }: {
  assessorId: string;
  enrollmentId: string;
  form: string;
  /** revisionId → what was typed for a choice item. */
  typed: Record<string, string>;
  /** revisionId → a short answer's text as written on the sheet. */
  texts: Record<string, string>;
}): Promise<PaperEntryResult> {
  const enrollment = await loadAssessedEnrollment({ assessorId, enrollmentId });
  if (!enrollment) return { status: "not_found" };
  if (enrollment.signedOffAt) return { status: "refused", message: "已簽核的評量不能再修改筆試答案。" };
  const content = AssessmentContentSchema.parse(JSON.parse(enrollment.session.assessmentVersion.contentJson));
  if (!content.exam) return { status: "not_found" };
  const paper = await getPaperForScoring(content.exam.paperId);
  if (!paper) return { status: "not_found" };
  const formItems = paper.forms.find((f) => f.label === form);
  if (!formItems) return { status: "refused", message: `這份試卷沒有 ${form} 卷。` };
  const attempts = enrollment.examAttempts.filter((a) => a.paperId === paper.id);
  if (attempts.some((a) => a.mode === "online")) return { status: "refused", message: "這位考生已在線上應試，不能再輸入紙本答案。" };

  const errors: { revisionId: string; message: string }[] = [];
  const answers: { revisionId: string; response: Response }[] = [];
  const printed = printedOrder(formItems.items.map((i) => ({ ...i, type: i.content.type, position: i.position })));
  for (const item of printed.map((i) => ({ ...i, position: i.printed }))) {
    if (item.content.type === "short_answer") {
      const text = (texts[item.revisionId] ?? "").trim();
      if (text.length > 4000) errors.push({ revisionId: item.revisionId, message: `第 ${item.position} 題：作答內容不可超過 4000 字` });
      else answers.push({ revisionId: item.revisionId, response: { kind: "text", text } });
      continue;
    }
    const parsed = parsePaperAnswer(typed[item.revisionId] ?? "", item.content.type, item.content.options.length);
    if (!parsed.ok) errors.push({ revisionId: item.revisionId, message: `第 ${item.position} 題：${parsed.message}` });
    else answers.push({ revisionId: item.revisionId, response: { kind: "choice", selected: parsed.selected } });
  }
  if (errors.length > 0) return { status: "invalid", errors };

  const existing = attempts.find((a) => a.mode === "paper");
  const order: PresentedRecord[] = printed.map((i) => ({ revisionId: i.revisionId, optionOrder: i.content.options.map((_, index) => index), type: i.content.type }));
  const now = new Date();
  const attemptId = await db.$transaction(async (tx) => {
    let id: string;
    const kept = new Map<string, number | null>();
    if (existing) {
      id = existing.id;
      // Short-answer points already given stay when the text is unchanged.
      for (const a of existing.answers) kept.set(a.revisionId, a.manualPoints);
      await tx.examAnswer.deleteMany({ where: { attemptId: id } });
      await tx.examAttempt.update({ where: { id }, data: { form, orderJson: JSON.stringify(order), enteredById: assessorId, submittedAt: now } });
    } else {
      const created = await tx.examAttempt.create({
        data: { enrollmentId, paperId: paper.id, form, attemptNumber: attempts.length + 1, mode: "paper", orderJson: JSON.stringify(order), startedAt: now, submittedAt: now, enteredById: assessorId },
        select: { id: true },
      });
      id = created.id;
    }
    const before = new Map((existing?.answers ?? []).map((a) => [a.revisionId, a.responseJson]));
    await tx.examAnswer.createMany({
      data: answers.map((a) => {
        const json = JSON.stringify(a.response);
        const sameText = before.get(a.revisionId) === json;
        return { attemptId: id, revisionId: a.revisionId, responseJson: json, manualPoints: sameText ? (kept.get(a.revisionId) ?? null) : null };
      }),
    });
    await recordAudit({ institutionId: enrollment.session.institutionId, actorId: assessorId, action: existing ? "exam_attempt.paper_reentered" : "exam_attempt.paper_entered", entityType: "ExamAttempt", entityId: id, after: { form, answered: answers.length } }, tx);
    return id;
  });
  return { status: "saved", attemptId };
}

export type ShortAnswerScoreResult = { status: "saved" } | { status: "not_found" } | { status: "refused"; message: string };

export async function scoreShortAnswer({ assessorId, enrollmentId, revisionId, points, comment }: {
  assessorId: string;
  enrollmentId: string;
  revisionId: string;
  points: number;
  comment: string | null;
}): Promise<ShortAnswerScoreResult> {
  const marking = await getExamMarking({ assessorId, enrollmentId });
  if (!marking || !marking.counted) return { status: "not_found" };
  if (marking.enrollment.signedOff) return { status: "refused", message: "已簽核的評量不能再修改筆試分數。" };
  const item = marking.items.find((i) => i.revisionId === revisionId && i.type === "short_answer");
  if (!item) return { status: "not_found" };
  if (points < 0 || points > item.points) return { status: "refused", message: `第 ${item.position} 題的分數須介於 0 到 ${item.points} 分。` };
  const institution = await db.enrollment.findUnique({ where: { id: enrollmentId }, select: { session: { select: { institutionId: true } } } });
  await db.$transaction(async (tx) => {
    await tx.examAnswer.upsert({
      where: { attemptId_revisionId: { attemptId: marking.counted!.id, revisionId } },
      create: { attemptId: marking.counted!.id, revisionId, responseJson: JSON.stringify({ kind: "text", text: "" }), manualPoints: points, scoredById: assessorId, scoredAt: new Date(), scoreComment: comment },
      update: { manualPoints: points, scoredById: assessorId, scoredAt: new Date(), scoreComment: comment },
    });
    await recordAudit({ institutionId: institution!.session.institutionId, actorId: assessorId, action: "exam_answer.scored", entityType: "ExamAttempt", entityId: marking.counted!.id, before: { points: item.manualPoints }, after: { revisionId, points }, reason: comment }, tx);
  });
  return { status: "saved" };
}

/** Short answers waiting for points, over the sessions the assessor is assigned to. */
export async function listMarkingQueue({ assessorId, now = new Date() }: { assessorId: string; now?: Date }) {
  const enrollments = await db.enrollment.findMany({
    where: { assignments: { some: { assessorId } }, examAttempts: { some: {} } },
    select: {
      id: true,
      signedOffAt: true,
      candidate: { select: { displayName: true, candidateNumber: true } },
      session: { select: { title: true, assessmentVersion: { select: { contentJson: true } } } },
      examAttempts: examAttemptsSelect,
    },
  });
  return enrollments.flatMap((e) => {
    const content = AssessmentContentSchema.parse(JSON.parse(e.session.assessmentVersion.contentJson));
    if (!content.exam) return [];
    const attempts = e.examAttempts.filter((a) => a.paperId === content.exam!.paperId);
    const counted = [...attempts].reverse().find((a) => attemptFinalAt(a, now) !== null);
    if (!counted) return [];
    const score = scoreStoredAttempt(toScoringPaper(counted.paper), toStoredAttempt(counted));
    return [{ enrollmentId: e.id, candidate: e.candidate, sessionTitle: e.session.title, pendingManual: score.pendingManual, earned: score.earned, max: score.max, signedOff: e.signedOffAt !== null }];
  });
}

// ---------------------------------------------------------------------------------------------
// Key corrections

export type CorrectKeyResult = { status: "corrected"; rescored: number; changed: number } | { status: "not_found" } | { status: "refused"; message: string };

/** Corrects a published paper's key; every attempt's score follows, and the audit log keeps both. */
export async function correctPaperKey({ institutionId, actorId, paperId, revisionId, key, reason, now = new Date() }: {
  institutionId: string;
  actorId: string;
  paperId: string;
  revisionId: string;
  key: number[];
  reason: string;
  now?: Date;
}): Promise<CorrectKeyResult> {
  const paper = await db.examPaper.findFirst({ where: { id: paperId, institutionId }, select: { publishedAt: true, ...scoringPaperSelect } });
  if (!paper) return { status: "not_found" };
  if (!paper.publishedAt) return { status: "refused", message: "草稿試卷請直接修改題庫試題或重新組卷。" };
  const item = paper.items.find((i) => i.revisionId === revisionId);
  if (!item) return { status: "not_found" };
  const type = item.revision.type as ItemType;
  const optionCount = (JSON.parse(item.revision.optionsJson) as string[]).length;
  if (type === "short_answer") return { status: "refused", message: "簡答題沒有標準答案可更正，請由評分人員調整分數。" };
  if (key.some((k) => k < 0 || k >= optionCount) || new Set(key).size !== key.length) return { status: "refused", message: "更正的答案不在選項中。" };
  if (type !== "multiple" && key.length !== 1) return { status: "refused", message: "單選題與是非題只能有一個正確答案。" };

  // The key in force before this correction (an earlier correction, else the revision's own), for the audit log.
  const previousKey = JSON.parse(paper.corrections.filter((c) => c.revisionId === revisionId).at(-1)?.keyJson ?? item.revision.keyJson) as number[];
  const sortedKey = [...key].sort((a, b) => a - b);

  const attempts = await db.examAttempt.findMany({ where: { paperId }, select: examAttemptsSelect.select });
  const scoreAll = (scoring: ScoringPaper) => new Map(attempts.filter((a) => attemptFinalAt(a, now)).map((a) => [a.id, scoreStoredAttempt(scoring, toStoredAttempt(a)).earned]));
  const before = scoreAll(toScoringPaper(paper));
  const corrected = toScoringPaper({ ...paper, corrections: [...paper.corrections, { revisionId, keyJson: JSON.stringify(sortedKey) }] });
  const after = scoreAll(corrected);
  const changes = [...after].filter(([id, earned]) => before.get(id) !== earned).map(([id, earned]) => ({ attemptId: id, before: before.get(id), after: earned }));
  await db.$transaction(async (tx) => {
    const correction = await tx.examKeyCorrection.create({ data: { paperId, revisionId, keyJson: JSON.stringify(sortedKey), reason, correctedById: actorId }, select: { id: true } });
    await recordAudit({ institutionId, actorId, action: "exam_paper.key_corrected", entityType: "ExamPaper", entityId: paperId, before: { revisionId, key: previousKey }, after: { correctionId: correction.id, key: sortedKey, rescored: after.size, changes }, reason }, tx);
  });
  return { status: "corrected", rescored: after.size, changed: changes.length };
}
