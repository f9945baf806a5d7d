import { createHash, randomBytes, type Hash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { getFileStorage, UploadTooLargeError } from "./storage.server";
import {
  ALLOWED_EVIDENCE_TYPES,
  describeUploadError,
  evidenceAcceptAttribute,
  readEvidenceUpload,
  sanitizeFileName,
  sniffEvidenceType,
  UploadRejectedError,
  type UploadRejectionReason,
} from "./upload.server";

const KIB = 1024;
const MIB = 1024 * 1024;
const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// A browser-like multipart body, produced chunk by chunk so that large files never exist in memory.

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; contentType?: string; data: AsyncIterable<Uint8Array> | Uint8Array };

async function* multipartChunks(parts: Part[], boundary: string): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if ("value" in part) {
      yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
      continue;
    }
    // Browsers send the name as raw UTF-8 and escape a quote as %22.
    const filename = part.filename.replace(/"/g, "%22");
    yield encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${filename}"\r\n` +
        `Content-Type: ${part.contentType ?? "application/octet-stream"}\r\n\r\n`,
    );
    if (part.data instanceof Uint8Array) yield part.data;
    else yield* part.data;
    yield encoder.encode("\r\n");
  }
  yield encoder.encode(`--${boundary}--\r\n`);
}

function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function uploadRequest(parts: Part[], headers: Record<string, string> = {}): Request {
  const boundary = `----formdata-test-${randomBytes(8).toString("hex")}`;
  return new Request("http://localhost/evidence", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, ...headers },
    body: toReadableStream(multipartChunks(parts, boundary)),
    duplex: "half",
  } as RequestInit);
}

/** `head` first, then random bytes up to `totalBytes`, fed to `hash` as they go out. */
async function* generatedFile(opts: { head: Uint8Array; totalBytes: number; hash?: Hash; onChunk?: (size: number) => void }) {
  let sent = 0;
  const chunkSize = 64 * KIB;
  while (sent < opts.totalBytes) {
    const size = Math.min(chunkSize, opts.totalBytes - sent);
    const chunk = randomBytes(size);
    if (sent === 0) chunk.set(opts.head.subarray(0, size));
    opts.hash?.update(chunk);
    opts.onChunk?.(size);
    sent += size;
    yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** Small content split into tiny chunks, so multi-byte characters straddle chunk borders. */
async function* inPieces(bytes: Uint8Array, size = 7) {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

const PDF_HEAD = encoder.encode("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n");
const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const ELF_HEAD = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
const EXE_HEAD = encoder.encode("MZ\u0090\u0000\u0003\u0000\u0000\u0000This program cannot be run in DOS mode.");

function withFiller(head: Uint8Array, totalBytes = 8 * KIB): Uint8Array {
  const bytes = new Uint8Array(totalBytes);
  bytes.set(randomBytes(totalBytes));
  bytes.set(head);
  return bytes;
}

/** A minimal ZIP local-file-header sequence, as found at the start of an Office document. */
function zipWith(names: string[]): Uint8Array {
  const pieces = names.map((name) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    const content = randomBytes(300);
    header.writeUInt32LE(content.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name), content]);
  });
  return new Uint8Array(Buffer.concat([...pieces, randomBytes(6000)]));
}

function evidenceFolder(): string {
  return path.join(process.env.DATA_DIR!, "evidence");
}

/** Every file in the evidence folder, temp files included. */
function storedFiles(): string[] {
  const root = evidenceFolder();
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((entry) => statSync(path.join(root, entry)).isFile())
    .sort();
}

/** Runs a refused upload and checks the refusal and that the evidence folder did not change. */
async function expectRejected(request: Request, reason: UploadRejectionReason, options: Parameters<typeof readEvidenceUpload>[1] = {}) {
  const before = storedFiles();
  const error = await readEvidenceUpload(request, options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UploadRejectedError);
  expect((error as UploadRejectedError).reason).toBe(reason);
  expect(storedFiles()).toEqual(before);
  return error as UploadRejectedError;
}

describe("readEvidenceUpload", () => {
  it("streams a generated 32 MB PDF into storage, recording the hash of exactly those bytes", async () => {
    const expected = createHash("sha256");
    const request = uploadRequest([
      { name: "title", value: "觀察紀錄：設備保養" },
      {
        name: "file",
        filename: "王小明 保養紀錄.pdf",
        contentType: "application/pdf",
        data: generatedFile({ head: PDF_HEAD, totalBytes: 32 * MIB, hash: expected }),
      },
      { name: "taskCode", value: "T1" },
    ]);

    const { fields, file } = await readEvidenceUpload(request);

    expect(file.sha256).toBe(expected.digest("hex"));
    expect(file.sizeBytes).toBe(32 * MIB);
    expect(file).toMatchObject({ fileName: "王小明 保養紀錄.pdf", mimeType: "application/pdf", typeId: "pdf" });
    expect(fields.get("title")).toBe("觀察紀錄：設備保養");
    expect(fields.get("taskCode")).toBe("T1");
    expect(fields.has("file")).toBe(false);
    expect(storedFiles()).toEqual([path.join(...file.key.split("/"))]);

    const opened = await getFileStorage().open(file.key);
    const rehash = createHash("sha256");
    for await (const chunk of opened.body) rehash.update(chunk as Buffer);
    expect(rehash.digest("hex")).toBe(file.sha256);
  });

  it("refuses a file over the limit while streaming, without Content-Length, and keeps nothing", async () => {
    let produced = 0;
    const before = storedFiles();
    const tooLarge = await readEvidenceUpload(
      uploadRequest([
        { name: "file", filename: "報告.pdf", data: generatedFile({ head: PDF_HEAD, totalBytes: 8 * MIB, onChunk: (size) => (produced += size) }) },
      ]),
      { maxBytes: MIB },
    ).catch((caught: unknown) => caught);
    expect(tooLarge).toBeInstanceOf(UploadTooLargeError);
    expect((tooLarge as UploadTooLargeError).limitBytes).toBe(MIB);
    expect(describeUploadError(tooLarge)).toEqual({ status: 413, message: "檔案超過大小上限 1 MB" });
    // Cut off near the limit, not after reading all 8 MB.
    expect(produced).toBeLessThan(3 * MIB);
    expect(storedFiles()).toEqual(before);
  });

  it("caps the whole body, framing and text fields included, when no length is announced", async () => {
    const fields = Array.from({ length: 40 }, (_, index): Part => ({ name: `note${index}`, value: "x".repeat(60 * KIB) }));
    const before = storedFiles();
    const error = await readEvidenceUpload(uploadRequest([{ name: "file", filename: "a.pdf", data: withFiller(PDF_HEAD) }, ...fields]), {
      maxBytes: 100 * KIB,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(storedFiles()).toEqual(before);
  });

  it("refuses an announced Content-Length over the limit without reading the body", async () => {
    const request = uploadRequest([{ name: "file", filename: "大檔.pdf", data: withFiller(PDF_HEAD) }], {
      "Content-Length": String(60 * MIB),
    });
    const error = await readEvidenceUpload(request, { maxBytes: 50 * MIB }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(request.bodyUsed).toBe(false);
  });

  it("accepts a file of exactly the limit", async () => {
    const { file } = await readEvidenceUpload(uploadRequest([{ name: "file", filename: "剛好.pdf", data: withFiller(PDF_HEAD, 64 * KIB) }]), {
      maxBytes: 64 * KIB,
    });
    expect(file.sizeBytes).toBe(64 * KIB);
  });

  it("refuses an empty file, an empty file input and a form without a file", async () => {
    const empty = await expectRejected(uploadRequest([{ name: "file", filename: "空白.pdf", data: new Uint8Array() }]), "empty-file");
    expect(empty.status).toBe(400);
    expect(empty.message).toContain("空的");
    await expectRejected(uploadRequest([{ name: "file", filename: "", data: new Uint8Array() }]), "no-file");
    await expectRejected(uploadRequest([{ name: "title", value: "只有文字" }]), "no-file");
  });

  it("refuses content that contradicts its name or declared type", async () => {
    const pngAsPdf = await expectRejected(
      uploadRequest([{ name: "file", filename: "證書.pdf", contentType: "application/pdf", data: withFiller(PNG_HEAD) }]),
      "type-mismatch",
    );
    expect(pngAsPdf.status).toBe(415);
    expect(pngAsPdf.message).toBe("檔案內容為PNG 圖片，與副檔名 .pdf 不符。");

    await expectRejected(
      uploadRequest([{ name: "file", filename: "report.pdf", contentType: "image/png", data: withFiller(PDF_HEAD) }]),
      "type-mismatch",
    );
    // A PDF renamed .exe is refused too: the extension must agree with the content.
    await expectRejected(uploadRequest([{ name: "file", filename: "report.pdf.exe", data: withFiller(PDF_HEAD) }]), "type-mismatch");
  });

  it("refuses executables, whatever they are called", async () => {
    const elf = await expectRejected(uploadRequest([{ name: "file", filename: "工具.pdf", data: withFiller(ELF_HEAD) }]), "type-not-allowed");
    expect(elf.message).toContain("Linux 執行檔");
    const exe = await expectRejected(
      uploadRequest([{ name: "file", filename: "setup.pdf", contentType: "application/pdf", data: withFiller(EXE_HEAD) }]),
      "type-not-allowed",
    );
    expect(exe.message).toContain("Windows 執行檔");
    expect(exe.status).toBe(415);
  });

  it("refuses a type the caller did not allow, naming the allowed ones", async () => {
    const error = await expectRejected(uploadRequest([{ name: "file", filename: "照片.png", data: withFiller(PNG_HEAD) }]), "type-not-allowed", {
      allowedTypes: ["pdf", "jpeg"],
    });
    expect(error.message).toBe("此處不接受PNG 圖片。可接受的類型：PDF 文件、JPEG 圖片。");
  });

  it("refuses a second file part and removes the first one already stored", async () => {
    await expectRejected(
      uploadRequest([
        { name: "file", filename: "一.pdf", data: withFiller(PDF_HEAD, 200 * KIB) },
        { name: "file", filename: "二.pdf", data: withFiller(PDF_HEAD, 200 * KIB) },
      ]),
      "multiple-files",
    );
  });

  it("accepts Office documents by their ZIP entries and refuses a renamed one", async () => {
    const docx = zipWith(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
    const { file } = await readEvidenceUpload(uploadRequest([{ name: "file", filename: "工作日誌.docx", contentType: "application/zip", data: docx }]));
    expect(file).toMatchObject({ typeId: "docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });

    await expectRejected(uploadRequest([{ name: "file", filename: "工作日誌.xlsx", data: docx }]), "type-mismatch");
    await expectRejected(uploadRequest([{ name: "file", filename: "壓縮.docx", data: zipWith(["a.txt", "b.txt"]) }]), "type-not-allowed");
    await expectRejected(
      uploadRequest([{ name: "file", filename: "巨集.docx", data: zipWith(["[Content_Types].xml", "word/vbaProject.bin", "word/document.xml"]) }]),
      "type-not-allowed",
    );
  });

  it("accepts UTF-8 text and CSV, checked to the last byte", async () => {
    const csv = encoder.encode("\uFEFF代碼,行為指標,等級\nP1.1.1,依標準作業程序完成設備點檢,3\n".repeat(200));
    const { file } = await readEvidenceUpload(
      uploadRequest([{ name: "file", filename: "評分.csv", contentType: "application/vnd.ms-excel", data: inPieces(csv) }]),
    );
    expect(file).toMatchObject({ typeId: "csv", mimeType: "text/csv", sizeBytes: csv.byteLength });
    expect(file.sha256).toBe(createHash("sha256").update(csv).digest("hex"));

    const note = await readEvidenceUpload(
      uploadRequest([{ name: "file", filename: "口試紀錄", contentType: "text/plain", data: encoder.encode("問：請說明點檢步驟。") }]),
    );
    expect(note.file).toMatchObject({ typeId: "txt", fileName: "口試紀錄.txt" });

    // Big5 (Excel's default CSV encoding in Taiwan) is not UTF-8.
    const big5 = Uint8Array.from([0xa5, 0x4e, 0xbd, 0x58, 0x2c, 0xb5, 0xa5, 0xaf, 0xc5, 0x0a]);
    const refused = await expectRejected(uploadRequest([{ name: "file", filename: "評分.csv", data: big5 }]), "type-not-allowed");
    expect(refused.message).toContain("UTF-8");

    // Valid in the sniffed head, binary further on: refused after streaming, and nothing kept.
    const lateNul = new Uint8Array(200 * KIB).fill(0x41);
    lateNul[150 * KIB] = 0;
    await expectRejected(uploadRequest([{ name: "file", filename: "紀錄.txt", data: inPieces(lateNul, 16 * KIB) }]), "invalid-text");
  });

  it("keeps text fields small and few", async () => {
    const file: Part = { name: "file", filename: "a.pdf", data: withFiller(PDF_HEAD) };
    const tooLong = await expectRejected(uploadRequest([{ name: "note", value: "長".repeat(30_000) }, file]), "field-too-large");
    expect(tooLong.status).toBe(413);
    const many = Array.from({ length: 51 }, (_, index): Part => ({ name: `f${index}`, value: "x" }));
    await expectRejected(uploadRequest([file, ...many]), "too-many-fields");
  });

  it("refuses what is not a multipart form, or is not well-formed", async () => {
    const json = new Request("http://localhost/evidence", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect((await expectRejected(json, "not-multipart")).status).toBe(415);

    const boundary = "xyz";
    const broken = new Request("http://localhost/evidence", {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nX-Nothing: here\r\n\r\nbody\r\n--${boundary}--\r\n`,
    });
    await expectRejected(broken, "malformed");
  });
});

describe("sniffEvidenceType", () => {
  const cases: Array<[string, number[] | string, string[]]> = [
    ["JPEG", [0xff, 0xd8, 0xff, 0xe0], ["jpeg"]],
    ["GIF", "GIF89a", ["gif"]],
    ["WebP", "RIFF\u0000\u0000\u0000\u0000WEBPVP8 ", ["webp"]],
    ["WAV", "RIFF\u0000\u0000\u0000\u0000WAVEfmt ", ["wav"]],
    ["MP3 with ID3", "ID3\u0004\u0000", ["mp3"]],
    ["MP3 frame", [0xff, 0xfb, 0x90, 0x64], ["mp3"]],
    ["AAC ADTS is not MP3", [0xff, 0xf1, 0x50, 0x80], []],
    ["MP4", "\u0000\u0000\u0000\u0018ftypisom", ["mp4", "mov", "m4a"]],
    ["MOV", "\u0000\u0000\u0000\u0014ftypqt  ", ["mp4", "mov", "m4a"]],
    ["M4A", "\u0000\u0000\u0000\u0020ftypM4A ", ["m4a"]],
    ["HEIC", "\u0000\u0000\u0000\u0018ftypheic", []],
    ["old Word", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], []],
    ["gzip", [0x1f, 0x8b, 0x08], []],
  ];
  it.each(cases)("%s", (_, head, candidates) => {
    const bytes = typeof head === "string" ? Uint8Array.from(head, (char) => char.charCodeAt(0)) : Uint8Array.from(head);
    expect(sniffEvidenceType(withFiller(bytes, 64), true)?.candidates).toEqual(candidates);
  });

  it("waits for more bytes before calling a ZIP something that is not Office", () => {
    const zip = zipWith(["a.txt"]);
    expect(sniffEvidenceType(zip, false)).toBeUndefined();
    expect(sniffEvidenceType(zip, true)?.candidates).toEqual([]);
  });
});

describe("sanitizeFileName", () => {
  it("keeps CJK and drops folders, control characters and bidi overrides", () => {
    expect(sanitizeFileName("C:\\Users\\王小明\\桌面\\評量 證據.pdf")).toBe("評量 證據.pdf");
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("報告\u0000\u0007\r\n第二版.pdf")).toBe("報告 第二版.pdf");
    expect(sanitizeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFileName('a<b>:"c"|?*.txt')).toBe("a_b___c____.txt");
    expect(sanitizeFileName("  ")).toBe("");
    // NFC: macOS sends "é" as e + combining accent.
    expect(sanitizeFileName("re\u0301sume\u0301.pdf")).toBe("résumé.pdf");
  });

  it("shortens long names but keeps the extension", () => {
    const name = sanitizeFileName(`${"職能".repeat(200)}.pdf`);
    expect(Array.from(name)).toHaveLength(150);
    expect(name.endsWith("職能.pdf")).toBe(true);
  });
});

describe("ALLOWED_EVIDENCE_TYPES", () => {
  it("labels every type in zh-TW and feeds the file input's accept list", () => {
    for (const type of ALLOWED_EVIDENCE_TYPES) expect(type.label).toMatch(/[\u4e00-\u9fff]/);
    expect(evidenceAcceptAttribute(["pdf", "jpeg"])).toBe(".pdf,.jpg,.jpeg,.jpe,.jfif");
  });
});
