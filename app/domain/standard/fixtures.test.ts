/**
 * The real iCAP exports in templates/demo/standards parse exactly to the hand-made expected JSON in
 * tests/fixtures/standards (warnings by count: their wording is ours), and the traps the fixtures'
 * README points out are handled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStandard } from "./parse";
import type { ParsedStandard, Task } from "./types";

const STANDARDS_DIR = new URL("../../../templates/demo/standards/", import.meta.url);
const EXPECTED_DIR = new URL("../../../tests/fixtures/standards/", import.meta.url);
const names = readdirSync(STANDARDS_DIR)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => file.replace(/\.txt$/, ""))
  .sort();

function parseFixture(prefix: string): ParsedStandard {
  const name = names.find((candidate) => candidate.startsWith(prefix));
  if (!name) throw new Error(`no fixture ${prefix}`);
  return parseStandard(readFileSync(new URL(`${name}.txt`, STANDARDS_DIR), "utf8"));
}

function task(standard: ParsedStandard, code: string): Task {
  const found = standard.duties.flatMap((duty) => duty.tasks).find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no task ${code}`);
  return found;
}

describe("real exports match the expected JSON", () => {
  it("has the five fixtures", () => {
    expect(names).toHaveLength(5);
  });

  it.each(names)("%s", (name) => {
    const { warnings, ...parsed } = parseStandard(readFileSync(new URL(`${name}.txt`, STANDARDS_DIR), "utf8"));
    const { warnings: expectedWarnings, ...expected } = JSON.parse(
      readFileSync(new URL(`${name}.expected.json`, EXPECTED_DIR), "utf8"),
    ) as ParsedStandard;
    expect(parsed).toEqual(expected);
    expect(warnings).toHaveLength(expectedWarnings.length);
  });
});

describe("warnings found in the real exports", () => {
  it("000 lists K07 before K06 under T3.3, and nothing else", () => {
    const { warnings } = parseFixture("000");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("T3.3");
    expect(warnings[0]).toContain("K07 listed before K06");
    expect(warnings[0]).toContain("line 30");
    // Kept as found: the order is the authors', only reported.
    expect(task(parseFixture("000"), "T3.3").knowledge).toEqual(["K04", "K05", "K07", "K06", "K08", "K09"]);
  });

  it.each(["001", "002", "003", "004"])("%s has no slips", (prefix) => {
    expect(parseFixture(prefix).warnings).toEqual([]);
  });
});

describe("traps in the real exports", () => {
  it("000: an indicator cut by a page break continues after the repeated header", () => {
    const p113 = task(parseFixture("000"), "T1.1").indicators[2];
    expect(p113).toEqual({
      code: "P1.1.3",
      text: expect.stringMatching(/發想經營策略並產出經營社群媒體企畫書。$/),
    });
    expect(task(parseFixture("000"), "T1.2").indicators.map((p) => p.code)).toEqual(["P1.2.1", "P1.2.2"]);
  });

  it("001: the K label shares a row with task section 五; content decides", () => {
    const unit = parseFixture("001");
    const tasks = unit.duties[0].tasks;
    expect(tasks.map((t) => t.code)).toEqual(["T1", "T2", "T3", "T4", "T5"]);
    expect(tasks[4].title).toBe("評估社群媒體的績效");
    expect(tasks[4].indicators.map((p) => p.code)).toEqual(["P5.1", "P5.2", "P5.3"]);
    expect(unit.knowledge[0].title).toMatch(/^對於使用社群媒體的法律與道德層面考量/);
    expect(unit.knowledge.map((k) => k.code)).toEqual(["K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09"]);
    expect(unit.skills).toHaveLength(5);
  });

  it("001: section 三 continues on the next page with items 4–6", () => {
    expect(parseFixture("001").duties[0].tasks[2].indicators.map((p) => p.code)).toEqual([
      "P3.1",
      "P3.2",
      "P3.3",
      "P3.4",
      "P3.5",
      "P3.6",
    ]);
  });

  it("002: outputs shifted into the task column bring their own indicators", () => {
    const t21 = task(parseFixture("002"), "T2.1");
    expect(t21.outputs).toEqual([
      { code: "O2.1.1", title: "影片上架排程" },
      { code: "O2.1.2", title: "留言回饋分析" },
      { code: "O2.1.3", title: "數據分析" },
    ]);
    expect(t21.indicators.map((p) => p.code)).toEqual(["P2.1.1", "P2.1.2", "P2.1.3", "P2.1.4"]);
    expect(t21.level).toBe(4);
  });

  it("003: K/S lists, an output title and an indicator continue on the next page", () => {
    const standard = parseFixture("003");
    const t11 = task(standard, "T1.1");
    expect(t11.knowledge).toHaveLength(15);
    expect(t11.skills.at(-1)).toBe("S14");
    expect(task(standard, "T2.3").outputs).toEqual([{ code: "O2.3.1", title: "行為數據分析報告" }]);
    expect(task(standard, "T1.5").indicators[2].text).toContain("監控媒體報導、社群與討論度，蒐集回饋數據資料");
    expect(task(standard, "T1.2").indicators.at(-1)?.code).toBe("P1.2.6");
    expect(task(standard, "T2.4").outputs[0].title).toBe("轉換率提升優化報告");
  });

  it("004: a task title and indicators cut by page breaks are joined", () => {
    const standard = parseFixture("004");
    expect(task(standard, "T1.2").title).toBe("統整媒體廣告素材");
    expect(task(standard, "T1.2").indicators[0].text).toMatch(/決定媒體投放切入角度。$/);
    expect(task(standard, "T2.2").indicators[2].text).toBe("根據優化策略提供進行媒體廣告調整，如廣告素材、版位等。");
    expect(standard.versions).toEqual([]);
  });
});
