/**
 * The mapping matrix (DESIGN §5): every P, K, S and A in the draft's scope × the instruments that
 * assess it. Recomputed from the draft itself, so an edit that removes the last question on K03
 * turns K03 into a gap; a gap blocks publishing unless it is waived with a written reason.
 */
import { z } from "zod";
import { checkDecisionRule } from "~/domain/scoring/decision-rule";
import { GapWaiverSchema, type AssessmentContent, type CompetencyKind, type GapWaiver, type MatrixRow } from "./content";

export type MatrixInput = Pick<AssessmentContent, "tasks" | "competencies" | "criteria" | "evidencePlan"> &
  Partial<Pick<AssessmentContent, "exam">>;

export interface MatrixResult {
  matrix: MatrixRow[];
  /** Codes assessed by nothing, in matrix order (P, K, S, A). */
  gaps: string[];
}

const QUESTION_LABEL = { oral: "口試問答", written: "筆試問答" } as const;

/**
 * A P is assessed when a criterion scores it; the task's work products are listed with it as the
 * evidence that criterion is judged on (they alone score nothing). K is assessed by questions, S and A
 * by observation checklist items, matched on their code in any task's plan. Indicators without a code
 * (a slip in the standard) cannot be traced and have no row.
 */
export function computeMatrix(content: MatrixInput): MatrixResult {
  const matrix: MatrixRow[] = [];
  const instrument = (taskCode: string | null, name: string) => (taskCode ? `${taskCode} ${name}` : name);

  for (const task of content.tasks) {
    const plan = content.evidencePlan.filter((entry) => entry.taskId === task.id);
    for (const indicator of task.indicators) {
      if (indicator.code === null) continue;
      const criteria = content.criteria.filter((c) => c.taskId === task.id && c.code === indicator.code);
      const products = criteria.length > 0 ? plan.flatMap((entry) => entry.workProducts) : [];
      matrix.push({
        code: indicator.code,
        kind: "P",
        title: indicator.text,
        taskCodes: task.code ? [task.code] : [],
        instruments: [
          ...criteria.map((c) => instrument(task.code, `評分規準 ${c.code}`)),
          ...products.map((w) => instrument(task.code, w.code ? `工作產出審查 ${w.code}` : "工作產出審查")),
        ],
        itemIds: [...criteria.map((c) => c.id), ...products.map((w) => w.id)],
      });
    }
  }

  const referencing = (kind: "knowledge" | "skills", code: string) =>
    content.tasks.filter((t) => t[kind].includes(code)).flatMap((t) => (t.code ? [t.code] : []));

  const evidenceRow = (kind: CompetencyKind, code: string, title: string, taskCodes: string[]): MatrixRow => {
    const hits = content.evidencePlan.flatMap((entry) =>
      kind === "K"
        ? entry.questions
            .filter((q) => q.code === code)
            .map((q) => ({ id: q.id, name: instrument(entry.taskCode, QUESTION_LABEL[q.mode]) }))
        : entry.checklist
            .filter((item) => item.code === code)
            .map((item) => ({ id: item.id, name: instrument(entry.taskCode, "觀察檢核") })),
    );
    // Exam items count for K only; the paper is one instrument however many items test the code.
    const examItems = kind === "K" && content.exam ? (content.exam.itemsByCode[code] ?? 0) : 0;
    if (examItems > 0) hits.push({ id: `exam:${content.exam!.paperId}:${code}`, name: `知識測驗（筆試）${examItems} 題` });
    return {
      code,
      kind,
      title,
      taskCodes,
      instruments: [...new Set(hits.map((h) => h.name))],
      itemIds: hits.map((h) => h.id),
    };
  };

  for (const item of scopeItems(content, "knowledge")) {
    matrix.push(evidenceRow("K", item.code, item.title, referencing("knowledge", item.code)));
  }
  for (const item of scopeItems(content, "skills")) {
    matrix.push(evidenceRow("S", item.code, item.title, referencing("skills", item.code)));
  }
  const allTaskCodes = content.tasks.flatMap((t) => (t.code ? [t.code] : []));
  for (const attitude of content.competencies.attitudes) {
    matrix.push(evidenceRow("A", attitude.code, attitude.title, allTaskCodes));
  }

  const gaps = [...new Set(matrix.filter((row) => row.instruments.length === 0).map((row) => row.code))];
  return { matrix, gaps };
}

/**
 * The K or S codes the chosen tasks list, in the standard's order; a code a task lists but the
 * standard never defines still gets a row (titled by its code) so it cannot silently drop out.
 */
function scopeItems(content: MatrixInput, kind: "knowledge" | "skills"): { code: string; title: string }[] {
  const listed = new Set(content.tasks.flatMap((t) => t[kind]));
  const defined = content.competencies[kind].filter((item) => listed.has(item.code));
  const definedCodes = new Set(defined.map((item) => item.code));
  const undefinedCodes = [...listed].filter((code) => !definedCodes.has(code));
  return [...defined, ...undefinedCodes.map((code) => ({ code, title: code }))];
}

export { GapWaiverSchema, type GapWaiver };

export interface PublishBlocker {
  kind: "unwaived_gap" | "no_criteria" | "criterion_levels" | "decision_rule";
  code: string | null;
  message: string;
}

/**
 * Everything that must be fixed (or, for a gap, waived with a reason) before the draft can be
 * published. The matrix is recomputed here: a stored matrix could be stale after an edit.
 */
export function publishBlockers(content: AssessmentContent, waivers: readonly GapWaiver[] = content.waivers): PublishBlocker[] {
  const blockers: PublishBlocker[] = [];
  if (content.criteria.length === 0) {
    blockers.push({ kind: "no_criteria", code: null, message: "評量至少需要一項評量規準" });
  }

  const scaleScores = content.scale.levels.map((l) => l.score).join(",");
  for (const criterion of content.criteria) {
    const name = criterion.code ?? criterion.id;
    if (criterion.levels.map((l) => l.score).join(",") !== scaleScores) {
      blockers.push({ kind: "criterion_levels", code: criterion.code, message: `評量規準 ${name} 的等級與量尺不一致` });
    }
    const descriptors = criterion.levels.map((l) => l.descriptor.trim());
    if (descriptors.some((d) => d.length === 0)) {
      blockers.push({ kind: "criterion_levels", code: criterion.code, message: `評量規準 ${name} 有等級尚未填寫描述` });
    } else if (new Set(descriptors).size !== descriptors.length) {
      blockers.push({ kind: "criterion_levels", code: criterion.code, message: `評量規準 ${name} 有兩個等級的描述相同` });
    }
  }

  for (const problem of checkDecisionRule(content.decisionRule, content.criteria, { examLinked: content.exam !== undefined })) {
    blockers.push({ kind: "decision_rule", code: null, message: problem });
  }

  const waived = new Set(waivers.filter((w) => GapWaiverSchema.safeParse(w).success).map((w) => w.code.trim()));
  for (const code of computeMatrix(content).gaps) {
    if (!waived.has(code)) {
      blockers.push({ kind: "unwaived_gap", code, message: `${code} 沒有任何評量工具評量，需補上或寫明豁免理由` });
    }
  }
  return blockers;
}
