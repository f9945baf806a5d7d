import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateAssessment } from "~/domain/rubric/generate";
import type { ParsedStandard } from "~/domain/standard/types";
import { CandidateScopeError, scopeToTasks } from "./candidate-scope";

// KMC2431-009v2 社群媒體經營人員, all seven tasks.
const standard = JSON.parse(
  readFileSync(new URL("../../../tests/fixtures/standards/000_988f66f990932d6f.expected.json", import.meta.url), "utf8"),
) as ParsedStandard;
const content = generateAssessment(standard);

describe("scopeToTasks", () => {
  it("null keeps the whole assessment (a first assessment)", () => {
    const scope = scopeToTasks(content, null);
    expect(scope.tasks).toHaveLength(7);
    expect(scope.criteria).toEqual(content.criteria);
  });

  it("a reassessment keeps only the failed tasks, by code or id, in the assessment's order", () => {
    const t31 = content.tasks.find((t) => t.code === "T3.1")!;
    const scope = scopeToTasks(content, ["T3.2", t31.id]);
    expect(scope.tasks.map((t) => t.title)).toEqual(["進行社群經營成效分析", "調整與優化社群策略"]);
    expect(scope.criteria.map((c) => c.code)).toEqual(["P3.1.1", "P3.1.2", "P3.2.1", "P3.2.2", "P3.2.3"]);
    expect(scope.evidencePlan.map((e) => e.taskCode)).toEqual(["T3.1", "T3.2"]);
  });

  it.each([
    ["an unknown task", ["T9.9"], /沒有工作任務 T9\.9/u],
    ["no task at all", [], /至少需要一項/u],
  ])("refuses %s", (_, keys, message) => {
    expect(() => scopeToTasks(content, keys)).toThrow(CandidateScopeError);
    expect(() => scopeToTasks(content, keys)).toThrow(message);
  });

  it("refuses a code two tasks share rather than guess", () => {
    const twins = { ...content, tasks: [content.tasks[0], { ...content.tasks[1], code: content.tasks[0].code }] };
    expect(() => scopeToTasks(twins, ["T1.1"])).toThrow(/對應到多項工作任務/u);
  });
});
