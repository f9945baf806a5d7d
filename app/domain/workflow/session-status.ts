/**
 * The status of an assessment session (場次), projected from its timestamps (STYLE habit 6). A session
 * does not start by itself at `startsAt`: the assessor starts it on site, normally after the
 * preparation checklist (place, resources, candidates' identities) is confirmed; starting without a
 * confirmed checklist needs a written reason (`startOverrideReason`).
 *
 * Later milestones win: closed > in_progress > ready > scheduled, so a closed session stays closed
 * whatever else is set.
 */
export const SESSION_STATUSES = ["scheduled", "ready", "in_progress", "closed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_STATUS_LABELS: Readonly<Record<SessionStatus, string>> = {
  scheduled: "已排定",
  ready: "準備就緒",
  in_progress: "進行中",
  closed: "已結束",
};

export interface SessionStatusInput {
  checklistConfirmedAt: Date | null;
  startedAt: Date | null;
  closedAt: Date | null;
}

export function sessionStatus(input: SessionStatusInput): SessionStatus {
  if (input.closedAt) return "closed";
  if (input.startedAt) return "in_progress";
  if (input.checklistConfirmedAt) return "ready";
  return "scheduled";
}

/** Enrolments, assignments, place and resources can change until the session starts. */
export function canEditSessionSetup(status: SessionStatus): boolean {
  return status === "scheduled" || status === "ready";
}

export type StartCheck = { allowed: true; reasonRequired: boolean } | { allowed: false; message: string };

/** Whether the session can start now, and whether the start needs a written override reason. */
export function startCheck(status: SessionStatus): StartCheck {
  switch (status) {
    case "ready":
      return { allowed: true, reasonRequired: false };
    case "scheduled":
      return { allowed: true, reasonRequired: true };
    case "in_progress":
      return { allowed: false, message: "評量場次已經開始" };
    case "closed":
      return { allowed: false, message: "評量場次已經結束" };
  }
}

/** Evidence is observed and collected during the session, not before it and not after it closes. */
export function canCollectEvidence(status: SessionStatus): boolean {
  return status === "in_progress";
}

/**
 * Scoring may go on after the session closes: assessors often review work products afterwards. It is
 * the enrolment's sign-off, not the session's end, that locks scores.
 */
export function canScoreInSession(status: SessionStatus): boolean {
  return status === "in_progress" || status === "closed";
}

export function canCloseSession(status: SessionStatus): boolean {
  return status === "in_progress";
}
