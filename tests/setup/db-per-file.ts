import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";

// Runs before each test file's imports: point the app at a private copy of the migrated template.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "icap-db-"));
const file = path.join(dir, `${crypto.randomUUID()}.db`);
fs.copyFileSync(inject("dbTemplate"), file);
process.env.DATABASE_URL = `file:${file}`;
process.env.DATA_DIR = dir;
process.env.SESSION_SECRET ??= "test-secret-that-is-long-enough-to-pass-validation";

afterAll(async () => {
  const { db } = await import("~/utils/db.server");
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});
