import { Readable } from "node:stream";

import {
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
  type UploadHandlerPart,
} from "@remix-run/node";

import { getEnv } from "~/utils/env.server";
import { getFileStorage, UploadTooLargeError, type FileStorage, type StoredFile } from "~/utils/storage.server";

export { UploadTooLargeError } from "~/utils/storage.server";

/**
 * Evidence uploads (DESIGN §6, §9): one file per request, streamed from the request body through a
 * content check into FileStorage, so a 100 MB file never sits in memory. The file's real type comes
 * from its first bytes; the client's name and Content-Type are only allowed to agree with it.
 */

const MIB = 1024 * 1024;
/** Room for the multipart framing and the small text fields on top of the file itself. */
const REQUEST_OVERHEAD_BYTES = MIB;
const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
const DEFAULT_MAX_FIELDS = 50;
/** Enough for every signature below; MP4's ftyp brand and RIFF's form type sit in the first 12 bytes. */
const SNIFF_BYTES = 4096;
/**
 * A docx/xlsx/pptx is a ZIP whose entry names tell the kind (word/, xl/, ppt/); they usually appear
 * in the first few KB, but a large first entry can push them further, so a ZIP may be held this long.
 */
const MAX_SNIFF_BYTES = 64 * 1024;
const DISPLAY_NAME_MAX_CHARS = 150;

interface EvidenceTypeDefinition {
  id: string;
  /** zh-TW, shown to users in lists and messages. */
  label: string;
  /** What we record and later serve; never the client's claim. */
  mimeType: string;
  extensions: readonly string[];
  /** What browsers are known to send for this type (Windows sends application/vnd.ms-excel for .csv). */
  declaredMimeTypes: readonly string[];
}

const ZIP_DECLARED = ["application/zip", "application/x-zip-compressed"] as const;
const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

export const ALLOWED_EVIDENCE_TYPES = [
  { id: "pdf", label: "PDF 文件", mimeType: "application/pdf", extensions: ["pdf"], declaredMimeTypes: ["application/pdf", "application/x-pdf"] },
  { id: "png", label: "PNG 圖片", mimeType: "image/png", extensions: ["png"], declaredMimeTypes: ["image/png"] },
  {
    id: "jpeg",
    label: "JPEG 圖片",
    mimeType: "image/jpeg",
    extensions: ["jpg", "jpeg", "jpe", "jfif"],
    declaredMimeTypes: ["image/jpeg", "image/jpg", "image/pjpeg"],
  },
  { id: "gif", label: "GIF 圖片", mimeType: "image/gif", extensions: ["gif"], declaredMimeTypes: ["image/gif"] },
  { id: "webp", label: "WebP 圖片", mimeType: "image/webp", extensions: ["webp"], declaredMimeTypes: ["image/webp"] },
  {
    id: "mp4",
    label: "MP4 影片",
    mimeType: "video/mp4",
    extensions: ["mp4", "m4v"],
    declaredMimeTypes: ["video/mp4", "video/x-m4v", "application/mp4"],
  },
  { id: "mov", label: "MOV 影片（QuickTime）", mimeType: "video/quicktime", extensions: ["mov", "qt"], declaredMimeTypes: ["video/quicktime"] },
  // Phones record interviews and oral questioning as .m4a (iPhone Voice Memos), the same container as MP4.
  {
    id: "m4a",
    label: "M4A 錄音",
    mimeType: "audio/mp4",
    extensions: ["m4a"],
    declaredMimeTypes: ["audio/mp4", "audio/x-m4a", "audio/m4a", "audio/aac"],
  },
  {
    id: "mp3",
    label: "MP3 音訊",
    mimeType: "audio/mpeg",
    extensions: ["mp3"],
    declaredMimeTypes: ["audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3", "audio/x-mp3"],
  },
  {
    id: "wav",
    label: "WAV 音訊",
    mimeType: "audio/wav",
    extensions: ["wav"],
    declaredMimeTypes: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
  },
  { id: "docx", label: "Word 文件", mimeType: DOCX_MIME, extensions: ["docx"], declaredMimeTypes: [DOCX_MIME, ...ZIP_DECLARED] },
  { id: "xlsx", label: "Excel 試算表", mimeType: XLSX_MIME, extensions: ["xlsx"], declaredMimeTypes: [XLSX_MIME, ...ZIP_DECLARED] },
  { id: "pptx", label: "PowerPoint 簡報", mimeType: PPTX_MIME, extensions: ["pptx"], declaredMimeTypes: [PPTX_MIME, ...ZIP_DECLARED] },
  { id: "txt", label: "純文字（UTF-8）", mimeType: "text/plain", extensions: ["txt"], declaredMimeTypes: ["text/plain"] },
  {
    id: "csv",
    label: "CSV 資料（UTF-8）",
    mimeType: "text/csv",
    extensions: ["csv"],
    declaredMimeTypes: ["text/csv", "text/plain", "application/vnd.ms-excel", "application/csv", "text/x-csv", "text/comma-separated-values"],
  },
] as const satisfies readonly EvidenceTypeDefinition[];

export type EvidenceType = (typeof ALLOWED_EVIDENCE_TYPES)[number];
export type EvidenceTypeId = EvidenceType["id"];

const TYPES_BY_ID = new Map<string, EvidenceType>(ALLOWED_EVIDENCE_TYPES.map((type) => [type.id, type]));

/** For `<input type="file" accept=…>`: extensions, because browsers map MIME types inconsistently. */
export function evidenceAcceptAttribute(ids: readonly EvidenceTypeId[] = ALLOWED_EVIDENCE_TYPES.map((type) => type.id)): string {
  return ids.flatMap((id) => TYPES_BY_ID.get(id)?.extensions.map((extension) => `.${extension}`) ?? []).join(",");
}

// ---------------------------------------------------------------------------------------------
// Errors

export type UploadRejectionReason =
  | "not-multipart"
  | "malformed"
  | "no-file"
  | "multiple-files"
  | "empty-file"
  | "type-not-allowed"
  | "type-mismatch"
  | "invalid-text"
  | "too-many-fields"
  | "field-too-large";

const STATUS_BY_REASON: Record<UploadRejectionReason, 400 | 413 | 415> = {
  "not-multipart": 415,
  malformed: 400,
  "no-file": 400,
  "multiple-files": 400,
  "empty-file": 400,
  "type-not-allowed": 415,
  "type-mismatch": 415,
  "invalid-text": 415,
  "too-many-fields": 400,
  "field-too-large": 413,
};

/** The upload was refused for what it is, not for its size; `message` is zh-TW, for the user. */
export class UploadRejectedError extends Error {
  override name = "UploadRejectedError";
  readonly status: 400 | 413 | 415;
  constructor(
    readonly reason: UploadRejectionReason,
    message: string,
  ) {
    super(message);
    this.status = STATUS_BY_REASON[reason];
  }
}

/** Maps an upload error to the HTTP answer, so routes stay a recipe; anything else is a real 500. */
export function describeUploadError(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof UploadTooLargeError) return { status: 413, message: error.message };
  if (error instanceof UploadRejectedError) return { status: error.status, message: error.message };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// File names

const UNSAFE_NAME_CHARS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Characters Windows refuses in a file name; replaced so a later download keeps its name. */
const RESERVED_NAME_CHARS = /[<>:"|?*]/g;

/**
 * A name for display and for Content-Disposition on download, never for a path (keys are random).
 * Drops folders, control characters and bidi overrides (they disguise `exe.pdf` as `pdf.exe`),
 * keeps CJK and every other printable character, normalises to NFC (macOS sends decomposed names).
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // Line breaks and tabs separated words; the other control characters are noise or attacks.
    .replace(/[\t\n\v\f\r]/g, " ")
    .replace(UNSAFE_NAME_CHARS, "")
    .replace(RESERVED_NAME_CHARS, "_")
    .replace(/\s+/gu, " ")
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length <= DISPLAY_NAME_MAX_CHARS) return cleaned;
  const extension = extensionOf(cleaned);
  const suffix = extension && extension.length <= 10 ? `.${extension}` : "";
  return chars.slice(0, DISPLAY_NAME_MAX_CHARS - suffix.length).join("").trimEnd() + suffix;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot >= 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

// ---------------------------------------------------------------------------------------------
// Content sniffing

export interface SniffedType {
  /** Evidence types this content can be; empty when it is something we never accept. */
  candidates: readonly EvidenceTypeId[];
  /** zh-TW description of what the content is, for messages. */
  description: string;
}

function hasBytes(head: Uint8Array, offset: number, bytes: readonly number[]): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => head[offset + index] === byte);
}

function hasAscii(head: Uint8Array, offset: number, text: string): boolean {
  return hasBytes(head, offset, Array.from(text, (char) => char.charCodeAt(0)));
}

function asciiAt(head: Uint8Array, offset: number, length: number): string {
  return Buffer.from(head.buffer, head.byteOffset + offset, Math.max(0, Math.min(length, head.length - offset))).toString("latin1");
}

/** Entry names from ZIP local file headers found in the head (signature PK\3\4, name at +30). */
function zipEntryNames(head: Uint8Array): string[] {
  const names: string[] = [];
  for (let index = 0; index + 30 <= head.length; index++) {
    if (head[index] !== 0x50 || head[index + 1] !== 0x4b || head[index + 2] !== 0x03 || head[index + 3] !== 0x04) continue;
    const nameLength = head[index + 26] | (head[index + 27] << 8);
    if (index + 30 + nameLength > head.length) break;
    names.push(asciiAt(head, index + 30, nameLength));
    index += 29 + nameLength;
  }
  return names;
}

function isMp3FrameHeader(head: Uint8Array): boolean {
  if (head.length < 3 || head[0] !== 0xff || (head[1] & 0xe0) !== 0xe0) return false;
  const version = (head[1] >> 3) & 0b11;
  const layer = (head[1] >> 1) & 0b11;
  const bitrate = head[2] >> 4;
  const sampleRate = (head[2] >> 2) & 0b11;
  // Layer III only (ADTS AAC shares the sync word with layer 00); reserved values mean it is not audio.
  return version !== 0b01 && layer === 0b01 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

function isUtf8Text(head: Uint8Array, complete: boolean): boolean {
  if (head.includes(0)) return false;
  try {
    // stream: a character cut at the end of the head is not an error unless the file ends there.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

const OFFICE_BY_FOLDER: ReadonlyArray<[string, EvidenceTypeId]> = [
  ["word/", "docx"],
  ["xl/", "xlsx"],
  ["ppt/", "pptx"],
];

/**
 * What the first bytes say the file is. `complete` means there are no more bytes to wait for (the
 * file ended, or the sniff window is full); `undefined` asks for more (only a ZIP can need it).
 */
export function sniffEvidenceType(head: Uint8Array, complete: boolean): SniffedType | undefined {
  if (hasAscii(head, 0, "%PDF-")) return { candidates: ["pdf"], description: "PDF 文件" };
  if (hasBytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { candidates: ["png"], description: "PNG 圖片" };
  if (hasBytes(head, 0, [0xff, 0xd8, 0xff])) return { candidates: ["jpeg"], description: "JPEG 圖片" };
  if (hasAscii(head, 0, "GIF87a") || hasAscii(head, 0, "GIF89a")) return { candidates: ["gif"], description: "GIF 圖片" };
  if (hasAscii(head, 0, "RIFF") && hasAscii(head, 8, "WEBP")) return { candidates: ["webp"], description: "WebP 圖片" };
  if (hasAscii(head, 0, "RIFF") && hasAscii(head, 8, "WAVE")) return { candidates: ["wav"], description: "WAV 音訊" };
  if (hasAscii(head, 4, "ftyp")) {
    const brand = asciiAt(head, 8, 4);
    if (/^(hei[cxms]|hev[cx]|mif1|msf1|avi[fs])$/.test(brand)) {
      return { candidates: [], description: "HEIC/AVIF 圖片（請轉存為 JPEG 或 PNG）" };
    }
    if (/^M4[ABP] $/.test(brand)) return { candidates: ["m4a"], description: "M4A 錄音" };
    // Cameras and phones label the same ISO container with many brands (isom, mp42, qt, 3gp5...).
    return { candidates: ["mp4", "mov", "m4a"], description: "MP4/MOV 影音" };
  }
  // QuickTime files from before ftyp start directly with one of these atoms.
  if (/^(moov|mdat|wide|free|skip|pnot)$/.test(asciiAt(head, 4, 4))) return { candidates: ["mov", "mp4"], description: "MOV 影片" };
  if ((hasAscii(head, 0, "ID3") && head.length >= 4 && head[3] < 0xff) || isMp3FrameHeader(head)) {
    return { candidates: ["mp3"], description: "MP3 音訊" };
  }
  if (hasBytes(head, 0, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(head);
    if (names.some((name) => name.endsWith("vbaProject.bin"))) {
      return { candidates: [], description: "含巨集的 Office 文件（請另存為不含巨集的 .docx/.xlsx/.pptx）" };
    }
    for (const [folder, id] of OFFICE_BY_FOLDER) {
      if (names.some((name) => name.startsWith(folder))) return { candidates: [id], description: TYPES_BY_ID.get(id)?.label ?? id };
    }
    return complete ? { candidates: [], description: "ZIP 壓縮檔" } : undefined;
  }
  if (hasBytes(head, 0, [0x50, 0x4b, 0x05, 0x06])) return { candidates: [], description: "ZIP 壓縮檔" };
  if (hasAscii(head, 0, "MZ")) return { candidates: [], description: "Windows 執行檔" };
  if (hasBytes(head, 0, [0x7f, 0x45, 0x4c, 0x46])) return { candidates: [], description: "Linux 執行檔（ELF）" };
  if (
    hasBytes(head, 0, [0xfe, 0xed, 0xfa, 0xce]) ||
    hasBytes(head, 0, [0xfe, 0xed, 0xfa, 0xcf]) ||
    hasBytes(head, 0, [0xce, 0xfa, 0xed, 0xfe]) ||
    hasBytes(head, 0, [0xcf, 0xfa, 0xed, 0xfe]) ||
    hasBytes(head, 0, [0xca, 0xfe, 0xba, 0xbe])
  ) {
    return { candidates: [], description: "macOS 執行檔或 Java 程式" };
  }
  if (hasBytes(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { candidates: [], description: "舊版 Office 文件（請另存為 .docx/.xlsx/.pptx）" };
  }
  if (hasAscii(head, 0, "Rar!") || hasBytes(head, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || hasBytes(head, 0, [0x1f, 0x8b])) {
    return { candidates: [], description: "壓縮檔" };
  }
  if (hasBytes(head, 0, [0xff, 0xfe]) || hasBytes(head, 0, [0xfe, 0xff])) {
    return { candidates: [], description: "UTF-16 文字檔（請另存為 UTF-8）" };
  }
  if (isUtf8Text(head, complete)) return { candidates: ["txt", "csv"], description: "純文字" };
  return { candidates: [], description: "無法辨識的檔案類型" };
}

function listLabels(types: readonly EvidenceType[]): string {
  return types.map((type) => type.label).join("、");
}

function mediaTypeOf(declared: string): string {
  return declared.split(";")[0].trim().toLowerCase();
}

/** Browsers send these when they do not know; they contradict nothing. */
const GENERIC_DECLARED = new Set(["", "application/octet-stream", "binary/octet-stream", "application/unknown"]);

/**
 * Picks the one evidence type that content, extension and declared type all agree on, or refuses.
 * The extension decides between types the content allows (a UTF-8 file is .txt or .csv).
 */
function chooseEvidenceType(
  sniffed: SniffedType,
  fileName: string,
  declaredType: string,
  allowed: readonly EvidenceType[],
): EvidenceType {
  const accepted = `可接受的類型：${listLabels(allowed)}。`;
  const extension = extensionOf(fileName);
  const declared = mediaTypeOf(declaredType);
  const candidates = sniffed.candidates.map((id) => TYPES_BY_ID.get(id)).filter((type): type is EvidenceType => type !== undefined);
  if (candidates.length === 0) {
    const hint = extension === "txt" || extension === "csv" ? "文字與 CSV 檔請以 UTF-8 編碼儲存（Excel：另存為「CSV UTF-8」）。" : "";
    throw new UploadRejectedError("type-not-allowed", `不接受此檔案：內容為${sniffed.description}。${hint}${accepted}`);
  }
  let chosen: EvidenceType | undefined;
  if (extension) {
    chosen = candidates.find((type) => (type.extensions as readonly string[]).includes(extension));
    if (!chosen) {
      throw new UploadRejectedError("type-mismatch", `檔案內容為${sniffed.description}，與副檔名 .${extension} 不符。`);
    }
  } else {
    chosen = candidates.find((type) => (type.declaredMimeTypes as readonly string[]).includes(declared)) ?? candidates[0];
  }
  if (!GENERIC_DECLARED.has(declared) && !(chosen.declaredMimeTypes as readonly string[]).includes(declared)) {
    throw new UploadRejectedError("type-mismatch", `檔案內容為${sniffed.description}，與宣告的類型 ${declared.slice(0, 80)} 不符。`);
  }
  if (!allowed.includes(chosen)) {
    throw new UploadRejectedError("type-not-allowed", `此處不接受${chosen.label}。${accepted}`);
  }
  return chosen;
}

/** Validates a text file to its last byte: the sniff saw only the head. */
class Utf8Validator {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  feed(chunk: Uint8Array) {
    if (chunk.includes(0)) throw this.invalid();
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      throw this.invalid();
    }
  }

  finish() {
    try {
      this.decoder.decode();
    } catch {
      throw this.invalid();
    }
  }

  private invalid() {
    return new UploadRejectedError(
      "invalid-text",
      "文字檔含有非 UTF-8 的內容或二進位資料；請以 UTF-8 編碼儲存（Excel：另存為「CSV UTF-8」）。",
    );
  }
}

function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  return Buffer.concat(chunks, total);
}

/**
 * Passes the file's bytes on unchanged once its type is settled. Until then it holds at most
 * MAX_SNIFF_BYTES (plus one chunk), so nothing is written for a file that is refused on its head.
 */
async function* screenFileBytes(
  data: AsyncIterable<Uint8Array>,
  decide: (head: Uint8Array, complete: boolean) => EvidenceType | undefined,
  whenEmpty: () => UploadRejectedError,
): AsyncGenerator<Uint8Array> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let chosen: EvidenceType | undefined;
  let text: Utf8Validator | undefined;

  const release = function* (type: EvidenceType) {
    chosen = type;
    if (type.id === "txt" || type.id === "csv") text = new Utf8Validator();
    for (const chunk of held) {
      text?.feed(chunk);
      yield chunk;
    }
    held.length = 0;
  };

  for await (const chunk of data) {
    if (chosen) {
      text?.feed(chunk);
      yield chunk;
      continue;
    }
    held.push(chunk);
    heldBytes += chunk.byteLength;
    if (heldBytes < SNIFF_BYTES) continue;
    const type = decide(concatBytes(held, heldBytes), heldBytes >= MAX_SNIFF_BYTES);
    if (type) yield* release(type);
  }
  if (!chosen) {
    if (heldBytes === 0) throw whenEmpty();
    const type = decide(concatBytes(held, heldBytes), true);
    if (!type) throw new Error("sniffEvidenceType must decide on a complete file");
    yield* release(type);
  }
  text?.finish();
}

// ---------------------------------------------------------------------------------------------
// The request

export interface EvidenceUploadOptions {
  /** Largest file accepted; default UPLOAD_LIMIT_MB from the environment. */
  maxBytes?: number;
  /** Default: every type in ALLOWED_EVIDENCE_TYPES. */
  allowedTypes?: readonly EvidenceTypeId[];
  /** Default: getFileStorage(). */
  storage?: FileStorage;
  /** Per text field; default 64 KB. */
  maxFieldBytes?: number;
  /** Text fields per request; default 50. */
  maxFields?: number;
}

export interface UploadedEvidenceFile extends StoredFile {
  /** Sanitised for display and download; never used as a path. */
  fileName: string;
  /** From the content, not from the client. */
  mimeType: string;
  typeId: EvidenceTypeId;
}

export interface EvidenceUpload {
  /** The text fields only, ready for parseWithZod. */
  fields: FormData;
  file: UploadedEvidenceFile;
}

/** Caps the whole body even without Content-Length (chunked uploads), framing included. */
function capBody(body: ReadableStream<Uint8Array>, capBytes: number, maxFileBytes: number): ReadableStream<Uint8Array> {
  let total = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > capBytes) throw new UploadTooLargeError(maxFileBytes);
      controller.enqueue(chunk);
    },
  });
  // preventCancel: cancelling the request body destroys the socket in the Node adapter, and the
  // client would then see a reset instead of our 413 / 415 answer.
  return body.pipeThrough(counter, { preventCancel: true });
}

function isMalformedMultipart(error: unknown): boolean {
  if (error instanceof URIError) return true; // a header that is not UTF-8
  if (!(error instanceof Error)) return false;
  return /^malformed (multipart|content-disposition)/.test(error.message) || error.message === "Could not parse content as FormData.";
}

async function readTextField(part: UploadHandlerPart, maxFieldBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of part.data) {
    size += chunk.byteLength;
    if (size > maxFieldBytes) {
      throw new UploadRejectedError("field-too-large", `欄位「${part.name.slice(0, 40)}」超過 ${Math.floor(maxFieldBytes / 1024)} KB。`);
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

/**
 * Reads a multipart evidence upload: exactly one file part, streamed into storage after its content
 * passed the type check, plus small text fields. Every failure throws UploadTooLargeError (413) or
 * UploadRejectedError (400/413/415) and leaves no stored file behind.
 */
export async function readEvidenceUpload(request: Request, options: EvidenceUploadOptions = {}): Promise<EvidenceUpload> {
  const maxBytes = options.maxBytes ?? getEnv().UPLOAD_LIMIT_MB * MIB;
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const maxFields = options.maxFields ?? DEFAULT_MAX_FIELDS;
  const allowed = (options.allowedTypes ?? ALLOWED_EVIDENCE_TYPES.map((type) => type.id)).map((id) => {
    const type = TYPES_BY_ID.get(id);
    if (!type) throw new Error(`unknown evidence type ${id}`);
    return type;
  });
  const storage = options.storage ?? getFileStorage();
  const capBytes = maxBytes + REQUEST_OVERHEAD_BYTES;

  // Refuse before reading a byte when the client announces too much.
  const declaredLength = request.headers.get("Content-Length");
  if (declaredLength !== null && Number(declaredLength) > capBytes) throw new UploadTooLargeError(maxBytes);

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(contentType)) {
    throw new UploadRejectedError("not-multipart", "請以檔案上傳表單（multipart/form-data）送出。");
  }
  if (!request.body) throw new UploadRejectedError("no-file", "請選擇要上傳的檔案。");

  const capped = new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: capBody(request.body, capBytes, maxBytes),
    // Node's fetch requires this for a streamed body; the DOM typings do not know it yet.
    duplex: "half",
  } as RequestInit);

  let stored: UploadedEvidenceFile | undefined;
  let fileParts = 0;
  let textFields = 0;

  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) {
      if (++textFields > maxFields) throw new UploadRejectedError("too-many-fields", `表單欄位過多（上限 ${maxFields} 個）。`);
      return readTextField(part, maxFieldBytes);
    }
    // Refusing here (instead of skipping) matters: the parser would buffer a skipped part in memory.
    if (++fileParts > 1) throw new UploadRejectedError("multiple-files", "一次只能上傳一個檔案。");
    const noFileChosen = part.filename === "";
    const fileName = sanitizeFileName(part.filename);
    let chosen: EvidenceType | undefined;
    const bytes = screenFileBytes(
      part.data,
      (head, complete) => {
        const sniffed = sniffEvidenceType(head, complete);
        if (sniffed) chosen = chooseEvidenceType(sniffed, fileName, part.contentType ?? "", allowed);
        return chosen;
      },
      () =>
        noFileChosen
          ? new UploadRejectedError("no-file", "請選擇要上傳的檔案。")
          : new UploadRejectedError("empty-file", "檔案是空的（0 位元組），請確認後重新上傳。"),
    );
    const file = await storage.put(Readable.from(bytes, { objectMode: false }), { maxBytes, signal: request.signal });
    if (!chosen) throw new Error("stored a file whose type was never decided");
    const displayName = fileName && extensionOf(fileName) ? fileName : `${fileName || "未命名檔案"}.${chosen.extensions[0]}`;
    stored = { ...file, fileName: displayName, mimeType: chosen.mimeType, typeId: chosen.id };
    return undefined;
  };

  try {
    const fields = await parseMultipartFormData(capped, handler);
    if (!stored) throw new UploadRejectedError("no-file", "請選擇要上傳的檔案。");
    return { fields, file: stored };
  } catch (error) {
    if (stored) {
      // The file arrived whole but a later part was refused: the upload as a whole did not happen.
      const key = stored.key;
      await storage.delete(key).catch((cleanupError: unknown) => {
        console.error(`證據檔清除失敗 / could not remove ${key} after a refused upload`, cleanupError);
      });
    }
    if (isMalformedMultipart(error)) throw new UploadRejectedError("malformed", "上傳內容格式錯誤，請重新上傳。");
    throw error;
  }
}
