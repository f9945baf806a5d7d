import { APPEAL_REFUSAL_MESSAGES, canLodgeAppeal, eligibleReviewers, type AppealOutcome } from "~/domain/session/appeal";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { getReleasedResult } from "./scoring.server";

/** Whether the candidate may appeal this released result now, and until when. */
export async function getAppealState({ candidateId, enrollmentId }: { candidateId: string; enrollmentId: string }) {
  const released = await getReleasedResult({ candidateId, enrollmentId });
  if (!released) return null;
  const appeals = await db.appeal.findMany({ where: { enrollmentId }, orderBy: { lodgedAt: "desc" } });
  const session = await db.assessmentSession.findFirstOrThrow({ where: { enrollments: { some: { id: enrollmentId } } }, select: { appealDays: true } });
  const check = canLodgeAppeal({
    releasedAt: released.enrollment.releasedAt,
    now: new Date(),
    days: session.appealDays,
    decision: released.result.decision.decision,
    existingOpenAppeal: appeals.some((a) => !a.outcome),
    appealDecided: appeals.some((a) => a.outcome),
  });
  return { check, appeals };
}

export async function lodgeAppeal({ candidateId, enrollmentId, reason }: { candidateId: string; enrollmentId: string; reason: string }) {
  const state = await getAppealState({ candidateId, enrollmentId });
  if (!state) return { status: "not_found" as const };
  if (!state.check.allowed) return { status: "refused" as const, message: state.check.message };
  const institution = await db.user.findUniqueOrThrow({ where: { id: candidateId }, select: { institutionId: true } });
  try {
    await db.$transaction(async (tx) => {
      const appeal = await tx.appeal.create({ data: { enrollmentId, reason }, select: { id: true } });
      await recordAudit({ institutionId: institution.institutionId, actorId: candidateId, action: "appeal.lodged", entityType: "Enrollment", entityId: enrollmentId, after: { appealId: appeal.id }, reason }, tx);
    });
  } catch (error) {
    // One appeal per result (unique index): a double submission loses the race here.
    if ((error as { code?: string }).code === "P2002") return { status: "refused" as const, message: APPEAL_REFUSAL_MESSAGES.appeal_open };
    throw error;
  }
  return { status: "lodged" as const };
}

/** Open and decided appeals of the institution, with who may review each (never its assessors). */
export async function listAppeals({ institutionId }: { institutionId: string }) {
  const appeals = await db.appeal.findMany({
    where: { enrollment: { session: { institutionId } } },
    orderBy: { lodgedAt: "desc" },
    select: {
      id: true,
      reason: true,
      lodgedAt: true,
      reviewerId: true,
      outcome: true,
      outcomeReason: true,
      decidedAt: true,
      enrollment: {
        select: {
          id: true,
          candidate: { select: { displayName: true, candidateNumber: true } },
          session: { select: { id: true, title: true } },
          assignments: { select: { assessorId: true } },
        },
      },
    },
  });
  const assessors = await db.user.findMany({ where: { institutionId, role: "assessor" }, select: { id: true, displayName: true, active: true }, orderBy: { displayName: "asc" } });
  const names = new Map(assessors.map((a) => [a.id, a.displayName]));
  return appeals.map((a) => ({
    ...a,
    reviewerName: a.reviewerId ? (names.get(a.reviewerId) ?? null) : null,
    eligibleReviewers: eligibleReviewers(assessors, a.enrollment.assignments.map((x) => x.assessorId)),
  }));
}

export type AssignReviewerResult = { status: "assigned" } | { status: "not_found" } | { status: "refused"; message: string };

export async function assignAppealReviewer({ institutionId, actorId, appealId, reviewerId }: { institutionId: string; actorId: string; appealId: string; reviewerId: string }): Promise<AssignReviewerResult> {
  const appeal = await db.appeal.findFirst({
    where: { id: appealId, enrollment: { session: { institutionId } } },
    select: { id: true, outcome: true, enrollmentId: true, enrollment: { select: { assignments: { select: { assessorId: true } } } } },
  });
  if (!appeal) return { status: "not_found" };
  const reviewer = await db.user.findFirst({ where: { id: reviewerId, institutionId, role: "assessor", active: true }, select: { id: true, displayName: true } });
  if (!reviewer) return { status: "not_found" };
  if (appeal.outcome) return { status: "refused", message: "這件申訴已有決定。" };
  if (eligibleReviewers([reviewer], appeal.enrollment.assignments.map((a) => a.assessorId)).length === 0) {
    return { status: "refused", message: `${reviewer.displayName} 曾評量這位受評者，不能擔任申訴審查人。` };
  }
  await db.$transaction(async (tx) => {
    await tx.appeal.update({ where: { id: appeal.id }, data: { reviewerId } });
    await recordAudit({ institutionId, actorId, action: "appeal.reviewer_assigned", entityType: "Enrollment", entityId: appeal.enrollmentId, after: { appealId, reviewerId } }, tx);
  });
  return { status: "assigned" };
}

/** The assigned reviewer records the outcome with reasons; the candidate then sees both. */
export async function decideAppeal({ reviewerId, appealId, outcome, outcomeReason }: { reviewerId: string; appealId: string; outcome: AppealOutcome; outcomeReason: string }) {
  const appeal = await db.appeal.findFirst({
    where: { id: appealId, reviewerId, outcome: null },
    select: { id: true, enrollmentId: true, enrollment: { select: { session: { select: { institutionId: true } } } } },
  });
  if (!appeal) return { status: "not_found" as const };
  await db.$transaction(async (tx) => {
    await tx.appeal.update({ where: { id: appeal.id }, data: { outcome, outcomeReason, decidedAt: new Date() } });
    await recordAudit({ institutionId: appeal.enrollment.session.institutionId, actorId: reviewerId, action: "appeal.decided", entityType: "Enrollment", entityId: appeal.enrollmentId, after: { appealId, outcome }, reason: outcomeReason }, tx);
  });
  return { status: "decided" as const };
}

export function listReviewerAppeals({ reviewerId }: { reviewerId: string }) {
  return db.appeal.findMany({
    where: { reviewerId },
    orderBy: { lodgedAt: "desc" },
    select: {
      id: true,
      reason: true,
      lodgedAt: true,
      outcome: true,
      outcomeReason: true,
      decidedAt: true,
      enrollment: { select: { id: true, candidate: { select: { displayName: true, candidateNumber: true } }, session: { select: { title: true } } } },
    },
  });
}
