import zlib from "node:zlib";

import ExcelJS from "exceljs";

/**
 * Excel workbooks (.xlsx) in and out, as tables of strings: what an admin edits in Excel is read
 * as the text Excel shows, and what we write stays text when Excel opens it ("0012" is not 12).
 *
 * exceljs reads a workbook whole into memory, and an .xlsx is a ZIP, so before exceljs sees an
 * upload the ZIP is checked here (see `checkZip`): every entry is inflated with a hard output limit,
 * the same entries exceljs's unzipper (JSZip) will read, so a small file that would expand to
 * gigabytes (a ZIP bomb) or a sheet of a million empty rows is refused before it costs memory.
 */

export class SpreadsheetError extends Error {
  override name = "SpreadsheetError";
}

/** An upload larger than this is not a question bank. */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/** All entries inflated; 5,000 long items with styles are well under it. */
const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
/** A workbook from Excel has a dozen or two parts. */
const MAX_ZIP_ENTRIES = 1000;
/**
 * Elements in all worksheets, counted before parsing: exceljs builds objects per row and cell, which
 * is what makes a compact sheet expensive, not its bytes (measured: 500,000 one-digit cells, a 0.9 MB
 * upload, took 10 s and 440 MB). A full bank export is 5,001 rows of 22 cells; this leaves room for
 * styled empty cells and, by that measure, costs at most about 3 s and 130 MB.
 */
const MAX_ROW_ELEMENTS = 10_000;
const MAX_CELL_ELEMENTS = 150_000;
/** Rows under the header row (the question bank's limit). */
export const MAX_SHEET_ROWS = 5000;
export const MAX_SHEET_COLUMNS = 60;

const NOT_XLSX = "檔案不是 Excel 活頁簿（.xlsx），或已經損毀。請在 Excel 中以「Excel 活頁簿（.xlsx）」格式存檔後再上傳";
const PASSWORD = "檔案設有密碼保護，無法讀取。請在 Excel 中移除密碼（檔案 > 資訊 > 保護活頁簿 > 以密碼加密，清空密碼）後再上傳";
const OLD_XLS = "這是舊版 Excel 97–2003 活頁簿（.xls）。請在 Excel 中「另存新檔」為「Excel 活頁簿（.xlsx）」後再上傳";
const TOO_BIG = "活頁簿解壓縮後的內容過大，無法讀取。請只保留題庫工作表，或分批匯入";

/**
 * The first visible worksheet, as its rows of cell texts, at most `maxRows` under the first (header)
 * row and `maxColumns` wide: `rows[i]` is spreadsheet row i + 1 (empty rows are `[]`), trailing
 * empty cells and rows dropped. The element caps above are fixed, whatever `maxRows` says. Numbers as Excel shows them in
 * General format (15 significant digits), dates as YYYY-MM-DD, TRUE/FALSE, rich text and hyperlinks
 * as their text, formulas as their last calculated result, error values as their code ("#N/A").
 * The part of a merged cell other than its top-left is "". Throws SpreadsheetError, in zh-TW.
 */
export async function readXlsxRows(
  input: Uint8Array | ArrayBuffer,
  { maxRows = MAX_SHEET_ROWS, maxColumns = MAX_SHEET_COLUMNS }: { maxRows?: number; maxColumns?: number } = {},
): Promise<string[][]> {
  const bytes = input instanceof ArrayBuffer ? Buffer.from(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.byteLength > MAX_XLSX_BYTES) {
    throw new SpreadsheetError(`檔案超過 ${MAX_XLSX_BYTES / 1024 / 1024} MB 上限，請分批匯入`);
  }
  checkZip(bytes);

  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its Buffer as an ArrayBuffer; at run time it hands a Node Buffer to JSZip, which takes one.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (cause) {
    throw new SpreadsheetError(NOT_XLSX, { cause });
  }
  const sheet = workbook.worksheets.find((s) => s.state === "visible") ?? workbook.worksheets[0];
  if (!sheet) throw new SpreadsheetError("活頁簿中沒有工作表");

  const cells = new Map<number, string[]>();
  let lastRow = 0;
  let lastColumn = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      if (cell.isMerged && cell.master !== cell) return;
      const text = cellText(cell.value, cell.address);
      values[columnNumber - 1] = text;
      if (text.trim() !== "") {
        lastRow = Math.max(lastRow, rowNumber);
        lastColumn = Math.max(lastColumn, columnNumber);
      }
    });
    cells.set(rowNumber, values);
  });
  // The first row is the header; the limit is on the rows under it.
  if (lastRow - 1 > maxRows) {
    throw new SpreadsheetError(
      `工作表「${sheet.name}」標題列以下有 ${(lastRow - 1).toLocaleString("en-US")} 列，超過 ${maxRows.toLocaleString("en-US")} 列的上限，請分批匯入`,
    );
  }
  if (lastColumn > maxColumns) {
    throw new SpreadsheetError(
      `工作表「${sheet.name}」超過 ${maxColumns} 欄的上限（${columnName(lastColumn)} 欄還有資料），請刪除多餘的欄位`,
    );
  }

  const rows: string[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    const values = Array.from(cells.get(r) ?? [], (v) => v ?? "").slice(0, lastColumn);
    while (values.length > 0 && values[values.length - 1].trim() === "") values.pop();
    rows.push(values);
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue, address: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  // exceljs turns a number in a date format into a Date at midnight UTC (the 1904 system included).
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("error" in value) return value.error;
  if ("formula" in value || "sharedFormula" in value) {
    const { result } = value;
    if (result === undefined) {
      throw new SpreadsheetError(`儲存格 ${address} 的公式沒有計算結果。請用 Excel 開啟檔案、存檔後再上傳`);
    }
    return cellText(result as ExcelJS.CellValue, address);
  }
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue, address);
  return "";
}

/** 1 → "A", 27 → "AA". */
function columnName(column: number): string {
  let name = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16 = 0xffff;
const U32 = 0xffffffff;
/** The start of an OLE compound file: an encrypted OOXML package, or a .xls. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** exceljs parses the entries whose names match this (xlsx.js); its pattern is unanchored, so is this. */
const WORKSHEET_ENTRY = /xl\/worksheets\/sheet\d+[.]xml/u;

/**
 * Refuses what is not a plain .xlsx, and inflates every entry with a limit so that a ZIP bomb costs
 * at most MAX_UNCOMPRESSED_BYTES. The entries are found as JSZip (inside exceljs) finds them: the
 * last end-of-central-directory record, the central directory it points to, each entry's data after
 * its local header; a file where those disagree (prepended bytes, a central directory that does not
 * end at the record) is refused rather than guessed at, so what is checked is what exceljs reads.
 */
function checkZip(bytes: Buffer): void {
  if (bytes.subarray(0, 8).equals(OLE_SIGNATURE)) {
    // The encrypted package's stream names are UTF-16 in the compound file's directory.
    throw new SpreadsheetError(bytes.includes(Buffer.from("EncryptedPackage", "utf16le")) ? PASSWORD : OLD_XLS);
  }
  if (bytes.byteLength < 22 || bytes.readUInt32LE(0) !== LOCAL) throw new SpreadsheetError(NOT_XLSX);

  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - U16); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SpreadsheetError(NOT_XLSX);
  const entryCount = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  // ZIP64 is for archives beyond 65,535 entries or 4 GB: never a workbook we accept.
  if (entryCount === U16 || directorySize === U32 || directoryOffset === U32) throw new SpreadsheetError(TOO_BIG);
  if (entryCount > MAX_ZIP_ENTRIES) throw new SpreadsheetError(TOO_BIG);
  if (directoryOffset + directorySize !== eocd || bytes.readUInt16LE(eocd + 4) !== 0) throw new SpreadsheetError(NOT_XLSX);

  interface Entry {
    name: string;
    flags: number;
    method: number;
    compressedSize: number;
    size: number;
    localOffset: number;
  }
  const entries: Entry[] = [];
  let at = directoryOffset;
  // JSZip reads headers for as long as the signature repeats, whatever the count says.
  while (at + 46 <= eocd && bytes.readUInt32LE(at) === CENTRAL) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entry: Entry = {
      name: bytes.toString("utf8", at + 46, at + 46 + nameLength),
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    // A writer that streams may mark sizes as ZIP64 (0xFFFFFFFF) and give them in extra field 0x0001.
    if (entry.size === U32 || entry.compressedSize === U32 || entry.localOffset === U32) {
      readZip64Sizes(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (at !== eocd || entries.length !== entryCount) throw new SpreadsheetError(NOT_XLSX);
  if (!entries.some((e) => e.name === "xl/workbook.xml")) throw new SpreadsheetError(NOT_XLSX);
  if (entries.some((e) => (e.flags & 1) !== 0)) throw new SpreadsheetError(PASSWORD);
  if (entries.reduce((sum, e) => sum + e.size, 0) > MAX_UNCOMPRESSED_BYTES) throw new SpreadsheetError(TOO_BIG);

  let rowElements = 0;
  let cellElements = 0;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > bytes.byteLength || bytes.readUInt32LE(local) !== LOCAL) throw new SpreadsheetError(NOT_XLSX);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + entry.compressedSize > bytes.byteLength) throw new SpreadsheetError(NOT_XLSX);
    const data = bytes.subarray(start, start + entry.compressedSize);
    let content: Buffer;
    if (entry.method === 0) content = data;
    else if (entry.method === 8) {
      try {
        // One byte more than declared: an entry that inflates past its declared size is a lie, not a workbook.
        content = zlib.inflateRawSync(data, { maxOutputLength: entry.size + 1 });
      } catch (cause) {
        throw new SpreadsheetError(cause instanceof RangeError ? TOO_BIG : NOT_XLSX, { cause });
      }
    } else throw new SpreadsheetError(NOT_XLSX);
    if (content.byteLength !== entry.size) throw new SpreadsheetError(NOT_XLSX);

    if (WORKSHEET_ENTRY.test(entry.name)) {
      rowElements += countElements(content, "<row");
      cellElements += countElements(content, "<c");
      if (rowElements > MAX_ROW_ELEMENTS || cellElements > MAX_CELL_ELEMENTS) {
        throw new SpreadsheetError("工作表的列數或儲存格過多，無法讀取。請刪除多餘的列與欄（包括只有格式的空白列），或分批匯入");
      }
    }
  }
}

function readZip64Sizes(extra: Buffer, entry: { size: number; compressedSize: number; localOffset: number }): void {
  for (let i = 0; i + 4 <= extra.byteLength; ) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      const next = () => {
        if (p + 8 > i + 4 + length || p + 8 > extra.byteLength) throw new SpreadsheetError(NOT_XLSX);
        const value = Number(extra.readBigUInt64LE(p));
        p += 8;
        return value;
      };
      if (entry.size === U32) entry.size = next();
      if (entry.compressedSize === U32) entry.compressedSize = next();
      if (entry.localOffset === U32) entry.localOffset = next();
      return;
    }
    i += 4 + length;
  }
  throw new SpreadsheetError(NOT_XLSX);
}

/** Start tags `<name` followed by a space, ">" or "/" (so "<c" does not count "<col"). */
function countElements(xml: Buffer, open: string): number {
  let count = 0;
  for (let i = xml.indexOf(open); i >= 0; i = xml.indexOf(open, i + open.length)) {
    const next = xml[i + open.length];
    if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x3e || next === 0x2f) count++;
  }
  return count;
}

export interface WriteXlsxOptions {
  /** 1–31 characters, none of []:*?/\ (Excel's rules). */
  sheetName: string;
  /** In Excel's units (about one digit); a column without one is sized to its longest line. */
  columnWidths?: readonly (number | undefined)[];
}

/** Excel's limit per cell. */
const MAX_CELL_CHARS = 32_767;
/** Characters XML 1.0 cannot carry, which Excel would then refuse to open. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/**
 * One worksheet of text cells: the first row a bold header frozen in place with a filter, every cell
 * and column in Excel's Text format ("@"), so values stay as written and what a user types into a
 * new row stays text too. Throws a plain Error on a bad sheet name or a cell Excel cannot hold.
 */
export async function writeXlsx(rows: readonly (readonly string[])[], { sheetName, columnWidths = [] }: WriteXlsxOptions): Promise<Buffer> {
  if (sheetName.length < 1 || sheetName.length > 31 || /[[\]:*?/\\]/u.test(sheetName) || /^'|'$/u.test(sheetName)) {
    throw new Error(`Invalid worksheet name: ${JSON.stringify(sheetName)}`);
  }
  const columnCount = Math.max(0, ...rows.map((r) => r.length));
  rows.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value.length > MAX_CELL_CHARS || XML_INVALID.test(value)) {
        throw new Error(`Cell ${columnName(c + 1)}${r + 1} cannot be written to a workbook (too long or invalid characters)`);
      }
    }),
  );

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "職能評量建構平台";
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }],
  });
  sheet.columns = Array.from({ length: columnCount }, (_, c) => ({
    width: columnWidths[c] ?? autoWidth(rows.map((row) => row[c] ?? "")),
    style: { numFmt: "@" },
  }));
  rows.forEach((values, r) => {
    const row = sheet.getRow(r + 1);
    values.forEach((value, c) => {
      const cell = row.getCell(c + 1);
      cell.value = value;
      cell.numFmt = "@";
      if (r === 0) cell.font = { bold: true };
      // Excel fits the height of a row without one to its wrapped text when it opens the file.
      else if (value.includes("\n") || value.length > 20) cell.alignment = { wrapText: true, vertical: "top" };
    });
  });
  if (rows.length > 0 && columnCount > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Wide (CJK) characters count two; between 8 and 60 units, plus room for the filter button. */
function autoWidth(values: readonly string[]): number {
  let widest = 0;
  for (const value of values) {
    for (const line of value.split("\n")) {
      let width = 0;
      for (const ch of line) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
      widest = Math.max(widest, width);
    }
  }
  return Math.min(60, Math.max(8, widest + 3));
}
