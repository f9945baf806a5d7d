import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParsedStandard } from "~/domain/standard/types";
import type { AssessmentContent } from "./content";
import { generateAssessment } from "./generate";
import { IdAllocator, newItemId } from "./ids";
import { computeMatrix, publishBlockers } from "./matrix";

const standard = JSON.parse(
  readFileSync(new URL("../../../tests/fixtures/standards/000_988f66f990932d6f.expected.json", import.meta.url), "utf8"),
) as ParsedStandard;

/** A fresh draft of T1.1 and T1.2 (both list K01–K04) that a test may edit freely. */
function draft(): AssessmentContent {
  return generateAssessment(standard, { taskCodes: ["T1.1", "T1.2"] });
}

function removeQuestions(content: AssessmentContent, code: string, taskCode?: string): AssessmentContent {
  return {
    ...content,
    evidencePlan: content.evidencePlan.map((entry) =>
      taskCode && entry.taskCode !== taskCode
        ? entry
        : { ...entry, questions: entry.questions.filter((q) => q.code !== code) },
    ),
  };
}

describe("computeMatrix", () => {
  it("names the instruments of each code", () => {
    const { matrix } = computeMatrix(draft());
    const row = (code: string) => matrix.find((r) => r.code === code);
    expect(row("P1.1.1")).toMatchObject({
      kind: "P",
      taskCodes: ["T1.1"],
      instruments: ["T1.1 評分規準 P1.1.1", "T1.1 工作產出審查 O1.1.1"],
      itemIds: ["crit-P1.1.1", "wp-T1.1-O1.1.1"],
    });
    expect(row("K02")).toMatchObject({
      kind: "K",
      title: "個人資料保護法",
      taskCodes: ["T1.1", "T1.2"],
      instruments: ["T1.1 口試問答", "T1.2 口試問答"],
      itemIds: ["q-T1.1-K02", "q-T1.2-K02"],
    });
    expect(row("S06")?.instruments).toEqual(["T1.1 觀察檢核", "T1.2 觀察檢核"]);
    expect(row("A03")?.instruments).toEqual(["T1.1 觀察檢核", "T1.2 觀察檢核"]);
  });

  it("keeps a K covered while another task still asks about it", () => {
    expect(computeMatrix(removeQuestions(draft(), "K03", "T1.1")).gaps).toEqual([]);
  });

  it("shows a K as a gap once its last question is removed", () => {
    const { matrix, gaps } = computeMatrix(removeQuestions(draft(), "K03"));
    expect(gaps).toEqual(["K03"]);
    expect(matrix.find((r) => r.code === "K03")?.instruments).toEqual([]);
  });

  it("shows a P as a gap when its criterion is deleted, even though the work product remains", () => {
    const content = draft();
    const edited = { ...content, criteria: content.criteria.filter((c) => c.code !== "P1.2.2") };
    expect(computeMatrix(edited).gaps).toEqual(["P1.2.2"]);
  });

  it("shows S and A gaps when checklist items are removed", () => {
    const content = draft();
    const edited = {
      ...content,
      evidencePlan: content.evidencePlan.map((e) => ({ ...e, checklist: e.checklist.filter((c) => c.code !== "S09" && c.code !== "A05") })),
    };
    expect(computeMatrix(edited).gaps).toEqual(["S09", "A05"]);
  });

  it("counts a question an editor added under another task", () => {
    const content = removeQuestions(draft(), "K03");
    const [first, ...rest] = content.evidencePlan;
    const added = { id: newItemId(content, "q"), code: "K03", mode: "written" as const, prompt: "請說明著作權法的合理使用範圍。" };
    const edited = { ...content, evidencePlan: [{ ...first, questions: [...first.questions, added] }, ...rest] };
    const { matrix, gaps } = computeMatrix(edited);
    expect(gaps).toEqual([]);
    expect(matrix.find((r) => r.code === "K03")).toMatchObject({ instruments: ["T1.1 筆試問答"], itemIds: ["q-new-1"] });
  });
});

describe("publishBlockers", () => {
  const withGap = () => removeQuestions(draft(), "K01");

  it("blocks publishing on a gap without a written waiver", () => {
    expect(publishBlockers(withGap(), [])).toEqual([
      { kind: "unwaived_gap", code: "K01", message: "K01 沒有任何評量工具評量，需補上或寫明豁免理由" },
    ]);
    expect(publishBlockers(withGap(), [{ code: "K01", reason: "  " }])).toHaveLength(1);
    expect(publishBlockers(withGap(), [{ code: "K02", reason: "由筆試評量" }])).toHaveLength(1);
  });

  it("lets a gap through once waived with a reason", () => {
    expect(publishBlockers(withGap(), [{ code: "K01", reason: "廣電三法改由學科測驗評量" }])).toEqual([]);
  });

  it("recomputes the gaps instead of trusting the stored ones", () => {
    expect(publishBlockers({ ...withGap(), gaps: [] }, [])).toHaveLength(1);
  });

  it("blocks empty or repeated descriptors and levels off the scale", () => {
    const content = draft();
    const [first, second, third, ...rest] = content.criteria;
    const edited: AssessmentContent = {
      ...content,
      criteria: [
        { ...first, levels: first.levels.map((l, i) => (i === 0 ? { ...l, descriptor: "" } : l)) },
        { ...second, levels: second.levels.map((l) => ({ ...l, descriptor: "同一描述" })) },
        { ...third, levels: third.levels.slice(0, 3) },
        ...rest,
      ],
    };
    expect(publishBlockers(edited, []).map((b) => [b.kind, b.code])).toEqual([
      ["criterion_levels", "P1.1.1"],
      ["criterion_levels", "P1.1.2"],
      ["criterion_levels", "P1.1.3"],
    ]);
  });

  it("blocks a decision rule that does not fit the criteria, and an empty rubric", () => {
    const content = draft();
    const edited: AssessmentContent = {
      ...content,
      decisionRule: {
        ...content.decisionRule,
        conditions: [
          ...content.decisionRule.conditions,
          { id: "safety", kind: "criterion_group", label: "安全", criterionIds: ["crit-gone"], threshold: { unit: "points", value: 3 } },
        ],
      },
    };
    expect(publishBlockers(edited, []).map((b) => b.kind)).toEqual(["decision_rule", "decision_rule"]);
    const empty = { ...content, criteria: [] };
    expect(publishBlockers(empty, []).map((b) => b.kind)).toContain("no_criteria");
  });
});

describe("ids", () => {
  it("derives unique ids from codes, whatever slips the standard has", () => {
    const ids = new IdAllocator(["crit-P1.1.1"]);
    expect([ids.take("crit-P1.1.1"), ids.take("crit-P1.1.1"), ids.take("crit-P1.1.2")]).toEqual([
      "crit-P1.1.1-2",
      "crit-P1.1.1-3",
      "crit-P1.1.2",
    ]);
  });

  it("gives rows an editor adds fresh ids", () => {
    const content = draft();
    expect(newItemId(content, "chk")).toBe("chk-new-1");
    const [first, ...rest] = content.evidencePlan;
    const withOne = { ...content, evidencePlan: [{ ...first, checklist: [...first.checklist, { id: "chk-new-1", code: null, text: "自訂項目" }] }, ...rest] };
    expect(newItemId(withOne, "chk")).toBe("chk-new-2");
  });

  it("keeps ids unique when a standard reuses a code or leaves one out", () => {
    const sloppy: ParsedStandard = {
      ...standard,
      duties: [
        {
          code: "T1",
          title: "職責",
          tasks: [
            { code: "T1.1", title: "任務一", level: 3, outputs: [{ code: "O1.1.1", title: "報告" }], indicators: [{ code: "P1.1.1", text: "撰寫報告。" }, { code: null, text: "提交報告。" }], knowledge: ["K01"], skills: ["S01"] },
            { code: "T1.2", title: "任務二", level: 3, outputs: [{ code: "O1.1.1", title: "報告" }], indicators: [{ code: "P1.1.1", text: "修訂報告。" }], knowledge: ["K99"], skills: [] },
          ],
        },
      ],
    };
    const content = generateAssessment(sloppy);
    expect(content.criteria.map((c) => c.id)).toEqual(["crit-P1.1.1", "crit-T1.1-2", "crit-P1.1.1-2"]);
    expect(content.evidencePlan.map((e) => e.workProducts[0].id)).toEqual(["wp-T1.1-O1.1.1", "wp-T1.2-O1.1.1"]);
    // A K the task lists but the standard never defines is still asked about, still traced, and reported.
    expect(content.matrix.find((r) => r.code === "K99")).toMatchObject({ title: "K99", instruments: ["T1.2 口試問答"] });
    expect(content.warnings).toEqual(["T1.2 列出的知識 K99 未見於職能內涵 (K)，問題以代碼代替"]);
  });
});
