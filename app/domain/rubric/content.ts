/**
 * The content of an assessment draft / version: a plain JSON object, stored as JSON, edited in the UI
 * and frozen (with a content hash) when published. These schemas are what the app validates an edited
 * draft against.
 *
 * Every editable row has its own `id`; iCAP codes (`P1.1.1`, `K01`) are attributes kept for
 * traceability, never keys (STYLE habit 7). `tasks` and `competencies` are the scope taken from the
 * standard: they say what must be assessed, so the mapping matrix can show what an edit left uncovered.
 */
import { z } from "zod";
import { DecisionRuleSchema } from "~/domain/scoring/decision-rule";

export const GapWaiverSchema = z.object({
  code: z.string().trim().min(1, { error: "請指定要豁免的代碼" }),
  reason: z.string().trim().min(2, { error: "豁免缺口必須寫明理由" }).max(1000, { error: "豁免理由不可超過 1000 字" }),
});
export type GapWaiver = z.infer<typeof GapWaiverSchema>;

const id = z.string().trim().min(1);
const code = z.string().nullable();

export const CompetencyKindSchema = z.enum(["P", "K", "S", "A"]);
export type CompetencyKind = z.infer<typeof CompetencyKindSchema>;

export const ScaleLevelSchema = z.object({ score: z.number().int(), label: z.string().trim().min(1) });

export const RubricLevelSchema = ScaleLevelSchema.extend({
  descriptor: z.string().trim().min(1, { error: "每個等級都需要描述" }),
});
export type RubricLevel = z.infer<typeof RubricLevelSchema>;

export const CriterionSchema = z.object({
  id,
  code,
  taskId: id,
  taskCode: code,
  text: z.string().trim().min(1, { error: "評量規準需要內容" }),
  critical: z.boolean(),
  levels: z.array(RubricLevelSchema).min(2, { error: "評量規準至少需要兩個等級" }),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const TaskScopeSchema = z.object({
  id,
  code,
  title: z.string(),
  /** 職能級別 used for the descriptors: the task's own, else the standard's. */
  level: z.number().int().min(1).max(6),
  dutyCode: code,
  dutyTitle: z.string(),
  outputs: z.array(z.object({ code, title: z.string() })),
  indicators: z.array(z.object({ code, text: z.string() })),
  knowledge: z.array(z.string()),
  skills: z.array(z.string()),
});
export type TaskScope = z.infer<typeof TaskScopeSchema>;

const CompetencyItemSchema = z.object({ code: z.string(), title: z.string() });

export const WorkProductSchema = z.object({ id, code, title: z.string().trim().min(1) });
export type WorkProduct = z.infer<typeof WorkProductSchema>;

export const ChecklistItemSchema = z.object({ id, code, text: z.string().trim().min(1) });
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const QuestionSchema = z.object({
  id,
  code,
  mode: z.enum(["oral", "written"]),
  prompt: z.string().trim().min(1),
});
export type Question = z.infer<typeof QuestionSchema>;

export const EvidencePlanEntrySchema = z.object({
  taskId: id,
  taskCode: code,
  /** Review of the task's outputs (O…): the natural evidence of the task. */
  workProducts: z.array(WorkProductSchema),
  /** Observation checklist: the task's skills (S) and the standard's attitudes (A). */
  checklist: z.array(ChecklistItemSchema),
  /** Oral or written questions, each tagged with the knowledge (K) code it probes. */
  questions: z.array(QuestionSchema),
});
export type EvidencePlanEntry = z.infer<typeof EvidencePlanEntrySchema>;

export const MatrixRowSchema = z.object({
  code: z.string(),
  kind: CompetencyKindSchema,
  title: z.string(),
  taskCodes: z.array(z.string()),
  /** Readable names of the instruments, e.g. "T1.1 口試問答 Q1"; empty means a gap. */
  instruments: z.array(z.string()),
  /** Ids of the criteria / evidence items behind `instruments`, for linking in the UI. */
  itemIds: z.array(z.string()),
});
export type MatrixRow = z.infer<typeof MatrixRowSchema>;

/**
 * The knowledge exam (筆試) linked to a version: a published paper, frozen by its hash. Its items count
 * as an instrument for their K codes in the mapping matrix; the decision rule may require its pass mark.
 */
export const ExamLinkSchema = z.object({
  paperId: z.string().min(1),
  title: z.string(),
  contentHash: z.string().min(1),
  formLabels: z.array(z.string()).min(1),
  totalPoints: z.number().positive(),
  /** Percent of the total (the paper's pass mark on a 100-point scale). */
  passMark: z.number().min(0).max(100),
  durationMinutes: z.number().int().positive(),
  /** K code → number of items testing it (on the form with the fewest). */
  itemsByCode: z.record(z.string(), z.number().int().nonnegative()),
});
export type ExamLink = z.infer<typeof ExamLinkSchema>;

export const AssessmentContentSchema = z.object({
  schemaVersion: z.literal(1),
  standard: z.object({
    kind: z.enum(["occupational", "unit"]),
    code: z.string(),
    name: z.string(),
    level: z.number().int(),
    version: z.string().nullable(),
  }),
  scale: z.object({
    id,
    name: z.string(),
    competentScore: z.number().int(),
    levels: z.array(ScaleLevelSchema).min(2),
  }),
  tasks: z.array(TaskScopeSchema).min(1),
  competencies: z.object({
    knowledge: z.array(CompetencyItemSchema),
    skills: z.array(CompetencyItemSchema),
    attitudes: z.array(CompetencyItemSchema.extend({ description: z.string() })),
  }),
  criteria: z.array(CriterionSchema),
  evidencePlan: z.array(EvidencePlanEntrySchema),
  /** The simulated-workplace (模擬職場) scenario handed to candidates and assessors. */
  scenario: z.string().trim(),
  /** Where `conditions` came from: the unit's 評量設計參考, or the simulated-workplace template. */
  conditionsSource: z.enum(["assessment_guide", "template"]),
  conditions: z.array(z.string().trim().min(1)),
  resources: z.array(z.string().trim().min(1)),
  duration: z.object({ minutes: z.number().int().positive(), text: z.string() }),
  assessorRequirements: z.array(z.string().trim().min(1)),
  decisionRule: DecisionRuleSchema,
  /** Absent (not null) when no exam is linked, so versions published before exams keep their hash. */
  exam: ExamLinkSchema.optional(),
  matrix: z.array(MatrixRowSchema),
  /** Codes of the chosen scope assessed by nothing (derived, see computeMatrix). */
  gaps: z.array(z.string()),
  /** Gaps accepted on purpose, each with a written reason; frozen with the version. */
  waivers: z.array(GapWaiverSchema),
  /** Things the generator noticed in the standard (e.g. a code listed for a task but never defined). */
  warnings: z.array(z.string()),
});
export type AssessmentContent = z.infer<typeof AssessmentContentSchema>;
