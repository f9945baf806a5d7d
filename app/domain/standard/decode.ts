/**
 * Bytes of an uploaded standard → text. iCAP exports arrive as UTF-8 (with or without BOM), as UTF-16
 * with BOM when saved from Windows tools, and as Big5 from older exports.
 */
import { StandardParseError } from "./errors";

/** Real exports are around 10 KB; anything this large is not a standard and is refused unread. */
export const MAX_STANDARD_BYTES = 2 * 1024 * 1024;

const MAGIC_NUMBERS: ReadonlyArray<{ bytes: readonly number[]; format: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], format: "PNG" },
  { bytes: [0xff, 0xd8, 0xff], format: "JPEG" },
  { bytes: [0x47, 0x49, 0x46, 0x38], format: "GIF" },
  { bytes: [0x25, 0x50, 0x44, 0x46], format: "PDF" },
  // ZIP also covers .docx / .xlsx / .odt: the user should export the text, not upload the document.
  { bytes: [0x50, 0x4b, 0x03, 0x04], format: "ZIP / Office" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], format: "ZIP" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], format: "Office 97–2003 (.doc/.xls)" },
  { bytes: [0x1f, 0x8b], format: "gzip" },
];

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

export function assertWithinSizeLimit(byteLength: number): void {
  if (byteLength > MAX_STANDARD_BYTES) {
    const mb = (byteLength / 1024 / 1024).toFixed(1);
    throw new StandardParseError(
      "too-large",
      null,
      `at most ${MAX_STANDARD_BYTES} bytes`,
      `檔案太大（${mb} MB），職能基準文字檔不會超過 2 MB，請確認上傳的是 iCAP 匯出的文字檔。`,
      `The file is too large (${mb} MB); a standard's text export is never over 2 MB, so check that this is the iCAP text export.`,
    );
  }
}

export function decodeStandardBytes(bytes: Uint8Array): string {
  assertWithinSizeLimit(bytes.length);
  if (bytes.length === 0) throw emptyInputError();

  const magic = MAGIC_NUMBERS.find((m) => m.bytes.every((b, i) => bytes[i] === b));
  if (magic) {
    throw new StandardParseError(
      "binary",
      1,
      "plain text (UTF-8, UTF-16 or Big5)",
      `這是 ${magic.format} 檔，不是文字檔；請上傳 iCAP 匯出的職能基準文字。`,
      `This is a ${magic.format} file, not text; upload the standard's text export from iCAP.`,
    );
  }

  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  if (bom) {
    const text = decodeStrict(bom.encoding, bytes.subarray(bom.bytes.length));
    if (text === null) {
      throw new StandardParseError(
        "encoding",
        null,
        `valid ${bom.encoding} text`,
        `檔案開頭標示為 ${bom.encoding}（BOM），但內容不是有效的 ${bom.encoding} 文字。`,
        `The file starts with a ${bom.encoding} byte-order mark but its content is not valid ${bom.encoding}.`,
      );
    }
    return normalizeNewlines(text);
  }

  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // UTF-16 without a BOM is mostly NUL bytes on one side; say so, since re-saving fixes it.
    const utf16 = looksLikeBomlessUtf16(bytes);
    throw new StandardParseError(
      "binary",
      lineOfByte(bytes, nul),
      "plain text without NUL bytes",
      `檔案含有 NUL 位元組，是二進位檔而不是文字檔${utf16 ? "（看起來是沒有 BOM 的 UTF-16，請另存為 UTF-8）" : ""}。`,
      `The file contains NUL bytes, so it is binary, not text${
        utf16 ? " (it looks like UTF-16 without a BOM; save it as UTF-8)" : ""
      }.`,
    );
  }

  // Not UTF-8 means an older export, which iCAP wrote in Big5.
  const text = decodeStrict("utf-8", bytes) ?? decodeStrict("big5", bytes);
  if (text === null) {
    throw new StandardParseError(
      "encoding",
      lineOfByte(bytes, firstInvalidUtf8Byte(bytes)),
      "text encoded as UTF-8, UTF-16 (with BOM) or Big5",
      "無法辨識檔案的文字編碼（不是 UTF-8、UTF-16 或 Big5），請另存為 UTF-8 後再上傳。",
      "The text encoding is not recognised (not UTF-8, UTF-16 or Big5); save the file as UTF-8 and upload it again.",
    );
  }
  return normalizeNewlines(text);
}

/** Windows (CRLF) and old Mac (CR) line ends become LF: the parser works line by line. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * Text that decoded but is full of control characters is a binary file that happened to be valid
 * UTF-8 or Big5 (the Big5 decoder accepts most bytes, mapping stray ones to C1 controls and private-use
 * characters). Tab, line breaks and form feed are normal in exports; a few private-use characters are
 * too (Big5 user-defined characters), so only a share above 1% counts.
 */
export function assertLooksLikeText(text: string): void {
  const { count, first } = controlShare(text);
  if (count > 0 && (text.charCodeAt(first) === 0 || count * 100 > text.length)) {
    let line = 1;
    for (let i = 0; i < first; i++) if (text.charCodeAt(i) === 0x0a) line++;
    throw new StandardParseError(
      "binary",
      line,
      "plain text",
      "內容含有 NUL 或大量控制字元，是二進位檔而不是文字檔；請上傳 iCAP 匯出的職能基準文字。",
      "The content has NUL or many control characters, so it is a binary file, not text; upload the standard's text export from iCAP.",
    );
  }
}

/** How many characters are control or private-use characters, and where the first one is. */
function controlShare(text: string): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isControl =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) ||
      (c >= 0x7f && c < 0xa0) ||
      (c >= 0xe000 && c < 0xf900);
    if (isControl) {
      if (first === -1) first = i;
      count++;
    }
  }
  return { count, first };
}

export function emptyInputError(): StandardParseError {
  return new StandardParseError(
    "empty",
    1,
    "the text of a standard",
    "檔案是空的，沒有任何職能基準內容。",
    "The file is empty; expected the text of a competency standard.",
  );
}

function decodeStrict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether the bytes read as line-broken text once taken as UTF-16 (either byte order). */
function looksLikeBomlessUtf16(bytes: Uint8Array): boolean {
  return ["utf-16le", "utf-16be"].some((encoding) => {
    const text = decodeStrict(encoding, bytes);
    return text !== null && text.includes("\n") && controlShare(text).count * 100 <= text.length;
  });
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return 0;
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
