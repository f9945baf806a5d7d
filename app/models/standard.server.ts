import crypto from "node:crypto";
import { countStandard, diffIndicators, splitStandardCode, type StandardDiff } from "~/domain/standard/versioning";
import type { ParsedStandard } from "~/domain/standard/types";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

export function listStandards({ institutionId }: { institutionId: string }) {
  return db.standard.findMany({
    where: { institutionId },
    orderBy: [{ baseCode: "asc" }, { versionNumber: "desc" }],
    select: {
      id: true,
      kind: true,
      code: true,
      name: true,
      level: true,
      versionNumber: true,
      importedAt: true,
      _count: { select: { tasks: true, assessments: true } },
      tasks: { select: { _count: { select: { indicators: true } } } },
    },
  });
}

/** Why an import cannot go ahead, or which earlier version it continues. */
export type ImportCheck =
  | { status: "duplicate"; existingId: string }
  | { status: "older"; newestCode: string }
  | { status: "new" }
  | { status: "new_version"; previous: { id: string; code: string }; diff: StandardDiff };

export async function checkStandardImport({ institutionId, parsed }: { institutionId: string; parsed: ParsedStandard }): Promise<ImportCheck> {
  const { baseCode, versionNumber } = splitStandardCode(parsed.code);
  const siblings = await db.standard.findMany({
    where: { institutionId, baseCode },
    orderBy: { versionNumber: "desc" },
    select: { id: true, code: true, versionNumber: true, parsedJson: true },
  });
  const same = siblings.find((s) => s.code === parsed.code || s.versionNumber === versionNumber);
  if (same) return { status: "duplicate", existingId: same.id };
  const previous = siblings.find((s) => s.versionNumber < versionNumber);
  if (!previous) return siblings.length > 0 ? { status: "older", newestCode: siblings[0]!.code } : { status: "new" };
  return {
    status: "new_version",
    previous: { id: previous.id, code: previous.code },
    diff: diffIndicators(JSON.parse(previous.parsedJson) as ParsedStandard, parsed),
  };
}

export class StandardImportConflict extends Error {
  constructor(readonly check: Extract<ImportCheck, { status: "duplicate" }>) {
    super("standard already imported");
  }
}

/**
 * Saves a parsed standard as normalised rows plus its raw source, in one transaction: either all of
 * it is stored or nothing is. Versions of one base code are linked (newest → the one before it).
 */
export async function importStandard({ institutionId, actorId, parsed, sourceText }: {
  institutionId: string;
  actorId: string | null;
  parsed: ParsedStandard;
  sourceText: string;
}) {
  const { baseCode, versionNumber } = splitStandardCode(parsed.code);
  return db.$transaction(async (tx) => {
    const siblings = await tx.standard.findMany({
      where: { institutionId, baseCode },
      select: { id: true, code: true, versionNumber: true },
      orderBy: { versionNumber: "desc" },
    });
    const duplicate = siblings.find((s) => s.code === parsed.code || s.versionNumber === versionNumber);
    if (duplicate) throw new StandardImportConflict({ status: "duplicate", existingId: duplicate.id });
    const previous = siblings.find((s) => s.versionNumber < versionNumber) ?? null;
    const later = siblings.filter((s) => s.versionNumber > versionNumber).at(-1) ?? null;

    const standard = await tx.standard.create({
      data: {
        institutionId,
        kind: parsed.kind,
        code: parsed.code,
        baseCode,
        versionNumber,
        name: parsed.name,
        level: parsed.level,
        description: parsed.description,
        categoryJson: JSON.stringify(parsed.category),
        versionsJson: JSON.stringify(parsed.versions),
        notesJson: JSON.stringify(parsed.notes),
        assessmentGuideJson: parsed.assessmentGuide ? JSON.stringify(parsed.assessmentGuide) : null,
        warningsJson: JSON.stringify(parsed.warnings),
        parsedJson: JSON.stringify(parsed),
        sourceText,
        sourceSha256: crypto.createHash("sha256").update(sourceText).digest("hex"),
        previousVersionId: previous?.id ?? null,
        importedById: actorId,
      },
      select: { id: true },
    });
    // An older version imported after a newer one slots in below it.
    if (later) await tx.standard.update({ where: { id: later.id }, data: { previousVersionId: standard.id } });

    const competencyIds = new Map<string, string>();
    const competencies = [
      ...parsed.knowledge.map((k, i) => ({ kind: "K", position: i, code: k.code, title: k.title, description: null as string | null })),
      ...parsed.skills.map((s, i) => ({ kind: "S", position: i, code: s.code, title: s.title, description: null as string | null })),
      ...parsed.attitudes.map((a, i) => ({ kind: "A", position: i, code: a.code, title: a.title, description: a.description })),
    ];
    for (const c of competencies) {
      const row = await tx.standardCompetency.create({ data: { standardId: standard.id, ...c }, select: { id: true } });
      if (c.code && !competencyIds.has(`${c.kind}:${c.code}`)) competencyIds.set(`${c.kind}:${c.code}`, row.id);
    }

    for (const [dutyIndex, duty] of parsed.duties.entries()) {
      const dutyRow = await tx.standardDuty.create({
        data: { standardId: standard.id, position: dutyIndex, code: duty.code, title: duty.title },
        select: { id: true },
      });
      for (const [taskIndex, task] of duty.tasks.entries()) {
        await tx.standardTask.create({
          data: {
            standardId: standard.id,
            dutyId: dutyRow.id,
            position: taskIndex,
            code: task.code,
            title: task.title,
            level: task.level,
            outputs: { create: task.outputs.map((o, i) => ({ position: i, code: o.code, title: o.title })) },
            indicators: { create: task.indicators.map((p, i) => ({ position: i, code: p.code, text: p.text })) },
            competencies: {
              create: [
                ...task.knowledge.map((code, i) => ({ kind: "K", code, position: i, competencyId: competencyIds.get(`K:${code}`) ?? null })),
                ...task.skills.map((code, i) => ({ kind: "S", code, position: i, competencyId: competencyIds.get(`S:${code}`) ?? null })),
              ],
            },
          },
        });
      }
    }
    await recordAudit(
      { institutionId, actorId, action: "standard.imported", entityType: "Standard", entityId: standard.id, after: { code: parsed.code, counts: countStandard(parsed) } },
      tx,
    );
    return standard;
  });
}

export async function getStandard({ institutionId, id }: { institutionId: string; id: string }) {
  const standard = await db.standard.findFirst({
    where: { id, institutionId },
    select: {
      id: true,
      code: true,
      kind: true,
      name: true,
      versionNumber: true,
      importedAt: true,
      parsedJson: true,
      sourceSha256: true,
      previousVersion: { select: { id: true, code: true, parsedJson: true } },
      laterVersions: { select: { id: true, code: true } },
      assessments: { select: { id: true, title: true } },
    },
  });
  if (!standard) return null;
  const parsed = JSON.parse(standard.parsedJson) as ParsedStandard;
  const { parsedJson: _parsed, previousVersion, ...rest } = standard;
  return {
    ...rest,
    parsed,
    previousVersion: previousVersion && { id: previousVersion.id, code: previousVersion.code },
    changesFromPrevious: previousVersion ? diffIndicators(JSON.parse(previousVersion.parsedJson) as ParsedStandard, parsed) : null,
  };
}

export function getStandardSource({ institutionId, id }: { institutionId: string; id: string }) {
  return db.standard.findFirst({ where: { id, institutionId }, select: { code: true, sourceText: true } });
}

export type DeleteStandardResult = { status: "deleted" } | { status: "not_found" } | { status: "in_use"; assessments: string[] };

/** Refuses while an assessment is built on the standard (the foreign key would refuse too). */
export async function deleteStandard({ institutionId, id, actorId }: { institutionId: string; id: string; actorId: string }): Promise<DeleteStandardResult> {
  return db.$transaction(async (tx) => {
    const standard = await tx.standard.findFirst({
      where: { id, institutionId },
      select: { id: true, code: true, previousVersionId: true, assessments: { select: { title: true } } },
    });
    if (!standard) return { status: "not_found" };
    if (standard.assessments.length > 0) return { status: "in_use", assessments: standard.assessments.map((a) => a.title) };
    // Keep the version chain intact: a later version now follows this one's predecessor.
    await tx.standard.updateMany({ where: { previousVersionId: standard.id }, data: { previousVersionId: standard.previousVersionId } });
    await tx.standard.delete({ where: { id: standard.id } });
    await recordAudit({ institutionId, actorId, action: "standard.deleted", entityType: "Standard", entityId: standard.id, before: { code: standard.code } }, tx);
    return { status: "deleted" };
  });
}

/** Row counts of the standard tables, for tests that prove a refused import stored nothing. */
export async function countStandardRows() {
  const [standards, duties, tasks, outputs, indicators, competencies, links] = await Promise.all([
    db.standard.count(),
    db.standardDuty.count(),
    db.standardTask.count(),
    db.standardOutput.count(),
    db.standardIndicator.count(),
    db.standardCompetency.count(),
    db.taskCompetency.count(),
  ]);
  return { standards, duties, tasks, outputs, indicators, competencies, links };
}
