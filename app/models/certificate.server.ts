import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

import issuanceJson from "../../templates/report/issuance.json";
import type { AssessmentContent } from "~/domain/rubric/content";
import { canonicalJson } from "~/domain/canonical-json";
import { generateCertificateNumber, parseCertificateNumber } from "~/domain/report/certificate-number";
import { buildReportPayload, PayloadError, type PayloadExam, type ReleasedResultInput, type ReportKind, type ReportPayload } from "~/domain/report/certificate-payload";
import { examStanding } from "~/domain/report/exam-standing";
import { buildReportLayout, type IndicatorTexts } from "~/domain/report/report-layout";
import { SIGNATURE_ALGORITHM, shortSignatureCode, signPayload, verifySignedRecord, type SignedRecord } from "~/domain/report/signature";
import { renderReportPdf } from "~/pdf/render-report.server";
import { verifyPdf } from "~/pdf/verify-pdf.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { KeyDecryptionError } from "~/utils/key-encryption.server";
import { recordAudit } from "./audit.server";
import { computeEnrollmentResult, resultInputSelect } from "./scoring.server";
import { parseContent } from "./session.server";
import { hitRateLimit, type RateLimitResult } from "./rate-limit.server";
import { findPublicKey, getOrCreateSigningKey } from "./signing-key.server";

/**
 * Certificates (證書) and result reports (評量結果報告), DESIGN §7: issued from a released result,
 * signed with the institution's Ed25519 key, stored as the signed payload plus the SHA-256 of the
 * PDF. The PDF itself is not stored: it is rendered again on every download from the stored record,
 * and the renderer is deterministic, so a download is byte-identical to what was issued and its
 * hash still matches (an upgrade of the font, pdfkit or the layout template would change the bytes:
 * see `renderCertificate`, which reports that as `matchesIssued: false`).
 */

// ---------------------------------------------------------------------------------------------
// Issuing rules, from templates/report/issuance.json

const IssuanceSchema = z.object({
  validityYears: z.number().int().min(1).max(50),
  verificationPath: z.string().startsWith("/").includes("{number}"),
  timeZone: z.string().min(1),
  assessorRoles: z.object({ lead: z.string().min(1), other: z.string().min(1) }),
  workplace: z.object({ simulated: z.string().min(1), real: z.string().min(1) }),
  feedback: z.object({ failedTasks: z.string().includes("{tasks}") }),
});
export const ISSUANCE = IssuanceSchema.parse(issuanceJson);

/** The calendar date (YYYY-MM-DD) of an instant in Taiwan, whatever the server's zone. */
export function localDate(instant: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ISSUANCE.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** The last day of a term of `years` starting on `isoDate`: 2026-11-22 + 3 years → 2029-11-21. */
export function lastDayOfTerm(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  // Date.UTC rolls 29 February into 1 March of a common year; the day before is then 28 February.
  return new Date(Date.UTC(year + years, month - 1, day) - 86_400_000).toISOString().slice(0, 10);
}

/** Midnight in Taiwan of a calendar date, how dates without a time are kept in DateTime columns. */
function startOfLocalDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+08:00`);
}

export type CertificateStatus = "valid" | "revoked" | "expired";

/**
 * The status of an issued document (STYLE habit 6: a projection of its timestamps). Revocation wins
 * over expiry; a certificate is valid through the last day of its term, in Taiwan time.
 */
export function certificateStatus({ revokedAt, validUntil }: { revokedAt: Date | null; validUntil: Date | null }, now = new Date()): CertificateStatus {
  if (revokedAt) return "revoked";
  if (validUntil && localDate(now) > localDate(validUntil)) return "expired";
  return "valid";
}

/** `https://host/verify/{number}` from the base address people reach the app at. */
function verificationUrlTemplate(baseUrl: string): string {
  const marker = "NUMBERPLACEHOLDER";
  return new URL(ISSUANCE.verificationPath.replace("{number}", marker), baseUrl).toString().replace(marker, "{number}");
}

/** Where issuing without a request (seed, CLI) points the QR code: PUBLIC_BASE_URL, else this server. */
export function defaultBaseUrl(): string {
  const env = getEnv();
  return env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`;
}

// ---------------------------------------------------------------------------------------------
// From a released enrolment to the signed payload

const issueSelect = {
  id: true,
  releasedAt: true,
  taskCodesJson: true,
  observedFaultsJson: true,
  candidate: { select: { displayName: true, nationalIdMasked: true } },
  session: {
    select: {
      id: true,
      institutionId: true,
      place: true,
      startsAt: true,
      institution: { select: { name: true, registrationNumber: true } },
      assessmentVersion: { select: { id: true, version: true, contentJson: true, assessment: { select: { title: true } } } },
    },
  },
  ...resultInputSelect,
};

type IssueEnrollment = NonNullable<Awaited<ReturnType<typeof loadIssueEnrollment>>>;

function loadIssueEnrollment({ institutionId, enrollmentId }: { institutionId: string; enrollmentId: string }) {
  return db.enrollment.findFirst({ where: { id: enrollmentId, session: { institutionId } }, select: issueSelect });
}

class IssueRefused extends Error {}

/** The printed code of a criterion or task; codes are attributes and may be missing (STYLE habit 7). */
function codeOf(code: string | null, fallback: string): string {
  return code?.trim() || fallback;
}

/** Criterion code → behaviour indicator text, as the assessment version froze them. */
function indicatorTexts(content: AssessmentContent): IndicatorTexts {
  return new Map(content.criteria.map((criterion, index) => [codeOf(criterion.code, `#${index + 1}`), criterion.text]));
}

/** "模擬職場" unless the assessment's conditions say it takes place in a real workplace. */
function workplaceOf(content: AssessmentContent): string {
  const conditions = content.conditions.join("\n");
  return /真實職場|實際職場|工作現場/.test(conditions) && !/模擬職場/.test(conditions) ? ISSUANCE.workplace.real : ISSUANCE.workplace.simulated;
}

function releasedResultInput(enrollment: IssueEnrollment, options: { issueDate: string; baseUrl: string }): ReleasedResultInput {
  const { session } = enrollment;
  const content = parseContent(session.assessmentVersion.contentJson);
  const result = computeEnrollmentResult(content, enrollment);
  const decision = result.decision.decision;
  if (decision === "incomplete") throw new IssueRefused("評分尚未完成，不能核發。");
  const kind: ReportKind = decision === "competent" ? "certificate" : "result_report";
  const sessionDate = localDate(session.startsAt);
  if (options.issueDate < sessionDate) throw new IssueRefused(`場次日期（${sessionDate}）尚未到，不能核發。`);

  const allCriteria = new Map(content.criteria.map((criterion, index) => [criterion.id, codeOf(criterion.code, `#${index + 1}`)]));
  const comments = new Map<string, string[]>();
  for (const score of enrollment.scores) {
    if (score.comment?.trim()) comments.set(score.criterionKey, [...(comments.get(score.criterionKey) ?? []), score.comment.trim()]);
  }
  const tasks = result.scope.tasks.map((task, index) => {
    const status = result.decision.tasks.find((t) => t.taskId === task.id)?.status;
    if (status !== "competent" && status !== "not_yet_competent") throw new IssueRefused(`工作任務 ${task.code ?? index + 1} 尚未完成評分。`);
    return {
      code: codeOf(task.code, `#${index + 1}`),
      title: task.title,
      level: task.level,
      decision: status,
      criteria: result.levels.criteria
        .filter((criterion) => criterion.taskId === task.id)
        .map((criterion) => {
          if (criterion.level === null) throw new IssueRefused(`評量規準 ${criterion.code ?? criterion.criterionId} 沒有最終等級。`);
          return { code: allCriteria.get(criterion.criterionId)!, level: criterion.level, comment: comments.get(criterion.criterionId)?.join("；") ?? null };
        }),
    };
  });

  // Gaps on single criteria are listed with the assessors' comments; what else failed the
  // candidate (a critical fault, a task or total threshold) goes to the feedback in words.
  const feedback = result.decision.gaps
    .filter((gap) => gap.kind !== "criterion")
    .map((gap) => {
      if (gap.kind === "fault") return `發生重大缺點：${gap.text}`;
      if (gap.kind === "exam") return `筆試 ${gap.percent} 分，未達及格標準 ${gap.passMark} 分`;
      return `${gap.label}：${gap.earned}／${gap.max} 分，未達門檻 ${gap.threshold.unit === "percent" ? `${gap.threshold.value}%` : `${gap.threshold.value} 分`}`;
    });
  const failedTasks = tasks.filter((task) => task.decision === "not_yet_competent").map((task) => task.code);
  if (kind === "result_report" && failedTasks.length > 0) feedback.push(ISSUANCE.feedback.failedTasks.replace("{tasks}", failedTasks.join("、")));

  // The exam as the decision read it; absent (not null) without a linked exam, so such payloads are unchanged.
  const outcome = result.decision.exam;
  let exam: PayloadExam | undefined;
  if (content.exam && outcome) {
    if (examStanding(outcome, content.exam.paperId, enrollment.examAttempts) === "marking") throw new IssueRefused("筆試尚有試題待評閱，不能核發。");
    const { earned, max, percent, passMark, passed } = outcome;
    exam = { title: content.exam.title, earned, max, percent, passMark, passed };
  }

  return {
    institution: { name: session.institution.name, registrationNo: session.institution.registrationNumber },
    candidate: { name: enrollment.candidate.displayName, nationalId: enrollment.candidate.nationalIdMasked },
    number: generateCertificateNumber(kind, randomBytes),
    standard: {
      code: content.standard.code,
      name: content.standard.name,
      version: content.standard.version?.trim() || "—",
      level: content.standard.level,
    },
    assessment: { title: session.assessmentVersion.assessment.title, version: session.assessmentVersion.version },
    session: { date: sessionDate, place: session.place, workplace: workplaceOf(content) },
    scale: { passLevel: content.scale.competentScore, levels: content.scale.levels.map((level) => ({ value: level.score, label: level.label })) },
    tasks,
    // Files carry the SHA-256 of their stored bytes; observations and notes are records, not files.
    evidence: enrollment.evidence.flatMap((item) => (item.sha256 ? [{ taskCode: item.taskCode, title: item.title, sha256: item.sha256 }] : [])),
    decision,
    feedback,
    assessors: enrollment.assignments.map((assignment, index, all) => ({
      name: assignment.assessor.displayName,
      role: all.length > 1 && index === 0 ? ISSUANCE.assessorRoles.lead : ISSUANCE.assessorRoles.other,
    })),
    issueDate: options.issueDate,
    validUntil: kind === "certificate" ? lastDayOfTerm(options.issueDate, ISSUANCE.validityYears) : null,
    verificationUrlTemplate: verificationUrlTemplate(options.baseUrl),
    ...(exam ? { exam } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering a stored record

interface StoredRecord {
  payloadJson: string;
  signature: string;
  keyId: string;
}

/**
 * The signed record exactly as every render sees it: parsed back from the stored canonical JSON, so
 * that the attachment inside the PDF (and so the PDF's bytes) does not depend on whether it is the
 * first render at issue time or a later download.
 */
function signedRecordOf(row: StoredRecord): SignedRecord<ReportPayload> {
  return {
    payload: JSON.parse(row.payloadJson) as ReportPayload,
    signature: { alg: SIGNATURE_ALGORITHM, keyId: row.keyId, value: row.signature },
  };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function renderRecord(row: StoredRecord, texts: IndicatorTexts): Promise<Buffer> {
  return renderReportPdf(buildReportLayout(signedRecordOf(row), texts));
}

const renderSelect = {
  id: true,
  number: true,
  kind: true,
  payloadJson: true,
  signature: true,
  keyId: true,
  pdfSha256: true,
  enrollment: { select: { session: { select: { assessmentVersionId: true } } } },
};

type RenderRow = { number: string; kind: string; payloadJson: string; signature: string; keyId: string; pdfSha256: string | null; enrollment: { session: { assessmentVersionId: string } } };

export interface RenderedCertificate {
  number: string;
  kind: ReportKind;
  pdf: Buffer;
  /** False when this render's bytes differ from the issued file's hash (renderer, font or template changed). */
  matchesIssued: boolean;
}

/**
 * Download headers for a rendered document: named by its number (ASCII, so every browser keeps it),
 * private and not stored by caches (it carries a name and a masked ID).
 */
export function certificateDownloadHeaders(certificate: RenderedCertificate): HeadersInit {
  return {
    "Content-Type": "application/pdf",
    "Content-Length": String(certificate.pdf.length),
    "Content-Disposition": `attachment; filename="${certificate.number}.pdf"`,
    "Cache-Control": "private, no-store",
  };
}

/**
 * Renders stored certificates one at a time, remembering the indicator texts per assessment version
 * (all documents of a session share one), so a batch reads and parses the version's content once.
 */
export function createCertificateRenderer() {
  const texts = new Map<string, IndicatorTexts>();
  return async (row: RenderRow): Promise<RenderedCertificate> => {
    const versionId = row.enrollment.session.assessmentVersionId;
    let versionTexts = texts.get(versionId);
    if (!versionTexts) {
      const version = await db.assessmentVersion.findUniqueOrThrow({ where: { id: versionId }, select: { contentJson: true } });
      versionTexts = indicatorTexts(parseContent(version.contentJson));
      texts.set(versionId, versionTexts);
    }
    const pdf = await renderRecord(row, versionTexts);
    const matchesIssued = row.pdfSha256 === sha256Hex(pdf);
    if (!matchesIssued) console.error(`certificate ${row.number}: re-rendered PDF differs from the issued file (pdfSha256); the renderer, font or layout template changed since it was issued`);
    return { number: row.number, kind: row.kind as ReportKind, pdf, matchesIssued };
  };
}

// ---------------------------------------------------------------------------------------------
// Issuing and revoking

export type IssueResult =
  | { status: "issued" | "existing"; certificate: { id: string; number: string; kind: ReportKind } }
  | { status: "not_found" }
  | { status: "not_released" }
  | { status: "refused"; message: string };

const ACTIVE = { revokedAt: null };

function activeCertificate(enrollmentId: string) {
  return db.certificate.findFirst({ where: { enrollmentId, ...ACTIVE }, orderBy: { issuedAt: "desc" }, select: { id: true, number: true, kind: true } });
}

/**
 * Issues the certificate (competent) or result report (not yet competent) of a released result.
 * Idempotent: while the enrolment has a document that is not revoked, that one is returned; after
 * a revocation a new one (with a new number) can be issued. The expensive part (payload, signature,
 * PDF) happens before the write; the check for an existing document and the insert are one
 * transaction, so two simultaneous requests still leave one document.
 */
export async function issueCertificate({ institutionId, actorId, enrollmentId, baseUrl = defaultBaseUrl(), now = new Date() }: {
  institutionId: string;
  actorId: string | null;
  enrollmentId: string;
  /** Where the QR code and printed address point: PUBLIC_BASE_URL or the request's origin. */
  baseUrl?: string;
  now?: Date;
}): Promise<IssueResult> {
  const enrollment = await loadIssueEnrollment({ institutionId, enrollmentId });
  if (!enrollment) return { status: "not_found" };
  if (!enrollment.releasedAt) return { status: "not_released" };
  const existing = await activeCertificate(enrollment.id);
  if (existing) return { status: "existing", certificate: { ...existing, kind: existing.kind as ReportKind } };

  let payload: ReportPayload;
  try {
    payload = buildReportPayload(releasedResultInput(enrollment, { issueDate: localDate(now), baseUrl }));
  } catch (error) {
    if (error instanceof IssueRefused || error instanceof PayloadError) return { status: "refused", message: error.message };
    throw error;
  }
  let key: Awaited<ReturnType<typeof getOrCreateSigningKey>>;
  try {
    key = await getOrCreateSigningKey({ institutionId });
  } catch (error) {
    if (!(error instanceof KeyDecryptionError)) throw error;
    console.error(`issuing for institution ${institutionId}: ${error.message}`);
    return { status: "refused", message: "無法使用機構的簽章金鑰（應用程式密鑰 SESSION_SECRET 與建立金鑰時不同），請聯絡系統管理者。" };
  }
  const signed = signPayload(payload, key.privateKey);
  const stored: StoredRecord = { payloadJson: canonicalJson(payload), signature: signed.signature.value, keyId: signed.signature.keyId };
  const pdf = await renderRecord(stored, indicatorTexts(parseContent(enrollment.session.assessmentVersion.contentJson)));

  return db.$transaction(async (tx): Promise<IssueResult> => {
    const raced = await tx.certificate.findFirst({ where: { enrollmentId: enrollment.id, ...ACTIVE }, select: { id: true, number: true, kind: true } });
    if (raced) return { status: "existing", certificate: { ...raced, kind: raced.kind as ReportKind } };
    const certificate = await tx.certificate.create({
      data: {
        institutionId,
        enrollmentId: enrollment.id,
        kind: payload.kind,
        number: payload.number,
        ...stored,
        pdfSha256: sha256Hex(pdf),
        issuedAt: now,
        validUntil: payload.kind === "certificate" && payload.validUntil ? startOfLocalDay(payload.validUntil) : null,
      },
      select: { id: true, number: true, kind: true },
    });
    // Kept on the enrolment, so the session's audit trail shows it beside the scores and the release.
    await recordAudit({ institutionId, actorId, action: "certificate.issued", entityType: "Enrollment", entityId: enrollment.id, after: { certificateId: certificate.id, number: certificate.number, kind: certificate.kind, keyId: stored.keyId } }, tx);
    return { status: "issued", certificate: { ...certificate, kind: certificate.kind as ReportKind } };
  });
}

export interface SessionIssueSummary {
  issued: number;
  existing: number;
  refused: { candidate: string; message: string }[];
}

/** Issues for every released result of a session (those that already have a document keep it). */
export async function issueSessionCertificates({ institutionId, actorId, sessionId, baseUrl = defaultBaseUrl() }: { institutionId: string; actorId: string | null; sessionId: string; baseUrl?: string }): Promise<SessionIssueSummary | null> {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true } });
  if (!session) return null;
  const enrollments = await db.enrollment.findMany({
    where: { sessionId, releasedAt: { not: null } },
    orderBy: { candidate: { candidateNumber: "asc" } },
    select: { id: true, candidate: { select: { displayName: true } } },
  });
  const summary: SessionIssueSummary = { issued: 0, existing: 0, refused: [] };
  for (const enrollment of enrollments) {
    const result = await issueCertificate({ institutionId, actorId, enrollmentId: enrollment.id, baseUrl });
    if (result.status === "issued") summary.issued++;
    else if (result.status === "existing") summary.existing++;
    else summary.refused.push({ candidate: enrollment.candidate.displayName, message: result.status === "refused" ? result.message : "結果尚未公布。" });
  }
  return summary;
}

export type RevokeResult = { status: "revoked" } | { status: "already_revoked" } | { status: "not_found" };

/** Revokes a document for good (terminal), with the reason; the verification page then says so. */
export async function revokeCertificate({ institutionId, actorId, number, reason }: { institutionId: string; actorId: string; number: string; reason: string }): Promise<RevokeResult> {
  const certificate = await db.certificate.findFirst({ where: { number, institutionId }, select: { id: true, enrollmentId: true, kind: true, revokedAt: true } });
  if (!certificate) return { status: "not_found" };
  return db.$transaction(async (tx): Promise<RevokeResult> => {
    const now = new Date();
    const changed = await tx.certificate.updateMany({ where: { id: certificate.id, revokedAt: null }, data: { revokedAt: now, revokedReason: reason, revokedById: actorId } });
    if (changed.count === 0) return { status: "already_revoked" };
    await recordAudit({ institutionId, actorId, action: "certificate.revoked", entityType: "Enrollment", entityId: certificate.enrollmentId, before: { certificateId: certificate.id, number, status: "valid" }, after: { certificateId: certificate.id, number, status: "revoked", revokedAt: now.toISOString() }, reason }, tx);
    return { status: "revoked" };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading: lists, downloads

/** A number as typed or as it appears in a URL (any case, with or without `.pdf`), in canonical form. */
export function canonicalNumber(input: string): string | null {
  const parsed = parseCertificateNumber(input.replace(/\.pdf$/i, ""));
  return parsed.ok ? parsed.number : null;
}

export function listCertificates({ institutionId }: { institutionId: string }) {
  return db.certificate.findMany({
    where: { institutionId },
    orderBy: { issuedAt: "desc" },
    select: {
      id: true,
      number: true,
      kind: true,
      issuedAt: true,
      validUntil: true,
      revokedAt: true,
      enrollment: {
        select: {
          id: true,
          candidate: { select: { displayName: true, candidateNumber: true } },
          session: { select: { id: true, title: true } },
        },
      },
    },
  });
}

/** Sessions of the institution with released results, for issuing and batch downloads. */
export function listSessionsWithReleasedResults({ institutionId }: { institutionId: string }) {
  return db.assessmentSession.findMany({
    where: { institutionId, enrollments: { some: { releasedAt: { not: null } } } },
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      title: true,
      startsAt: true,
      _count: { select: { enrollments: { where: { releasedAt: { not: null } } } } },
    },
  });
}

/** The session's released results with their current document, for the admin's issuing page. */
export async function getSessionCertificates({ institutionId, sessionId }: { institutionId: string; sessionId: string }) {
  const session = await db.assessmentSession.findFirst({
    where: { id: sessionId, institutionId },
    select: {
      id: true,
      title: true,
      startsAt: true,
      place: true,
      enrollments: {
        orderBy: { candidate: { candidateNumber: "asc" } },
        select: {
          id: true,
          signedOffAt: true,
          releasedAt: true,
          candidate: { select: { displayName: true, candidateNumber: true } },
          certificates: { orderBy: { issuedAt: "desc" }, select: { id: true, number: true, kind: true, issuedAt: true, validUntil: true, revokedAt: true } },
        },
      },
    },
  });
  if (!session) return null;
  const now = new Date();
  return {
    ...session,
    enrollments: session.enrollments.map(({ certificates, ...enrollment }) => {
      const active = certificates.find((c) => !c.revokedAt) ?? null;
      return {
        ...enrollment,
        certificate: active && { ...active, status: certificateStatus(active, now) },
        revoked: certificates.filter((c) => c.revokedAt).map((c) => c.number),
      };
    }),
  };
}

/** The candidate's current document for one of their released results (none before issuing). */
export async function findCandidateCertificate({ candidateId, enrollmentId }: { candidateId: string; enrollmentId: string }) {
  const certificates = await db.certificate.findMany({
    where: { enrollmentId, enrollment: { candidateId, releasedAt: { not: null } } },
    orderBy: { issuedAt: "desc" },
    select: { number: true, kind: true, issuedAt: true, validUntil: true, revokedAt: true },
  });
  const active = certificates.find((c) => !c.revokedAt);
  return {
    current: active ? { ...active, kind: active.kind as ReportKind, status: certificateStatus(active) } : null,
    revokedCount: certificates.filter((c) => c.revokedAt).length,
  };
}

/** A candidate's own, not revoked document as PDF; anyone else's number is simply not found. */
export async function getCandidateCertificatePdf({ candidateId, number }: { candidateId: string; number: string }): Promise<RenderedCertificate | null> {
  const canonical = canonicalNumber(number);
  if (!canonical) return null;
  const row = await db.certificate.findFirst({
    where: { number: canonical, revokedAt: null, enrollment: { candidateId, releasedAt: { not: null } } },
    select: renderSelect,
  });
  return row ? createCertificateRenderer()(row) : null;
}

/** Any document of the admin's institution as PDF, revoked ones included (for the record). */
export async function getInstitutionCertificatePdf({ institutionId, number }: { institutionId: string; number: string }): Promise<RenderedCertificate | null> {
  const canonical = canonicalNumber(number);
  if (!canonical) return null;
  const row = await db.certificate.findFirst({ where: { number: canonical, institutionId }, select: renderSelect });
  return row ? createCertificateRenderer()(row) : null;
}

/** The documents of a session that a batch download contains: every one not revoked. */
export async function listSessionCertificateFiles({ institutionId, sessionId }: { institutionId: string; sessionId: string }) {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true, title: true, startsAt: true } });
  if (!session) return null;
  const files = await db.certificate.findMany({
    where: { institutionId, revokedAt: null, enrollment: { sessionId } },
    orderBy: [{ enrollment: { candidate: { candidateNumber: "asc" } } }, { number: "asc" }],
    select: { id: true, number: true, kind: true, issuedAt: true, enrollment: { select: { candidate: { select: { displayName: true, candidateNumber: true } } } } },
  });
  return { session, files };
}

/** One document of the institution by id, for a batch that renders them one at a time. */
export function loadCertificateForRender({ institutionId, id }: { institutionId: string; id: string }) {
  return db.certificate.findFirst({ where: { id, institutionId }, select: renderSelect });
}

// ---------------------------------------------------------------------------------------------
// Public verification (no login): by number, and by an uploaded PDF

/**
 * Per client address and 10 minutes: lookups by number (numbers are 80-bit random, so this is about
 * load, not guessing) and uploads (each one parses a PDF of up to a few MB).
 */
export const VERIFY_RATE_LIMITS = {
  lookup: { limit: 60, windowMs: 10 * 60_000 },
  upload: { limit: 20, windowMs: 10 * 60_000 },
} as const;

export function checkVerificationRateLimit({ kind, clientAddress }: { kind: keyof typeof VERIFY_RATE_LIMITS; clientAddress: string }): Promise<RateLimitResult> {
  return hitRateLimit({ key: `verify-${kind}|${clientAddress}`, ...VERIFY_RATE_LIMITS[kind] });
}

/** What the verification page shows: what the document states, never the national ID beyond its mask. */
export interface PublicCertificateView {
  number: string;
  kind: ReportKind;
  status: CertificateStatus;
  /** False if the stored record no longer matches its own signature (a tampered database row). */
  recordIntact: boolean;
  revokedOn: string | null;
  institution: { name: string; registrationNo: string };
  candidate: { name: string; maskedNationalId: string | null };
  standard: { code: string; name: string; version: string; level: number };
  assessment: { title: string; version: number };
  session: { date: string; place: string; workplace: string };
  tasks: { code: string; title: string; decision: ReportPayload["decision"] }[];
  decision: ReportPayload["decision"];
  assessors: { name: string; role: string }[];
  /** The knowledge exam as the document states it; null when the document has none. */
  exam: PayloadExam | null;
  issueDate: string;
  validUntil: string | null;
  signatureCode: string;
  keyId: string;
}

const publicSelect = { number: true, kind: true, payloadJson: true, signature: true, keyId: true, pdfSha256: true, revokedAt: true, validUntil: true };
type PublicRow = { number: string; kind: string; payloadJson: string; signature: string; keyId: string; revokedAt: Date | null; validUntil: Date | null };

async function publicView(row: PublicRow, now: Date): Promise<PublicCertificateView> {
  const record = signedRecordOf(row);
  const { payload } = record;
  const publicKey = await findPublicKey({ keyId: row.keyId });
  return {
    number: row.number,
    kind: row.kind as ReportKind,
    status: certificateStatus(row, now),
    recordIntact: publicKey !== null && verifySignedRecord(record, publicKey),
    revokedOn: row.revokedAt ? localDate(row.revokedAt) : null,
    institution: payload.institution,
    candidate: payload.candidate,
    standard: payload.standard,
    assessment: payload.assessment,
    session: payload.session,
    tasks: payload.tasks.map((task) => ({ code: task.code, title: task.title, decision: task.decision })),
    decision: payload.decision,
    assessors: payload.assessors,
    exam: payload.exam ?? null,
    issueDate: payload.issueDate,
    validUntil: payload.kind === "certificate" ? payload.validUntil : null,
    signatureCode: shortSignatureCode(row.signature),
    keyId: row.keyId,
  };
}

/** The public record of a number as typed; null when the number is not ours. */
export async function findCertificateForVerification({ number, now = new Date() }: { number: string; now?: Date }): Promise<PublicCertificateView | null> {
  const canonical = canonicalNumber(number);
  if (!canonical) return null;
  const row = await db.certificate.findUnique({ where: { number: canonical }, select: publicSelect });
  return row ? publicView(row, now) : null;
}

/** One document of the admin's institution: what it states, plus who revoked it and why. */
export async function getInstitutionCertificate({ institutionId, number, now = new Date() }: { institutionId: string; number: string; now?: Date }) {
  const canonical = canonicalNumber(number);
  if (!canonical) return null;
  const row = await db.certificate.findFirst({
    where: { number: canonical, institutionId },
    select: {
      ...publicSelect,
      issuedAt: true,
      revokedReason: true,
      revokedById: true,
      enrollment: { select: { id: true, candidate: { select: { candidateNumber: true } }, session: { select: { id: true, title: true } } } },
    },
  });
  if (!row) return null;
  const revokedBy = row.revokedById ? await db.user.findFirst({ where: { id: row.revokedById, institutionId }, select: { displayName: true } }) : null;
  return {
    view: await publicView(row, now),
    issuedAt: row.issuedAt,
    revokedReason: row.revokedReason,
    revokedBy: revokedBy?.displayName ?? null,
    candidateNumber: row.enrollment.candidate.candidateNumber,
    session: row.enrollment.session,
  };
}

export type FileVerdict = "authentic" | "altered" | "not_ours" | "unreadable";

export interface FileVerification {
  verdict: FileVerdict;
  /** zh-TW, for the page. */
  reason: string;
  number: string | null;
  /** The record we hold for the number the file names (its real content, when the file was altered). */
  certificate: PublicCertificateView | null;
}

/**
 * Checks an uploaded PDF: the signed record embedded in it (certificate.json) must verify under one
 * of our keys, match what we issued under its number, and the file's bytes must be the issued
 * file's (pdfSha256), so an edit of the visible pages that keeps the attachment is still caught.
 */
export async function verifyCertificateFile({ bytes, now = new Date() }: { bytes: Uint8Array; now?: Date }): Promise<FileVerification> {
  const checked = await verifyPdf(bytes, (keyId) => findPublicKey({ keyId }));
  const row = checked.number ? await db.certificate.findUnique({ where: { number: checked.number }, select: publicSelect }) : null;
  const certificate = row ? await publicView(row, now) : null;
  const number = checked.number ?? null;
  switch (checked.status) {
    case "invalid":
      return { verdict: "unreadable", reason: "無法讀取這個檔案的簽章資料：它不是完整的 PDF，或內嵌的 certificate.json 已損壞。", number, certificate };
    case "not_ours":
      return { verdict: "not_ours", reason: "這個檔案不是本平台核發的文件：沒有本平台的簽章資料，或簽章金鑰不是本平台的。", number: null, certificate: null };
    case "altered":
      return { verdict: "altered", reason: "檔案內嵌的證書資料與簽章不符：內容在核發後被修改過。", number, certificate };
    case "authentic":
      break;
  }
  if (!row || !certificate) {
    return { verdict: "not_ours", reason: "簽章有效，但本平台查無這個編號的核發紀錄。", number, certificate: null };
  }
  // Same number, same key, same bytes: the file is the one we issued (the hash covers the pages too).
  if (row.keyId !== checked.keyId || sha256Hex(bytes) !== row.pdfSha256) {
    return { verdict: "altered", reason: "簽章資料正確，但檔案與核發時的檔案不同（頁面內容可能被修改）。", number, certificate };
  }
  return { verdict: "authentic", reason: "檔案與本平台核發的文件完全相同，簽章有效。", number, certificate };
}

