import { AssessmentContentSchema, type AssessmentContent } from "~/domain/rubric/content";
import { contentHash } from "~/domain/rubric/content-hash";
import { GenerationError, generateAssessment } from "~/domain/rubric/generate";
import { computeMatrix, publishBlockers, type PublishBlocker } from "~/domain/rubric/matrix";
import { findScale } from "~/domain/rubric/templates";
import type { ParsedStandard } from "~/domain/standard/types";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

export function listAssessments({ institutionId }: { institutionId: string }) {
  return db.assessment.findMany({
    where: { institutionId, archivedAt: null },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      createdAt: true,
      standard: { select: { code: true, name: true } },
      versions: { select: { version: true, publishedAt: true }, orderBy: { version: "desc" } },
    },
  });
}

/** The standards an admin can build an assessment from, with their tasks for choosing a subset. */
export async function getStandardForGeneration({ institutionId, standardId }: { institutionId: string; standardId: string }) {
  const standard = await db.standard.findFirst({
    where: { id: standardId, institutionId },
    select: { id: true, code: true, name: true, parsedJson: true },
  });
  if (!standard) return null;
  return { id: standard.id, code: standard.code, name: standard.name, parsed: JSON.parse(standard.parsedJson) as ParsedStandard };
}

/**
 * Generates a draft from a library standard and stores it as version 1 of a new assessment.
 * Throws GenerationError (from the domain) for an unknown task code.
 */
export async function createAssessmentDraft({ institutionId, actorId, standardId, title, taskCodes, scaleId }: {
  institutionId: string;
  actorId: string;
  standardId: string;
  title: string;
  taskCodes?: string[];
  scaleId?: string;
}) {
  const standard = await getStandardForGeneration({ institutionId, standardId });
  if (!standard) return null;
  const scale = scaleId ? findScale(scaleId) : undefined;
  if (scaleId && !scale) throw new GenerationError(`沒有「${scaleId}」這個評分量尺。`);
  const content = generateAssessment(standard.parsed, { taskCodes, scale });
  return db.$transaction(async (tx) => {
    const assessment = await tx.assessment.create({
      data: {
        institutionId,
        standardId,
        title,
        createdById: actorId,
        versions: { create: { version: 1, contentJson: JSON.stringify(content) } },
      },
      select: { id: true, versions: { select: { id: true, version: true } } },
    });
    await recordAudit({ institutionId, actorId, action: "assessment.created", entityType: "Assessment", entityId: assessment.id, after: { title, standard: standard.code, tasks: content.tasks.map((t) => t.code) } }, tx);
    return { assessmentId: assessment.id, version: 1 };
  });
}

export async function getAssessment({ institutionId, id }: { institutionId: string; id: string }) {
  return db.assessment.findFirst({
    where: { id, institutionId },
    select: {
      id: true,
      title: true,
      createdAt: true,
      standard: { select: { id: true, code: true, name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: { id: true, version: true, publishedAt: true, contentHash: true, createdAt: true, updatedAt: true, _count: { select: { sessions: true } } },
      },
    },
  });
}

export async function getAssessmentVersion({ institutionId, assessmentId, version }: { institutionId: string; assessmentId: string; version: number }) {
  const row = await db.assessmentVersion.findFirst({
    where: { assessmentId, version, assessment: { institutionId } },
    select: {
      id: true,
      version: true,
      revision: true,
      contentJson: true,
      contentHash: true,
      publishedAt: true,
      updatedAt: true,
      assessment: { select: { id: true, title: true, standard: { select: { id: true, code: true, name: true } } } },
      _count: { select: { sessions: true } },
    },
  });
  if (!row) return null;
  const { contentJson, ...rest } = row;
  return { ...rest, content: AssessmentContentSchema.parse(JSON.parse(contentJson)) };
}

/**
 * Published content, parsed and validated once per process. A published version never changes (the
 * database refuses: migration 20261122010000_frozen_published_versions), so an entry keyed by the
 * version id and its content hash can never be stale, and two servers could not disagree about it
 * (DESIGN §10). Drafts are never cached. Entries are deep-frozen: every request shares them.
 */
const publishedContent = new Map<string, AssessmentContent>();
const PUBLISHED_CONTENT_LIMIT = 64;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The content of an assessment version as its sessions see it. Pass what the caller's own query
 * already read of the version (id, publishedAt, contentHash): for a published version the text is
 * read and parsed only the first time, for a draft every time.
 */
export async function getVersionContent({ id, publishedAt, contentHash }: { id: string; publishedAt: Date | null; contentHash: string | null }): Promise<AssessmentContent | null> {
  const key = publishedAt && contentHash ? `${id}:${contentHash}` : null;
  const cached = key ? publishedContent.get(key) : undefined;
  if (cached) {
    // Most recently used last, so the oldest entry is the one dropped when the cache is full.
    publishedContent.delete(key!);
    publishedContent.set(key!, cached);
    return cached;
  }
  const row = await db.assessmentVersion.findFirst({
    where: key ? { id, contentHash, publishedAt: { not: null } } : { id },
    select: { contentJson: true },
  });
  if (!row) return null;
  const content = AssessmentContentSchema.parse(JSON.parse(row.contentJson));
  if (!key) return content;
  publishedContent.set(key, deepFreeze(content));
  if (publishedContent.size > PUBLISHED_CONTENT_LIMIT) publishedContent.delete(publishedContent.keys().next().value!);
  return content;
}

export type SaveDraftResult =
  | { status: "saved"; revision: number }
  | { status: "not_found" }
  | { status: "published" }
  | { status: "conflict"; currentRevision: number; updatedAt: Date };

/**
 * Saves an edited draft. `revision` is the one the editor loaded: if someone saved since, the save is
 * refused as a conflict instead of silently overwriting (optimistic concurrency). The matrix and gaps
 * are recomputed here, never trusted from the client.
 */
export async function saveDraft({ institutionId, actorId, assessmentId, version, revision, content, reason }: {
  institutionId: string;
  actorId: string;
  assessmentId: string;
  version: number;
  revision: number;
  content: AssessmentContent;
  reason: string;
}): Promise<SaveDraftResult> {
  const { matrix, gaps } = computeMatrix(content);
  const next = AssessmentContentSchema.parse({ ...content, matrix, gaps });
  return db.$transaction(async (tx) => {
    const row = await tx.assessmentVersion.findFirst({
      where: { assessmentId, version, assessment: { institutionId } },
      select: { id: true, revision: true, publishedAt: true, updatedAt: true },
    });
    if (!row) return { status: "not_found" };
    if (row.publishedAt) return { status: "published" };
    const updated = await tx.assessmentVersion.updateMany({
      where: { id: row.id, revision, publishedAt: null },
      data: { contentJson: JSON.stringify(next), revision: { increment: 1 } },
    });
    if (updated.count === 0) return { status: "conflict", currentRevision: row.revision, updatedAt: row.updatedAt };
    await recordAudit({ institutionId, actorId, action: "assessment.draft_saved", entityType: "AssessmentVersion", entityId: row.id, reason }, tx);
    return { status: "saved", revision: revision + 1 };
  });
}

export type PublishResult =
  | { status: "published"; contentHash: string }
  | { status: "not_found" }
  | { status: "already_published" }
  | { status: "conflict" }
  | { status: "blocked"; blockers: PublishBlocker[] };

/** Freezes the draft: publishable only with no unwaived gap and a consistent rubric and rule. */
export async function publishVersion({ institutionId, actorId, assessmentId, version, revision }: {
  institutionId: string;
  actorId: string;
  assessmentId: string;
  version: number;
  revision: number;
}): Promise<PublishResult> {
  return db.$transaction(async (tx) => {
    const row = await tx.assessmentVersion.findFirst({
      where: { assessmentId, version, assessment: { institutionId } },
      select: { id: true, revision: true, publishedAt: true, contentJson: true },
    });
    if (!row) return { status: "not_found" };
    if (row.publishedAt) return { status: "already_published" };
    if (row.revision !== revision) return { status: "conflict" };
    const content = AssessmentContentSchema.parse(JSON.parse(row.contentJson));
    const blockers = publishBlockers(content);
    if (blockers.length > 0) return { status: "blocked", blockers };
    const hash = contentHash(content);
    await tx.assessmentVersion.update({
      where: { id: row.id },
      data: { publishedAt: new Date(), publishedById: actorId, contentHash: hash },
    });
    await recordAudit({ institutionId, actorId, action: "assessment.published", entityType: "AssessmentVersion", entityId: row.id, after: { version, contentHash: hash, waivers: content.waivers } }, tx);
    return { status: "published", contentHash: hash };
  });
}

/** Editing a published assessment starts a new draft version from its newest version's content. */
export async function createNextDraft({ institutionId, actorId, assessmentId }: { institutionId: string; actorId: string; assessmentId: string }) {
  return db.$transaction(async (tx) => {
    const latest = await tx.assessmentVersion.findFirst({
      where: { assessmentId, assessment: { institutionId } },
      orderBy: { version: "desc" },
      select: { id: true, version: true, publishedAt: true, contentJson: true },
    });
    if (!latest) return null;
    if (!latest.publishedAt) return { version: latest.version };
    const created = await tx.assessmentVersion.create({
      data: { assessmentId, version: latest.version + 1, contentJson: latest.contentJson },
      select: { id: true, version: true },
    });
    await recordAudit({ institutionId, actorId, action: "assessment.new_version", entityType: "AssessmentVersion", entityId: created.id, after: { version: created.version, from: latest.version } }, tx);
    return { version: created.version };
  });
}

/** A draft can be thrown away; a published version never (the database refuses too). */
export async function deleteDraftVersion({ institutionId, actorId, assessmentId, version }: { institutionId: string; actorId: string; assessmentId: string; version: number }) {
  return db.$transaction(async (tx) => {
    const row = await tx.assessmentVersion.findFirst({
      where: { assessmentId, version, assessment: { institutionId }, publishedAt: null },
      select: { id: true },
    });
    if (!row) return false;
    await tx.assessmentVersion.delete({ where: { id: row.id } });
    await recordAudit({ institutionId, actorId, action: "assessment.draft_deleted", entityType: "AssessmentVersion", entityId: row.id, before: { version } }, tx);
    return true;
  });
}
