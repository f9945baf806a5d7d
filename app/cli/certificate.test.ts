/** Runs the CLI as a user would, in a scratch data folder, so the demo key never touches ./data. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "certificate-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["app/cli/main.ts", "certificate", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("certificate CLI", () => {
  const out = path.join(dataDir, "out", "demo.pdf");

  it("renders a demo certificate, creating a private demo key on first use", () => {
    const result = cli("demo", "--out", out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo\.pdf\tCERT-[0-9A-Z-]+\t林雅婷\t證書/);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe("%PDF-");
    const keyFile = path.join(dataDir, "demo-keys", "ed25519-demo-private.pem");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it("verifies it: prints the number and exits 0", () => {
    const result = cli("verify", out);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^CERT-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$/);
  });

  it("writes one file per candidate, a result report for the not-yet-competent one", () => {
    const result = cli("demo", "--out", path.join(dataDir, "batch.pdf"), "--candidates", "3");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/batch-003\.pdf\tREPT-.*\t張家豪\t評量結果報告/);
    expect(cli("verify", path.join(dataDir, "batch-003.pdf")).code).toBe(0);
  });

  it("exits 3 with the reason for an altered or unknown-key PDF", () => {
    const pdf = readFileSync(out);
    // Flip one byte inside the compressed attachment: the record can no longer be read or trusted.
    const text = pdf.toString("latin1");
    const at = text.indexOf("stream", text.indexOf("/Type /EmbeddedFile")) + 20;
    const damaged = Buffer.from(pdf);
    damaged[at] ^= 0x01;
    const damagedFile = path.join(dataDir, "damaged.pdf");
    writeFileSync(damagedFile, damaged);
    const result = cli("verify", damagedFile);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/驗證失敗 (invalid|altered)/);

    const otherData = mkdtempSync(path.join(tmpdir(), "certificate-cli-other-"));
    try {
      const stranger = spawnSync(path.resolve("node_modules/.bin/tsx"), ["app/cli/main.ts", "certificate", "verify", out], {
        encoding: "utf8",
        env: { ...process.env, DATA_DIR: otherData },
      });
      expect(stranger.status).toBe(3);
      expect(stranger.stderr).toContain("not_ours");
    } finally {
      rmSync(otherData, { recursive: true, force: true });
    }
  });

  it("explains usage errors with exit 2", () => {
    expect(cli("demo").code).toBe(2);
    expect(cli("demo", "--out", out, "--candidates", "0").code).toBe(2);
    expect(cli("verify", path.join(dataDir, "missing.pdf"))).toMatchObject({ code: 2, stderr: expect.stringContaining("File not found") });
    expect(cli("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("--candidates N") });
  });
});
