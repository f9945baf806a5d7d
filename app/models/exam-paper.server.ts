/**
 * Blueprints (雙向細目表) and papers: a paper is drawn from the bank by a blueprint with a recorded
 * seed, in parallel forms, then published (frozen by a content hash, and by triggers). A key found
 * wrong after the exam is corrected with a reason; scores are derived, so every attempt is re-scored
 * by the correction, and the audit log records the scores before and after.
 */
import { canonicalJson } from "~/domain/canonical-json";
import { assemblePaper } from "~/domain/exam/assembly";
import { newSeed } from "~/domain/exam/random";
import {
  BlueprintCellSchema,
  MultipleScoringSchema,
  type AssemblyShortfall,
  type BlueprintCell,
  type CognitiveLevel,
  type ItemContent,
  type MultipleScoring,
} from "~/domain/exam/types";
import { AssessmentContentSchema, type ExamLink } from "~/domain/rubric/content";
import { computeMatrix } from "~/domain/rubric/matrix";
import type { RuleCondition } from "~/domain/scoring/decision-rule";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { getStandardCodes, listBankItems, revisionContent, toBankItems } from "./exam-bank.server";

// ---------------------------------------------------------------------------------------------
// Blueprints

export async function listBlueprints({ institutionId, standardId }: { institutionId: string; standardId: string }) {
  return db.examBlueprint.findMany({
    where: { institutionId, standardId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, cellsJson: true, updatedAt: true, _count: { select: { papers: true } } },
  });
}

export async function createBlueprint({ institutionId, actorId, standardId, title }: { institutionId: string; actorId: string; standardId: string; title: string }) {
  const standard = await db.standard.findFirst({ where: { id: standardId, institutionId }, select: { id: true } });
  if (!standard) return null;
  return db.$transaction(async (tx) => {
    const blueprint = await tx.examBlueprint.create({ data: { institutionId, standardId, title, createdById: actorId }, select: { id: true } });
    await recordAudit({ institutionId, actorId, action: "exam_blueprint.created", entityType: "ExamBlueprint", entityId: blueprint.id, after: { title } }, tx);
    return blueprint;
  });
}

export async function getBlueprint({ institutionId, blueprintId }: { institutionId: string; blueprintId: string }) {
  const row = await db.examBlueprint.findFirst({
    where: { id: blueprintId, institutionId },
    select: { id: true, title: true, standardId: true, cellsJson: true, revision: true, updatedAt: true },
  });
  if (!row) return null;
  const { cellsJson, ...rest } = row;
  return { ...rest, cells: z.array(BlueprintCellSchema).parse(JSON.parse(cellsJson)) };
}

export type SaveBlueprintResult = { status: "saved"; revision: number } | { status: "not_found" } | { status: "conflict" };

/** Saves the cells as edited; `revision` is the one the editor loaded (optimistic concurrency). */
export async function saveBlueprintCells({ institutionId, actorId, blueprintId, revision, title, cells }: {
  institutionId: string;
  actorId: string;
  blueprintId: string;
  revision: number;
  title: string;
  cells: BlueprintCell[];
}): Promise<SaveBlueprintResult> {
  // Empty cells are not worth storing: the table shows them as 0 anyway.
  const kept = cells.filter((c) => c.count > 0 || c.points > 0);
  return db.$transaction(async (tx) => {
    const updated = await tx.examBlueprint.updateMany({
      where: { id: blueprintId, institutionId, revision },
      data: { title, cellsJson: JSON.stringify(kept), revision: { increment: 1 } },
    });
    if (updated.count === 0) {
      const exists = await tx.examBlueprint.findFirst({ where: { id: blueprintId, institutionId }, select: { id: true } });
      return { status: exists ? "conflict" : "not_found" };
    }
    await recordAudit({ institutionId, actorId, action: "exam_blueprint.saved", entityType: "ExamBlueprint", entityId: blueprintId, after: { title, cells: kept } }, tx);
    return { status: "saved", revision: revision + 1 };
  });
}

// ---------------------------------------------------------------------------------------------
// Papers

export const PaperSettingsSchema = z.object({
  title: z.string().trim().min(1, { error: "請輸入試卷名稱" }).max(100, { error: "試卷名稱不可超過 100 字" }),
  formCount: z.coerce
    .number({ error: "平行試卷份數須為數字" })
    .int({ error: "平行試卷份數須為整數" })
    .min(1, { error: "至少 1 份試卷" })
    .max(4, { error: "平行試卷最多 4 份（A–D 卷）" }),
  passMark: z.coerce.number({ error: "及格分數須為數字" }).min(0, { error: "及格分數不可為負數" }).max(100, { error: "及格分數不可超過 100" }),
  durationMinutes: z.coerce.number({ error: "作答時間須為數字" }).int({ error: "作答時間須為整數分鐘" }).min(5, { error: "作答時間至少 5 分鐘" }).max(600, { error: "作答時間不可超過 600 分鐘" }),
  multipleScoring: z.enum(MultipleScoringSchema.options, { error: "請選擇複選題的計分方式" }),
  shuffleItems: z.boolean(),
  shuffleOptions: z.boolean(),
  /** Blank: a new random seed. Given: reproduce a paper drawn before. */
  seed: z
    .string()
    .trim()
    .max(64, { error: "亂數種子不可超過 64 個字元" })
    .regex(/^[A-Za-z0-9_-]*$/, { error: "亂數種子只能使用英文字母、數字、「-」或「_」" }),
});
export type PaperSettings = z.infer<typeof PaperSettingsSchema>;

export type AssembleResult =
  | { status: "assembled"; paperId: string; shortfalls: AssemblyShortfall[] }
  | { status: "not_found" }
  | { status: "empty"; message: string };

/** Draws a draft paper from the blueprint and the bank's active items. */
export async function assembleFromBlueprint({ institutionId, actorId, blueprintId, settings }: {
  institutionId: string;
  actorId: string;
  blueprintId: string;
  settings: PaperSettings;
}): Promise<AssembleResult> {
  const blueprint = await getBlueprint({ institutionId, blueprintId });
  if (!blueprint) return { status: "not_found" };
  const cells = blueprint.cells.filter((c) => c.count > 0);
  if (cells.length === 0) return { status: "empty", message: "雙向細目表沒有任何題數，請先填寫題數再組卷。" };
  const totalPoints = cells.reduce((sum, c) => sum + c.points, 0);
  if (totalPoints <= 0) return { status: "empty", message: "雙向細目表的總配分為 0，請先填寫配分再組卷。" };
  const [items, standard] = await Promise.all([
    listBankItems({ institutionId, standardId: blueprint.standardId }),
    getStandardCodes({ institutionId, standardId: blueprint.standardId }),
  ]);
  const seed = settings.seed || newSeed();
  const codeOrder = standard?.codes.K.map((k) => k.code) ?? [];
  const assembled = assemblePaper({ seed, cells, bank: toBankItems(items), forms: settings.formCount, codeOrder });
  if (assembled.forms.every((f) => f.items.length === 0)) {
    return { status: "empty", message: "題庫中沒有符合雙向細目表的啟用試題，無法組卷。" };
  }
  return db.$transaction(async (tx) => {
    const paper = await tx.examPaper.create({
      data: {
        institutionId,
        standardId: blueprint.standardId,
        blueprintId,
        title: settings.title,
        seed,
        formCount: settings.formCount,
        cellsJson: JSON.stringify(cells),
        shortfallsJson: JSON.stringify(assembled.shortfalls),
        totalPoints: round2(assembled.forms[0]!.items.reduce((sum, i) => sum + i.points, 0)),
        passMark: settings.passMark,
        durationMinutes: settings.durationMinutes,
        multipleScoring: settings.multipleScoring,
        shuffleItems: settings.shuffleItems,
        shuffleOptions: settings.shuffleOptions,
        createdById: actorId,
        items: {
          create: assembled.forms.flatMap((form) =>
            form.items.map((item, index) => ({ form: form.label, position: index + 1, revisionId: item.revisionId, code: item.code, level: item.level, points: item.points })),
          ),
        },
      },
      select: { id: true },
    });
    await recordAudit({ institutionId, actorId, action: "exam_paper.assembled", entityType: "ExamPaper", entityId: paper.id, after: { blueprintId, seed, forms: settings.formCount, shortfalls: assembled.shortfalls.length } }, tx);
    return { status: "assembled", paperId: paper.id, shortfalls: assembled.shortfalls };
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function listPapers({ institutionId, standardId }: { institutionId: string; standardId?: string }) {
  return db.examPaper.findMany({
    where: { institutionId, ...(standardId ? { standardId } : {}) },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      formCount: true,
      totalPoints: true,
      passMark: true,
      durationMinutes: true,
      publishedAt: true,
      createdAt: true,
      standard: { select: { id: true, code: true, name: true } },
      _count: { select: { attempts: true } },
    },
  });
}

const paperSelect = {
  id: true,
  institutionId: true,
  standardId: true,
  blueprintId: true,
  title: true,
  seed: true,
  formCount: true,
  cellsJson: true,
  shortfallsJson: true,
  totalPoints: true,
  passMark: true,
  durationMinutes: true,
  multipleScoring: true,
  shuffleItems: true,
  shuffleOptions: true,
  contentHash: true,
  publishedAt: true,
  createdAt: true,
  standard: { select: { id: true, code: true, name: true } },
  blueprint: { select: { id: true, title: true } },
  items: {
    orderBy: [{ form: "asc" }, { position: "asc" }] as Prisma.ExamPaperItemOrderByWithRelationInput[],
    select: {
      form: true,
      position: true,
      code: true,
      level: true,
      points: true,
      revisionId: true,
      revision: {
        select: {
          revision: true,
          type: true,
          stem: true,
          optionsJson: true,
          keyJson: true,
          modelAnswer: true,
          explanation: true,
          codesJson: true,
          cognitiveLevel: true,
          difficulty: true,
          item: { select: { id: true, number: true } },
        },
      },
    },
  },
  corrections: { orderBy: { createdAt: "asc" as const }, select: { id: true, revisionId: true, keyJson: true, reason: true, createdAt: true, correctedById: true } },
} as const;

export interface PaperItemView {
  form: string;
  position: number;
  code: string;
  level: CognitiveLevel;
  points: number;
  revisionId: string;
  itemId: string;
  number: number;
  revision: number;
  content: ItemContent;
  /** The key in force: the latest correction, else the revision's own. */
  key: number[];
  corrected: boolean;
}

/** A paper with its items per form and the keys in force. For admins and scoring only: it has the key. */
export async function getPaper({ institutionId, paperId }: { institutionId: string; paperId: string }) {
  const row = await db.examPaper.findFirst({ where: { id: paperId, institutionId }, select: paperSelect });
  if (!row) return null;
  return shapePaper(row);
}

/** The paper an attempt was drawn from, for scoring; the caller has already authorised the attempt. */
export async function getPaperForScoring(paperId: string) {
  const row = await db.examPaper.findUnique({ where: { id: paperId }, select: paperSelect });
  return row && shapePaper(row);
}

type PaperRow = NonNullable<Awaited<ReturnType<typeof db.examPaper.findFirst<{ select: typeof paperSelect }>>>>;

function shapePaper(row: PaperRow) {
  const corrected = new Map<string, number[]>();
  for (const c of row.corrections) corrected.set(c.revisionId, JSON.parse(c.keyJson) as number[]);
  const items: PaperItemView[] = row.items.map((i) => {
    const content = revisionContent(i.revision);
    const key = corrected.get(i.revisionId) ?? content.key;
    return {
      form: i.form,
      position: i.position,
      code: i.code,
      level: i.level as CognitiveLevel,
      points: i.points,
      revisionId: i.revisionId,
      itemId: i.revision.item.id,
      number: i.revision.item.number,
      revision: i.revision.revision,
      content,
      key,
      corrected: corrected.has(i.revisionId),
    };
  });
  const formLabels = [...new Set(items.map((i) => i.form))].sort();
  const { items: _items, cellsJson, shortfallsJson, corrections, ...rest } = row;
  return {
    ...rest,
    multipleScoring: row.multipleScoring as MultipleScoring,
    cells: JSON.parse(cellsJson) as BlueprintCell[],
    shortfalls: JSON.parse(shortfallsJson) as AssemblyShortfall[],
    corrections,
    formLabels,
    forms: formLabels.map((label) => ({ label, items: items.filter((i) => i.form === label) })),
  };
}

export type PaperView = NonNullable<Awaited<ReturnType<typeof getPaper>>>;

/** What the hash freezes: settings, and per form the exact revisions, order and points. */
function paperHash(paper: PaperView): string {
  const frozen = {
    title: paper.title,
    seed: paper.seed,
    totalPoints: paper.totalPoints,
    passMark: paper.passMark,
    durationMinutes: paper.durationMinutes,
    multipleScoring: paper.multipleScoring,
    shuffleItems: paper.shuffleItems,
    shuffleOptions: paper.shuffleOptions,
    forms: paper.forms.map((f) => ({ label: f.label, items: f.items.map((i) => ({ revisionId: i.revisionId, points: i.points, key: i.content.key })) })),
  };
  return createHash("sha256").update(canonicalJson(frozen)).digest("hex");
}

export type PublishPaperResult = { status: "published"; contentHash: string } | { status: "not_found" } | { status: "already_published" } | { status: "blocked"; message: string };

export async function publishPaper({ institutionId, actorId, paperId }: { institutionId: string; actorId: string; paperId: string }): Promise<PublishPaperResult> {
  const paper = await getPaper({ institutionId, paperId });
  if (!paper) return { status: "not_found" };
  if (paper.publishedAt) return { status: "already_published" };
  if (paper.forms.some((f) => f.items.length === 0)) return { status: "blocked", message: "有試卷沒有任何試題，無法發布。" };
  const hash = paperHash(paper);
  await db.$transaction(async (tx) => {
    await tx.examPaper.update({ where: { id: paper.id }, data: { publishedAt: new Date(), publishedById: actorId, contentHash: hash } });
    await recordAudit({ institutionId, actorId, action: "exam_paper.published", entityType: "ExamPaper", entityId: paper.id, after: { contentHash: hash } }, tx);
  });
  return { status: "published", contentHash: hash };
}

/** A draft paper can be thrown away (and redrawn); a published one never (the database refuses too). */
export async function deleteDraftPaper({ institutionId, actorId, paperId }: { institutionId: string; actorId: string; paperId: string }) {
  return db.$transaction(async (tx) => {
    const paper = await tx.examPaper.findFirst({ where: { id: paperId, institutionId }, select: { id: true, publishedAt: true, title: true } });
    if (!paper) return "not_found" as const;
    if (paper.publishedAt) return "published" as const;
    await tx.examPaper.delete({ where: { id: paper.id } });
    await recordAudit({ institutionId, actorId, action: "exam_paper.deleted", entityType: "ExamPaper", entityId: paper.id, before: { title: paper.title } }, tx);
    return "deleted" as const;
  });
}

/** What an assessment version's content records of a linked paper. */
export function examLinkOf(paper: PaperView): ExamLink {
  const perForm = paper.forms.map((form) => {
    const counts: Record<string, number> = {};
    for (const item of form.items) for (const code of item.content.codes.filter((c) => c.startsWith("K"))) counts[code] = (counts[code] ?? 0) + 1;
    return counts;
  });
  // The form with the fewest items on a code is what every candidate is sure to meet (0 if one has none).
  const itemsByCode: Record<string, number> = {};
  for (const code of new Set(perForm.flatMap((counts) => Object.keys(counts)))) {
    itemsByCode[code] = Math.min(...perForm.map((counts) => counts[code] ?? 0));
  }
  return {
    paperId: paper.id,
    title: paper.title,
    contentHash: paper.contentHash!,
    formLabels: paper.formLabels,
    totalPoints: paper.totalPoints,
    passMark: paper.passMark,
    durationMinutes: paper.durationMinutes,
    itemsByCode,
  };
}

export type LinkExamResult =
  | { status: "saved"; revision: number }
  | { status: "not_found" }
  | { status: "published" }
  | { status: "conflict" }
  | { status: "refused"; message: string };

const EXAM_CONDITION_ID = "exam-pass";

/**
 * Links a published paper of the same standard to a draft version (or unlinks it, paperId null),
 * and adds or removes the "exam passed" condition of the decision rule.
 */
export async function linkExamToDraft({ institutionId, actorId, assessmentId, version, revision, paperId, requirePass }: {
  institutionId: string;
  actorId: string;
  assessmentId: string;
  version: number;
  revision: number;
  paperId: string | null;
  requirePass: boolean;
}): Promise<LinkExamResult> {
  const row = await db.assessmentVersion.findFirst({
    where: { assessmentId, version, assessment: { institutionId } },
    select: { id: true, revision: true, publishedAt: true, contentJson: true, assessment: { select: { standardId: true } } },
  });
  if (!row) return { status: "not_found" };
  if (row.publishedAt) return { status: "published" };
  if (row.revision !== revision) return { status: "conflict" };
  const content = AssessmentContentSchema.parse(JSON.parse(row.contentJson));
  let link: ExamLink | undefined;
  if (paperId) {
    const paper = await getPaper({ institutionId, paperId });
    if (!paper) return { status: "refused", message: "找不到這份試卷。" };
    if (paper.standardId !== row.assessment.standardId) return { status: "refused", message: "試卷與評量出自不同的職能基準，不能連結。" };
    if (!paper.publishedAt) return { status: "refused", message: "試卷尚未發布；請先發布試卷再連結。" };
    link = examLinkOf(paper);
  }
  const conditions: RuleCondition[] = content.decisionRule.conditions.filter((c) => c.kind !== "exam_pass");
  if (link && requirePass) conditions.push({ id: EXAM_CONDITION_ID, kind: "exam_pass" });
  const next = { ...content, decisionRule: { ...content.decisionRule, conditions } };
  if (link) next.exam = link;
  else delete next.exam;
  const { matrix, gaps } = computeMatrix(next);
  const parsed = AssessmentContentSchema.parse({ ...next, matrix, gaps });
  return db.$transaction(async (tx) => {
    const updated = await tx.assessmentVersion.updateMany({
      where: { id: row.id, revision, publishedAt: null },
      data: { contentJson: JSON.stringify(parsed), revision: { increment: 1 } },
    });
    if (updated.count === 0) return { status: "conflict" } as const;
    await recordAudit(
      {
        institutionId,
        actorId,
        action: link ? "assessment.exam_linked" : "assessment.exam_unlinked",
        entityType: "AssessmentVersion",
        entityId: row.id,
        before: content.exam ? { paperId: content.exam.paperId } : null,
        after: link ? { paperId: link.paperId, requirePass } : null,
      },
      tx,
    );
    return { status: "saved", revision: revision + 1 } as const;
  });
}

export const KeyCorrectionSchema = z.object({
  revisionId: z.string().min(1),
  key: z.array(z.number().int().min(0)).min(1, { error: "請選擇正確答案" }),
  reason: z.string().trim().min(5, { error: "請說明更正答案的理由（至少 5 個字）" }).max(1000, { error: "理由不可超過 1000 字" }),
});
