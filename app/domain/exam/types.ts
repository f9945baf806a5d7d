/**
 * The knowledge exam (筆試, DESIGN §5): items in a standard's bank (題庫), a 雙向細目表 blueprint, papers
 * assembled from it in parallel forms, candidates' responses. Shared by the pure exam modules
 * (assembly, scoring, item analysis, bank files), the models and the paper PDF.
 *
 * Choices are stored as indexes into the item's *original* option list, whatever order a candidate saw
 * them in, so that scoring and a key correction never depend on a candidate's shuffle.
 */
import { z } from "zod";

export const ITEM_TYPES = ["single", "multiple", "true_false", "short_answer"] as const;
export const ItemTypeSchema = z.enum(ITEM_TYPES);
export type ItemType = z.infer<typeof ItemTypeSchema>;
export const ITEM_TYPE_LABELS: Record<ItemType, string> = {
  single: "單選題",
  multiple: "複選題",
  true_false: "是非題",
  short_answer: "簡答題",
};

export const COGNITIVE_LEVELS = ["remember", "understand", "apply", "analyse"] as const;
export const CognitiveLevelSchema = z.enum(COGNITIVE_LEVELS);
export type CognitiveLevel = z.infer<typeof CognitiveLevelSchema>;
export const COGNITIVE_LEVEL_LABELS: Record<CognitiveLevel, string> = {
  remember: "記憶",
  understand: "理解",
  apply: "應用",
  analyse: "分析",
};

export const ITEM_STATUSES = ["draft", "active", "retired"] as const;
export const ItemStatusSchema = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = { draft: "草稿", active: "啟用", retired: "停用" };

/** The author's estimate; the observed difficulty comes from item analysis. */
export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export const DifficultySchema = z.enum(DIFFICULTIES);
export type Difficulty = z.infer<typeof DifficultySchema>;
export const DIFFICULTY_LABELS: Record<Difficulty, string> = { easy: "易", medium: "中", hard: "難" };

/** The two options of a true/false item, in this order: key [0] is 正確 (O), key [1] is 錯誤 (X). */
export const TRUE_FALSE_OPTIONS = ["正確（O）", "錯誤（X）"] as const;

/** Option letters as printed and typed on paper answer sheets. */
export const OPTION_LETTERS = "ABCDEFGH";
export const MAX_OPTIONS = OPTION_LETTERS.length;

/** What one revision of an item says. An edit of an item a paper used makes a new revision. */
export interface ItemContent {
  type: ItemType;
  stem: string;
  /** Empty for short answer; the two TRUE_FALSE_OPTIONS for true/false. */
  options: string[];
  /** Indexes into `options`: one for single and true/false, one or more for multiple, none for short answer. */
  key: number[];
  /** Short answer: the model answer or short rubric the assessor scores against. */
  modelAnswer: string | null;
  explanation: string | null;
  /** The standard's K codes the item tests (at least one), optionally S or P codes too. */
  codes: string[];
  cognitiveLevel: CognitiveLevel;
  difficulty: Difficulty;
}

/** An item revision as assembly sees it. */
export interface BankItem {
  itemId: string;
  revisionId: string;
  /** The item's number in its bank, shown as Q001. */
  number: number;
  status: ItemStatus;
  type: ItemType;
  /** The K codes (others are ignored by the blueprint). */
  codes: string[];
  cognitiveLevel: CognitiveLevel;
}

export const BlueprintCellSchema = z.object({
  code: z.string().trim().min(1),
  level: CognitiveLevelSchema,
  count: z.number().int({ error: "題數須為整數" }).min(0, { error: "題數不可為負數" }).max(500, { error: "單格題數不可超過 500" }),
  points: z.number().finite().min(0, { error: "配分不可為負數" }).max(1000, { error: "單格配分不可超過 1000" }),
});
/** One cell of the 雙向細目表: `count` items on K code × cognitive level, worth `points` together. */
export type BlueprintCell = z.infer<typeof BlueprintCellSchema>;

/** An item placed on a form; `points` is its cell's points shared equally among the cell's items. */
export interface PaperItem {
  itemId: string;
  revisionId: string;
  number: number;
  type: ItemType;
  /** The blueprint cell it was drawn for. */
  code: string;
  level: CognitiveLevel;
  points: number;
}

export interface PaperForm {
  /** "A", "B", … */
  label: string;
  items: PaperItem[];
}

/** A cell the bank could not fill as the blueprint asks, for one form or across forms. */
export interface AssemblyShortfall {
  code: string;
  level: CognitiveLevel;
  wanted: number;
  /** Active items the bank has for the cell. */
  available: number;
  /** "missing": a form has fewer items than wanted; "shared": forms had to share items. */
  kind: "missing" | "shared";
  /** zh-TW, ready to show. */
  message: string;
}

/** Scoring of multiple-response items: all-or-nothing (the national tests' default) or partial credit. */
export const MultipleScoringSchema = z.enum(["all_or_nothing", "partial"]);
export type MultipleScoring = z.infer<typeof MultipleScoringSchema>;

/** What one candidate saw: items in this order, each item's options in `optionOrder` (original indexes). */
export interface PresentedItem {
  revisionId: string;
  optionOrder: number[];
}

export const ResponseSchema = z.discriminatedUnion("kind", [
  /** Original option indexes chosen; empty means left blank. */
  z.object({ kind: z.literal("choice"), selected: z.array(z.number().int().min(0).max(MAX_OPTIONS - 1)).max(MAX_OPTIONS) }),
  z.object({ kind: z.literal("text"), text: z.string().max(4000, { error: "作答內容不可超過 4000 字" }) }),
]);
export type Response = z.infer<typeof ResponseSchema>;
