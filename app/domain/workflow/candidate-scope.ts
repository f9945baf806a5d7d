/**
 * The part of an assessment version one candidate is assessed on. Usually all of it; a reassessment
 * covers only the tasks the candidate failed (`Enrollment.taskCodesJson`, null for all tasks), so
 * sufficiency, final levels and the decision must all look at the same subset.
 *
 * The enrolment stores task codes (what the admin picked); codes are attributes, not keys (STYLE
 * habit 7), so each key is matched against task ids first and codes second, and a code that names
 * two tasks (a standard's slip kept as found) is refused rather than guessed.
 */
import type { AssessmentContent } from "~/domain/rubric/content";

export type CandidateScope = Pick<AssessmentContent, "tasks" | "criteria" | "evidencePlan">;

export class CandidateScopeError extends Error {
  override name = "CandidateScopeError";
}

export function scopeToTasks(content: CandidateScope, taskKeys: readonly string[] | null): CandidateScope {
  if (taskKeys === null) return { tasks: content.tasks, criteria: content.criteria, evidencePlan: content.evidencePlan };
  if (taskKeys.length === 0) throw new CandidateScopeError("重新評量至少需要一項工作任務");
  const chosen = new Set<string>();
  for (const key of taskKeys) {
    const byId = content.tasks.find((t) => t.id === key);
    const byCode = content.tasks.filter((t) => t.code === key);
    if (byId) chosen.add(byId.id);
    else if (byCode.length === 1) chosen.add(byCode[0].id);
    else if (byCode.length > 1) throw new CandidateScopeError(`工作任務代碼 ${key} 對應到多項工作任務`);
    else throw new CandidateScopeError(`評量中沒有工作任務 ${key}`);
  }
  return {
    tasks: content.tasks.filter((t) => chosen.has(t.id)),
    criteria: content.criteria.filter((c) => chosen.has(c.taskId)),
    evidencePlan: content.evidencePlan.filter((e) => chosen.has(e.taskId)),
  };
}
