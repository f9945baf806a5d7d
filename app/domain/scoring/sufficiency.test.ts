import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateAssessment } from "~/domain/rubric/generate";
import type { ParsedStandard } from "~/domain/standard/types";
import { scopeToTasks } from "~/domain/workflow/candidate-scope";
import { CriterionKeysSchema, checkSufficiency, describeEvidenceProblem, type EvidenceItem, type SufficiencyInput } from "./sufficiency";

// KMC2431-009v2 社群媒體經營人員: T1.1 確立經營目標、受眾群與選擇社群平台 (O1.1.1 經營社群媒體企畫書,
// P1.1.1–P1.1.3) and T1.2 協調跨部門資源 (O1.2.1 專案時間表, P1.2.1–P1.2.2).
const criteria: SufficiencyInput["criteria"] = [
  { id: "crit-P1.1.1", code: "P1.1.1", taskId: "task-T1.1", taskCode: "T1.1" },
  { id: "crit-P1.1.2", code: "P1.1.2", taskId: "task-T1.1", taskCode: "T1.1" },
  { id: "crit-P1.1.3", code: "P1.1.3", taskId: "task-T1.1", taskCode: "T1.1" },
  { id: "crit-P1.2.1", code: "P1.2.1", taskId: "task-T1.2", taskCode: "T1.2" },
  { id: "crit-P1.2.2", code: "P1.2.2", taskId: "task-T1.2", taskCode: "T1.2" },
];
const evidencePlan: SufficiencyInput["evidencePlan"] = [
  { taskId: "task-T1.1", taskCode: "T1.1", workProducts: [{ id: "wp-T1.1-O1.1.1", code: "O1.1.1", title: "經營社群媒體企畫書" }] },
  { taskId: "task-T1.2", taskCode: "T1.2", workProducts: [{ id: "wp-T1.2-O1.2.1", code: "O1.2.1", title: "專案時間表" }] },
];

const plan = (evidence: EvidenceItem[]) => checkSufficiency({ criteria, evidencePlan, evidence });

// A complete set: the two work products (files), an observation and a Q&A note, each linked.
const complete: EvidenceItem[] = [
  {
    id: "ev-企畫書",
    taskCode: "T1.1",
    kind: "file",
    workProductId: "wp-T1.1-O1.1.1",
    criterionIds: ["crit-P1.1.2", "crit-P1.1.3"],
  },
  { id: "ev-觀察-平台選擇", taskCode: "T1.1", kind: "observation", criterionIds: ["crit-P1.1.1"] },
  { id: "ev-時間表", taskId: "task-T1.2", kind: "link", workProductId: "wp-T1.2-O1.2.1", criterionIds: ["crit-P1.2.1"] },
  { id: "ev-口試-跨部門", taskCode: "T1.2", kind: "qa", criterionIds: ["crit-P1.2.2"] },
];

describe("sufficient: every criterion has evidence and every work product is there", () => {
  it("a complete set is sufficient", () => {
    const report = plan(complete);
    expect(report.sufficient).toBe(true);
    expect(report.tasks).toEqual([
      { taskId: "task-T1.1", taskCode: "T1.1", criteriaWithoutEvidence: [], missingWorkProducts: [], evidenceCount: 2, sufficient: true },
      { taskId: "task-T1.2", taskCode: "T1.2", criteriaWithoutEvidence: [], missingWorkProducts: [], evidenceCount: 2, sufficient: true },
    ]);
    expect(report.unlinked).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it("nothing recorded: every criterion and work product is missing", () => {
    const report = plan([]);
    expect(report.sufficient).toBe(false);
    expect(report.tasks[0].criteriaWithoutEvidence.map((c) => c.code)).toEqual(["P1.1.1", "P1.1.2", "P1.1.3"]);
    expect(report.tasks[0].missingWorkProducts).toEqual([{ id: "wp-T1.1-O1.1.1", code: "O1.1.1", title: "經營社群媒體企畫書" }]);
  });

  it("an observation counts only for the criteria it is linked to", () => {
    const report = plan(complete.filter((e) => e.id !== "ev-觀察-平台選擇"));
    expect(report.tasks[0].criteriaWithoutEvidence).toEqual([{ id: "crit-P1.1.1", code: "P1.1.1" }]);
    expect(report.tasks[0].sufficient).toBe(false);
    expect(report.tasks[1].sufficient).toBe(true);
    expect(report.sufficient).toBe(false);
  });

  it("all criteria covered but the work product missing is not sufficient", () => {
    const withoutPlan = complete.map((e) => (e.id === "ev-企畫書" ? { ...e, workProductId: null } : e));
    const report = plan(withoutPlan);
    expect(report.tasks[0].criteriaWithoutEvidence).toEqual([]);
    expect(report.tasks[0].missingWorkProducts.map((w) => w.code)).toEqual(["O1.1.1"]);
    expect(report.sufficient).toBe(false);
  });
});

describe("valid: an item maps to criteria", () => {
  it("an item linked to no criterion counts for none and is reported as unlinked", () => {
    const photo: EvidenceItem = { id: "ev-現場照片", taskCode: "T1.1", kind: "file", criterionIds: [] };
    const report = plan([photo]);
    expect(report.unlinked).toEqual([{ evidenceId: "ev-現場照片", taskId: "task-T1.1", taskCode: "T1.1" }]);
    expect(report.tasks[0].criteriaWithoutEvidence).toHaveLength(3);
    expect(report.tasks[0].evidenceCount).toBe(0);
  });

  it("an unlinked extra item does not spoil an otherwise sufficient set, but is still reported", () => {
    const report = plan([...complete, { id: "ev-筆記", taskCode: "T1.2", kind: "note", criterionIds: [] }]);
    expect(report.sufficient).toBe(true);
    expect(report.unlinked.map((u) => u.evidenceId)).toEqual(["ev-筆記"]);
  });

  it("an unlinked work-product file provides the product but no criterion, and asks to be linked", () => {
    const report = plan([{ id: "ev-企畫書", taskCode: "T1.1", kind: "file", workProductId: "wp-T1.1-O1.1.1", criterionIds: [] }]);
    expect(report.tasks[0].missingWorkProducts).toEqual([]);
    expect(report.tasks[0].criteriaWithoutEvidence).toHaveLength(3);
    expect(report.tasks[0].evidenceCount).toBe(1);
    expect(report.unlinked.map((u) => u.evidenceId)).toEqual(["ev-企畫書"]);
  });

  it("a link to another task's criterion in scope counts for that criterion", () => {
    const report = plan([{ id: "ev-企畫書", taskCode: "T1.1", kind: "file", criterionIds: ["crit-P1.2.1"] }]);
    expect(report.tasks[1].criteriaWithoutEvidence.map((c) => c.code)).toEqual(["P1.2.2"]);
    expect(report.tasks[0].evidenceCount).toBe(1);
  });

  it("withdrawn items count for nothing", () => {
    const report = plan(complete.map((e) => ({ ...e, withdrawnAt: new Date("2025-03-01T02:00:00Z") })));
    expect(report.tasks.every((t) => t.criteriaWithoutEvidence.length > 0)).toBe(true);
    expect(report.sufficient).toBe(false);
  });

  it("reports references that point nowhere; they count for nothing", () => {
    const report = plan([
      { id: "ev-1", taskCode: "T9.9", kind: "observation", criterionIds: ["crit-P1.1.1"] },
      { id: "ev-2", taskCode: "T1.1", kind: "observation", criterionIds: ["crit-P9.9.9"] },
      { id: "ev-3", taskCode: "T1.1", kind: "file", workProductId: "wp-nope", criterionIds: ["crit-P1.1.2"] },
      { id: "ev-4", taskCode: "T1.2", kind: "observation", workProductId: "wp-T1.2-O1.2.1", criterionIds: ["crit-P1.2.1"] },
      { id: "ev-5", taskId: "task-T3.1", kind: "qa", criterionIds: [] },
    ]);
    expect(report.problems).toEqual([
      { evidenceId: "ev-1", kind: "unknown_task", task: "T9.9" },
      { evidenceId: "ev-2", kind: "unknown_criterion", criterionId: "crit-P9.9.9" },
      { evidenceId: "ev-3", kind: "unknown_work_product", workProductId: "wp-nope" },
      { evidenceId: "ev-4", kind: "not_a_work_product", workProductId: "wp-T1.2-O1.2.1", evidenceKind: "observation" },
      { evidenceId: "ev-5", kind: "unknown_task", task: "task-T3.1" },
    ]);
    // The observation is not the 專案時間表 itself.
    expect(report.tasks[1].missingWorkProducts.map((w) => w.code)).toEqual(["O1.2.1"]);
    expect(report.problems.map(describeEvidenceProblem)[1]).toBe("佐證資料連結的評量規準 crit-P9.9.9 不在這位受評者的評量範圍內");
  });

  it("a task code that names two tasks (a standard's slip) is not guessed", () => {
    const twins = checkSufficiency({
      criteria: [
        { id: "c-a", code: "P1.1.1", taskId: "task-a", taskCode: "T1.1" },
        { id: "c-b", code: "P1.1.1", taskId: "task-b", taskCode: "T1.1" },
      ],
      evidencePlan: [],
      evidence: [{ id: "ev", taskCode: "T1.1", kind: "observation", criterionIds: ["c-a"] }],
    });
    expect(twins.problems).toEqual([{ evidenceId: "ev", kind: "ambiguous_task", task: "T1.1" }]);
    // The explicit criterion link still counts.
    expect(twins.tasks.map((t) => t.criteriaWithoutEvidence.length)).toEqual([0, 1]);
  });
});

describe("CriterionKeysSchema (Evidence.criterionKeysJson)", () => {
  it("accepts ids and refuses repeats", () => {
    expect(CriterionKeysSchema.parse(["crit-P1.1.1"])).toEqual(["crit-P1.1.1"]);
    expect(CriterionKeysSchema.safeParse(["crit-P1.1.1", "crit-P1.1.1"]).success).toBe(false);
  });
});

describe("on a generated assessment of the real standard", () => {
  const standard = JSON.parse(
    readFileSync(new URL("../../../tests/fixtures/standards/000_988f66f990932d6f.expected.json", import.meta.url), "utf8"),
  ) as ParsedStandard;
  const content = generateAssessment(standard);

  it("a reassessment of T3.1 only asks for T3.1's evidence", () => {
    const scope = scopeToTasks(content, ["T3.1"]);
    const report = checkSufficiency({ criteria: scope.criteria, evidencePlan: scope.evidencePlan, evidence: [] });
    expect(report.tasks.map((t) => t.taskCode)).toEqual(["T3.1"]);
    expect(report.tasks[0].criteriaWithoutEvidence.map((c) => c.code)).toEqual(
      content.criteria.filter((c) => c.taskCode === "T3.1").map((c) => c.code),
    );

    const evidence: EvidenceItem[] = [
      ...scope.evidencePlan[0].workProducts.map((wp) => ({
        id: `ev-${wp.code}`,
        taskCode: "T3.1",
        kind: "file" as const,
        workProductId: wp.id,
        criterionIds: scope.criteria.map((c) => c.id),
      })),
    ];
    expect(checkSufficiency({ criteria: scope.criteria, evidencePlan: scope.evidencePlan, evidence }).sufficient).toBe(true);
  });

  it("all seven tasks are reported, in plan order", () => {
    const report = checkSufficiency({ criteria: content.criteria, evidencePlan: content.evidencePlan, evidence: [] });
    expect(report.tasks.map((t) => t.taskCode)).toEqual(["T1.1", "T1.2", "T2.1", "T2.2", "T3.1", "T3.2", "T3.3"]);
    expect(report.tasks.flatMap((t) => t.criteriaWithoutEvidence)).toHaveLength(content.criteria.length);
  });
});
