/**
 * The printable model of a certificate or result report: what goes on paper, in which order, with
 * which labels, built from the signed record. Wording, widths and colours come from
 * templates/report/certificate-layout.json (output-shaping data lives in templates/); geometry and
 * pagination are the renderer's business (app/pdf/render-report.server.ts).
 */
import { z } from "zod";

import layoutJson from "../../../templates/report/certificate-layout.json";
import type { PayloadExam, ReportKind, ReportPayload } from "./certificate-payload";
import { shortSignatureCode, type SignedRecord } from "./signature";

const ColorSchema = z.string().regex(/^#[0-9a-f]{6}$/i);
const ColumnSchema = z.object({
  label: z.string(),
  width: z.union([z.number().positive(), z.literal("*")]),
  align: z.enum(["left", "center", "right"]),
});
const TableTemplateSchema = z.object({
  title: z.string(),
  columns: z.array(ColumnSchema).min(1),
  sideBySide: z.number().int().min(1).max(3).optional(),
});
const KindTemplateSchema = z.object({
  title: z.string(),
  frame: z.boolean(),
  statement: z.string(),
  seal: z.string().nullable(),
});

export const ReportLayoutSchema = z.object({
  page: z.object({
    size: z.literal("A4"),
    margin: z.object({ top: z.number(), right: z.number(), bottom: z.number(), left: z.number() }),
  }),
  colors: z.object({
    ink: ColorSchema,
    muted: ColorSchema,
    primary: ColorSchema,
    accent: ColorSchema,
    rule: ColorSchema,
    headerFill: ColorSchema,
    groupFill: ColorSchema,
    pass: ColorSchema,
    fail: ColorSchema,
  }),
  fontSizes: z.object({
    title: z.number(),
    recipient: z.number(),
    body: z.number(),
    table: z.number(),
    small: z.number(),
  }),
  dateStyle: z.enum(["roc", "western"]),
  certificate: KindTemplateSchema,
  resultReport: KindTemplateSchema,
  labels: z.object({
    registration: z.string(),
    number: z.string(),
    recipient: z.string(),
    nationalId: z.string(),
    assessment: z.string(),
    assessmentVersion: z.string(),
    sessionDate: z.string(),
    place: z.string(),
    workplace: z.string(),
    issueDate: z.string(),
    validUntil: z.string(),
    noExpiry: z.string(),
    taskLevel: z.string(),
    signers: z.string(),
    feedback: z.string(),
    verifySignature: z.string(),
    verifyHint: z.string(),
    signatureNote: z.string(),
    pageLabel: z.string(),
  }),
  /** The knowledge exam's line; printed only when the payload has an exam. */
  exam: z.object({
    label: z.string(),
    /** {earned}, {max}, {passMark}, {verdict}; {percent} is the `percent` text, used when the paper is not out of 100. */
    score: z.string(),
    percent: z.string(),
    passed: z.string(),
    failed: z.string(),
    notTaken: z.string(),
  }),
  decisions: z.object({ competent: z.string(), not_yet_competent: z.string() }),
  taskDecisions: z.object({ competent: z.string(), not_yet_competent: z.string() }),
  criteriaTable: TableTemplateSchema,
  gapsTable: TableTemplateSchema,
  evidenceTable: TableTemplateSchema,
});
export type ReportLayout = z.infer<typeof ReportLayoutSchema>;

/** The shipped template, checked once at load so a bad edit fails loudly at startup, not mid-render. */
export const DEFAULT_REPORT_LAYOUT: ReportLayout = ReportLayoutSchema.parse(layoutJson);

// ---------------------------------------------------------------------------------------------
// The model

export type Tone = "normal" | "pass" | "fail";

export interface TableColumn {
  label: string;
  width: number | "*";
  align: "left" | "center" | "right";
}

export interface TableRow {
  cells: string[];
  /** Colours the table's toneColumn cell (the level) of this row. */
  tone: Tone;
}

export interface TableGroup {
  /** A heading row kept with the group's first row, e.g. the task; null for a plain table. */
  heading: { text: string; aside: string; tone: Tone } | null;
  rows: TableRow[];
}

export interface FieldItem {
  label: string;
  value: string;
  /** Colours the value; absent for plain facts (ink). */
  tone?: Tone;
}

export type Section =
  | { type: "fields"; items: FieldItem[] }
  | {
      type: "table";
      title: string;
      columns: TableColumn[];
      sideBySide: number;
      /** Index of the column a row's tone colours, or null. */
      toneColumn: number | null;
      groups: TableGroup[];
    }
  | { type: "list"; title: string; items: string[] };

export interface ReportModel {
  kind: ReportKind;
  info: { title: string; author: string; subject: string; keywords: string; creationDate: string };
  colors: ReportLayout["colors"];
  fontSizes: ReportLayout["fontSizes"];
  margin: ReportLayout["page"]["margin"];
  /** The certificate's decorative double border. */
  frame: boolean;
  header: { institution: string; registration: string; number: string };
  title: string;
  recipient: { label: string; name: string; idLine: string | null };
  statement: string;
  decision: { text: string; tone: Tone };
  sections: Section[];
  /** Kept together at the end of the last page: signature lines, seal, QR code and verification data. */
  signoff: {
    title: string;
    signers: { role: string; name: string }[];
    seal: string | null;
    qrText: string;
    verifyHint: string;
    verifyLines: string[];
  };
  /** Every page's foot: the verification address (a link) and "第 {n} / {N} 頁". */
  footer: { url: string; pageLabel: string };
  attachment: { name: string; description: string; content: string; date: string };
}

/** The name the signed record is embedded under; the verifier looks for exactly this. */
export const ATTACHMENT_NAME = "certificate.json";

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/**
 * 2025-03-21 → 2025年3月21日 ("western") or 中華民國114年3月21日 ("roc", as government documents
 * write it). The shipped template uses western years: the ROC form costs four more embedded glyphs.
 */
export function formatDate(isoDate: string, style: ReportLayout["dateStyle"]): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  return style === "roc" ? `中華民國${year - 1911}年${month}月${day}日` : `${year}年${month}月${day}日`;
}

function levelText(payload: ReportPayload, level: number): string {
  const entry = payload.scale.levels.find((candidate) => candidate.value === level);
  return entry ? `${level} ${entry.label}` : String(level);
}

/** Criterion code → behaviour indicator text, from the standard version the payload names. */
export type IndicatorTexts = ReadonlyMap<string, string>;

function indicatorText(texts: IndicatorTexts, code: string): string {
  const text = texts.get(code);
  if (text === undefined) throw new Error(`No indicator text for criterion ${code}`);
  return text;
}

function criteriaSection(payload: ReportPayload, texts: IndicatorTexts, layout: ReportLayout): Section {
  const table = layout.criteriaTable;
  return {
    type: "table",
    title: table.title,
    columns: table.columns,
    sideBySide: table.sideBySide ?? 1,
    toneColumn: 2,
    groups: payload.tasks.map((task) => ({
      heading: {
        text: `${task.code}　${task.title}`,
        aside: [
          task.level === null ? null : fill(layout.labels.taskLevel, { level: task.level }),
          layout.taskDecisions[task.decision],
        ]
          .filter((part) => part !== null)
          .join("　"),
        tone: task.decision === "competent" ? "pass" : "fail",
      },
      rows: task.criteria.map((criterion) => ({
        cells: [criterion.code, indicatorText(texts, criterion.code), levelText(payload, criterion.level)],
        tone: criterion.level >= payload.scale.passLevel ? "normal" : "fail",
      })),
    })),
  };
}

/**
 * 筆試: 82／100 分，及格標準 60 分，及格 (a paper not out of 100 adds its percentage: 45／50 分（90 分）…),
 * or 未應試 when the candidate did not sit it. A field rather than a section of its own: on the
 * bench document's one page a field's line fits where a titled section would push the sign-off over.
 */
export function examField(exam: PayloadExam, layout: ReportLayout = DEFAULT_REPORT_LAYOUT): FieldItem {
  const words = layout.exam;
  if (exam.earned === null || exam.passed === null) return { label: words.label, value: words.notTaken };
  const percent = exam.max === 100 || exam.percent === null ? "" : fill(words.percent, { percent: exam.percent });
  const verdict = exam.passed ? words.passed : words.failed;
  return {
    label: words.label,
    value: fill(words.score, { earned: exam.earned, max: exam.max, percent, passMark: exam.passMark, verdict }),
    tone: exam.passed ? "pass" : "fail",
  };
}

function evidenceSection(payload: ReportPayload, layout: ReportLayout): Section {
  const table = layout.evidenceTable;
  return {
    type: "table",
    title: table.title,
    columns: table.columns,
    sideBySide: table.sideBySide ?? 1,
    toneColumn: null,
    groups: [
      {
        heading: null,
        rows: payload.evidence.map((item) => ({
          cells: [item.taskCode ?? "—", item.title, item.sha256Short],
          tone: "normal",
        })),
      },
    ],
  };
}

/**
 * Builds the printable model from a signed record (the signature is printed, so it must exist first)
 * and the indicator texts of the standard version it names.
 */
export function buildReportLayout(
  record: SignedRecord<ReportPayload>,
  texts: IndicatorTexts,
  layout: ReportLayout = DEFAULT_REPORT_LAYOUT,
): ReportModel {
  const { payload, signature } = record;
  const kindTemplate = payload.kind === "certificate" ? layout.certificate : layout.resultReport;
  const date = (iso: string) => formatDate(iso, layout.dateStyle);
  const passLabel = payload.scale.levels.find((level) => level.value === payload.scale.passLevel)?.label ?? "";
  const decisionText = layout.decisions[payload.decision];

  const fields: FieldItem[] = [
    {
      label: layout.labels.assessment,
      value: `${payload.assessment.title}　${fill(layout.labels.assessmentVersion, { version: payload.assessment.version })}`,
    },
    { label: layout.labels.sessionDate, value: date(payload.session.date) },
    { label: layout.labels.place, value: payload.session.place },
    { label: layout.labels.workplace, value: payload.session.workplace },
    { label: layout.labels.issueDate, value: date(payload.issueDate) },
  ];
  if (payload.kind === "certificate") {
    fields.push({
      label: layout.labels.validUntil,
      value: payload.validUntil === null ? layout.labels.noExpiry : date(payload.validUntil),
    });
  }

  // Nothing is added without an exam: no text, so no extra glyph in the font subset, same bytes.
  if (payload.exam) fields.push(examField(payload.exam, layout));

  const sections: Section[] = [{ type: "fields", items: fields }];
  if (payload.kind === "result_report") {
    sections.push({
      type: "table",
      title: layout.gapsTable.title,
      columns: layout.gapsTable.columns,
      sideBySide: layout.gapsTable.sideBySide ?? 1,
      toneColumn: 2,
      groups: [
        {
          heading: null,
          rows: payload.gaps.map((gap) => ({
            cells: [
              gap.criterionCode,
              indicatorText(texts, gap.criterionCode),
              `${levelText(payload, gap.level)}／${gap.requiredLevel}`,
              gap.comment ?? "",
            ],
            tone: "fail",
          })),
        },
      ],
    });
    if (payload.feedback.length > 0) {
      sections.push({ type: "list", title: layout.labels.feedback, items: payload.feedback });
    }
  }
  sections.push(criteriaSection(payload, texts, layout));
  if (payload.evidence.length > 0) sections.push(evidenceSection(payload, layout));

  const signatureCode = shortSignatureCode(signature.value);
  const title = kindTemplate.title;
  return {
    kind: payload.kind,
    info: {
      title: `${title} ${payload.number} ${payload.candidate.name}`,
      author: payload.institution.name,
      subject: `${payload.standard.code} ${payload.standard.name}`,
      keywords: [payload.number, payload.standard.code, signatureCode].join(", "),
      creationDate: payload.issueDate,
    },
    colors: layout.colors,
    fontSizes: layout.fontSizes,
    margin: layout.page.margin,
    frame: kindTemplate.frame,
    header: {
      institution: payload.institution.name,
      registration: `${layout.labels.registration}　${payload.institution.registrationNo}`,
      number: `${layout.labels.number}　${payload.number}`,
    },
    title,
    recipient: {
      label: layout.labels.recipient,
      name: payload.candidate.name,
      idLine: payload.candidate.maskedNationalId
        ? `${layout.labels.nationalId}　${payload.candidate.maskedNationalId}`
        : null,
    },
    statement: fill(kindTemplate.statement, {
      assessment: payload.assessment.title,
      standardCode: payload.standard.code,
      standardName: payload.standard.name,
      standardVersion: payload.standard.version,
      standardLevel: payload.standard.level,
      taskCount: payload.tasks.length,
      decision: decisionText,
      passLabel,
    }),
    decision: { text: decisionText, tone: payload.decision === "competent" ? "pass" : "fail" },
    sections,
    signoff: {
      title: layout.labels.signers,
      signers: payload.assessors,
      seal: kindTemplate.seal,
      qrText: payload.verificationUrl,
      verifyHint: layout.labels.verifyHint,
      verifyLines: [
        `${layout.labels.verifySignature}　${signatureCode}`,
        layout.labels.signatureNote,
      ],
    },
    footer: { url: payload.verificationUrl, pageLabel: layout.labels.pageLabel },
    attachment: {
      name: ATTACHMENT_NAME,
      // ASCII: pdfkit writes other text as UTF-16, twice the bytes.
      description: `Ed25519-signed record of ${payload.number}`,
      // Compact, to save bytes in the PDF; the verifier re-canonicalises the payload anyway.
      content: JSON.stringify(record),
      date: payload.issueDate,
    },
  };
}
