import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finalLevels, type ScoringProgress } from "~/domain/scoring/final-levels";
import {
  ENROLLMENT_STATUSES,
  STATUS_LABELS,
  canChangeScores,
  canModerate,
  canRecordEvidence,
  canRelease,
  canSignOff,
  enrollmentStatus,
  isLocked,
  resultVisibleToCandidate,
  scoreChangeNeedsReason,
  type EnrollmentStatus,
  type EnrollmentStatusInput,
} from "./enrollment-status";

const t = (iso: string) => new Date(`${iso}T09:00:00+08:00`);

// Scoring pictures for 17 criteria (KMC2431-009v2, all seven tasks).
const none: ScoringProgress = { criteria: 17, assessors: 1, scores: 0, assessorsComplete: 0, unresolved: 0, final: 0 };
const oneHalfway: ScoringProgress = { ...none, scores: 9, final: 9 };
const oneDone: ScoringProgress = { ...none, scores: 17, assessorsComplete: 1, final: 17 };
const twoFirstDone: ScoringProgress = { ...none, assessors: 2, scores: 17, assessorsComplete: 1, final: 0 };
const twoDisagree: ScoringProgress = { ...none, assessors: 2, scores: 34, assessorsComplete: 2, unresolved: 2, final: 15 };
const twoResolved: ScoringProgress = { ...none, assessors: 2, scores: 34, assessorsComplete: 2, unresolved: 0, final: 17 };
const twoHalfDisagree: ScoringProgress = { ...none, assessors: 2, scores: 26, assessorsComplete: 1, unresolved: 1, final: 7 };
const noAssessor: ScoringProgress = { ...none, assessors: 0 };
const emptyScope: ScoringProgress = { ...none, criteria: 0, assessors: 1 };

const base: EnrollmentStatusInput = { evidenceCount: 0, scoring: none, signedOffAt: null, releasedAt: null, appeals: [] };
const signed = { signedOffAt: t("2025-03-10") };
const released = { ...signed, releasedAt: t("2025-03-12") };
const openAppeal = { lodgedAt: t("2025-03-15"), decidedAt: null };
const decidedAppeal = { lodgedAt: t("2025-03-15"), decidedAt: t("2025-03-30") };

describe("enrollmentStatus", () => {
  it.each<[string, Partial<EnrollmentStatusInput>, EnrollmentStatus]>([
    ["nothing recorded", {}, "enrolled"],
    ["nothing recorded, no assessor assigned yet", { scoring: noAssessor }, "enrolled"],
    ["an evidence item recorded", { evidenceCount: 1 }, "in_progress"],
    ["some criteria scored", { scoring: oneHalfway }, "in_progress"],
    ["one assessor scored every criterion", { scoring: oneDone }, "ready_for_signoff"],
    ["of two assessors, only the first has finished", { scoring: twoFirstDone }, "in_progress"],
    ["two disagree, but the second has not finished", { scoring: twoHalfDisagree }, "in_progress"],
    ["two finished, disagreements unresolved", { scoring: twoDisagree }, "awaiting_moderation"],
    ["two finished, disagreements resolved", { scoring: twoResolved }, "ready_for_signoff"],
    ["an empty scope is never ready", { scoring: emptyScope, evidenceCount: 2 }, "in_progress"],
    ["signed off", { scoring: oneDone, ...signed }, "signed_off"],
    ["signed off, then a score removed: stays signed off", { scoring: oneHalfway, ...signed }, "signed_off"],
    ["signed off, then a disagreement appears: stays signed off", { scoring: twoDisagree, ...signed }, "signed_off"],
    ["released", { scoring: oneDone, ...released }, "released"],
    ["appeal lodged", { scoring: oneDone, ...released, appeals: [openAppeal] }, "appealed"],
    ["appeal decided", { scoring: oneDone, ...released, appeals: [decidedAppeal] }, "appeal_decided"],
    ["appeal decided, scores corrected afterwards: stays decided", { scoring: twoDisagree, ...released, appeals: [decidedAppeal] }, "appeal_decided"],
    ["a second appeal still open", { scoring: oneDone, ...released, appeals: [decidedAppeal, openAppeal] }, "appealed"],
  ])("%s → %s", (_, given, expected) => {
    expect(enrollmentStatus({ ...base, ...given })).toBe(expected);
  });

  it("takes finalLevels(...).progress as it comes", () => {
    const criteria = ["P1.1.1", "P1.1.2"].map((code) => ({
      id: `crit-${code}`,
      code,
      taskId: "task-T1.1",
      taskCode: "T1.1",
      critical: true,
      levels: [{ score: 4 }, { score: 3 }, { score: 2 }, { score: 1 }],
    }));
    const scores = [
      { assessorId: "王評審", criterionId: "crit-P1.1.1", level: 3 },
      { assessorId: "王評審", criterionId: "crit-P1.1.2", level: 3 },
      { assessorId: "李評審", criterionId: "crit-P1.1.1", level: 3 },
      { assessorId: "李評審", criterionId: "crit-P1.1.2", level: 2 },
    ];
    const progress = (resolutions: { criterionId: string; level: number }[]) =>
      finalLevels({ criteria, assessorIds: ["王評審", "李評審"], scores, resolutions }).progress;
    expect(enrollmentStatus({ ...base, scoring: progress([]) })).toBe("awaiting_moderation");
    expect(enrollmentStatus({ ...base, scoring: progress([{ criterionId: "crit-P1.1.2", level: 3 }]) })).toBe("ready_for_signoff");
  });

  const rank = (status: EnrollmentStatus) => ENROLLMENT_STATUSES.indexOf(status);
  const progress = fc.record({
    criteria: fc.nat(20),
    assessors: fc.nat(2),
    scores: fc.nat(40),
    assessorsComplete: fc.nat(2),
    unresolved: fc.nat(20),
    final: fc.nat(20),
  });
  const input = fc.record({
    evidenceCount: fc.nat(5),
    scoring: progress,
    signedOffAt: fc.option(fc.constant(t("2025-03-10"))),
    releasedAt: fc.option(fc.constant(t("2025-03-12"))),
    appeals: fc.array(fc.record({ lodgedAt: fc.constant(t("2025-03-15")), decidedAt: fc.option(fc.constant(t("2025-03-30"))) }), {
      maxLength: 2,
    }),
  });

  it("property: terminal states stay terminal, whatever happens to scores and evidence", () => {
    fc.assert(
      fc.property(input, progress, fc.nat(5), (given, laterScoring, laterEvidence) => {
        const before = enrollmentStatus(given);
        const after = enrollmentStatus({ ...given, scoring: laterScoring, evidenceCount: laterEvidence });
        if (isLocked(before)) expect(after).toBe(before);
      }),
    );
  });

  it("property: a later milestone never moves the status back", () => {
    fc.assert(
      fc.property(input, (given) => {
        const now = enrollmentStatus(given);
        expect(rank(enrollmentStatus({ ...given, signedOffAt: t("2025-03-10") }))).toBeGreaterThanOrEqual(rank(now));
        expect(rank(enrollmentStatus({ ...given, releasedAt: t("2025-03-12") }))).toBeGreaterThanOrEqual(rank(now));
        expect(isLocked(enrollmentStatus({ ...given, signedOffAt: t("2025-03-10") }))).toBe(true);
      }),
    );
  });
});

describe("what each status allows", () => {
  // status, evidence, free score changes, change needs reason, moderate, sign off, release, candidate sees
  it.each<[EnrollmentStatus, boolean, boolean, boolean, boolean, boolean, boolean, boolean]>([
    ["enrolled", true, true, false, false, false, false, false],
    ["in_progress", true, true, false, false, false, false, false],
    ["awaiting_moderation", true, true, false, true, false, false, false],
    ["ready_for_signoff", true, true, false, true, true, false, false],
    ["signed_off", false, false, true, false, false, true, false],
    ["released", false, false, true, false, false, false, true],
    ["appealed", false, false, true, false, false, false, true],
    ["appeal_decided", false, false, true, false, false, false, true],
  ])("%s", (status, evidence, change, reason, moderate, signOff, release, visible) => {
    expect([
      canRecordEvidence(status),
      canChangeScores(status),
      scoreChangeNeedsReason(status),
      canModerate(status),
      canSignOff(status),
      canRelease(status),
      resultVisibleToCandidate(status),
    ]).toEqual([evidence, change, reason, moderate, signOff, release, visible]);
  });

  it("every status has a zh-TW label", () => {
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...ENROLLMENT_STATUSES].sort());
    expect(STATUS_LABELS.awaiting_moderation).toBe("待評分協調");
    for (const label of Object.values(STATUS_LABELS)) expect(label).toMatch(/\p{Script=Han}/u);
  });
});
