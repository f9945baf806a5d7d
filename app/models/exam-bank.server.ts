/**
 * A standard's question bank (題庫): items with revisions. An item no paper has used is edited in
 * place; once a paper used its current revision, an edit makes a new revision and the paper keeps
 * the old one (STYLE habit 4; a trigger refuses changing a used revision).
 */
import { formatItemNumber } from "~/domain/exam/bank-file";
import type { BankItem, CognitiveLevel, Difficulty, ItemContent, ItemStatus, ItemType } from "~/domain/exam/types";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

export interface BankCodes {
  K: { code: string; title: string }[];
  S: { code: string; title: string }[];
  P: { code: string; title: string }[];
}

/** The codes items of this standard may carry, in the standard's order. */
export async function getStandardCodes({ institutionId, standardId }: { institutionId: string; standardId: string }) {
  const standard = await db.standard.findFirst({
    where: { id: standardId, institutionId },
    select: {
      id: true,
      code: true,
      name: true,
      competencies: { where: { kind: { in: ["K", "S"] } }, orderBy: { position: "asc" }, select: { kind: true, code: true, title: true } },
      tasks: { orderBy: { position: "asc" }, select: { indicators: { orderBy: { position: "asc" }, select: { code: true, text: true } } } },
    },
  });
  if (!standard) return null;
  const codes: BankCodes = { K: [], S: [], P: [] };
  for (const c of standard.competencies) if (c.code) codes[c.kind as "K" | "S"].push({ code: c.code, title: c.title });
  for (const task of standard.tasks) for (const i of task.indicators) if (i.code) codes.P.push({ code: i.code, title: i.text });
  return { id: standard.id, code: standard.code, name: standard.name, codes };
}

const revisionSelect = {
  id: true,
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
  createdAt: true,
} as const;

type RevisionRow = Prisma.ExamItemRevisionGetPayload<{ select: typeof revisionSelect }>;

export function revisionContent(row: Pick<RevisionRow, "type" | "stem" | "optionsJson" | "keyJson" | "modelAnswer" | "explanation" | "codesJson" | "cognitiveLevel" | "difficulty">): ItemContent {
  return {
    type: row.type as ItemType,
    stem: row.stem,
    options: JSON.parse(row.optionsJson) as string[],
    key: JSON.parse(row.keyJson) as number[],
    modelAnswer: row.modelAnswer,
    explanation: row.explanation,
    codes: JSON.parse(row.codesJson) as string[],
    cognitiveLevel: row.cognitiveLevel as CognitiveLevel,
    difficulty: row.difficulty as Difficulty,
  };
}

function revisionData(content: ItemContent) {
  return {
    type: content.type,
    stem: content.stem,
    optionsJson: JSON.stringify(content.options),
    keyJson: JSON.stringify(content.key),
    modelAnswer: content.modelAnswer,
    explanation: content.explanation,
    codesJson: JSON.stringify(content.codes),
    cognitiveLevel: content.cognitiveLevel,
    difficulty: content.difficulty,
  };
}

/** Every item of the bank with its current revision and how many papers used any of its revisions. */
export async function listBankItems({ institutionId, standardId }: { institutionId: string; standardId: string }) {
  const items = await db.examItem.findMany({
    where: { institutionId, standardId },
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      status: true,
      currentRevision: true,
      updatedAt: true,
      revisions: { orderBy: { revision: "desc" }, select: { ...revisionSelect, _count: { select: { paperItems: true } } } },
    },
  });
  return items.map((item) => {
    const current = item.revisions.find((r) => r.revision === item.currentRevision) ?? item.revisions[0]!;
    return {
      id: item.id,
      number: item.number,
      label: formatItemNumber(item.number),
      status: item.status as ItemStatus,
      revision: current.revision,
      revisionId: current.id,
      revisionCount: item.revisions.length,
      usedOnPapers: item.revisions.reduce((sum, r) => sum + r._count.paperItems, 0),
      updatedAt: item.updatedAt,
      content: revisionContent(current),
    };
  });
}

export type BankListItem = Awaited<ReturnType<typeof listBankItems>>[number];

/** The bank as assembly sees it: the current revision of every item. */
export function toBankItems(items: readonly BankListItem[]): BankItem[] {
  return items.map((item) => ({
    itemId: item.id,
    revisionId: item.revisionId,
    number: item.number,
    status: item.status,
    type: item.content.type,
    codes: item.content.codes.filter((c) => c.startsWith("K")),
    cognitiveLevel: item.content.cognitiveLevel,
  }));
}

export async function getBankItem({ institutionId, itemId }: { institutionId: string; itemId: string }) {
  const item = await db.examItem.findFirst({
    where: { id: itemId, institutionId },
    select: {
      id: true,
      number: true,
      status: true,
      currentRevision: true,
      standardId: true,
      revisions: { orderBy: { revision: "desc" }, select: { ...revisionSelect, _count: { select: { paperItems: true } } } },
    },
  });
  if (!item) return null;
  return {
    ...item,
    label: formatItemNumber(item.number),
    revisions: item.revisions.map((r) => ({ id: r.id, revision: r.revision, createdAt: r.createdAt, usedOnPapers: r._count.paperItems, content: revisionContent(r) })),
  };
}

export interface BankWrite {
  /** null: a new item. */
  number: number | null;
  status: ItemStatus;
  content: ItemContent;
}

function sameContent(a: ItemContent, b: ItemContent): boolean {
  return JSON.stringify(revisionData(a)) === JSON.stringify(revisionData(b));
}

/**
 * Writes items (new ones and edits of existing numbers) in one transaction: all of them or none.
 * The rows are validated beforehand (app/domain/exam/bank-file); this only stores them.
 */
export async function writeBankItems({ institutionId, actorId, standardId, rows, source }: {
  institutionId: string;
  actorId: string;
  standardId: string;
  rows: readonly BankWrite[];
  source: "import" | "form";
}) {
  return db.$transaction(async (tx) => {
    const standard = await tx.standard.findFirst({ where: { id: standardId, institutionId }, select: { id: true } });
    if (!standard) return null;
    const last = await tx.examItem.findFirst({ where: { standardId }, orderBy: { number: "desc" }, select: { number: true } });
    let nextNumber = (last?.number ?? 0) + 1;
    let created = 0;
    let revised = 0;
    let unchanged = 0;
    const numbers: number[] = [];
    for (const row of rows) {
      if (row.number === null) {
        const number = nextNumber++;
        await tx.examItem.create({
          data: {
            institutionId,
            standardId,
            number,
            status: row.status,
            createdById: actorId,
            revisions: { create: { revision: 1, createdById: actorId, ...revisionData(row.content) } },
          },
        });
        numbers.push(number);
        created++;
        continue;
      }
      const item = await tx.examItem.findFirst({
        where: { standardId, number: row.number },
        select: { id: true, status: true, currentRevision: true, revisions: { orderBy: { revision: "desc" }, take: 1, select: { ...revisionSelect, _count: { select: { paperItems: true } } } } },
      });
      // Validation checked the numbers; a concurrent delete is not possible (items are never deleted).
      if (!item) throw new Error(`item ${row.number} vanished during the import`);
      const current = item.revisions[0]!;
      numbers.push(row.number);
      if (sameContent(revisionContent(current), row.content)) {
        if (item.status !== row.status) await tx.examItem.update({ where: { id: item.id }, data: { status: row.status } });
        else unchanged++;
        continue;
      }
      if (current._count.paperItems > 0) {
        await tx.examItemRevision.create({ data: { itemId: item.id, revision: current.revision + 1, createdById: actorId, ...revisionData(row.content) } });
        await tx.examItem.update({ where: { id: item.id }, data: { status: row.status, currentRevision: current.revision + 1 } });
      } else {
        await tx.examItemRevision.update({ where: { id: current.id }, data: revisionData(row.content) });
        await tx.examItem.update({ where: { id: item.id }, data: { status: row.status } });
      }
      revised++;
    }
    await recordAudit(
      {
        institutionId,
        actorId,
        action: source === "import" ? "exam_bank.imported" : "exam_item.saved",
        entityType: "Standard",
        entityId: standardId,
        after: { created, revised, unchanged, items: numbers.map(formatItemNumber) },
      },
      tx,
    );
    return { created, revised, unchanged, numbers };
  });
}

export async function setItemStatus({ institutionId, actorId, itemId, status }: { institutionId: string; actorId: string; itemId: string; status: ItemStatus }) {
  const item = await db.examItem.findFirst({ where: { id: itemId, institutionId }, select: { id: true, status: true, standardId: true } });
  if (!item) return null;
  await db.$transaction(async (tx) => {
    await tx.examItem.update({ where: { id: item.id }, data: { status } });
    await recordAudit({ institutionId, actorId, action: "exam_item.status_changed", entityType: "ExamItem", entityId: item.id, before: { status: item.status }, after: { status } }, tx);
  });
  return item;
}

/** What the bank-file validator needs to know of the bank. */
export async function getBankContext({ institutionId, standardId }: { institutionId: string; standardId: string }) {
  const standard = await getStandardCodes({ institutionId, standardId });
  if (!standard) return null;
  const items = await listBankItems({ institutionId, standardId });
  return {
    standard,
    items,
    context: {
      knownCodes: { K: standard.codes.K.map((c) => c.code), S: standard.codes.S.map((c) => c.code), P: standard.codes.P.map((c) => c.code) },
      existingNumbers: items.map((i) => i.number),
      existingStems: items.map((i) => i.content.stem),
    },
  };
}

/** Standards of the institution with their bank sizes, for the exam overview. */
export async function listBanks({ institutionId }: { institutionId: string }) {
  const [standards, counts] = await Promise.all([
    db.standard.findMany({ where: { institutionId }, orderBy: { importedAt: "desc" }, select: { id: true, code: true, name: true } }),
    db.examItem.groupBy({ by: ["standardId", "status"], where: { institutionId }, _count: { _all: true } }),
  ]);
  return standards.map((s) => {
    const mine = counts.filter((c) => c.standardId === s.id);
    const count = (status: string) => mine.find((c) => c.status === status)?._count._all ?? 0;
    return { ...s, active: count("active"), draft: count("draft"), retired: count("retired") };
  });
}
