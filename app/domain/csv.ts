/**
 * CSV as admins exchange it with Excel: decoding an upload, reading RFC 4180 records, writing a file
 * Excel opens with Chinese intact. Shared by the enrolment list and the exam's question bank.
 *
 * The reader is a small RFC 4180 one written here: no CSV package is installed and these formats
 * need only quoting. Beyond the RFC it accepts LF and lone CR line ends, spaces around a quoted
 * field, and a quote inside an unquoted field taken literally (as Excel reads it). Line numbers are
 * physical lines, so a quoted field that spans lines moves the numbers of the records after it,
 * exactly as an editor shows them. Line breaks inside a quoted field are read as "\n".
 */

export interface CsvRecord {
  /** Physical line where the record starts, from 1. */
  line: number;
  fields: string[];
}

export interface CsvError {
  /** Physical line; 0 for a problem of the whole file (too large). */
  line: number;
  /** zh-TW, ready to show, starting with the line ("第 3 行：…") when there is one. */
  message: string;
}

/**
 * The text of an upload: strict UTF-8, a BOM dropped, at most `maxBytes` in UTF-8. A string (a
 * textarea paste, `File.text()`) is measured the same way, so the limit does not depend on the path.
 */
export function readCsvText(input: string | Uint8Array, { maxBytes }: { maxBytes: number }): string | CsvError {
  // A string's UTF-8 size is at least its length, so the encoding is only paid for a plausible size.
  const tooLarge =
    typeof input === "string"
      ? input.length > maxBytes || new TextEncoder().encode(input).byteLength > maxBytes
      : input.byteLength > maxBytes;
  if (tooLarge) return { line: 0, message: `檔案超過 ${formatMegabytes(maxBytes)} MB 上限，請分批匯入` };
  return typeof input === "string" ? input.replace(/^\uFEFF/u, "") : decodeUtf8(input);
}

function formatMegabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}

const SAVE_AS_UTF8 = "若以 Excel 編輯，請用「另存新檔」選擇「CSV UTF-8（逗號分隔）」格式";

/** Strict UTF-8 (a BOM is dropped). Excel in Taiwan saves "CSV" as Big5 unless told otherwise. */
function decodeUtf8(bytes: Uint8Array): string | CsvError {
  // Excel's 「Unicode 文字」 is UTF-16 with a BOM; its NULs would otherwise be blamed on line 1 as "not UTF-8".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { line: 1, message: `第 1 行：檔案是 UTF-16 編碼（Excel 的「Unicode 文字」），不是 UTF-8 CSV。${SAVE_AS_UTF8}` };
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD")));
    const line = before.split(/\r\n|\r|\n/u).length;
    return { line, message: `第 ${line} 行：檔案不是 UTF-8 編碼。${SAVE_AS_UTF8}` };
  }
}

/** A record with nothing but empty or blank fields: a blank line, or ",,," as Excel writes one. */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

/** RFC 4180 records (see the module comment for what is accepted beyond it). */
export function parseCsvRecords(text: string): { records: CsvRecord[] } | { error: CsvError } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false; // inside a quoted field
  let closed = false; // after the closing quote of a field
  let quoteLine = 1;

  const endField = () => {
    fields.push(field);
    field = "";
    closed = false;
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const isBreak = ch === "\n" || ch === "\r";
    const breakLength = ch === "\r" && text[i + 1] === "\n" ? 2 : 1;

    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else if (isBreak) {
        field += "\n";
        line++;
        i += breakLength - 1;
      } else field += ch;
      continue;
    }

    if (ch === ",") endField();
    else if (isBreak) {
      endRecord();
      line++;
      recordLine = line;
      i += breakLength - 1;
    } else if (closed) {
      if (ch !== " " && ch !== "\t") {
        return { error: { line, message: `第 ${line} 行：引號欄位結束後還有其他字元（欄位中的 " 請寫成 ""）` } };
      }
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      quoteLine = line;
      field = "";
    } else field += ch;
  }

  if (quoted) {
    return { error: { line: quoteLine, message: `第 ${quoteLine} 行：引號沒有結束（以 " 開頭的欄位找不到結尾的 "）` } };
  }
  // The last record, unless the text ended with a line break (or was empty).
  if (fields.length > 0 || field !== "" || closed) endRecord();
  return { records };
}

/**
 * CSV text that `parseCsvRecords` and Excel both read back cell for cell: CRLF between records and
 * after the last, a field quoted when it holds a comma, a quote, a line break or edge spaces (which
 * Excel would otherwise keep or drop unpredictably). No BOM: callers that hand the text to Excel add it.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/u.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
