import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { getEnv } from "~/utils/env.server";

/**
 * Evidence file storage (DESIGN §6, §10). Everything above this file talks to `FileStorage` only, so
 * the local-disk implementation can be swapped for S3-compatible object storage without touching
 * routes or models: keys are opaque, generated here, and never derived from what the client sent.
 */

export interface StoredFile {
  /** Opaque, generated key (`yyyy/mm/<uuid>`); the only thing to persist besides size and hash. */
  key: string;
  sizeBytes: number;
  /** Lower-case hex SHA-256 of exactly the bytes stored. */
  sha256: string;
}

export interface PutOptions {
  /** Abort as soon as more than this many bytes arrive (UploadTooLargeError); default no limit. */
  maxBytes?: number;
  /** Aborts the write (client gone, request cancelled); the partial file is removed. */
  signal?: AbortSignal;
}

export interface OpenedFile {
  body: Readable;
  /** Known before streaming, so a download can send Content-Length. */
  sizeBytes: number;
}

export interface FileStorage {
  /** Streams `source` to a new key. On any failure nothing is left behind under any key. */
  put(source: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StoredFile>;
  /** Throws StoredFileNotFoundError for a well-formed key that holds nothing. */
  open(key: string): Promise<OpenedFile>;
  /** Idempotent: deleting a missing key is not an error (a retried cleanup must not fail). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const MIB = 1024 * 1024;

function formatLimit(bytes: number): string {
  return bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** More bytes arrived than allowed; the route answers 413. The message is shown to users as is. */
export class UploadTooLargeError extends Error {
  override name = "UploadTooLargeError";
  constructor(readonly limitBytes: number) {
    super(`檔案超過大小上限 ${formatLimit(limitBytes)}`);
  }
}

/** A key that this storage never generates: a bug or an attempt to reach another path. */
export class InvalidStorageKeyError extends Error {
  override name = "InvalidStorageKeyError";
  constructor(key: string) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 100))}`);
  }
}

export class StoredFileNotFoundError extends Error {
  override name = "StoredFileNotFoundError";
  constructor(readonly key: string) {
    super(`no stored file under ${key}`);
  }
}

/**
 * Keys have exactly the shape `put` generates. Checking the shape (instead of cleaning the input)
 * makes traversal impossible by construction: no `..`, no separators other than the two `/`, no
 * absolute paths, no drive letters, no NUL, nothing percent-encoded.
 */
const KEY_PATTERN = /^\d{4}\/(0[1-9]|1[0-2])\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isValidStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

function generateKey(now = new Date()): string {
  // UTC so that two servers in different zones file the same upload under the same month.
  const year = String(now.getUTCFullYear()).padStart(4, "0");
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${year}/${month}/${randomUUID()}`;
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

/** Counts and hashes bytes on their way through, failing at the first byte over the limit. */
class MeteringTransform extends Transform {
  readonly hash = createHash("sha256");
  sizeBytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void) {
    this.sizeBytes += chunk.byteLength;
    if (this.sizeBytes > this.maxBytes) {
      callback(new UploadTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Files under `<root>/yyyy/mm/<uuid>`. A write goes to a dot-named temp file in the same folder and
 * is renamed on success: rename is atomic only within one file system, and readers never see a
 * half-written file under a real key.
 */
export class LocalFileStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathFor(key: string): string {
    if (!isValidStorageKey(key)) throw new InvalidStorageKeyError(key);
    const resolved = path.resolve(this.root, ...key.split("/"));
    // Redundant with the pattern, kept so a future change of key shape cannot open a hole silently.
    if (!resolved.startsWith(this.root + path.sep)) throw new InvalidStorageKeyError(key);
    return resolved;
  }

  async put(source: Readable | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredFile> {
    const key = generateKey();
    const finalPath = this.pathFor(key);
    const folder = path.dirname(finalPath);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const tempPath = path.join(folder, `.${randomUUID()}.part`);
    const meter = new MeteringTransform(options.maxBytes ?? Number.POSITIVE_INFINITY);
    try {
      // 0600: evidence is personal data (個人資料保護法); only the app's user reads it.
      const target = createWriteStream(tempPath, { flags: "wx", mode: 0o600 });
      await pipeline(source, meter, target, options.signal ? { signal: options.signal } : {});
      await rename(tempPath, finalPath);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { key, sizeBytes: meter.sizeBytes, sha256: meter.hash.digest("hex") };
  }

  async open(key: string): Promise<OpenedFile> {
    const filePath = this.pathFor(key);
    try {
      // Open first, then stat the handle: size and content come from the same file even if the key
      // were deleted in between.
      const handle = await open(filePath, "r");
      try {
        const { size } = await handle.stat();
        return { body: handle.createReadStream(), sizeBytes: size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    } catch (error) {
      if (isNotFound(error)) throw new StoredFileNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(key))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}

let instance: FileStorage | undefined;

/** The process-wide evidence storage, under `<DATA_DIR>/evidence/`. */
export function getFileStorage(): FileStorage {
  instance ??= new LocalFileStorage(path.join(getEnv().DATA_DIR, "evidence"));
  return instance;
}
