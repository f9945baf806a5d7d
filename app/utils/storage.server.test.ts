import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";

import {
  getFileStorage,
  InvalidStorageKeyError,
  isValidStorageKey,
  LocalFileStorage,
  StoredFileNotFoundError,
  UploadTooLargeError,
} from "./storage.server";

/** A private root per test under this file's DATA_DIR (tests/setup/db-per-file.ts removes it). */
function freshStorage() {
  const root = mkdtempSync(path.join(process.env.DATA_DIR!, "storage-"));
  return { root, storage: new LocalFileStorage(root) };
}

/** Every file below `root`, temp files included: what a failed write must not leave behind. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" }).filter((entry) => statSync(path.join(root, entry)).isFile());
}

async function* chunks(count: number, size: number, onChunk?: (chunk: Uint8Array) => void) {
  for (let index = 0; index < count; index++) {
    const chunk = randomBytes(size);
    onChunk?.(chunk);
    yield chunk;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe("LocalFileStorage", () => {
  it("stores a stream under a random yyyy/mm/<uuid> key with its size and SHA-256", async () => {
    const { root, storage } = freshStorage();
    const expected = createHash("sha256");
    const stored = await storage.put(chunks(40, 64 * 1024, (chunk) => expected.update(chunk)));

    const now = new Date();
    const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/`;
    expect(stored.key.startsWith(month)).toBe(true);
    expect(isValidStorageKey(stored.key)).toBe(true);
    expect(stored.sizeBytes).toBe(40 * 64 * 1024);
    expect(stored.sha256).toBe(expected.digest("hex"));

    expect(filesUnder(root)).toEqual([path.join(...stored.key.split("/"))]);
    expect(statSync(path.join(root, stored.key)).mode & 0o777).toBe(0o600);
    expect(await storage.exists(stored.key)).toBe(true);

    const opened = await storage.open(stored.key);
    expect(opened.sizeBytes).toBe(stored.sizeBytes);
    const content = await readAll(opened.body);
    expect(createHash("sha256").update(content).digest("hex")).toBe(stored.sha256);
  });

  it("gives two uploads of the same bytes two different keys", async () => {
    const { storage } = freshStorage();
    const bytes = Buffer.from("同一份證據");
    const first = await storage.put(Readable.from([bytes]));
    const second = await storage.put(Readable.from([bytes]));
    expect(first.key).not.toBe(second.key);
    expect(first.sha256).toBe(second.sha256);
  });

  it("stops at the first byte over the limit and leaves no file, not even a temp file", async () => {
    const { root, storage } = freshStorage();
    let produced = 0;
    const source = chunks(100, 64 * 1024, (chunk) => (produced += chunk.byteLength));

    const error = await storage.put(source, { maxBytes: 1024 * 1024 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect((error as UploadTooLargeError).limitBytes).toBe(1024 * 1024);
    expect((error as UploadTooLargeError).message).toBe("檔案超過大小上限 1 MB");
    // Cut off early: the source was not read to its end (6.4 MB).
    expect(produced).toBeLessThan(2 * 1024 * 1024);
    expect(filesUnder(root)).toEqual([]);
  });

  it("accepts a file of exactly the limit", async () => {
    const { storage } = freshStorage();
    const stored = await storage.put(chunks(4, 1024), { maxBytes: 4096 });
    expect(stored.sizeBytes).toBe(4096);
  });

  it("leaves no file when the source fails half-way (client gone)", async () => {
    const { root, storage } = freshStorage();
    async function* failing() {
      yield randomBytes(100_000);
      throw new Error("connection reset");
    }
    await expect(storage.put(failing())).rejects.toThrow("connection reset");
    expect(filesUnder(root)).toEqual([]);
  });

  it("leaves no file when the upload is aborted", async () => {
    const { root, storage } = freshStorage();
    const controller = new AbortController();
    async function* slow() {
      yield randomBytes(10_000);
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield randomBytes(10_000);
    }
    await expect(storage.put(slow(), { signal: controller.signal })).rejects.toThrow();
    expect(filesUnder(root)).toEqual([]);
  });

  it("refuses keys it never generates, path traversal first of all", async () => {
    const { storage } = freshStorage();
    const stored = await storage.put(Readable.from([Buffer.from("x")]));
    const [year, month, uuid] = stored.key.split("/");
    const refused = [
      "../session-secret",
      "../../etc/passwd",
      `${year}/${month}/../../../session-secret`,
      `${year}/${month}/${uuid}/..`,
      `/${stored.key}`,
      `${year}\\${month}\\${uuid}`,
      `${year}/${month}/${uuid}\u0000.pdf`,
      `${year}/${month}/${uuid.toUpperCase()}`,
      `${year}/${month}/%2e%2e`,
      `${year}/13/${uuid}`,
      "",
    ];
    for (const key of refused) {
      expect(isValidStorageKey(key), key).toBe(false);
      await expect(storage.open(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.exists(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    expect(await storage.exists(stored.key)).toBe(true);
  });

  it("reports a missing key as not found, and deleting twice is harmless", async () => {
    const { storage } = freshStorage();
    const stored = await storage.put(Readable.from([Buffer.from("紀錄")]));
    await storage.delete(stored.key);
    await storage.delete(stored.key);
    expect(await storage.exists(stored.key)).toBe(false);
    await expect(storage.open(stored.key)).rejects.toBeInstanceOf(StoredFileNotFoundError);
  });
});

describe("getFileStorage", () => {
  it("is one instance under <DATA_DIR>/evidence", () => {
    const storage = getFileStorage();
    expect(storage).toBe(getFileStorage());
    expect(storage).toBeInstanceOf(LocalFileStorage);
    expect((storage as LocalFileStorage).root).toBe(path.resolve(process.env.DATA_DIR!, "evidence"));
  });
});
