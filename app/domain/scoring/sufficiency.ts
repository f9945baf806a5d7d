/**
 * Evidence sufficiency for one candidate (DESIGN §6, rules of evidence):
 *   - valid: an item maps to criteria. An item linked to no criterion counts for none: it is
 *     reported as "unlinked" until the assessor links it. We do not let an unlinked item count for
 *     every criterion of its task: that would make one stray photo "cover" a whole task and hide
 *     exactly the gap this check exists to show.
 *   - sufficient: every criterion in the candidate's scope has at least one valid item, and every
 *     required work product (the task's outputs, O…) of the evidence plan is present.
 * An item counts only for the criteria it is linked to. A link to a criterion of another task in the
 * candidate's scope counts for that criterion: the assessor said so explicitly, and one work product
 * can show more than one task. A link to a criterion outside the scope (the assessment version does
 * not have it, or a reassessment left its task out) counts for nothing and is reported.
 *
 * A work product is satisfied by a file or link item that names it (`workProductId`); observations,
 * Q&A notes and third-party reports are about the work, not the work itself.
 *
 * Withdrawn items count for nothing. Authenticity and currency (uploader, hash, dates) are recorded
 * with each item and checked elsewhere; this module only answers "is there enough, mapped evidence".
 */
import { z } from "zod";
import type { Criterion, EvidencePlanEntry } from "~/domain/rubric/content";

export const EvidenceKindSchema = z.enum(["file", "observation", "qa", "third_party", "link", "note"]);
export type EvidenceKind = z.infer<typeof EvidenceKindSchema>;

/** Kinds that can be the work product itself. */
export const WORK_PRODUCT_KINDS: readonly EvidenceKind[] = ["file", "link"];

/** `Evidence.criterionKeysJson` as stored: the ids of the linked criteria. */
export const CriterionKeysSchema = z.array(z.string().trim().min(1)).refine((ids) => new Set(ids).size === ids.length, {
  error: "同一評量規準重複連結",
});

export interface EvidenceItem {
  id: string;
  /** The task the item was recorded under: by id where known, else by code (the database keeps the code). */
  taskId?: string | null;
  taskCode?: string | null;
  kind: EvidenceKind;
  criterionIds: readonly string[];
  /** Set when the item is one of the task's required work products. */
  workProductId?: string | null;
  withdrawnAt?: Date | null;
}

export interface SufficiencyInput {
  /** The content's criteria for the candidate's tasks (see scopeToTasks in ~/domain/workflow/candidate-scope). */
  criteria: ReadonlyArray<Pick<Criterion, "id" | "code" | "taskId" | "taskCode">>;
  evidencePlan: ReadonlyArray<Pick<EvidencePlanEntry, "taskId" | "taskCode" | "workProducts">>;
  evidence: readonly EvidenceItem[];
}

export interface TaskSufficiency {
  taskId: string;
  taskCode: string | null;
  /** Criteria of this task no valid item is linked to. */
  criteriaWithoutEvidence: { id: string; code: string | null }[];
  /** Required work products of this task no file or link item provides. */
  missingWorkProducts: { id: string; code: string | null; title: string }[];
  /** Items recorded under this task that count (not withdrawn, linked to a criterion or a work product). */
  evidenceCount: number;
  sufficient: boolean;
}

export type EvidenceProblem =
  | { evidenceId: string; kind: "unknown_task"; task: string }
  | { evidenceId: string; kind: "ambiguous_task"; task: string }
  | { evidenceId: string; kind: "unknown_criterion"; criterionId: string }
  | { evidenceId: string; kind: "unknown_work_product"; workProductId: string }
  | { evidenceId: string; kind: "not_a_work_product"; workProductId: string; evidenceKind: EvidenceKind };

export interface SufficiencyReport {
  sufficient: boolean;
  /** One entry per task in scope, in evidence-plan order (then tasks only criteria mention). */
  tasks: TaskSufficiency[];
  /** Items linked to no criterion: invalid until linked (a work-product file too: link what it shows). */
  unlinked: { evidenceId: string; taskId: string | null; taskCode: string | null }[];
  /** References that point nowhere in the candidate's scope; such a link counts for nothing. */
  problems: EvidenceProblem[];
}

interface Task {
  taskId: string;
  taskCode: string | null;
  workProducts: EvidencePlanEntry["workProducts"];
}

export function checkSufficiency(input: SufficiencyInput): SufficiencyReport {
  const tasks = new Map<string, Task>();
  for (const entry of input.evidencePlan) {
    const task = tasks.get(entry.taskId);
    if (task) task.workProducts = [...task.workProducts, ...entry.workProducts];
    else tasks.set(entry.taskId, { taskId: entry.taskId, taskCode: entry.taskCode, workProducts: [...entry.workProducts] });
  }
  for (const criterion of input.criteria) {
    if (!tasks.has(criterion.taskId)) {
      tasks.set(criterion.taskId, { taskId: criterion.taskId, taskCode: criterion.taskCode, workProducts: [] });
    }
  }
  const criteria = new Map(input.criteria.map((c) => [c.id, c]));
  const workProductTask = new Map<string, string>();
  for (const task of tasks.values()) for (const wp of task.workProducts) workProductTask.set(wp.id, task.taskId);

  const covered = new Set<string>();
  const presentWorkProducts = new Set<string>();
  const counted = new Map<string, number>();
  const unlinked: SufficiencyReport["unlinked"] = [];
  const problems: EvidenceProblem[] = [];

  for (const item of input.evidence) {
    if (item.withdrawnAt) continue;
    const located = locate(item, tasks);
    if ("problem" in located) problems.push(located.problem);
    const taskId = "taskId" in located ? located.taskId : null;

    let counts = false;
    for (const criterionId of new Set(item.criterionIds)) {
      if (criteria.has(criterionId)) {
        covered.add(criterionId);
        counts = true;
      } else problems.push({ evidenceId: item.id, kind: "unknown_criterion", criterionId });
    }
    if (item.workProductId) {
      if (!workProductTask.has(item.workProductId)) {
        problems.push({ evidenceId: item.id, kind: "unknown_work_product", workProductId: item.workProductId });
      } else if (!WORK_PRODUCT_KINDS.includes(item.kind)) {
        problems.push({ evidenceId: item.id, kind: "not_a_work_product", workProductId: item.workProductId, evidenceKind: item.kind });
      } else {
        presentWorkProducts.add(item.workProductId);
        counts = true;
      }
    }
    if (item.criterionIds.length === 0) {
      unlinked.push({ evidenceId: item.id, taskId, taskCode: taskId ? tasks.get(taskId)!.taskCode : (item.taskCode ?? null) });
    }
    if (counts && taskId) counted.set(taskId, (counted.get(taskId) ?? 0) + 1);
  }

  const report: TaskSufficiency[] = [...tasks.values()].map((task) => {
    const criteriaWithoutEvidence = input.criteria
      .filter((c) => c.taskId === task.taskId && !covered.has(c.id))
      .map((c) => ({ id: c.id, code: c.code }));
    const missingWorkProducts = task.workProducts
      .filter((wp) => !presentWorkProducts.has(wp.id))
      .map((wp) => ({ id: wp.id, code: wp.code, title: wp.title }));
    return {
      taskId: task.taskId,
      taskCode: task.taskCode,
      criteriaWithoutEvidence,
      missingWorkProducts,
      evidenceCount: counted.get(task.taskId) ?? 0,
      sufficient: criteriaWithoutEvidence.length === 0 && missingWorkProducts.length === 0,
    };
  });

  return { sufficient: report.every((t) => t.sufficient), tasks: report, unlinked, problems };
}

/** The task an item was recorded under: by id, else by a code that names exactly one task in scope. */
function locate(item: EvidenceItem, tasks: ReadonlyMap<string, Task>): { taskId: string } | { problem: EvidenceProblem } {
  if (item.taskId) {
    return tasks.has(item.taskId)
      ? { taskId: item.taskId }
      : { problem: { evidenceId: item.id, kind: "unknown_task", task: item.taskId } };
  }
  const code = item.taskCode ?? "";
  // Codes are attributes, not keys (STYLE habit 7): a standard's slip can give two tasks one code.
  const matches = [...tasks.values()].filter((t) => t.taskCode !== null && t.taskCode === code);
  if (matches.length === 1) return { taskId: matches[0].taskId };
  return { problem: { evidenceId: item.id, kind: matches.length === 0 ? "unknown_task" : "ambiguous_task", task: code } };
}

/** zh-TW text for a problem, for the evidence page. */
export function describeEvidenceProblem(problem: EvidenceProblem): string {
  switch (problem.kind) {
    case "unknown_task":
      return `佐證資料所屬的工作任務 ${problem.task || "（未填）"} 不在這位受評者的評量範圍內`;
    case "ambiguous_task":
      return `工作任務代碼 ${problem.task} 對應到多項工作任務，請重新選擇`;
    case "unknown_criterion":
      return `佐證資料連結的評量規準 ${problem.criterionId} 不在這位受評者的評量範圍內`;
    case "unknown_work_product":
      return `佐證資料對應的工作產出 ${problem.workProductId} 不在評量計畫中`;
    case "not_a_work_product":
      return "只有檔案或連結可以作為工作產出";
  }
}
