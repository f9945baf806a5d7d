/**
 * Reads the enrolment list an admin uploads for a session: a CSV with a header row naming the
 * columns (zh-TW or English, any order), one candidate per row.
 *
 * All or nothing: the result is either every row, or every problem in the file, each with its line,
 * so the admin fixes the spreadsheet once instead of once per error (STYLE habit 8). Nothing is
 * coerced silently: a full-width 學員編號, a Big5 file or a stray column is reported, not "fixed".
 *
 * The file is read by the shared CSV reader (~/domain/csv): strict UTF-8, RFC 4180 quoting, line
 * numbers as an editor shows them. Blank rows (also ",,," as Excel writes them) are skipped.
 */
import { z } from "zod";

import { isBlankRecord, parseCsvRecords, readCsvText } from "~/domain/csv";

// The reader lived here first; its tests still import it from this module.
export { parseCsvRecords, type CsvRecord } from "~/domain/csv";

export const MAX_ENROLMENT_ROWS = 2000;
/** 2000 rows of long names and e-mail addresses fit in well under this; more is not an enrolment list. */
export const MAX_ENROLMENT_BYTES = 2 * 1024 * 1024;

export type EnrolmentField = "name" | "candidateNumber" | "email";

const FIELD_LABELS: Record<EnrolmentField, string> = { name: "姓名", candidateNumber: "學員編號", email: "電子郵件" };

/** Accepted header names, compared after lower-casing and removing spaces, "_" and "-". */
const HEADER_ALIASES: Record<EnrolmentField, readonly string[]> = {
  name: ["姓名", "學員姓名", "受評者姓名", "name"],
  candidateNumber: ["學員編號", "准考證號", "准考證號碼", "candidatenumber", "candidateno"],
  email: ["電子郵件", "電子郵件地址", "電子信箱", "email", "emailaddress"],
};
const REQUIRED: readonly EnrolmentField[] = ["name", "candidateNumber"];

const CONTROL_CHARACTERS = /\p{Cc}/u;
const EmailFormat = z.email();

/** One candidate as the admin would type them in a form; the upload and a single-add form share it. */
export const EnrolmentRowSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "缺少姓名", abort: true })
    .max(100, { error: "姓名不可超過 100 個字", abort: true })
    .refine((v) => !CONTROL_CHARACTERS.test(v), { error: "姓名不可包含換行或控制字元" }),
  candidateNumber: z
    .string()
    .trim()
    .min(1, { error: "缺少學員編號", abort: true })
    .max(32, { error: "學員編號不可超過 32 個字元", abort: true })
    .regex(/^[A-Za-z0-9_-]+$/, {
      error: (iss) => `學員編號「${String(iss.input)}」只能使用半形英文字母、數字、「-」或「_」`,
    }),
  email: z
    .string()
    .trim()
    .max(254, { error: "電子郵件不可超過 254 個字元", abort: true })
    .refine((v) => v === "" || EmailFormat.safeParse(v).success, {
      error: (iss) => `電子郵件「${String(iss.input)}」格式不正確`,
    })
    .transform((v) => (v === "" ? null : v)),
});

export interface EnrolmentRow {
  /** Physical line of the row in the file (the header is normally line 1). */
  line: number;
  name: string;
  candidateNumber: string;
  email: string | null;
}

export interface EnrolmentCsvError {
  /** Physical line; 0 for a problem of the whole file (too large). */
  line: number;
  column?: EnrolmentField;
  /** zh-TW, ready to show, starting with the line ("第 3 行：…") when there is one. */
  message: string;
}

export type EnrolmentCsvResult = { ok: true; rows: EnrolmentRow[] } | { ok: false; errors: EnrolmentCsvError[] };

export function parseEnrolmentCsv(input: string | Uint8Array): EnrolmentCsvResult {
  const text = readCsvText(input, { maxBytes: MAX_ENROLMENT_BYTES });
  if (typeof text !== "string") return fail([text]);

  const parsed = parseCsvRecords(text);
  if ("error" in parsed) return fail([parsed.error]);
  const records = parsed.records.filter((r) => !isBlankRecord(r.fields));
  const [header, ...data] = records;
  if (!header) return fail([{ line: 1, message: "第 1 行：檔案是空的，第一列應為標題列（姓名、學員編號、電子郵件）" }]);

  const errors: EnrolmentCsvError[] = [];
  const at = (line: number, message: string, column?: EnrolmentField) =>
    errors.push({ line, ...(column ? { column } : {}), message: `第 ${line} 行：${message}` });

  // Column index → field; null for a column with no name, undefined for an unrecognised name.
  const columns: (EnrolmentField | null | undefined)[] = header.fields.map((raw) => {
    const name = raw.trim();
    return name === "" ? null : headerField(name);
  });
  const unknown = header.fields.filter((_, i) => columns[i] === undefined).map((f) => `「${f.trim()}」`);
  if (unknown.length > 0) {
    at(header.line, `無法辨識的欄位名稱${unknown.join("、")}（可用：姓名、學員編號、電子郵件）`);
  }
  for (const field of Object.keys(FIELD_LABELS) as EnrolmentField[]) {
    if (columns.filter((c) => c === field).length > 1) at(header.line, `欄位「${FIELD_LABELS[field]}」重複出現`);
  }
  const missing = REQUIRED.filter((field) => !columns.includes(field));
  if (missing.length > 0) {
    at(header.line, `缺少必要欄位${missing.map((f) => `「${FIELD_LABELS[f]}」`).join("、")}（第一列必須是標題列）`);
    // Without the required columns the rows cannot be read at all.
    return fail(errors);
  }
  if (data.length === 0) at(header.line + 1, "沒有任何學員資料");
  if (data.length > MAX_ENROLMENT_ROWS) {
    at(data[MAX_ENROLMENT_ROWS].line, `資料超過 ${MAX_ENROLMENT_ROWS} 筆上限（本檔案有 ${data.length} 筆），請分批匯入`);
  }

  const rows: EnrolmentRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of data) {
    const values: Record<EnrolmentField, string> = { name: "", candidateNumber: "", email: "" };
    let stray = false;
    record.fields.forEach((value, i) => {
      // Past the header's last column counts as a column without a name.
      const field = i < columns.length ? columns[i] : null;
      if (field) values[field] = value;
      // A value under no column would be dropped silently; an unknown column was reported above.
      else if (field !== undefined && value.trim() !== "") stray = true;
    });
    if (stray) at(record.line, "有資料位於沒有欄位名稱的欄位（請檢查是否多了逗號）");

    const result = EnrolmentRowSchema.safeParse(values);
    if (!result.success) {
      for (const issue of result.error.issues) at(record.line, issue.message, issue.path[0] as EnrolmentField);
      continue;
    }
    // Case-insensitive: "a001" and "A001" are one person mistyped far more often than two people.
    const key = result.data.candidateNumber.toLowerCase();
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      at(record.line, `學員編號「${result.data.candidateNumber}」與第 ${first} 行重複`, "candidateNumber");
      continue;
    }
    firstLineOf.set(key, record.line);
    rows.push({ line: record.line, ...result.data });
  }

  return errors.length > 0 ? fail(errors) : { ok: true, rows };
}

function fail(errors: EnrolmentCsvError[]): EnrolmentCsvResult {
  return { ok: false, errors: [...errors].sort((a, b) => a.line - b.line) };
}

function headerField(name: string): EnrolmentField | undefined {
  const key = name.toLowerCase().replace(/[\s_-]/gu, "");
  return (Object.keys(HEADER_ALIASES) as EnrolmentField[]).find((field) => HEADER_ALIASES[field].includes(key));
}
