/**
 * From stored attempts to the exam's outcome for one candidate: which attempt counts, and its score.
 * An online attempt is final when submitted or when its time is up (answers saved before the deadline
 * stand); a paper attempt is final when keyed in. The last final attempt counts (a further attempt is
 * only ever granted by an admin, with a reason).
 */
import type { ExamOutcome } from "~/domain/scoring/decide";
import { scoreAttempt } from "./scoring";
import type { MultipleScoring, Response, ItemType } from "./types";

export interface ScoringPaper {
  passMark: number;
  multipleScoring: MultipleScoring;
  /** Per form label, the items in form order with the key in force. */
  forms: Record<string, { revisionId: string; type: ItemType; key: number[]; points: number; optionCount: number }[]>;
}

export interface StoredAttempt {
  id: string;
  form: string;
  attemptNumber: number;
  submittedAt: Date | null;
  deadlineAt: Date | null;
  answers: { revisionId: string; response: Response; manualPoints: number | null }[];
}

export function attemptFinalAt(attempt: Pick<StoredAttempt, "submittedAt" | "deadlineAt">, now: Date): Date | null {
  if (attempt.submittedAt) return attempt.submittedAt;
  if (attempt.deadlineAt && attempt.deadlineAt.getTime() <= now.getTime()) return attempt.deadlineAt;
  return null;
}

export function scoreStoredAttempt(paper: ScoringPaper, attempt: StoredAttempt) {
  const items = paper.forms[attempt.form] ?? [];
  const responses: Record<string, Response> = {};
  const manual: Record<string, number | undefined> = {};
  for (const answer of attempt.answers) {
    responses[answer.revisionId] = answer.response;
    if (answer.manualPoints !== null) manual[answer.revisionId] = answer.manualPoints;
  }
  const totalPoints = items.reduce((sum, i) => sum + i.points, 0);
  return scoreAttempt({ items, responses, manual, policy: paper.multipleScoring, passMark: paper.passMark, totalPoints });
}

/** The counted attempt (last final one) and the outcome the decision rule reads. */
export function examOutcome(paper: ScoringPaper, attempts: readonly StoredAttempt[], now: Date): { outcome: ExamOutcome; attemptId: string | null } {
  const final = [...attempts].filter((a) => attemptFinalAt(a, now) !== null).sort((a, b) => b.attemptNumber - a.attemptNumber)[0];
  const max = Object.values(paper.forms)[0]?.reduce((sum, i) => sum + i.points, 0) ?? 0;
  if (!final) return { attemptId: null, outcome: { earned: null, max, percent: null, passMark: paper.passMark, passed: null } };
  const score = scoreStoredAttempt(paper, final);
  return {
    attemptId: final.id,
    outcome: { earned: score.earned, max: score.max, percent: score.percent, passMark: paper.passMark, passed: score.passed },
  };
}
