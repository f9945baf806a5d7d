import { AssessmentContentSchema, type AssessmentContent } from "~/domain/rubric/content";
import { db } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "./audit.server";

/** Sessions in which the assessor is assigned to at least one candidate, with how many are theirs. */
export async function listAssessorSessions({ assessorId }: { assessorId: string }) {
  // Counted from the assessor's own assignments (an index lookup), not by aggregating every enrolment.
  const assignments = await db.assignment.findMany({ where: { assessorId }, select: { enrollment: { select: { sessionId: true } } } });
  const perSession = new Map<string, number>();
  for (const a of assignments) perSession.set(a.enrollment.sessionId, (perSession.get(a.enrollment.sessionId) ?? 0) + 1);
  const sessions = await db.assessmentSession.findMany({
    where: { id: { in: [...perSession.keys()] } },
    orderBy: { startsAt: "desc" },
    select: { id: true, title: true, startsAt: true, place: true },
  });
  return sessions.map((s) => ({ ...s, _count: { enrollments: perSession.get(s.id) ?? 0 } }));
}

export function listInstitutionSessions({ institutionId }: { institutionId: string }) {
  return db.assessmentSession.findMany({
    where: { institutionId },
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      title: true,
      startsAt: true,
      place: true,
      startedAt: true,
      closedAt: true,
      assessmentVersion: { select: { version: true, assessment: { select: { title: true } } } },
      _count: { select: { enrollments: true } },
    },
  });
}

/** Published versions an admin can schedule a session on. */
export function listPublishedVersions({ institutionId }: { institutionId: string }) {
  return db.assessmentVersion.findMany({
    where: { publishedAt: { not: null }, assessment: { institutionId, archivedAt: null } },
    orderBy: [{ assessment: { title: "asc" } }, { version: "desc" }],
    select: { id: true, version: true, assessment: { select: { title: true, standard: { select: { code: true } } } } },
  });
}

export function parseContent(contentJson: string): AssessmentContent {
  return AssessmentContentSchema.parse(JSON.parse(contentJson));
}

export async function createSession({ institutionId, actorId, input }: {
  institutionId: string;
  actorId: string;
  input: { assessmentVersionId: string; title: string; startsAt: Date; endsAt: Date | null; place: string; scenario: string | null; appealDays: number };
}) {
  const version = await db.assessmentVersion.findFirst({
    where: { id: input.assessmentVersionId, publishedAt: { not: null }, assessment: { institutionId } },
    select: { id: true, contentJson: true },
  });
  if (!version) return null;
  const content = parseContent(version.contentJson);
  return db.$transaction(async (tx) => {
    const session = await tx.assessmentSession.create({
      data: {
        institutionId,
        assessmentVersionId: version.id,
        title: input.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        scenario: input.scenario || content.scenario,
        resourcesJson: JSON.stringify(content.resources),
        appealDays: input.appealDays,
        createdById: actorId,
      },
      select: { id: true },
    });
    await recordAudit({ institutionId, actorId, action: "session.created", entityType: "AssessmentSession", entityId: session.id, after: input }, tx);
    return session;
  });
}

const sessionDetailSelect = {
  id: true,
  title: true,
  startsAt: true,
  endsAt: true,
  place: true,
  scenario: true,
  resourcesJson: true,
  calibrationNote: true,
  checklistConfirmedAt: true,
  startedAt: true,
  startOverrideReason: true,
  closedAt: true,
  appealDays: true,
  assessmentVersion: {
    select: { id: true, version: true, contentJson: true, contentHash: true, assessment: { select: { id: true, title: true } } },
  },
  enrollments: {
    orderBy: { candidate: { candidateNumber: "asc" } },
    select: {
      id: true,
      taskCodesJson: true,
      previousEnrollmentId: true,
      signedOffAt: true,
      releasedAt: true,
      observedFaultsJson: true,
      candidate: { select: { id: true, displayName: true, candidateNumber: true } },
      assignments: {
        select: { id: true, assessorId: true, conflictDeclared: true, assessor: { select: { displayName: true, qualifications: { select: { name: true } } } } },
      },
      scores: { select: { assessorId: true, criterionKey: true, level: true } },
      resolutions: { select: { criterionKey: true, level: true } },
      appeals: { select: { id: true, outcome: true } },
    },
  },
} satisfies Prisma.AssessmentSessionSelect;

export async function getSessionForAdmin({ institutionId, id }: { institutionId: string; id: string }) {
  const session = await db.assessmentSession.findFirst({ where: { id, institutionId }, select: sessionDetailSelect });
  if (!session) return null;
  const { assessmentVersion, resourcesJson, ...rest } = session;
  return {
    ...rest,
    resources: JSON.parse(resourcesJson) as string[],
    assessmentVersion: { ...assessmentVersion, content: parseContent(assessmentVersion.contentJson), contentJson: undefined },
  };
}

export async function confirmChecklist({ institutionId, actorId, sessionId, confirmed }: { institutionId: string; actorId: string; sessionId: string; confirmed: string[] }) {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true, resourcesJson: true } });
  if (!session) return { status: "not_found" as const };
  const resources = JSON.parse(session.resourcesJson) as string[];
  const missing = resources.filter((r) => !confirmed.includes(r));
  if (missing.length > 0) return { status: "incomplete" as const, missing };
  await db.$transaction(async (tx) => {
    await tx.assessmentSession.update({ where: { id: session.id }, data: { checklistConfirmedAt: new Date() } });
    await recordAudit({ institutionId, actorId, action: "session.checklist_confirmed", entityType: "AssessmentSession", entityId: session.id, after: { resources } }, tx);
  });
  return { status: "confirmed" as const };
}

/**
 * Starting needs the resources checklist confirmed and every assigned assessor qualified (at least
 * one qualification on their profile, no declared conflict); otherwise an admin override with a
 * written reason, which the audit log keeps.
 */
export async function startSession({ institutionId, actorId, sessionId, overrideReason }: { institutionId: string; actorId: string; sessionId: string; overrideReason: string | null }) {
  const session = await db.assessmentSession.findFirst({
    where: { id: sessionId, institutionId },
    select: {
      id: true,
      startedAt: true,
      checklistConfirmedAt: true,
      enrollments: { select: { assignments: { select: { conflictDeclared: true, assessor: { select: { displayName: true, qualifications: { select: { id: true } } } } } } } },
    },
  });
  if (!session) return { status: "not_found" as const };
  if (session.startedAt) return { status: "already_started" as const };
  const problems: string[] = [];
  if (!session.checklistConfirmedAt) problems.push("尚未確認資源檢核表");
  const assessors = new Map<string, boolean>();
  for (const e of session.enrollments) for (const a of e.assignments) assessors.set(a.assessor.displayName, (assessors.get(a.assessor.displayName) ?? true) && a.assessor.qualifications.length > 0 && !a.conflictDeclared);
  if (assessors.size === 0) problems.push("尚未指派評量人員");
  for (const [name, ok] of assessors) if (!ok) problems.push(`評量人員 ${name} 的資格未登錄`);
  if (problems.length > 0 && !overrideReason) return { status: "blocked" as const, problems };
  await db.$transaction(async (tx) => {
    await tx.assessmentSession.update({ where: { id: session.id }, data: { startedAt: new Date(), startOverrideReason: problems.length > 0 ? overrideReason : null } });
    await recordAudit(
      { institutionId, actorId, action: problems.length > 0 ? "session.start_override" : "session.started", entityType: "AssessmentSession", entityId: session.id, before: { problems }, reason: problems.length > 0 ? overrideReason : null },
      tx,
    );
  });
  return { status: "started" as const };
}

export function listCandidates({ institutionId }: { institutionId: string }) {
  return db.user.findMany({
    where: { institutionId, role: "candidate", active: true },
    orderBy: { candidateNumber: "asc" },
    select: { id: true, displayName: true, candidateNumber: true },
  });
}

export function listAssessors({ institutionId }: { institutionId: string }) {
  return db.user.findMany({
    where: { institutionId, role: "assessor", active: true },
    orderBy: { displayName: "asc" },
    select: { id: true, displayName: true, qualifications: { select: { name: true } } },
  });
}

export async function enrolCandidates({ institutionId, actorId, sessionId, candidateIds }: { institutionId: string; actorId: string; sessionId: string; candidateIds: string[] }) {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true } });
  if (!session) return null;
  const candidates = await db.user.findMany({ where: { id: { in: candidateIds }, institutionId, role: "candidate" }, select: { id: true } });
  return db.$transaction(async (tx) => {
    let enrolled = 0;
    for (const candidate of candidates) {
      const exists = await tx.enrollment.findFirst({ where: { sessionId, candidateId: candidate.id }, select: { id: true } });
      if (exists) continue;
      const enrollment = await tx.enrollment.create({ data: { sessionId, candidateId: candidate.id }, select: { id: true } });
      await recordAudit({ institutionId, actorId, action: "enrollment.created", entityType: "Enrollment", entityId: enrollment.id, after: { candidateId: candidate.id } }, tx);
      enrolled++;
    }
    return { enrolled };
  });
}

export type AssignResult = { status: "assigned" } | { status: "not_found" } | { status: "blocked"; message: string };

/** One or two assessors per candidate; a declared conflict of interest blocks the assignment. */
export async function assignAssessor({ institutionId, actorId, enrollmentId, assessorId, conflict }: {
  institutionId: string;
  actorId: string;
  enrollmentId: string;
  assessorId: string;
  conflict: { relationship: string; note: string } | null;
}): Promise<AssignResult> {
  const enrollment = await db.enrollment.findFirst({
    where: { id: enrollmentId, session: { institutionId } },
    select: { id: true, signedOffAt: true, assignments: { select: { assessorId: true } } },
  });
  const assessor = await db.user.findFirst({ where: { id: assessorId, institutionId, role: "assessor" }, select: { id: true, displayName: true } });
  if (!enrollment || !assessor) return { status: "not_found" };
  if (conflict) {
    await recordAudit({ institutionId, actorId, action: "assignment.conflict_declared", entityType: "Enrollment", entityId: enrollment.id, after: { assessorId, ...conflict } });
    return { status: "blocked", message: `${assessor.displayName} 聲明與受評者有利益衝突（${conflict.relationship}），不可指派。` };
  }
  if (enrollment.signedOffAt) return { status: "blocked", message: "這位受評者的評分已簽核，不可再指派評量人員。" };
  if (enrollment.assignments.some((a) => a.assessorId === assessorId)) return { status: "blocked", message: `${assessor.displayName} 已經指派給這位受評者。` };
  if (enrollment.assignments.length >= 2) return { status: "blocked", message: "每位受評者最多指派兩位評量人員。" };
  await db.$transaction(async (tx) => {
    await tx.assignment.create({ data: { enrollmentId, assessorId } });
    await recordAudit({ institutionId, actorId, action: "assignment.created", entityType: "Enrollment", entityId: enrollment.id, after: { assessorId } }, tx);
  });
  return { status: "assigned" };
}

export async function setCalibrationNote({ institutionId, actorId, sessionId, note }: { institutionId: string; actorId: string; sessionId: string; note: string }) {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true, calibrationNote: true } });
  if (!session) return false;
  await db.$transaction(async (tx) => {
    await tx.assessmentSession.update({ where: { id: session.id }, data: { calibrationNote: note } });
    await recordAudit({ institutionId, actorId, action: "session.calibration_note", entityType: "AssessmentSession", entityId: session.id, before: session.calibrationNote, after: note }, tx);
  });
  return true;
}

/** Releases every signed-off, unreleased result of the session to its candidates. */
export async function releaseResults({ institutionId, actorId, sessionId }: { institutionId: string; actorId: string; sessionId: string }) {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true } });
  if (!session) return null;
  return db.$transaction(async (tx) => {
    const ready = await tx.enrollment.findMany({ where: { sessionId, signedOffAt: { not: null }, releasedAt: null }, select: { id: true } });
    const now = new Date();
    for (const e of ready) {
      await tx.enrollment.update({ where: { id: e.id }, data: { releasedAt: now } });
      await recordAudit({ institutionId, actorId, action: "result.released", entityType: "Enrollment", entityId: e.id }, tx);
    }
    return { released: ready.length };
  });
}
