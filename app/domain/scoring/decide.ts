/**
 * The one place where totals and the competent / not-yet-competent decision are computed (STYLE
 * habit 5): scores are stored as chosen levels, everything here is derived and never typed in.
 *
 * A missing score makes the result "incomplete" and its part's points unknown (null), never 0.
 * An observed critical fault (重大缺點) fails the candidate at once, whatever was or was not scored,
 * as in the national skill tests, where such a fault ends the test.
 */
import {
  checkDecisionRule,
  groupByTask,
  maxScore,
  type CriticalFault,
  type DecisionRule,
  type RuleCondition,
  type ScorableCriterion,
  type Threshold,
} from "./decision-rule";

export type Decision = "competent" | "not_yet_competent" | "incomplete";

/** Points of a part (a task, a group, the total). earned and percent are null while a score is missing. */
export interface PartScore {
  earned: number | null;
  max: number;
  percent: number | null;
}

export interface TaskResult extends PartScore {
  taskId: string;
  taskCode: string | null;
  status: Decision;
}

export interface ConditionResult {
  id: string;
  kind: RuleCondition["kind"];
  /** null while scores it depends on are missing and nothing has failed yet. */
  passed: boolean | null;
}

/** What stands between the candidate and a competent decision. */
export type Gap =
  | {
      kind: "criterion";
      conditionId: string;
      criterionId: string;
      code: string | null;
      taskCode: string | null;
      score: number;
      required: number;
    }
  | {
      kind: "part";
      conditionId: string;
      label: string;
      taskId: string | null;
      earned: number;
      max: number;
      threshold: Threshold;
    }
  | { kind: "fault"; faultId: string; text: string }
  | { kind: "exam"; conditionId: string; percent: number; passMark: number };

/** The knowledge exam's outcome, derived by app/domain/exam/scoring from the candidate's attempt. */
export interface ExamOutcome {
  /** null while the exam is not taken, not submitted or has short answers still unscored. */
  earned: number | null;
  max: number;
  percent: number | null;
  passMark: number;
  passed: boolean | null;
}

export interface DecisionResult {
  decision: Decision;
  total: PartScore;
  tasks: TaskResult[];
  conditions: ConditionResult[];
  missing: { criterionId: string; code: string | null; taskCode: string | null }[];
  faults: CriticalFault[];
  gaps: Gap[];
  /** The linked knowledge exam's outcome, when the version has one. */
  exam: ExamOutcome | null;
  /** Human-readable (zh-TW) reasons for a decision other than competent. */
  reasons: string[];
}

export interface DecideInput {
  rule: DecisionRule;
  criteria: readonly ScorableCriterion[];
  /** Chosen level per criterion id; absent or null means not scored yet. */
  scores: Readonly<Record<string, number | null | undefined>>;
  /** Ids of the rule's critical faults observed during the assessment. */
  faults?: readonly string[];
  /** Given when the version links a knowledge exam (required by an exam_pass condition). */
  exam?: ExamOutcome;
}

/** The input contradicts the assessment version (unknown ids, a level not on the scale, an unsound rule). */
export class DecisionInputError extends Error {
  override name = "DecisionInputError";
}

export function decide(input: DecideInput): DecisionResult {
  const { rule, criteria } = input;
  const scores = validatedScores(input);
  const faults = readFaults(rule, input.faults ?? []);

  const part = (members: readonly ScorableCriterion[]): PartScore => {
    const max = members.reduce((sum, c) => sum + maxScore(c), 0);
    let earned = 0;
    for (const c of members) {
      const score = scores.get(c.id);
      if (score === undefined) return { earned: null, max, percent: null };
      earned += score;
    }
    // A part without points (no criteria) has no percentage rather than a division by zero.
    return { earned, max, percent: max > 0 ? Math.round((earned / max) * 1000) / 10 : null };
  };

  const gaps: Gap[] = faults.map((f) => ({ kind: "fault", faultId: f.id, text: f.text }));
  const tasks = groupByTask(criteria);
  const failedTasks = new Set<string>();
  const conditions: ConditionResult[] = rule.conditions.map((condition) => {
    const failures: Gap[] = [];
    let unknown = false;
    switch (condition.kind) {
      case "critical_criteria":
      case "every_criterion": {
        const applies = condition.kind === "critical_criteria" ? criteria.filter((c) => c.critical) : criteria;
        for (const criterion of applies) {
          const score = scores.get(criterion.id);
          if (score === undefined) unknown = true;
          else if (score < condition.minScore) {
            failures.push({
              kind: "criterion",
              conditionId: condition.id,
              criterionId: criterion.id,
              code: criterion.code,
              taskCode: criterion.taskCode,
              score,
              required: condition.minScore,
            });
            failedTasks.add(criterion.taskId);
          }
        }
        break;
      }
      case "each_task": {
        for (const task of tasks) {
          const { earned, max } = part(task.criteria);
          if (earned === null) unknown = true;
          else if (!meets(condition.threshold, earned, max)) {
            const label = `工作任務 ${task.taskCode ?? task.taskId}`;
            failures.push({ kind: "part", conditionId: condition.id, label, taskId: task.taskId, earned, max, threshold: condition.threshold });
            failedTasks.add(task.taskId);
          }
        }
        break;
      }
      case "exam_pass": {
        const exam = input.exam!; // validatedScores refused a rule needing an exam without one
        if (exam.passed === null || exam.percent === null) unknown = true;
        else if (!exam.passed) failures.push({ kind: "exam", conditionId: condition.id, percent: exam.percent, passMark: exam.passMark });
        break;
      }
      case "criterion_group":
      case "total": {
        const members =
          condition.kind === "total" ? criteria : criteria.filter((c) => condition.criterionIds.includes(c.id));
        const label = condition.kind === "total" ? "總分" : `評分群組「${condition.label}」`;
        const { earned, max } = part(members);
        if (earned === null) unknown = true;
        else if (!meets(condition.threshold, earned, max)) {
          failures.push({ kind: "part", conditionId: condition.id, label, taskId: null, earned, max, threshold: condition.threshold });
        }
        break;
      }
    }
    gaps.push(...failures);
    return { id: condition.id, kind: condition.kind, passed: failures.length > 0 ? false : unknown ? null : true };
  });

  const missing = criteria
    .filter((c) => !scores.has(c.id))
    .map((c) => ({ criterionId: c.id, code: c.code, taskCode: c.taskCode }));

  const taskResults: TaskResult[] = tasks.map((task) => {
    const points = part(task.criteria);
    // A task's own result follows its criteria and task threshold; a critical fault concerns the whole
    // assessment and shows in the overall decision.
    const status: Decision =
      points.earned === null ? "incomplete" : failedTasks.has(task.taskId) ? "not_yet_competent" : "competent";
    return { taskId: task.taskId, taskCode: task.taskCode, status, ...points };
  });

  // A condition still unknown with every criterion scored is the exam (not taken, or short answers unscored).
  const decision: Decision =
    faults.length > 0
      ? "not_yet_competent"
      : missing.length > 0 || conditions.some((c) => c.passed === null)
        ? "incomplete"
        : conditions.some((c) => c.passed === false)
          ? "not_yet_competent"
          : "competent";

  return {
    decision,
    total: part(criteria),
    tasks: taskResults,
    conditions,
    missing,
    faults,
    gaps,
    exam: input.exam ?? null,
    reasons: explain(gaps, missing, conditions.some((c) => c.kind === "exam_pass" && c.passed === null)),
  };
}

/** Checks the input against the version (criteria ids, rule, scale) and returns the given scores. */
function validatedScores(input: DecideInput): Map<string, number> {
  const byId = new Map<string, ScorableCriterion>();
  for (const criterion of input.criteria) {
    if (byId.has(criterion.id)) throw new DecisionInputError(`評量規準識別碼重複：${criterion.id}`);
    byId.set(criterion.id, criterion);
  }
  const problems = checkDecisionRule(input.rule, input.criteria, { examLinked: input.exam !== undefined });
  if (problems.length > 0) throw new DecisionInputError(`判定規則不適用於這些評量規準：\n${problems.join("\n")}`);

  const scores = new Map<string, number>();
  for (const [id, score] of Object.entries(input.scores)) {
    const criterion = byId.get(id);
    if (!criterion) throw new DecisionInputError(`評分對應到不存在的評量規準：${id}`);
    if (score === null || score === undefined) continue;
    const allowed = criterion.levels.map((l) => l.score);
    if (!allowed.includes(score)) {
      throw new DecisionInputError(
        `評量規準 ${criterion.code ?? id} 的分數 ${score} 不在量尺上（可選：${allowed.join("、")}）`,
      );
    }
    scores.set(id, score);
  }
  return scores;
}

function readFaults(rule: DecisionRule, observed: readonly string[]): CriticalFault[] {
  const ids = new Set(observed);
  const unknown = [...ids].filter((id) => !rule.criticalFaults.some((f) => f.id === id));
  if (unknown.length > 0) throw new DecisionInputError(`判定規則中沒有這些重大缺點：${unknown.join("、")}`);
  return rule.criticalFaults.filter((f) => ids.has(f.id));
}

/** A percentage threshold is checked as earned·100 ≥ value·max: no division, so a zero maximum is safe. */
function meets(threshold: Threshold, earned: number, max: number): boolean {
  return threshold.unit === "points" ? earned >= threshold.value : earned * 100 >= threshold.value * max;
}

function explain(gaps: readonly Gap[], missing: DecisionResult["missing"], examPending: boolean): string[] {
  const reasons: string[] = [];
  for (const gap of gaps) {
    switch (gap.kind) {
      case "fault":
        reasons.push(`發生重大缺點：${gap.text}`);
        break;
      case "criterion":
        reasons.push(`評量規準 ${gap.code ?? gap.criterionId} 需達 ${gap.required} 分，實得 ${gap.score} 分`);
        break;
      case "part": {
        const required = gap.threshold.unit === "percent" ? `${gap.threshold.value}%` : `${gap.threshold.value} 分`;
        reasons.push(`${gap.label}：${gap.earned}／${gap.max} 分，未達門檻 ${required}`);
        break;
      }
      case "exam":
        reasons.push(`筆試 ${gap.percent} 分，未達及格標準 ${gap.passMark} 分`);
        break;
    }
  }
  if (examPending) reasons.push("筆試尚未完成或尚待評閱");
  if (missing.length > 0) reasons.push(`尚未評分：${missing.map((m) => m.code ?? m.criterionId).join("、")}`);
  return reasons;
}
