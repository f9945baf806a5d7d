/**
 * The signed record behind a PDF certificate or result report (DESIGN §7).
 *
 * The payload is self-contained: everything printed that matters (who, what standard, which tasks
 * and criterion levels, which evidence, who assessed, when) is in it, so the Ed25519 signature over
 * its canonical JSON covers exactly what the reader sees. A competent candidate gets a certificate
 * (證書); a not-yet-competent candidate gets a result report (評量結果報告) with the gaps instead.
 */
import { parseCertificateNumber } from "./certificate-number";

export type ReportKind = "certificate" | "result_report";
export type Decision = "competent" | "not_yet_competent";

/** Marks the JSON so a verifier can tell our records (and their schema version) from anything else. */
export const PAYLOAD_FORMAT = "icap-assessment-result";
export const PAYLOAD_FORMAT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Input: a released (signed-off, decided) result as the models layer will assemble it.

export interface ReleasedResultInput {
  institution: { name: string; registrationNo: string };
  /** nationalId is optional (個資法: store only if needed); it is only ever carried masked. */
  candidate: { name: string; nationalId: string | null };
  /** From generateCertificateNumber: CERT-… for a certificate, REPT-… for a result report. */
  number: string;
  standard: { code: string; name: string; version: string; level: number };
  assessment: { title: string; version: number };
  session: { date: string; place: string; workplace: string };
  /** The rubric scale the candidate was scored on; levels below passLevel are gaps. */
  scale: { passLevel: number; levels: { value: number; label: string }[] };
  tasks: {
    code: string;
    title: string;
    level: number | null;
    decision: Decision;
    criteria: { code: string; level: number; comment: string | null }[];
  }[];
  evidence: { taskCode: string | null; title: string; sha256: string }[];
  /** Derived by the scoring rules (app/domain/scoring), never typed: taken here as given. */
  decision: Decision;
  /** Assessors' overall feedback to the candidate; printed on a result report. */
  feedback: string[];
  assessors: { name: string; role: string }[];
  issueDate: string;
  /** Certificates may expire; null when the institution issues them without a term. */
  validUntil: string | null;
  /** Public verification address with a `{number}` placeholder, e.g. https://example.org/verify/{number}. */
  verificationUrlTemplate: string;
  /** The knowledge exam (筆試), only when the assessment version links one. */
  exam?: PayloadExam;
}

// ---------------------------------------------------------------------------------------------
// Output: the payload that is signed and embedded. Only JSON values (canonical-json rejects others).

/**
 * Criteria carry codes, not the indicator texts: the signed standard code and version pin the texts,
 * and leaving ~1 KB of copies out of every embedded record keeps the PDF inside its size budget.
 */
export interface PayloadCriterion {
  code: string;
  level: number;
}

export interface PayloadTask {
  code: string;
  title: string;
  level: number | null;
  decision: Decision;
  criteria: PayloadCriterion[];
}

export interface PayloadEvidence {
  taskCode: string | null;
  title: string;
  /** First 12 hex digits of the file's SHA-256: enough to match a printed line to the stored file. */
  sha256Short: string;
}

/**
 * The knowledge exam's outcome as the decision rule read it (DESIGN §5). earned, percent and passed
 * are null together when the candidate did not sit the exam. percent and passMark are on a 100-point
 * scale, as the national skill test's written part states them.
 */
export interface PayloadExam {
  title: string;
  earned: number | null;
  max: number;
  percent: number | null;
  passMark: number;
  passed: boolean | null;
}

export interface Gap {
  taskCode: string;
  criterionCode: string;
  level: number;
  requiredLevel: number;
  comment: string | null;
}

interface PayloadCommon {
  format: typeof PAYLOAD_FORMAT;
  formatVersion: typeof PAYLOAD_FORMAT_VERSION;
  number: string;
  institution: { name: string; registrationNo: string };
  candidate: { name: string; maskedNationalId: string | null };
  standard: { code: string; name: string; version: string; level: number };
  assessment: { title: string; version: number };
  session: { date: string; place: string; workplace: string };
  scale: { passLevel: number; levels: { value: number; label: string }[] };
  tasks: PayloadTask[];
  evidence: PayloadEvidence[];
  assessors: { name: string; role: string }[];
  issueDate: string;
  verificationUrl: string;
  /**
   * Absent (not null) when the version links no exam: the payloads, and so the signatures and PDF
   * bytes, of documents without an exam are exactly what they were before exams existed. Verifiers
   * read the payload as a loose object, so formatVersion stays 1.
   */
  exam?: PayloadExam;
}

export interface CertificatePayload extends PayloadCommon {
  kind: "certificate";
  decision: "competent";
  validUntil: string | null;
}

export interface ResultReportPayload extends PayloadCommon {
  kind: "result_report";
  decision: "not_yet_competent";
  gaps: Gap[];
  feedback: string[];
}

export type ReportPayload = CertificatePayload | ResultReportPayload;

export class PayloadError extends Error {}

/** Masks a national ID for print: A123456789 → A12****789. Short or odd IDs keep only the first character. */
export function maskNationalId(nationalId: string): string {
  const id = nationalId.normalize("NFKC").trim().toUpperCase();
  if (id.length >= 7) return id.slice(0, 3) + "*".repeat(id.length - 6) + id.slice(-3);
  return id.slice(0, 1) + "*".repeat(Math.max(id.length - 1, 0));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function requireDate(value: string, field: string): string {
  const valid = ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!valid) throw new PayloadError(`${field} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

function requireText(value: string, field: string): string {
  const text = value.trim();
  if (text === "") throw new PayloadError(`${field} is empty`);
  return text;
}

function verificationUrl(template: string, number: string): string {
  if (!template.includes("{number}")) {
    throw new PayloadError(`verificationUrlTemplate has no {number} placeholder: "${template}"`);
  }
  const url = new URL(template.replace("{number}", encodeURIComponent(number)));
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PayloadError(`verificationUrlTemplate must be an http(s) address, got "${template}"`);
  }
  return url.toString();
}

/** A finite number in [min, max]; NaN, Infinity and out-of-range values are refused, never clamped. */
function requireNumber(value: number, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new PayloadError(`${field} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function buildExam(exam: PayloadExam): PayloadExam {
  if (typeof exam.max !== "number" || !Number.isFinite(exam.max) || exam.max <= 0) {
    throw new PayloadError(`exam max must be a number above 0, got ${String(exam.max)}`);
  }
  const given = [exam.earned, exam.percent, exam.passed].filter((value) => value !== null).length;
  if (given !== 0 && given !== 3) {
    throw new PayloadError("exam earned, percent and passed are all given, or all null when the exam was not taken");
  }
  if (exam.passed !== null && typeof exam.passed !== "boolean") throw new PayloadError("exam passed must be true, false or null");
  return {
    title: requireText(exam.title, "exam title"),
    earned: exam.earned === null ? null : requireNumber(exam.earned, "exam earned", 0, exam.max),
    max: exam.max,
    percent: exam.percent === null ? null : requireNumber(exam.percent, "exam percent", 0, 100),
    passMark: requireNumber(exam.passMark, "exam passMark", 0, 100),
    passed: exam.passed,
  };
}

function buildTasks(input: ReleasedResultInput): PayloadTask[] {
  const scaleValues = new Set(input.scale.levels.map((level) => level.value));
  if (!scaleValues.has(input.scale.passLevel)) {
    throw new PayloadError(`scale.passLevel ${input.scale.passLevel} is not one of the scale's levels`);
  }
  if (input.tasks.length === 0) throw new PayloadError("A result needs at least one task");
  return input.tasks.map((task) => {
    if (task.criteria.length === 0) throw new PayloadError(`Task ${task.code} has no criteria`);
    return {
      code: requireText(task.code, "task code"),
      title: requireText(task.title, `task ${task.code} title`),
      level: task.level,
      decision: task.decision,
      criteria: task.criteria.map((criterion) => {
        if (!scaleValues.has(criterion.level)) {
          throw new PayloadError(`Criterion ${criterion.code} has level ${criterion.level}, not on the scale`);
        }
        return {
          code: requireText(criterion.code, `criterion code in ${task.code}`),
          level: criterion.level,
        };
      }),
    };
  });
}

function buildEvidence(input: ReleasedResultInput): PayloadEvidence[] {
  return input.evidence.map((item) => {
    if (!/^[0-9a-f]{64}$/i.test(item.sha256)) {
      throw new PayloadError(`Evidence "${item.title}" needs a full SHA-256 (64 hex digits)`);
    }
    return {
      taskCode: item.taskCode,
      title: requireText(item.title, "evidence title"),
      sha256Short: item.sha256.slice(0, 12).toLowerCase(),
    };
  });
}

/** Criteria scored below the pass level, in task order, with the assessor's comment. */
function findGaps(input: ReleasedResultInput): Gap[] {
  return input.tasks.flatMap((task) =>
    task.criteria
      .filter((criterion) => criterion.level < input.scale.passLevel)
      .map((criterion) => ({
        taskCode: task.code,
        criterionCode: criterion.code,
        level: criterion.level,
        requiredLevel: input.scale.passLevel,
        comment: criterion.comment?.trim() || null,
      })),
  );
}

/**
 * Builds the payload for a released result. Throws PayloadError when the input could not yield
 * a trustworthy document (wrong number kind for the decision, bad dates, levels off the scale).
 */
export function buildReportPayload(input: ReleasedResultInput): ReportPayload {
  const kind: ReportKind = input.decision === "competent" ? "certificate" : "result_report";
  const parsed = parseCertificateNumber(input.number);
  if (!parsed.ok || parsed.number !== input.number) {
    throw new PayloadError(`"${input.number}" is not a canonical certificate number`);
  }
  if (parsed.kind !== kind) {
    throw new PayloadError(`Number ${input.number} is for a ${parsed.kind}, but the decision makes a ${kind}`);
  }

  const issueDate = requireDate(input.issueDate, "issueDate");
  const common: PayloadCommon = {
    format: PAYLOAD_FORMAT,
    formatVersion: PAYLOAD_FORMAT_VERSION,
    number: input.number,
    institution: {
      name: requireText(input.institution.name, "institution name"),
      registrationNo: requireText(input.institution.registrationNo, "institution registration number"),
    },
    candidate: {
      name: requireText(input.candidate.name, "candidate name"),
      maskedNationalId: input.candidate.nationalId ? maskNationalId(input.candidate.nationalId) : null,
    },
    standard: {
      code: requireText(input.standard.code, "standard code"),
      name: requireText(input.standard.name, "standard name"),
      version: requireText(input.standard.version, "standard version"),
      level: input.standard.level,
    },
    assessment: { title: requireText(input.assessment.title, "assessment title"), version: input.assessment.version },
    session: {
      date: requireDate(input.session.date, "session date"),
      place: requireText(input.session.place, "session place"),
      workplace: requireText(input.session.workplace, "session workplace"),
    },
    scale: {
      passLevel: input.scale.passLevel,
      levels: [...input.scale.levels].sort((a, b) => b.value - a.value),
    },
    tasks: buildTasks(input),
    evidence: buildEvidence(input),
    assessors: input.assessors.map((assessor) => ({
      name: requireText(assessor.name, "assessor name"),
      role: requireText(assessor.role, "assessor role"),
    })),
    issueDate,
    verificationUrl: verificationUrl(input.verificationUrlTemplate, input.number),
    // Spread, not `exam: undefined`: without an exam the key must not exist at all (canonical-json
    // rejects undefined, and the payload must stay byte-identical to pre-exam ones).
    ...(input.exam ? { exam: buildExam(input.exam) } : {}),
  };
  if (common.assessors.length === 0) throw new PayloadError("A result needs at least one assessor");
  if (issueDate < common.session.date) throw new PayloadError("issueDate is before the session date");

  if (kind === "certificate") {
    const validUntil = input.validUntil === null ? null : requireDate(input.validUntil, "validUntil");
    if (validUntil !== null && validUntil <= issueDate) throw new PayloadError("validUntil must be after issueDate");
    return { ...common, kind, decision: "competent", validUntil };
  }
  return {
    ...common,
    kind,
    decision: "not_yet_competent",
    gaps: findGaps(input),
    feedback: input.feedback.map((line) => line.trim()).filter((line) => line !== ""),
  };
}
