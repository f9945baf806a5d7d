import type { AssessmentContent } from "~/domain/rubric/content";
import { decide, type DecisionResult } from "~/domain/scoring/decide";
import { agreement, kappaLabel } from "~/domain/scoring/agreement";
import { finalLevels, type FinalLevelsResult } from "~/domain/scoring/final-levels";
import { checkSufficiency, type EvidenceKind, type SufficiencyReport } from "~/domain/scoring/sufficiency";
import { scopeToTasks, type CandidateScope } from "~/domain/workflow/candidate-scope";
import { enrollmentStatus, STATUS_LABELS } from "~/domain/workflow/enrollment-status";
import { db } from "~/utils/db.server";
import { examAttemptsSelect, examOutcomeOf } from "./exam-attempt.server";
import { getVersionContent } from "./assessment.server";
import { recordAudit } from "./audit.server";
import { parseContent } from "./session.server";

/**
 * The assessor's side of a session: evidence, scores, moderation and sign-off for one enrolment.
 * Every function takes the acting assessor and finds the enrolment only through their assignment,
 * so an assessor who is not assigned gets nothing (the route answers 404).
 */

/** What computeEnrollmentResult needs of an enrolment: assessors, levels, moderation, evidence. */
export const resultInputSelect = {
  examAttempts: examAttemptsSelect,
  assignments: { orderBy: { createdAt: "asc" as const }, select: { id: true, assessorId: true, revision: true, assessor: { select: { displayName: true } } } },
  scores: { select: { assessorId: true, criterionKey: true, level: true, comment: true, updatedAt: true } },
  resolutions: { select: { criterionKey: true, level: true, reason: true } },
  evidence: {
    where: { withdrawnAt: null },
    orderBy: { createdAt: "asc" as const },
    select: {
      id: true,
      taskCode: true,
      kind: true,
      title: true,
      body: true,
      url: true,
      questionKey: true,
      workProductKey: true,
      criterionKeysJson: true,
      fileName: true,
      mimeType: true,
      sizeBytes: true,
      sha256: true,
      createdById: true,
      createdAt: true,
    },
  },
} as const;

const workspaceSelect = {
  id: true,
  revision: true,
  taskCodesJson: true,
  observedFaultsJson: true,
  signedOffAt: true,
  signOffNote: true,
  releasedAt: true,
  candidate: { select: { id: true, displayName: true, candidateNumber: true } },
  session: {
    select: {
      id: true,
      institutionId: true,
      title: true,
      place: true,
      scenario: true,
      startsAt: true,
      startedAt: true,
      calibrationNote: true,
      assessmentVersion: { select: { version: true, contentJson: true, assessment: { select: { title: true } } } },
    },
  },
  ...resultInputSelect,
};

export type EnrollmentRecord = NonNullable<Awaited<ReturnType<typeof loadEnrollment>>>;

function loadEnrollment(where: object) {
  return db.enrollment.findFirst({ where, select: workspaceSelect });
}

/** The candidate's part of the assessment: all tasks, or the failed ones on a reassessment. */
export function candidateScope(content: AssessmentContent, taskCodesJson: string | null): CandidateScope {
  return scopeToTasks(content, taskCodesJson ? (JSON.parse(taskCodesJson) as string[]) : null);
}

export interface EnrollmentResult {
  scope: CandidateScope;
  levels: FinalLevelsResult;
  decision: DecisionResult;
  sufficiency: SufficiencyReport;
}

/** Final levels, decision and evidence sufficiency, all derived from what is stored. */
export function computeEnrollmentResult(content: AssessmentContent, enrollment: Pick<EnrollmentRecord, "taskCodesJson" | "observedFaultsJson" | "assignments" | "scores" | "resolutions" | "evidence" | "examAttempts">): EnrollmentResult {
  const scope = candidateScope(content, enrollment.taskCodesJson);
  const levels = finalLevels({
    criteria: scope.criteria,
    assessorIds: enrollment.assignments.map((a) => a.assessorId),
    scores: enrollment.scores.map((s) => ({ assessorId: s.assessorId, criterionId: s.criterionKey, level: s.level })),
    resolutions: enrollment.resolutions.map((r) => ({ criterionId: r.criterionKey, level: r.level })),
  });
  const decision = decide({
    rule: content.decisionRule,
    criteria: scope.criteria,
    scores: levels.scores,
    faults: JSON.parse(enrollment.observedFaultsJson) as string[],
    exam: examOutcomeOf(content, enrollment.examAttempts),
  });
  const sufficiency = checkSufficiency({
    criteria: scope.criteria,
    evidencePlan: scope.evidencePlan,
    evidence: enrollment.evidence.map((e) => ({
      id: e.id,
      taskCode: e.taskCode,
      kind: e.kind as EvidenceKind,
      criterionIds: JSON.parse(e.criterionKeysJson) as string[],
      workProductId: e.workProductKey,
    })),
  });
  return { scope, levels, decision, sufficiency };
}

/**
 * What the assessor's workspace and its actions read of an enrolment: the result inputs and the few
 * columns they show or check. The version's content is not among them: it comes from
 * getVersionContent, which parses a published version once per process instead of on every request.
 */
const assessorWorkspaceSelect = {
  id: true,
  taskCodesJson: true,
  observedFaultsJson: true,
  signedOffAt: true,
  candidate: { select: { displayName: true, candidateNumber: true } },
  session: {
    select: {
      id: true,
      institutionId: true,
      title: true,
      place: true,
      scenario: true,
      calibrationNote: true,
      assessmentVersion: { select: { id: true, version: true, publishedAt: true, contentHash: true, assessment: { select: { title: true } } } },
    },
  },
  ...resultInputSelect,
};

export async function getAssessorWorkspace({ assessorId, enrollmentId }: { assessorId: string; enrollmentId: string }) {
  const enrollment = await db.enrollment.findFirst({ where: { id: enrollmentId, assignments: { some: { assessorId } } }, select: assessorWorkspaceSelect });
  if (!enrollment) return null;
  const content = await getVersionContent(enrollment.session.assessmentVersion);
  // A session's version cannot be deleted (the foreign key restricts it): this is a broken database.
  if (!content) throw new Error(`assessment version ${enrollment.session.assessmentVersion.id} is missing`);
  const result = computeEnrollmentResult(content, enrollment);
  const mine = enrollment.assignments.find((a) => a.assessorId === assessorId)!;
  const { progress } = result.levels;
  const blind = progress.assessors > 1 && progress.assessorsComplete < progress.assessors;
  // What this assessor may see: until every assessor has finished, a result from their own scores only.
  const ownView = blind
    ? computeEnrollmentResult(content, {
        ...enrollment,
        assignments: [mine],
        scores: enrollment.scores.filter((s) => s.assessorId === assessorId),
        resolutions: [],
      })
    : result;
  return { enrollment, content, result, ownView, blind, assignment: mine };
}

export async function listAssessorEnrollments({ assessorId, sessionId }: { assessorId: string; sessionId: string }) {
  // Counts come from two grouped queries scoped to the session: Prisma's relation _count would
  // aggregate the whole Evidence and Score tables on every request (50 ms at 200,000 scores).
  const [session, evidenceCounts, scoreCounts] = await Promise.all([
    db.assessmentSession.findFirst({
      where: { id: sessionId, enrollments: { some: { assignments: { some: { assessorId } } } } },
      select: {
        id: true,
        title: true,
        place: true,
        scenario: true,
        startsAt: true,
        startedAt: true,
        calibrationNote: true,
        assessmentVersion: { select: { id: true, version: true, publishedAt: true, contentHash: true, assessment: { select: { title: true } } } },
        enrollments: {
          where: { assignments: { some: { assessorId } } },
          orderBy: { candidate: { candidateNumber: "asc" } },
          select: { id: true, signedOffAt: true, releasedAt: true, candidate: { select: { displayName: true, candidateNumber: true } } },
        },
      },
    }),
    db.evidence.groupBy({ by: ["enrollmentId"], where: { withdrawnAt: null, enrollment: { sessionId } }, _count: { _all: true } }),
    db.score.groupBy({ by: ["enrollmentId"], where: { assessorId, enrollment: { sessionId } }, _count: { _all: true } }),
  ]);
  if (!session) return null;
  const evidence = new Map(evidenceCounts.map((row) => [row.enrollmentId, row._count._all]));
  const scores = new Map(scoreCounts.map((row) => [row.enrollmentId, row._count._all]));
  // Sessions reference published versions, whose parsed content is cached: no 40 KB read per request.
  const content = await getVersionContent(session.assessmentVersion);
  return {
    ...session,
    hasExam: content?.exam !== undefined,
    enrollments: session.enrollments.map((e) => ({ ...e, _count: { evidence: evidence.get(e.id) ?? 0, scores: scores.get(e.id) ?? 0 } })),
  };
}

export type NewEvidence =
  | { kind: "observation" | "note" | "third_party"; taskCode: string; title: string; body: string; criterionIds: string[]; workProductId: string | null }
  | { kind: "qa"; taskCode: string; title: string; body: string; questionId: string; criterionIds: string[] }
  | { kind: "link"; taskCode: string; title: string; url: string; criterionIds: string[]; workProductId: string | null }
  | { kind: "file"; taskCode: string; title: string; criterionIds: string[]; workProductId: string | null; file: { key: string; fileName: string; mimeType: string; sizeBytes: number; sha256: string } };

/** Appends one evidence item stamped with who and when; evidence is never edited, only withdrawn. */
export async function addEvidence({ assessorId, enrollmentId, evidence }: { assessorId: string; enrollmentId: string; evidence: NewEvidence }) {
  const workspace = await getAssessorWorkspace({ assessorId, enrollmentId });
  if (!workspace) return { status: "not_found" as const };
  const { scope } = workspace.result;
  const task = scope.tasks.find((t) => t.code === evidence.taskCode);
  if (!task) return { status: "invalid" as const, message: "這項工作任務不在這位受評者的評量範圍內。" };
  const taskCriteria = new Set(scope.criteria.filter((c) => c.taskId === task.id).map((c) => c.id));
  if (evidence.criterionIds.some((id) => !taskCriteria.has(id))) return { status: "invalid" as const, message: "連結的評量規準不屬於這項工作任務。" };
  const plan = scope.evidencePlan.find((e) => e.taskId === task.id);
  if ("workProductId" in evidence && evidence.workProductId && !plan?.workProducts.some((w) => w.id === evidence.workProductId)) {
    return { status: "invalid" as const, message: "所選的工作產出不屬於這項工作任務。" };
  }
  if (evidence.kind === "qa" && !plan?.questions.some((q) => q.id === evidence.questionId)) {
    return { status: "invalid" as const, message: "所選的問題不屬於這項工作任務。" };
  }
  const created = await db.$transaction(async (tx) => {
    const row = await tx.evidence.create({
      data: {
        enrollmentId,
        taskCode: evidence.taskCode,
        kind: evidence.kind,
        title: evidence.title,
        body: "body" in evidence ? evidence.body : null,
        url: evidence.kind === "link" ? evidence.url : null,
        questionKey: evidence.kind === "qa" ? evidence.questionId : null,
        workProductKey: "workProductId" in evidence ? evidence.workProductId : null,
        criterionKeysJson: JSON.stringify(evidence.criterionIds),
        ...(evidence.kind === "file"
          ? { fileName: evidence.file.fileName, storageKey: evidence.file.key, mimeType: evidence.file.mimeType, sizeBytes: evidence.file.sizeBytes, sha256: evidence.file.sha256 }
          : {}),
        createdById: assessorId,
      },
      select: { id: true },
    });
    await recordAudit({ institutionId: workspace.enrollment.session.institutionId, actorId: assessorId, action: "evidence.added", entityType: "Enrollment", entityId: enrollmentId, after: { evidenceId: row.id, kind: evidence.kind, taskCode: evidence.taskCode, sha256: evidence.kind === "file" ? evidence.file.sha256 : undefined } }, tx);
    return row;
  });
  return { status: "added" as const, evidenceId: created.id };
}

/** A stored evidence file, for an assessor assigned to the candidate or an admin of the institution. */
export function findEvidenceFile({ evidenceId, viewer }: { evidenceId: string; viewer: { id: string; role: string; institutionId: string } }) {
  const access =
    viewer.role === "admin"
      ? { session: { institutionId: viewer.institutionId } }
      : viewer.role === "assessor"
        ? { assignments: { some: { assessorId: viewer.id } } }
        : { id: "__none__" };
  return db.evidence.findFirst({
    where: { id: evidenceId, kind: "file", withdrawnAt: null, enrollment: access },
    select: { storageKey: true, fileName: true, mimeType: true, sizeBytes: true, sha256: true },
  });
}

export interface ScoreInput {
  criterionId: string;
  level: number | null;
  comment: string;
}

export type SaveScoresResult =
  | { status: "saved"; revision: number; changed: number }
  | { status: "not_found" }
  | { status: "invalid"; message: string }
  | { status: "reason_required" }
  | { status: "conflict"; changedSince: { criterionId: string; code: string | null; before: number | null; now: number | null }[] };

/**
 * Saves the assessor's levels. `baseRevision` is the sheet version the form was loaded with: a newer
 * save in between (another device, another tab) makes this one a conflict listing what changed,
 * instead of overwriting it. After sign-off every change needs a reason and is audited with its
 * before and after.
 */
export async function saveScores({ assessorId, enrollmentId, baseRevision, baseline = {}, scores, faults, reason }: {
  assessorId: string;
  enrollmentId: string;
  baseRevision: number;
  /** The levels the form showed when it was loaded, to tell on a conflict what changed since. */
  baseline?: Record<string, number | null>;
  scores: ScoreInput[];
  /** The observed critical faults, or null to leave them as they are. */
  faults: string[] | null;
  reason: string | null;
}): Promise<SaveScoresResult> {
  const workspace = await getAssessorWorkspace({ assessorId, enrollmentId });
  if (!workspace) return { status: "not_found" };
  const { enrollment, content, result, assignment } = workspace;
  const criteria = new Map(result.scope.criteria.map((c) => [c.id, c]));
  for (const s of scores) {
    const criterion = criteria.get(s.criterionId);
    if (!criterion) return { status: "invalid", message: "評分包含不在評量範圍內的規準。" };
    if (s.level !== null && !criterion.levels.some((l) => l.score === s.level)) return { status: "invalid", message: `${criterion.code ?? criterion.id} 的等級不在量尺上。` };
  }
  const knownFaults = new Set(content.decisionRule.criticalFaults.map((f) => f.id));
  if (faults?.some((f) => !knownFaults.has(f))) return { status: "invalid", message: "重大缺點不在判定規則中。" };

  const mine = new Map(enrollment.scores.filter((s) => s.assessorId === assessorId).map((s) => [s.criterionKey, s]));
  const changes = scores.filter((s) => {
    const before = mine.get(s.criterionId);
    return (before?.level ?? null) !== s.level || (before?.comment ?? "") !== s.comment;
  });
  const faultsBefore = JSON.parse(enrollment.observedFaultsJson) as string[];
  const faultsChanged = faults !== null && [...faults].sort().join() !== [...faultsBefore].sort().join();
  if (enrollment.signedOffAt && (changes.length > 0 || faultsChanged) && !reason) return { status: "reason_required" };

  const institutionId = enrollment.session.institutionId;
  return db.$transaction(async (tx): Promise<SaveScoresResult> => {
    const bumped = await tx.assignment.updateMany({ where: { id: assignment.id, revision: baseRevision }, data: { revision: { increment: 1 } } });
    if (bumped.count === 0) {
      const current = new Map((await tx.score.findMany({ where: { enrollmentId, assessorId }, select: { criterionKey: true, level: true } })).map((c) => [c.criterionKey, c.level]));
      const changedSince = [...criteria.keys()]
        .filter((id) => id in baseline && (baseline[id] ?? null) !== (current.get(id) ?? null))
        .map((id) => ({ criterionId: id, code: criteria.get(id)?.code ?? null, before: baseline[id] ?? null, now: current.get(id) ?? null }));
      return { status: "conflict", changedSince };
    }
    for (const change of changes) {
      const before = mine.get(change.criterionId);
      if (change.level === null) {
        await tx.score.deleteMany({ where: { enrollmentId, assessorId, criterionKey: change.criterionId } });
      } else {
        await tx.score.upsert({
          where: { enrollmentId_assessorId_criterionKey: { enrollmentId, assessorId, criterionKey: change.criterionId } },
          create: { enrollmentId, assessorId, criterionKey: change.criterionId, criterionCode: criteria.get(change.criterionId)?.code ?? null, level: change.level, comment: change.comment || null },
          update: { level: change.level, comment: change.comment || null },
        });
      }
      await recordAudit(
        {
          institutionId,
          actorId: assessorId,
          action: enrollment.signedOffAt ? "score.changed_after_signoff" : "score.changed",
          entityType: "Enrollment",
          entityId: enrollmentId,
          before: before ? { criterion: criteria.get(change.criterionId)?.code, level: before.level, comment: before.comment } : null,
          after: { criterion: criteria.get(change.criterionId)?.code, level: change.level, comment: change.comment },
          reason,
        },
        tx,
      );
    }
    if (faultsChanged) {
      await tx.enrollment.update({ where: { id: enrollmentId }, data: { observedFaultsJson: JSON.stringify(faults) } });
      await recordAudit({ institutionId, actorId: assessorId, action: "faults.changed", entityType: "Enrollment", entityId: enrollmentId, before: faultsBefore, after: faults, reason }, tx);
    }
    return { status: "saved", revision: baseRevision + 1, changed: changes.length + (faultsChanged ? 1 : 0) };
  });
}

/** Moderation: the agreed level and why, where the two assessors differ. */
export async function resolveDisagreement({ assessorId, enrollmentId, criterionId, level, reason }: { assessorId: string; enrollmentId: string; criterionId: string; level: number; reason: string }) {
  const workspace = await getAssessorWorkspace({ assessorId, enrollmentId });
  if (!workspace) return { status: "not_found" as const };
  const final = workspace.result.levels.criteria.find((c) => c.criterionId === criterionId);
  if (!final || (final.state !== "unresolved" && final.state !== "resolved")) return { status: "invalid" as const, message: "這項規準沒有需要協調的差異。" };
  const criterion = workspace.result.scope.criteria.find((c) => c.id === criterionId)!;
  if (!criterion.levels.some((l) => l.score === level)) return { status: "invalid" as const, message: "協調後的等級不在量尺上。" };
  if (workspace.enrollment.signedOffAt) return { status: "invalid" as const, message: "已簽核，不能再協調。" };
  await db.$transaction(async (tx) => {
    await tx.scoreResolution.upsert({
      where: { enrollmentId_criterionKey: { enrollmentId, criterionKey: criterionId } },
      create: { enrollmentId, criterionKey: criterionId, level, reason, resolvedById: assessorId },
      update: { level, reason, resolvedById: assessorId },
    });
    await recordAudit({ institutionId: workspace.enrollment.session.institutionId, actorId: assessorId, action: "score.moderated", entityType: "Enrollment", entityId: enrollmentId, before: { levels: final.assessorLevels }, after: { criterion: criterion.code, level }, reason }, tx);
  });
  return { status: "resolved" as const };
}

export type SignOffResult =
  | { status: "signed_off" }
  | { status: "not_found" }
  | { status: "blocked"; problems: string[] }
  | { status: "note_required"; problems: string[] };

/**
 * Locks the candidate's scores. Every criterion needs a final level (all assessors scored, differences
 * moderated); evidence that is not yet sufficient needs a written note, kept with the sign-off.
 */
export async function signOff({ assessorId, enrollmentId, note }: { assessorId: string; enrollmentId: string; note: string | null }): Promise<SignOffResult> {
  const workspace = await getAssessorWorkspace({ assessorId, enrollmentId });
  if (!workspace) return { status: "not_found" };
  const { enrollment, result } = workspace;
  if (enrollment.signedOffAt) return { status: "blocked", problems: ["已經簽核。"] };
  const problems: string[] = [];
  const { progress } = result.levels;
  // While someone is still scoring, say nothing about differences: scoring is blind until both finish.
  if (progress.assessorsComplete < progress.assessors || progress.assessors === 0) problems.push("尚有評量人員未完成每一項規準的評分。");
  else if (progress.unresolved > 0) problems.push(`有 ${progress.unresolved} 項規準兩位評量人員的評分不同，須先協調。`);
  // A rule that requires the exam cannot decide before the exam is final and every short answer scored.
  if (result.decision.conditions.some((c) => c.kind === "exam_pass" && c.passed === null)) problems.push("判定規則要求筆試及格，但考生尚未完成筆試，或簡答題尚待評分。");
  if (problems.length > 0) return { status: "blocked", problems };
  if (!result.sufficiency.sufficient && !note) {
    const missing = result.sufficiency.tasks.filter((t) => !t.sufficient).map((t) => t.taskCode ?? t.taskId);
    return { status: "note_required", problems: [`佐證尚不充分（${missing.join("、")}）：請補充佐證，或寫明簽核理由。`] };
  }
  await db.$transaction(async (tx) => {
    await tx.enrollment.update({ where: { id: enrollmentId }, data: { signedOffAt: new Date(), signedOffById: assessorId, signOffNote: note } });
    await recordAudit({ institutionId: enrollment.session.institutionId, actorId: assessorId, action: "enrollment.signed_off", entityType: "Enrollment", entityId: enrollmentId, after: { decision: result.decision.decision, total: result.decision.total }, reason: note }, tx);
  });
  return { status: "signed_off" };
}

/** A candidate's own released result; before release (or for another candidate) nothing. */
export async function getReleasedResult({ candidateId, enrollmentId }: { candidateId: string; enrollmentId: string }) {
  const enrollment = await loadEnrollment({ id: enrollmentId, candidateId, releasedAt: { not: null } });
  if (!enrollment) return null;
  const content = parseContent(enrollment.session.assessmentVersion.contentJson);
  return { enrollment, content, result: computeEnrollmentResult(content, enrollment) };
}

/**
 * Per enrolment of a session: the derived decision and, where two assessors have both finished,
 * their agreement (percent and Cohen's κ), plus the pooled agreement over the session.
 */
export async function getSessionResults({ institutionId, sessionId }: { institutionId: string; sessionId: string }) {
  const enrollments = await db.enrollment.findMany({
    where: { sessionId, session: { institutionId } },
    select: { ...workspaceSelect, appeals: { select: { lodgedAt: true, decidedAt: true } } },
  });
  const first: Record<string, number> = {};
  const second: Record<string, number> = {};
  const pooledCriteria: { id: string; code: string | null; taskCode: string | null }[] = [];
  let scale: { score: number }[] = [];
  const rows = enrollments.map((enrollment) => {
    const content = parseContent(enrollment.session.assessmentVersion.contentJson);
    scale = content.scale.levels;
    const result = computeEnrollmentResult(content, enrollment);
    const { progress } = result.levels;
    let pairAgreement: ReturnType<typeof agreement> | null = null;
    if (progress.assessors === 2 && progress.assessorsComplete === 2) {
      const [a, b] = enrollment.assignments.map((x) => x.assessorId);
      const levels = (assessorId: string) => Object.fromEntries(enrollment.scores.filter((s) => s.assessorId === assessorId).map((s) => [s.criterionKey, s.level]));
      const la = levels(a!);
      const lb = levels(b!);
      pairAgreement = agreement({ criteria: result.scope.criteria, scale: content.scale.levels, first: la, second: lb });
      for (const c of result.scope.criteria) {
        const key = `${enrollment.id}:${c.id}`;
        pooledCriteria.push({ id: key, code: c.code, taskCode: c.taskCode });
        first[key] = la[c.id]!;
        second[key] = lb[c.id]!;
      }
    }
    const status = enrollmentStatus({ evidenceCount: enrollment.evidence.length, scoring: progress, signedOffAt: enrollment.signedOffAt, releasedAt: enrollment.releasedAt, appeals: enrollment.appeals });
    return { enrollmentId: enrollment.id, status: STATUS_LABELS[status], decision: result.decision.decision, total: result.decision.total, exam: result.decision.exam, progress, agreement: pairAgreement && { percent: pairAgreement.percentAgreement, kappa: pairAgreement.kappa, compared: pairAgreement.compared } };
  });
  const pooled = pooledCriteria.length > 0 ? agreement({ criteria: pooledCriteria, scale, first, second }) : null;
  // Per criterion code across the double-scored candidates: which criteria the assessors read alike.
  const perCriterion = new Map<string, { code: string; agreed: number; compared: number }>();
  for (const c of pooledCriteria) {
    const code = c.code ?? c.id.split(":")[1]!;
    const entry = perCriterion.get(code) ?? { code, agreed: 0, compared: 0 };
    entry.compared++;
    if (first[c.id] === second[c.id]) entry.agreed++;
    perCriterion.set(code, entry);
  }
  return {
    rows,
    pooled: pooled && { percent: pooled.percentAgreement, kappa: pooled.kappa, compared: pooled.compared, label: kappaLabel(pooled.kappa) },
    perCriterion: [...perCriterion.values()],
  };
}
