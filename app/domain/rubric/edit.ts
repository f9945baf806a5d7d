/**
 * Edits an admin makes to a draft, as data: each is validated by its schema and applied by one pure
 * function, so the editor's action stays thin and every edit is testable without a browser.
 */
import { z } from "zod";
import { DecisionRuleSchema, ThresholdSchema, type RuleCondition } from "~/domain/scoring/decision-rule";
import { GapWaiverSchema, type AssessmentContent } from "./content";
import { newItemId } from "./ids";
import { computeMatrix } from "./matrix";

const lines = z
  .string()
  .max(20_000, { error: "內容過長" })
  .transform((text) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean));

export const SettingEditSchema = z.object({
  intent: z.literal("setting"),
  scenario: z.string().trim().max(5000, { error: "情境說明不可超過 5000 字" }),
  conditions: lines.pipe(z.array(z.string()).min(1, { error: "至少需要一項評量條件" })),
  resources: lines,
  durationMinutes: z.coerce.number({ error: "請輸入評量時間（分鐘）" }).int({ error: "評量時間須為整數分鐘" }).min(1, { error: "評量時間至少 1 分鐘" }).max(24 * 60, { error: "評量時間不可超過 24 小時" }),
  durationText: z.string().trim().max(500),
  assessorRequirements: lines,
});

export const CriteriaEditSchema = z.object({
  intent: z.literal("criteria"),
  criteria: z.array(
    z.object({
      id: z.string().min(1),
      critical: z.boolean(),
      descriptors: z.array(z.object({ score: z.number().int(), descriptor: z.string().trim().min(1, { error: "等級描述不可空白" }).max(1000, { error: "等級描述不可超過 1000 字" }) })),
    }),
  ),
});

export const RemoveItemEditSchema = z.object({ intent: z.literal("remove-item"), itemId: z.string().min(1) });

export const AddChecklistEditSchema = z.object({
  intent: z.literal("add-checklist"),
  taskId: z.string().min(1),
  code: z.string().trim().max(20).transform((c) => c || null),
  text: z.string().trim().min(1, { error: "請輸入檢核項目內容" }).max(500, { error: "檢核項目不可超過 500 字" }),
});

export const AddQuestionEditSchema = z.object({
  intent: z.literal("add-question"),
  taskId: z.string().min(1),
  code: z.string().trim().max(20).transform((c) => c || null),
  mode: z.enum(["oral", "written"]),
  prompt: z.string().trim().min(1, { error: "請輸入問題內容" }).max(1000, { error: "問題不可超過 1000 字" }),
});

export const RuleEditSchema = z.object({
  intent: z.literal("rule"),
  criticalMinScore: z.coerce.number().int(),
  everyMinScore: z.coerce.number().int(),
  totalPercent: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : Number(v)))
    .pipe(z.number({ error: "總分門檻須為數字" }).min(0, { error: "總分門檻不可為負數" }).max(100, { error: "總分門檻不可超過 100%" }).nullable()),
  criticalFaults: lines,
});

export const WaiveEditSchema = GapWaiverSchema.extend({ intent: z.literal("waive") });
export const UnwaiveEditSchema = z.object({ intent: z.literal("unwaive"), code: z.string().min(1) });

export const DraftEditSchema = z.discriminatedUnion("intent", [
  SettingEditSchema,
  CriteriaEditSchema,
  RemoveItemEditSchema,
  AddChecklistEditSchema,
  AddQuestionEditSchema,
  RuleEditSchema,
  WaiveEditSchema,
  UnwaiveEditSchema,
]);
export type DraftEdit = z.infer<typeof DraftEditSchema>;

export class DraftEditError extends Error {
  override name = "DraftEditError";
}

const EDIT_LABELS: Record<DraftEdit["intent"], string> = {
  setting: "修改情境與條件",
  criteria: "修改評量規準",
  "remove-item": "刪除佐證項目",
  "add-checklist": "新增檢核項目",
  "add-question": "新增問題",
  rule: "修改判定規則",
  waive: "豁免缺口",
  unwaive: "取消豁免",
};

export function describeEdit(edit: DraftEdit): string {
  return EDIT_LABELS[edit.intent];
}

function upsertCondition(conditions: RuleCondition[], next: RuleCondition): RuleCondition[] {
  const index = conditions.findIndex((c) => c.id === next.id);
  return index === -1 ? [...conditions, next] : conditions.map((c, i) => (i === index ? next : c));
}

/** Applies one edit and recomputes the matrix; never mutates its input. */
export function applyDraftEdit(content: AssessmentContent, edit: DraftEdit): AssessmentContent {
  const next: AssessmentContent = structuredClone(content);
  switch (edit.intent) {
    case "setting": {
      next.scenario = edit.scenario;
      next.conditions = edit.conditions;
      next.resources = edit.resources;
      next.duration = { minutes: edit.durationMinutes, text: edit.durationText };
      next.assessorRequirements = edit.assessorRequirements;
      break;
    }
    case "criteria": {
      const byId = new Map(edit.criteria.map((c) => [c.id, c]));
      for (const criterion of next.criteria) {
        const change = byId.get(criterion.id);
        if (!change) continue;
        criterion.critical = change.critical;
        for (const level of criterion.levels) {
          const descriptor = change.descriptors.find((d) => d.score === level.score);
          if (descriptor) level.descriptor = descriptor.descriptor;
        }
      }
      break;
    }
    case "remove-item": {
      let removed = false;
      for (const entry of next.evidencePlan) {
        const before = entry.checklist.length + entry.questions.length + entry.workProducts.length;
        entry.checklist = entry.checklist.filter((c) => c.id !== edit.itemId);
        entry.questions = entry.questions.filter((q) => q.id !== edit.itemId);
        entry.workProducts = entry.workProducts.filter((w) => w.id !== edit.itemId);
        removed ||= before !== entry.checklist.length + entry.questions.length + entry.workProducts.length;
      }
      if (!removed) throw new DraftEditError("找不到要刪除的項目，可能已被刪除。");
      break;
    }
    case "add-checklist":
    case "add-question": {
      const entry = next.evidencePlan.find((e) => e.taskId === edit.taskId);
      const task = next.tasks.find((t) => t.id === edit.taskId);
      if (!entry || !task) throw new DraftEditError("找不到這項工作任務。");
      // A code ties the item to the mapping matrix: only the task's own S (or the standard's A) for a
      // checklist item, only the task's K for a question.
      const allowed = edit.intent === "add-checklist" ? [...task.skills, ...next.competencies.attitudes.map((a) => a.code)] : task.knowledge;
      if (edit.code !== null && !allowed.includes(edit.code)) throw new DraftEditError(`代碼 ${edit.code} 不屬於這項工作任務。`);
      if (edit.intent === "add-checklist") {
        entry.checklist.push({ id: newItemId(next, "chk"), code: edit.code, text: edit.text });
      } else {
        entry.questions.push({ id: newItemId(next, "q"), code: edit.code, mode: edit.mode, prompt: edit.prompt });
      }
      break;
    }
    case "rule": {
      let conditions = next.decisionRule.conditions;
      conditions = upsertCondition(conditions, { id: "critical-criteria", kind: "critical_criteria", minScore: edit.criticalMinScore });
      conditions = upsertCondition(conditions, { id: "no-lowest-level", kind: "every_criterion", minScore: edit.everyMinScore });
      conditions = conditions.filter((c) => c.id !== "total-threshold");
      if (edit.totalPercent !== null) {
        conditions.push({ id: "total-threshold", kind: "total", threshold: ThresholdSchema.parse({ unit: "percent", value: edit.totalPercent }) });
      }
      next.decisionRule = DecisionRuleSchema.parse({
        conditions,
        criticalFaults: edit.criticalFaults.map((text, i) => ({ id: next.decisionRule.criticalFaults.find((f) => f.text === text)?.id ?? `fault-${i + 1}`, text })),
      });
      break;
    }
    case "waive": {
      if (!computeMatrix(next).gaps.includes(edit.code)) throw new DraftEditError(`${edit.code} 不是缺口，不需要豁免。`);
      next.waivers = [...next.waivers.filter((w) => w.code !== edit.code), { code: edit.code, reason: edit.reason }];
      break;
    }
    case "unwaive": {
      if (!next.waivers.some((w) => w.code === edit.code)) throw new DraftEditError(`${edit.code} 沒有豁免可以取消。`);
      next.waivers = next.waivers.filter((w) => w.code !== edit.code);
      break;
    }
  }
  const { matrix, gaps } = computeMatrix(next);
  next.matrix = matrix;
  next.gaps = gaps;
  return next;
}

/** Reads the criteria form: `critical:<id>` checkboxes and `descriptor:<id>:<score>` fields. */
export function criteriaEditFromForm(content: AssessmentContent, form: FormData) {
  return {
    intent: "criteria" as const,
    criteria: content.criteria.map((criterion) => ({
      id: criterion.id,
      critical: form.get(`critical:${criterion.id}`) === "on",
      descriptors: criterion.levels.map((level) => ({
        score: level.score,
        descriptor: String(form.get(`descriptor:${criterion.id}:${level.score}`) ?? level.descriptor),
      })),
    })),
  };
}
