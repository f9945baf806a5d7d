import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, getEnv } from "~/utils/env.server";

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "icap-env-"));
}

describe("settings from the environment", () => {
  it("stops with a message naming a malformed setting", () => {
    expect(() => getEnv({ PORT: "eighty", SESSION_SECRET: "x".repeat(40) })).toThrow(EnvError);
    expect(() => getEnv({ PORT: "eighty", SESSION_SECRET: "x".repeat(40) })).toThrow(/PORT/);
    expect(() => getEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    expect(() => getEnv({ DATABASE_URL: "postgres://x", SESSION_SECRET: "x".repeat(40) })).toThrow(/DATABASE_URL/);
  });

  it("generates a secret into the data folder on first start, readable by the owner only, and keeps it", () => {
    const dir = tempDir();
    const first = getEnv({ DATA_DIR: dir });
    const file = path.join(dir, "session-secret");
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(getEnv({ DATA_DIR: dir }).SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(first.DATABASE_URL).toBe(`file:${path.join(dir, "app.db")}`);
  });

  it("uses defaults where nothing is set", () => {
    const env = getEnv({ DATA_DIR: tempDir() });
    expect(env.PORT).toBe(3000);
    expect(env.LOGIN_MAX_FAILURES).toBe(10);
  });
});
