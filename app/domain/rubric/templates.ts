/**
 * The generic templates in `templates/` (data, so that an institution can add its own scale or reword
 * descriptors), imported as JSON and validated here when the module loads: a broken template stops the
 * app at start-up with a named zod error instead of producing odd drafts later.
 */
import { z } from "zod";
import { CriticalFaultSchema, DecisionRuleSchema, type DecisionRule } from "~/domain/scoring/decision-rule";
import scalesJson from "../../../templates/rubric/scales.json";
import descriptorsJson from "../../../templates/rubric/descriptors.json";
import decisionRuleJson from "../../../templates/rubric/decision-rule.json";
import conditionsJson from "../../../templates/assessment/conditions.json";
import evidenceJson from "../../../templates/assessment/evidence.json";

/** Quality bands a scale level maps to; descriptor sentences are written per band. */
export const BandSchema = z.enum(["outstanding", "exceeds", "meets", "partial", "not_yet"]);
export type Band = z.infer<typeof BandSchema>;

/**
 * A string with {placeholders}: only the allowed ones may appear, the required ones must appear once.
 * Catches a typo such as {indicater} at load rather than in a candidate's rubric.
 */
function templateText(allowed: readonly string[], required: readonly string[] = []) {
  return z
    .string()
    .trim()
    .min(1)
    .superRefine((text, ctx) => {
      const used = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of used) {
        if (!allowed.includes(name)) ctx.addIssue({ code: "custom", message: `unknown placeholder {${name}}` });
      }
      for (const name of required) {
        const count = used.filter((u) => u === name).length;
        if (count !== 1) ctx.addIssue({ code: "custom", message: `{${name}} must appear exactly once` });
      }
    });
}

export function fillTemplate(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export const RubricScaleSchema = z
  .object({
    id: z.string().trim().min(1),
    name: z.string().trim().min(1),
    /** The level meaning 達成: what the default rule asks of a critical criterion. */
    competentScore: z.number().int(),
    levels: z
      .array(z.object({ score: z.number().int().positive(), label: z.string().trim().min(1), band: BandSchema }))
      .min(2),
  })
  .superRefine((scale, ctx) => {
    const scores = scale.levels.map((l) => l.score);
    // Highest first, one step apart, down to 1: the order rubrics are read in, and "above_lowest" is 2.
    if (scores.some((score, i) => score !== scores.length - i)) {
      ctx.addIssue({ code: "custom", message: `scale ${scale.id}: scores must run ${scores.length}…1, highest first` });
    }
    if (new Set(scale.levels.map((l) => l.band)).size !== scale.levels.length) {
      ctx.addIssue({ code: "custom", message: `scale ${scale.id}: each level needs its own band` });
    }
    if (!scores.includes(scale.competentScore)) {
      ctx.addIssue({ code: "custom", message: `scale ${scale.id}: competentScore is not one of its scores` });
    }
  });
export type RubricScale = z.infer<typeof RubricScaleSchema>;

const ScalesFileSchema = z
  .object({ defaultScaleId: z.string(), scales: z.array(RubricScaleSchema).min(1) })
  .superRefine((file, ctx) => {
    const ids = file.scales.map((s) => s.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", message: "scale ids must be unique" });
    if (!ids.includes(file.defaultScaleId)) ctx.addIssue({ code: "custom", message: "defaultScaleId names no scale" });
  });

const bandText = templateText(["indicator"], ["indicator"]);
const LevelWordingSchema = z
  .object({
    summary: z.string(),
    bands: z.object({
      outstanding: bandText,
      exceeds: bandText,
      meets: bandText,
      partial: bandText,
      not_yet: bandText,
    }),
  })
  .refine((level) => new Set(Object.values(level.bands)).size === BandSchema.options.length, {
    message: "the bands of a 職能級別 must be worded differently",
  });

/** Descriptor wording per iCAP 職能級別 1–6 (every level must be present). */
const DescriptorsFileSchema = z.object({
  taskLevels: z.record(z.enum(["1", "2", "3", "4", "5", "6"]), LevelWordingSchema),
});

const ConditionsFileSchema = z.object({
  scenario: templateText(["standardName", "standardCode", "taskList"]),
  conditions: z.array(templateText(["standardName", "standardCode", "taskList"])).min(1),
  resources: z.array(z.string().trim().min(1)),
  duration: z.object({
    minutesPerTask: z.number().int().positive(),
    questioningMinutesPerTask: z.number().int().nonnegative(),
    text: templateText(["minutes", "taskCount", "minutesPerTask", "questioningMinutesPerTask"], ["minutes"]),
  }),
  assessorRequirements: z.array(z.string().trim().min(1)),
});

const EvidenceFileSchema = z.object({
  sentenceMinLength: z.number().int().positive(),
  workProductFallback: templateText(["task"], ["task"]),
  skill: z.object({
    noun: templateText(["skill", "task"], ["skill"]),
    sentence: templateText(["skill", "task"], ["skill"]),
    nounEndings: z.array(z.string().min(1)),
    nounSuffix: z.string(),
  }),
  attitude: z.object({
    withDescription: templateText(["attitude", "description"], ["attitude", "description"]),
    plain: templateText(["attitude"], ["attitude"]),
  }),
  question: z.object({
    mode: z.enum(["oral", "written"]),
    law: templateText(["knowledge", "task"], ["knowledge"]),
    concept: templateText(["knowledge", "task"], ["knowledge"]),
    general: templateText(["knowledge", "task"], ["knowledge"]),
    sentence: templateText(["knowledge", "task"], ["knowledge"]),
    lawEndings: z.array(z.string().min(1)),
    notLawEndings: z.array(z.string().min(1)),
    lawKeywords: z.array(z.string().min(1)),
    conceptSuffixes: z.array(z.string().min(1)),
  }),
});

/** A rule template may name scale levels instead of numbers, so one template fits every scale. */
const ScoreRefSchema = z.union([z.number().int(), z.enum(["competent", "above_lowest"])]);
const DecisionRuleTemplateSchema = z.object({
  conditions: z.array(z.looseObject({ minScore: ScoreRefSchema.optional() })),
  criticalFaults: z.array(CriticalFaultSchema),
});
type DecisionRuleTemplate = z.infer<typeof DecisionRuleTemplateSchema>;

function parseTemplate<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`範本 ${file} 格式錯誤 Invalid template:\n${z.prettifyError(result.error)}`);
  return result.data;
}

const scalesFile = parseTemplate(ScalesFileSchema, scalesJson, "templates/rubric/scales.json");
export const descriptorWording = parseTemplate(DescriptorsFileSchema, descriptorsJson, "templates/rubric/descriptors.json");
export const conditionsTemplate = parseTemplate(ConditionsFileSchema, conditionsJson, "templates/assessment/conditions.json");
export const evidenceWording = parseTemplate(EvidenceFileSchema, evidenceJson, "templates/assessment/evidence.json");
const decisionRuleTemplate = parseTemplate(
  DecisionRuleTemplateSchema,
  decisionRuleJson,
  "templates/rubric/decision-rule.json",
);

export const rubricScales: readonly RubricScale[] = scalesFile.scales;

export function findScale(key: string): RubricScale | undefined {
  const wanted = key.trim();
  return rubricScales.find((s) => s.id === wanted || String(s.levels.length) === wanted);
}

export const defaultScale: RubricScale = rubricScales.find((s) => s.id === scalesFile.defaultScaleId) ?? rubricScales[0];

function resolveRule(template: DecisionRuleTemplate, scale: RubricScale): DecisionRule {
  const lowest = Math.min(...scale.levels.map((l) => l.score));
  const conditions = template.conditions.map((condition) => {
    const { minScore } = condition;
    if (minScore === "competent") return { ...condition, minScore: scale.competentScore };
    if (minScore === "above_lowest") return { ...condition, minScore: lowest + 1 };
    return condition;
  });
  return parseTemplate(
    DecisionRuleSchema,
    { conditions, criticalFaults: template.criticalFaults },
    "templates/rubric/decision-rule.json",
  );
}

/** The default decision rule of a draft on this scale (templates/rubric/decision-rule.json). */
export function defaultDecisionRule(scale: RubricScale): DecisionRule {
  return resolveRule(decisionRuleTemplate, scale);
}

// Resolve the rule once per bundled scale now, so a rule template that fits no scale fails at load.
for (const scale of rubricScales) defaultDecisionRule(scale);
