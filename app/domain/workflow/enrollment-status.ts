/**
 * The status of one candidate's enrolment, projected from what is stored (STYLE habit 6): timestamps
 * (signedOffAt, releasedAt, appeals' lodgedAt / decidedAt) and counts derived from evidence and scores.
 * Status is never stored, so it cannot disagree with the data.
 *
 * Later milestones win, checked from the last to the first. That is what keeps terminal states
 * terminal: once signedOffAt is set, no later score, evidence or missing resolution can move the
 * enrolment back to "in progress"; once an appeal is lodged, the status is about the appeal. The
 * models never write milestones out of order (sign-off needs ready_for_signoff, an appeal needs a
 * release, see ~/domain/session/appeal), so "later wins" never hides a real earlier state.
 *
 * Before sign-off the status follows scoring progress (from finalLevels(...).progress):
 *   ready_for_signoff   every criterion in scope has a final level (one assessor scored all; or two
 *                       scored all and every disagreement is resolved);
 *   awaiting_moderation two assessors have both scored every criterion and some disagreement is
 *                       unresolved;
 *   in_progress         anything recorded (a score or an evidence item);
 *   enrolled            nothing yet.
 */
import type { ScoringProgress } from "~/domain/scoring/final-levels";

export const ENROLLMENT_STATUSES = [
  "enrolled",
  "in_progress",
  "awaiting_moderation",
  "ready_for_signoff",
  "signed_off",
  "released",
  "appealed",
  "appeal_decided",
] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<EnrollmentStatus, string>> = {
  enrolled: "已報名",
  in_progress: "評量中",
  awaiting_moderation: "待評分協調",
  ready_for_signoff: "待簽核",
  signed_off: "已簽核",
  released: "已公布結果",
  appealed: "申訴中",
  appeal_decided: "申訴已決定",
};

export interface AppealTimes {
  lodgedAt: Date;
  decidedAt: Date | null;
}

export interface EnrollmentStatusInput {
  /** Evidence items not withdrawn. */
  evidenceCount: number;
  scoring: ScoringProgress;
  signedOffAt: Date | null;
  releasedAt: Date | null;
  appeals: readonly AppealTimes[];
}

export function enrollmentStatus(input: EnrollmentStatusInput): EnrollmentStatus {
  const { scoring } = input;
  if (input.appeals.some((a) => a.decidedAt === null)) return "appealed";
  if (input.appeals.length > 0) return "appeal_decided";
  if (input.releasedAt) return "released";
  if (input.signedOffAt) return "signed_off";
  if (scoring.criteria > 0 && scoring.assessors > 0 && scoring.final === scoring.criteria) return "ready_for_signoff";
  if (scoring.assessors >= 2 && scoring.assessorsComplete >= 2 && scoring.unresolved > 0) return "awaiting_moderation";
  if (scoring.scores > 0 || input.evidenceCount > 0) return "in_progress";
  return "enrolled";
}

const LOCKED: ReadonlySet<EnrollmentStatus> = new Set(["signed_off", "released", "appealed", "appeal_decided"]);

/** Signed off or later: scores are locked (DESIGN §6). */
export function isLocked(status: EnrollmentStatus): boolean {
  return LOCKED.has(status);
}

/** Assessors may record, edit and withdraw evidence freely until sign-off. */
export function canRecordEvidence(status: EnrollmentStatus): boolean {
  return !isLocked(status);
}

/** Scores can be chosen and changed freely (no reason asked) until sign-off. */
export function canChangeScores(status: EnrollmentStatus): boolean {
  return !isLocked(status);
}

/**
 * After sign-off a score may still be corrected (e.g. an upheld appeal), but only with a written
 * reason that goes to the append-only audit log; the status does not move back.
 */
export function scoreChangeNeedsReason(status: EnrollmentStatus): boolean {
  return isLocked(status);
}

/** Moderation happens once both have scored everything, and a resolution may be revised until sign-off. */
export function canModerate(status: EnrollmentStatus): boolean {
  return status === "awaiting_moderation" || status === "ready_for_signoff";
}

export function canSignOff(status: EnrollmentStatus): boolean {
  return status === "ready_for_signoff";
}

/** Releasing makes the result visible to the candidate and starts the appeal window. */
export function canRelease(status: EnrollmentStatus): boolean {
  return status === "signed_off";
}

/** A candidate sees a result only once it is released (a signed-off result may still be held back). */
export function resultVisibleToCandidate(status: EnrollmentStatus): boolean {
  return status === "released" || status === "appealed" || status === "appeal_decided";
}
