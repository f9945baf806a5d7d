/**
 * The decision rule of an assessment, modelled as data (DESIGN §5) so that it is stored with the
 * assessment version, edited in the UI and evaluated by one pure function (`decide`).
 *
 * A candidate is competent when every condition holds and no critical fault (重大缺點) was observed.
 * Conditions cover the usual rubric rule (every critical criterion ≥ 3, no criterion at 1) and the
 * part thresholds of the national skill tests (each task or a group of criteria ≥ x, a total ≥ y).
 */
import { z } from "zod";

/** A threshold on the points of a part: a share of its maximum, or a number of points. */
export const ThresholdSchema = z
  .object({
    unit: z.enum(["percent", "points"]),
    value: z.number().finite().nonnegative({ error: "門檻不可為負數" }),
  })
  .refine((t) => t.unit !== "percent" || t.value <= 100, { error: "百分比門檻不可超過 100" });
export type Threshold = z.infer<typeof ThresholdSchema>;

const conditionId = z.string().trim().min(1, { error: "條件需要識別碼" });
const minScore = z.number().int({ error: "分數門檻須為整數" });

export const RuleConditionSchema = z.discriminatedUnion("kind", [
  /** Every criterion marked critical reaches minScore. */
  z.object({ id: conditionId, kind: z.literal("critical_criteria"), minScore }),
  /** Every criterion reaches minScore ("no criterion is 1" is minScore 2). */
  z.object({ id: conditionId, kind: z.literal("every_criterion"), minScore }),
  /** Each task's points reach the threshold. */
  z.object({ id: conditionId, kind: z.literal("each_task"), threshold: ThresholdSchema }),
  /** A named group of criteria (by criterion id) reaches the threshold. */
  z.object({
    id: conditionId,
    kind: z.literal("criterion_group"),
    label: z.string().trim().min(1, { error: "請為評分群組命名" }),
    criterionIds: z.array(z.string().min(1)).min(1, { error: "評分群組至少需要一項評量規準" }),
    threshold: ThresholdSchema,
  }),
  /** The total points reach the threshold. */
  z.object({ id: conditionId, kind: z.literal("total"), threshold: ThresholdSchema }),
  /** The knowledge exam (筆試) linked to the version reaches its pass mark. */
  z.object({ id: conditionId, kind: z.literal("exam_pass") }),
]);
export type RuleCondition = z.infer<typeof RuleConditionSchema>;

/** 重大缺點: observed during the assessment, it fails the candidate whatever the scores. */
export const CriticalFaultSchema = z.object({
  id: z.string().trim().min(1),
  text: z.string().trim().min(1, { error: "請描述重大缺點" }),
});
export type CriticalFault = z.infer<typeof CriticalFaultSchema>;

export const DecisionRuleSchema = z.object({
  conditions: z.array(RuleConditionSchema),
  criticalFaults: z.array(CriticalFaultSchema),
});
export type DecisionRule = z.infer<typeof DecisionRuleSchema>;

/** What the rule needs to know of a criterion; a rubric criterion satisfies it as is. */
export interface ScorableCriterion {
  id: string;
  code: string | null;
  taskId: string;
  taskCode: string | null;
  critical: boolean;
  levels: ReadonlyArray<{ score: number }>;
}

export function maxScore(criterion: ScorableCriterion): number {
  return criterion.levels.reduce((max, level) => Math.max(max, level.score), 0);
}

/** Threshold points are compared against this; a percentage is reachable by definition. */
function unreachable(threshold: Threshold, max: number): boolean {
  return threshold.unit === "points" && threshold.value > max;
}

export interface TaskCriteria<C extends ScorableCriterion> {
  taskId: string;
  taskCode: string | null;
  criteria: C[];
}

/** Criteria grouped by task, tasks in the order their first criterion appears. */
export function groupByTask<C extends ScorableCriterion>(criteria: readonly C[]): TaskCriteria<C>[] {
  const tasks = new Map<string, TaskCriteria<C>>();
  for (const criterion of criteria) {
    let task = tasks.get(criterion.taskId);
    if (!task) {
      task = { taskId: criterion.taskId, taskCode: criterion.taskCode, criteria: [] };
      tasks.set(criterion.taskId, task);
    }
    task.criteria.push(criterion);
  }
  return [...tasks.values()];
}

function criterionName(criterion: ScorableCriterion): string {
  return criterion.code ?? criterion.id;
}

/**
 * Problems that make the rule meaningless for these criteria (a group naming a criterion that is not
 * there, a threshold no candidate can reach). Empty when the rule is sound. Publishing is blocked on
 * these, so `decide` never meets them with real data.
 */
export function checkDecisionRule(
  rule: DecisionRule,
  criteria: readonly ScorableCriterion[],
  context: { examLinked: boolean } = { examLinked: false },
): string[] {
  const problems: string[] = [];
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const seen = new Set<string>();
  for (const condition of rule.conditions) {
    if (seen.has(condition.id)) problems.push(`判定條件識別碼重複：${condition.id}`);
    seen.add(condition.id);
    switch (condition.kind) {
      case "critical_criteria":
      case "every_criterion": {
        const applies = condition.kind === "every_criterion" ? criteria : criteria.filter((c) => c.critical);
        for (const criterion of applies) {
          if (condition.minScore > maxScore(criterion)) {
            problems.push(
              `判定條件 ${condition.id} 要求至少 ${condition.minScore} 分，但評量規準 ${criterionName(criterion)} 最高只有 ${maxScore(criterion)} 分`,
            );
          }
        }
        break;
      }
      case "each_task": {
        for (const task of groupByTask(criteria)) {
          const max = task.criteria.reduce((sum, c) => sum + maxScore(c), 0);
          if (unreachable(condition.threshold, max)) {
            problems.push(
              `判定條件 ${condition.id} 要求每項工作任務至少 ${condition.threshold.value} 分，但工作任務 ${task.taskCode ?? task.taskId} 滿分只有 ${max} 分`,
            );
          }
        }
        break;
      }
      case "criterion_group": {
        const unknown = condition.criterionIds.filter((id) => !byId.has(id));
        if (unknown.length > 0) problems.push(`評分群組「${condition.label}」包含不存在的評量規準：${unknown.join("、")}`);
        if (new Set(condition.criterionIds).size !== condition.criterionIds.length) {
          problems.push(`評分群組「${condition.label}」重複列出同一評量規準`);
        }
        const max = condition.criterionIds.reduce((sum, id) => {
          const criterion = byId.get(id);
          return sum + (criterion ? maxScore(criterion) : 0);
        }, 0);
        if (unreachable(condition.threshold, max)) {
          problems.push(`評分群組「${condition.label}」門檻 ${condition.threshold.value} 分高於滿分 ${max} 分`);
        }
        break;
      }
      case "total": {
        const max = criteria.reduce((sum, c) => sum + maxScore(c), 0);
        if (unreachable(condition.threshold, max)) {
          problems.push(`總分門檻 ${condition.threshold.value} 分高於滿分 ${max} 分`);
        }
        break;
      }
      case "exam_pass": {
        if (!context.examLinked) problems.push("判定規則要求筆試及格，但此評量未連結筆試試卷");
        break;
      }
    }
  }
  const faultIds = new Set<string>();
  for (const fault of rule.criticalFaults) {
    if (faultIds.has(fault.id)) problems.push(`重大缺點識別碼重複：${fault.id}`);
    faultIds.add(fault.id);
  }
  return problems;
}
