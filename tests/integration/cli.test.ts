import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const FIXTURES = path.resolve("templates/demo/standards");

/** The command line as people and scripts use it: exit codes, stdout and stderr. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ["app/cli/main.ts", ...args], { encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("command line", () => {
  it("lists its command groups with --help", async () => {
    const result = await cli("--help");
    expect(result.code).toBe(0);
    for (const group of ["standard", "assessment", "certificate"]) expect(result.stdout).toContain(group);
  });

  it("prints the parsed standard as the contract's JSON, exactly as the hand-written expectation", async () => {
    for (const name of ["000_988f66f990932d6f", "001_f580b5f17f73ef6d"]) {
      const result = await cli("standard", "parse", path.join(FIXTURES, `${name}.txt`));
      expect(result.code).toBe(0);
      const expected = JSON.parse(fs.readFileSync(path.resolve(`tests/fixtures/standards/${name}.expected.json`), "utf8"));
      const actual = JSON.parse(result.stdout);
      expect({ ...actual, warnings: actual.warnings.length }).toEqual({ ...expected, warnings: expected.warnings.length });
    }
  });

  it("answers bad input with a one-paragraph message naming the line, exit 2 and no stack trace", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "icap-cli-")), "notes.txt");
    fs.writeFileSync(file, "會議紀錄\n出席：王小明\n決議：下週再議。\n");
    const result = await cli("standard", "parse", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/第 \d+ 行/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("generates an assessment draft and refuses an unknown task code with exit 2", async () => {
    const good = await cli("assessment", "generate", path.join(FIXTURES, "001_f580b5f17f73ef6d.txt"), "--tasks", "T4");
    expect(good.code).toBe(0);
    const draft = JSON.parse(good.stdout);
    expect(draft.criteria.map((c: { code: string }) => c.code)).toEqual(["P4.1", "P4.2", "P4.3", "P4.4"]);
    expect(draft.conditions).toHaveLength(3);
    const bad = await cli("assessment", "generate", path.join(FIXTURES, "001_f580b5f17f73ef6d.txt"), "--tasks", "T9");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("T9");
  });
});
