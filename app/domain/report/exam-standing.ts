/**
 * Why a knowledge exam outcome has no score yet. ExamOutcome.earned is null both when the candidate
 * never finished an attempt and when a finished attempt still has short answers to mark; the result
 * page words the two differently (未應試／評閱中), and a document must not be issued in the second
 * case, since it would print 未應試 for an exam that was sat.
 */
import { attemptFinalAt } from "~/domain/exam/outcome";
import type { ExamOutcome } from "~/domain/scoring/decide";

export type ExamStanding = "scored" | "marking" | "not_taken";

export interface AttemptTimes {
  paperId: string;
  submittedAt: Date | null;
  deadlineAt: Date | null;
}

/** attempts: the enrolment's attempts at any paper; only those at the linked paper count. */
export function examStanding(outcome: Pick<ExamOutcome, "earned">, paperId: string, attempts: readonly AttemptTimes[], now = new Date()): ExamStanding {
  if (outcome.earned !== null) return "scored";
  const finished = attempts.some((attempt) => attempt.paperId === paperId && attemptFinalAt(attempt, now) !== null);
  return finished ? "marking" : "not_taken";
}
