import { describe, expect, it } from "vitest";
import {
  SESSION_STATUSES,
  SESSION_STATUS_LABELS,
  canCloseSession,
  canCollectEvidence,
  canEditSessionSetup,
  canScoreInSession,
  sessionStatus,
  startCheck,
  type SessionStatus,
  type SessionStatusInput,
} from "./session-status";

const confirmed = new Date("2025-03-10T08:30:00+08:00");
const started = new Date("2025-03-10T09:00:00+08:00");
const closed = new Date("2025-03-10T17:00:00+08:00");

describe("sessionStatus", () => {
  it.each<[string, SessionStatusInput, SessionStatus]>([
    ["just scheduled", { checklistConfirmedAt: null, startedAt: null, closedAt: null }, "scheduled"],
    ["checklist confirmed", { checklistConfirmedAt: confirmed, startedAt: null, closedAt: null }, "ready"],
    ["started after the checklist", { checklistConfirmedAt: confirmed, startedAt: started, closedAt: null }, "in_progress"],
    ["started with an override, checklist never confirmed", { checklistConfirmedAt: null, startedAt: started, closedAt: null }, "in_progress"],
    ["closed", { checklistConfirmedAt: confirmed, startedAt: started, closedAt: closed }, "closed"],
    ["closed without ever starting (cancelled)", { checklistConfirmedAt: null, startedAt: null, closedAt: closed }, "closed"],
  ])("%s → %s", (_, input, expected) => {
    expect(sessionStatus(input)).toBe(expected);
  });
});

describe("what each session status allows", () => {
  it.each<[SessionStatus, boolean, ReturnType<typeof startCheck>, boolean, boolean, boolean]>([
    ["scheduled", true, { allowed: true, reasonRequired: true }, false, false, false],
    ["ready", true, { allowed: true, reasonRequired: false }, false, false, false],
    ["in_progress", false, { allowed: false, message: "評量場次已經開始" }, true, true, true],
    ["closed", false, { allowed: false, message: "評量場次已經結束" }, false, true, false],
  ])("%s", (status, setup, start, evidence, score, close) => {
    expect(canEditSessionSetup(status)).toBe(setup);
    expect(startCheck(status)).toEqual(start);
    expect(canCollectEvidence(status)).toBe(evidence);
    expect(canScoreInSession(status)).toBe(score);
    expect(canCloseSession(status)).toBe(close);
  });

  it("every status has a zh-TW label", () => {
    expect(Object.keys(SESSION_STATUS_LABELS).sort()).toEqual([...SESSION_STATUSES].sort());
    expect(SESSION_STATUS_LABELS.in_progress).toBe("進行中");
  });
});
