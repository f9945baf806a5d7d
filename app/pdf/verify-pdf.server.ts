/**
 * Checks an uploaded PDF against the signed record embedded in it as certificate.json
 * (DESIGN §7: the public verification page detects altered or forged certificates).
 *
 * A small PDF object reader, enough for files we write and for the same files after a rewrite by
 * common tools (qpdf, viewers saving incrementally): it indexes every `n g obj` in the file, also
 * the objects packed inside object streams, finds the file specification named certificate.json
 * and inflates its embedded stream with node:zlib. No poppler at runtime.
 *
 * It proves the record is ours and untouched; whether the visible pages still match the issued
 * file is the database's SHA-256 check of the issued bytes, which comes with the models layer.
 */
import { inflateSync } from "node:zlib";

import { PAYLOAD_FORMAT } from "~/domain/report/certificate-payload";
import { ATTACHMENT_NAME } from "~/domain/report/report-layout";
import { parseSignedRecord, verifySignedRecord, type KeyInput } from "~/domain/report/signature";

export type VerifyStatus = "authentic" | "altered" | "not_ours" | "invalid";

export interface VerifyResult {
  status: VerifyStatus;
  /** The certificate number, when the record could be read. */
  number?: string;
  keyId?: string;
  reason: string;
}

/** Finds the public key for a key id; null when the key is not one of ours. */
export type PublicKeyLookup = (keyId: string) => KeyInput | null | Promise<KeyInput | null>;

class PdfFormatError extends Error {}

/** Bounds for hostile uploads: inflated size of one stream and nesting of arrays/dictionaries. */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
const MAX_NESTING = 64;

// ---------------------------------------------------------------------------------------------
// A minimal PDF object parser (ISO 32000-1 §7.3) over a latin1 view of the bytes.

type PdfValue = null | boolean | number | string | PdfName | PdfRef | PdfValue[] | PdfDict;
class PdfName {
  constructor(readonly name: string) {}
}
class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
type PdfDict = Map<string, PdfValue>;

const WHITESPACE = new Set(["\0", "\t", "\n", "\f", "\r", " "]);
const DELIMITERS = new Set(["(", ")", "<", ">", "[", "]", "{", "}", "/", "%"]);

class Parser {
  private depth = 0;

  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  private skipSpace(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char === "%") {
        while (this.pos < this.text.length && this.text[this.pos] !== "\n" && this.text[this.pos] !== "\r") this.pos++;
      } else if (char !== undefined && WHITESPACE.has(char)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private regular(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (WHITESPACE.has(char) || DELIMITERS.has(char)) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Reads the keyword at the cursor (e.g. "stream", "obj") without consuming anything else. */
  peekKeyword(): string {
    this.skipSpace();
    const start = this.pos;
    const word = this.regular();
    this.pos = start;
    return word;
  }

  value(): PdfValue {
    if (this.depth > MAX_NESTING) throw new PdfFormatError("Objects nested too deeply");
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === undefined) throw new PdfFormatError("Unexpected end of file in an object");
    if (char === "/") {
      this.pos++;
      return new PdfName(this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
    }
    if (char === "<" && this.text[this.pos + 1] === "<") return this.dict();
    if (char === "<") return this.hexString();
    if (char === "(") return this.literalString();
    if (char === "[") {
      this.pos++;
      this.depth++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= this.text.length) throw new PdfFormatError("Unterminated array");
        if (this.text[this.pos] === "]") {
          this.pos++;
          this.depth--;
          return items;
        }
        items.push(this.value());
      }
    }
    const word = this.regular();
    if (word === "") throw new PdfFormatError(`Unexpected "${char}" at byte ${this.pos}`);
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    const number = Number(word);
    if (!Number.isFinite(number)) throw new PdfFormatError(`Unexpected token "${word}" at byte ${this.pos}`);
    // "n g R" is a reference: look ahead without committing.
    if (Number.isInteger(number)) {
      const save = this.pos;
      this.skipSpace();
      const generation = this.regular();
      this.skipSpace();
      if (/^\d+$/.test(generation) && this.text[this.pos] === "R") {
        this.pos++;
        return new PdfRef(number, Number(generation));
      }
      this.pos = save;
    }
    return number;
  }

  dict(): PdfDict {
    this.pos += 2;
    this.depth++;
    const dict: PdfDict = new Map();
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) throw new PdfFormatError("Unterminated dictionary");
      if (this.text.startsWith(">>", this.pos)) {
        this.pos += 2;
        this.depth--;
        return dict;
      }
      const key = this.value();
      if (!(key instanceof PdfName)) throw new PdfFormatError(`Dictionary key is not a name at byte ${this.pos}`);
      dict.set(key.name, this.value());
    }
  }

  private hexString(): string {
    const end = this.text.indexOf(">", this.pos);
    if (end < 0) throw new PdfFormatError("Unterminated hex string");
    let hex = this.text.slice(this.pos + 1, end).replace(/\s+/g, "");
    this.pos = end + 1;
    if (hex.length % 2) hex += "0";
    return Buffer.from(hex, "hex").toString("latin1");
  }

  private literalString(): string {
    this.pos++;
    let depth = 1;
    let out = "";
    const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", "(": "(", ")": ")", "\\": "\\" };
    while (this.pos < this.text.length) {
      const char = this.text[this.pos++];
      if (char === "\\") {
        const next = this.text[this.pos++];
        if (next in escapes) out += escapes[next];
        else if (/[0-7]/.test(next)) {
          let octal = next;
          while (octal.length < 3 && /[0-7]/.test(this.text[this.pos])) octal += this.text[this.pos++];
          out += String.fromCharCode(parseInt(octal, 8) & 0xff);
        } else if (next === "\r") {
          if (this.text[this.pos] === "\n") this.pos++;
        } else if (next !== "\n") out += next;
      } else if (char === "(") {
        depth++;
        out += char;
      } else if (char === ")") {
        if (--depth === 0) return out;
        out += char;
      } else out += char;
    }
    throw new PdfFormatError("Unterminated string");
  }
}

/** PDF text strings are PDFDocEncoding (latin1 here is close enough for file names) or UTF-16BE with a BOM. */
function decodeTextString(raw: string): string {
  if (raw.startsWith("\xfe\xff")) return Buffer.from(raw.slice(2), "latin1").swap16().toString("utf16le");
  return raw;
}

interface IndirectObject {
  value: PdfValue;
  /** Raw (still encoded) stream bytes, for stream objects. */
  stream?: Buffer;
}

class PdfFile {
  private readonly text: string;
  private readonly offsets = new Map<number, number>();
  private readonly packed = new Map<number, { container: number; index: number }>();
  private readonly cache = new Map<number, IndirectObject>();
  private readonly decodedContainers = new Map<number, string>();

  constructor(private readonly bytes: Buffer) {
    this.text = bytes.toString("latin1");
    if (!this.text.slice(0, 1024).includes("%PDF-")) throw new PdfFormatError("Not a PDF file");
    // Later definitions win, as incremental updates append new versions of objects.
    for (const match of this.text.matchAll(/(?<![0-9])(\d+)\s+(\d+)\s+obj\b/g)) {
      this.offsets.set(Number(match[1]), match.index + match[0].length);
    }
    for (const num of [...this.offsets.keys()]) {
      const object = this.tryGet(num);
      if (object?.stream && object.value instanceof Map && nameOf(object.value.get("Type")) === "ObjStm") {
        this.indexObjectStream(num, object);
      }
    }
  }

  private tryGet(num: number): IndirectObject | null {
    try {
      return this.get(num);
    } catch (error) {
      if (error instanceof PdfFormatError) return null;
      throw error;
    }
  }

  /** An object stream's inflated text, inflated once however many objects are read from it. */
  private containerText(container: number): string {
    let text = this.decodedContainers.get(container);
    if (text === undefined) {
      const object = this.get(container);
      text = decodeStream(object.value as PdfDict, object.stream!, (value) => this.resolve(value)).toString("latin1");
      this.decodedContainers.set(container, text);
    }
    return text;
  }

  private indexObjectStream(container: number, object: IndirectObject): void {
    const dict = object.value as PdfDict;
    const count = Number(this.resolve(dict.get("N")));
    const numbers = this.containerText(container).trim().split(/\s+/).slice(0, 2 * count).map(Number);
    for (let index = 0; index < count; index++) {
      const num = numbers[2 * index];
      // A direct definition elsewhere in the file takes precedence over a packed one.
      if (Number.isInteger(num) && !this.offsets.has(num)) this.packed.set(num, { container, index });
    }
  }

  get(num: number): IndirectObject {
    const cached = this.cache.get(num);
    if (cached) return cached;
    let object: IndirectObject;
    const offset = this.offsets.get(num);
    const packed = this.packed.get(num);
    if (offset !== undefined) {
      object = this.readDirect(offset);
    } else if (packed) {
      object = { value: this.readPacked(packed.container, packed.index) };
    } else {
      throw new PdfFormatError(`Object ${num} is missing`);
    }
    this.cache.set(num, object);
    return object;
  }

  private readDirect(offset: number): IndirectObject {
    const parser = new Parser(this.text, offset);
    const value = parser.value();
    if (parser.peekKeyword() !== "stream" || !(value instanceof Map)) return { value };
    let start = this.text.indexOf("stream", parser.pos) + "stream".length;
    if (this.text[start] === "\r") start++;
    if (this.text[start] === "\n") start++;
    let declared: PdfValue | undefined;
    try {
      declared = this.resolve(value.get("Length"));
    } catch (error) {
      if (!(error instanceof PdfFormatError)) throw error;
    }
    let end: number;
    if (typeof declared === "number" && Number.isInteger(declared) && declared >= 0 && this.text.startsWith("endstream", this.skipEol(start + declared))) {
      end = start + declared;
    } else {
      // A wrong or unresolvable /Length: fall back to the endstream keyword, minus its end-of-line.
      end = this.text.indexOf("endstream", start);
      if (end < 0) throw new PdfFormatError("Unterminated stream");
      if (this.text[end - 1] === "\n") end--;
      if (this.text[end - 1] === "\r") end--;
    }
    return { value, stream: this.bytes.subarray(start, end) };
  }

  private skipEol(position: number): number {
    while (this.text[position] === "\r" || this.text[position] === "\n" || this.text[position] === " ") position++;
    return position;
  }

  private readPacked(container: number, index: number): PdfValue {
    const dict = this.get(container).value as PdfDict;
    const data = this.containerText(container);
    const count = Number(this.resolve(dict.get("N")));
    const first = Number(this.resolve(dict.get("First")));
    const pairs = data.slice(0, first).trim().split(/\s+/).map(Number);
    if (index >= count) throw new PdfFormatError("Object stream index out of range");
    return new Parser(data, first + pairs[2 * index + 1]).value();
  }

  resolve(value: PdfValue | undefined): PdfValue | undefined {
    let current = value;
    for (let depth = 0; current instanceof PdfRef; depth++) {
      if (depth > 32) throw new PdfFormatError("Reference loop");
      current = this.get(current.num).value;
    }
    return current;
  }

  /** Every object number the file defines, directly or inside object streams. */
  objectNumbers(): number[] {
    return [...this.offsets.keys(), ...this.packed.keys()];
  }
}

function nameOf(value: PdfValue | undefined): string | null {
  return value instanceof PdfName ? value.name : null;
}

function decodeStream(dict: PdfDict, raw: Buffer, resolve: (value: PdfValue | undefined) => PdfValue | undefined): Buffer {
  const filter = resolve(dict.get("Filter"));
  const filters = (Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter]).map((item) =>
    nameOf(resolve(item)),
  );
  const params = resolve(dict.get("DecodeParms"));
  let data = raw;
  for (const name of filters) {
    if (name !== "FlateDecode") throw new PdfFormatError(`Unsupported stream filter ${name ?? "?"}`);
    if (params instanceof Map && Number(resolve(params.get("Predictor")) ?? 1) > 1) {
      throw new PdfFormatError("Unsupported predictor on an embedded stream");
    }
    try {
      data = inflateSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      throw new PdfFormatError("Corrupt or oversized compressed stream");
    }
  }
  return data;
}

/**
 * The contents of every embedded file named `name` (file specifications with that /UF or /F),
 * distinct by content. Throws PdfFormatError when the bytes are not a readable PDF.
 */
export function extractEmbeddedFiles(pdf: Uint8Array, name = ATTACHMENT_NAME): Buffer[] {
  const file = new PdfFile(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  const found = new Map<string, Buffer>();
  for (const num of file.objectNumbers()) {
    let value: PdfValue | undefined;
    try {
      value = file.get(num).value;
    } catch (error) {
      if (error instanceof PdfFormatError) continue; // one broken object does not hide the record
      throw error;
    }
    if (!(value instanceof Map) || !value.has("EF")) continue;
    const fileName = file.resolve(value.get("UF")) ?? file.resolve(value.get("F"));
    if (typeof fileName !== "string" || decodeTextString(fileName) !== name) continue;
    const embedded = file.resolve(value.get("EF"));
    const ref = embedded instanceof Map ? (embedded.get("UF") ?? embedded.get("F")) : undefined;
    if (!(ref instanceof PdfRef)) continue;
    const stream = file.get(ref.num);
    if (!stream.stream || !(stream.value instanceof Map)) continue;
    const data = decodeStream(stream.value, stream.stream, (item) => file.resolve(item));
    found.set(data.toString("base64"), data);
  }
  return [...found.values()];
}

/** Verifies the certificate record embedded in a PDF against the keys `lookupKey` knows. */
export async function verifyPdf(pdf: Uint8Array, lookupKey: PublicKeyLookup): Promise<VerifyResult> {
  let attachments: Buffer[];
  try {
    attachments = extractEmbeddedFiles(pdf);
  } catch (error) {
    if (error instanceof PdfFormatError) return { status: "invalid", reason: `Unreadable PDF: ${error.message}` };
    throw error;
  }
  if (attachments.length === 0) {
    return { status: "not_ours", reason: `No embedded ${ATTACHMENT_NAME}: not a certificate issued by this platform` };
  }
  if (attachments.length > 1) {
    return { status: "invalid", reason: `The PDF carries ${attachments.length} different ${ATTACHMENT_NAME} files` };
  }

  const parsed = parseSignedRecord(attachments[0].toString("utf8"));
  if (!parsed.ok) {
    return parsed.foreign
      ? { status: "not_ours", reason: `${ATTACHMENT_NAME} is not a ${PAYLOAD_FORMAT} record` }
      : { status: "invalid", reason: parsed.reason };
  }
  const { record } = parsed;
  const number = record.payload.number;
  const keyId = record.signature.keyId;
  const publicKey = await lookupKey(keyId);
  if (!publicKey) {
    return { status: "not_ours", number, keyId, reason: `Signed with key ${keyId}, which is not one of ours` };
  }
  if (!verifySignedRecord(record, publicKey)) {
    return { status: "altered", number, keyId, reason: "The signature does not match the embedded record: it was altered" };
  }
  return { status: "authentic", number, keyId, reason: `Signature valid (Ed25519, key ${keyId})` };
}
