import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedStandard } from "~/domain/standard/types";
import { AssessmentContentSchema } from "./content";
import { contentHash } from "./content-hash";
import { contentIds } from "./ids";
import { GenerationError, generateAssessment } from "./generate";
import { publishBlockers } from "./matrix";
import { findScale } from "./templates";
import { adaptIndicator } from "./wording";

// The hand-checked parse results of the five real iCAP exports are the generator's input.
const fixtureDir = new URL("../../../tests/fixtures/standards/", import.meta.url);
const fixtures = readdirSync(fixtureDir)
  .filter((name) => name.endsWith(".expected.json"))
  .sort()
  .map((name) => ({ name, standard: JSON.parse(readFileSync(new URL(name, fixtureDir), "utf8")) as ParsedStandard }));

function byCode(code: string): ParsedStandard {
  const fixture = fixtures.find((f) => f.standard.code === code);
  if (!fixture) throw new Error(`fixture ${code} missing`);
  return fixture.standard;
}

const allTasks = (standard: ParsedStandard) => standard.duties.flatMap((d) => d.tasks);

it("has the five real standards as fixtures", () => {
  expect(fixtures.map((f) => f.standard.code).sort()).toEqual([
    "IDC4R2523",
    "IDC5294-001v3",
    "KMC2431-005v4",
    "KMC2431-009v2",
    "KMC2431-012v1",
  ]);
});

describe.each(fixtures)("$name", ({ standard }) => {
  const draft = generateAssessment(standard);
  const tasks = allTasks(standard);

  it("makes one criterion per behaviour indicator, keeping its code, text and task", () => {
    const indicators = tasks.flatMap((t) => t.indicators.map((p) => ({ code: p.code, text: p.text, taskCode: t.code })));
    expect(draft.criteria).toHaveLength(indicators.length);
    expect(draft.criteria.map((c) => ({ code: c.code, text: c.text, taskCode: c.taskCode }))).toEqual(indicators);
  });

  it("gives every criterion four non-empty, distinct descriptors built from its indicator", () => {
    for (const criterion of draft.criteria) {
      expect(criterion.levels.map((l) => [l.score, l.label])).toEqual([
        [4, "優異"],
        [3, "達成"],
        [2, "部分達成"],
        [1, "未達成"],
      ]);
      const descriptors = criterion.levels.map((l) => l.descriptor);
      expect(new Set(descriptors).size).toBe(4);
      for (const descriptor of descriptors) {
        expect(descriptor.trim().length).toBeGreaterThan(criterion.text.length / 2);
        expect(descriptor).toContain(adaptIndicator(criterion.text));
        // Natural sentences: not the indicator with a label pasted in front, no template debris.
        expect(descriptor.startsWith(criterion.text)).toBe(false);
        expect(descriptor).not.toMatch(/[{}]|能能|。.|，，|，；|；，|。；/u);
        expect(descriptor.endsWith("。")).toBe(true);
      }
    }
  });

  it("covers every P, K, S and A of the chosen tasks in the matrix, with no gaps", () => {
    const expected = [
      ...tasks.flatMap((t) => t.indicators.map((p) => `P:${p.code}`)),
      ...new Set(tasks.flatMap((t) => t.knowledge.map((k) => `K:${k}`))),
      ...new Set(tasks.flatMap((t) => t.skills.map((s) => `S:${s}`))),
      ...standard.attitudes.map((a) => `A:${a.code}`),
    ];
    expect(new Set(draft.matrix.map((row) => `${row.kind}:${row.code}`))).toEqual(new Set(expected));
    for (const row of draft.matrix) expect(row.instruments.length, `${row.code} has no instrument`).toBeGreaterThan(0);
    expect(draft.gaps).toEqual([]);
  });

  it("plans evidence per task: outputs as work products, S and A observed, K asked", () => {
    expect(draft.evidencePlan.map((e) => e.taskCode)).toEqual(tasks.map((t) => t.code));
    draft.evidencePlan.forEach((entry, i) => {
      const task = tasks[i];
      if (task.outputs.length > 0) {
        expect(entry.workProducts.map(({ code, title }) => ({ code, title }))).toEqual(task.outputs);
      } else {
        expect(entry.workProducts).toHaveLength(1);
        expect(entry.workProducts[0].title).toContain(task.title);
      }
      expect(entry.checklist.map((c) => c.code)).toEqual([...task.skills, ...standard.attitudes.map((a) => a.code)]);
      expect(entry.questions.map((q) => q.code)).toEqual(task.knowledge);
      for (const question of entry.questions) {
        expect(question.prompt).toMatch(/^請說明/u);
        expect(question.prompt).toContain(`「${task.title}」`);
      }
    });
  });

  it("is a valid, JSON-serialisable draft with unique ids and nothing blocking publication", () => {
    expect(AssessmentContentSchema.parse(draft)).toEqual(draft);
    expect(JSON.parse(JSON.stringify(draft))).toEqual(draft);
    const ids = contentIds(draft);
    expect(new Set(ids).size).toBe(ids.length);
    expect(publishBlockers(draft, [])).toEqual([]);
  });

  it("is deterministic", () => {
    expect(contentHash(generateAssessment(standard))).toBe(contentHash(draft));
  });

  it("starts from the default decision rule: critical criteria ≥ 3, none at 1", () => {
    expect(draft.decisionRule.conditions).toEqual([
      { id: "critical-criteria", kind: "critical_criteria", minScore: 3 },
      { id: "no-lowest-level", kind: "every_criterion", minScore: 2 },
    ]);
    expect(draft.criteria.every((c) => c.critical)).toBe(true);
  });
});

describe("conditions", () => {
  it("takes the unit's 評量設計參考 conditions as written", () => {
    const unit = byCode("IDC4R2523");
    const draft = generateAssessment(unit);
    expect(draft.conditionsSource).toBe("assessment_guide");
    expect(draft.conditions).toEqual([
      "必須能夠在服務業工作場所展現的技能，包含：產業的工作場所、模擬的產業工作場所。",
      "評量必須確定能使用，包含資訊科技的硬體與軟體、線上資訊系統、社群媒體平台、社群媒體的使用與活動紀錄。",
      "評量人員需符合註冊訓練機構的標準條件。",
    ]);
    // The guide names no resource list or assessor requirements of its own: the template fills them.
    expect(draft.resources.length).toBeGreaterThan(0);
    expect(draft.assessorRequirements.some((r) => r.includes("利益衝突"))).toBe(true);
  });

  it("uses a simulated-workplace scenario naming the standard and the chosen tasks otherwise", () => {
    const draft = generateAssessment(byCode("KMC2431-009v2"), { taskCodes: ["T1.1", "T2.1"] });
    expect(draft.conditionsSource).toBe("template");
    expect(draft.conditions[0]).toContain("模擬職場");
    expect(draft.conditions[0]).toContain("社群媒體經營人員");
    expect(draft.conditions.join("")).toContain("T1.1 確立經營目標、受眾群與選擇社群平台；T2.1 規劃與執行主題內容");
    expect(draft.duration).toEqual({
      minutes: 140,
      text: "預估評量時間約 140 分鐘（2 項工作任務，每項約 60 分鐘實作及 10 分鐘口試問答）。",
    });
  });
});

describe("task subsets", () => {
  const standard = byCode("KMC2431-009v2");

  it("keeps only the chosen tasks, in the standard's order", () => {
    const draft = generateAssessment(standard, { taskCodes: ["T3.1", "T1.2"] });
    expect(draft.tasks.map((t) => t.code)).toEqual(["T1.2", "T3.1"]);
    expect(draft.criteria.map((c) => c.code)).toEqual(["P1.2.1", "P1.2.2", "P3.1.1", "P3.1.2"]);
    expect(draft.evidencePlan.map((e) => e.workProducts.map((w) => w.code))).toEqual([["O1.2.1"], ["O3.1.1", "O3.1.2"]]);
  });

  it("limits the matrix and the competencies to what the chosen tasks list", () => {
    const draft = generateAssessment(standard, { taskCodes: ["T1.2"] });
    const codes = (kind: string) => draft.matrix.filter((r) => r.kind === kind).map((r) => r.code);
    expect(codes("P")).toEqual(["P1.2.1", "P1.2.2"]);
    expect(codes("K")).toEqual(["K01", "K02", "K03", "K04"]);
    expect(codes("S")).toEqual(["S06", "S08", "S09", "S10", "S11"]);
    expect(codes("A")).toHaveLength(7);
    expect(draft.competencies.knowledge.map((k) => k.code)).toEqual(["K01", "K02", "K03", "K04"]);
  });

  it("works on a unit's numbered sections", () => {
    const draft = generateAssessment(byCode("IDC4R2523"), { taskCodes: ["T4"] });
    expect(draft.criteria.map((c) => c.code)).toEqual(["P4.1", "P4.2", "P4.3", "P4.4"]);
    expect(draft.tasks[0].level).toBe(4); // a unit's tasks take the unit's level
  });

  it("gives any subset of any standard exactly its own criteria, fully covered", () => {
    const subsets = fc.constantFrom(...fixtures.map((f) => f.standard)).chain((std) =>
      fc.tuple(fc.constant(std), fc.subarray(allTasks(std).map((t) => t.code!), { minLength: 1 })),
    );
    fc.assert(
      fc.property(subsets, ([std, codes]) => {
        const draft = generateAssessment(std, { taskCodes: codes });
        const chosen = allTasks(std).filter((t) => codes.includes(t.code!));
        expect(draft.tasks.map((t) => t.code)).toEqual(chosen.map((t) => t.code));
        expect(draft.criteria.map((c) => c.code)).toEqual(chosen.flatMap((t) => t.indicators.map((p) => p.code)));
        expect(draft.gaps).toEqual([]);
        expect(publishBlockers(draft, [])).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses an unknown task code, naming it and the known ones", () => {
    expect(() => generateAssessment(standard, { taskCodes: ["T1.1", "T9.9"] })).toThrow(GenerationError);
    expect(() => generateAssessment(standard, { taskCodes: ["T9.9"] })).toThrow(/T9\.9.*T1\.1, T1\.2/u);
    expect(() => generateAssessment(standard, { taskCodes: [] })).toThrow(GenerationError);
  });
});

describe("scales", () => {
  const standard = byCode("KMC2431-012v1");

  it.each([
    ["3", ["達成", "部分達成", "未達成"], 3],
    ["5", ["卓越", "優異", "達成", "部分達成", "未達成"], 3],
  ] as const)("offers the %s-level scale", (key, labels, competent) => {
    const scale = findScale(key);
    expect(scale).toBeDefined();
    const draft = generateAssessment(standard, { scale });
    for (const criterion of draft.criteria) {
      expect(criterion.levels.map((l) => l.label)).toEqual(labels);
      expect(new Set(criterion.levels.map((l) => l.descriptor)).size).toBe(labels.length);
    }
    expect(draft.decisionRule.conditions[0]).toMatchObject({ kind: "critical_criteria", minScore: competent });
    expect(publishBlockers(draft, [])).toEqual([]);
  });

  it("finds scales by id too, and nothing else", () => {
    expect(findScale("four-level")?.levels).toHaveLength(4);
    expect(findScale("7")).toBeUndefined();
  });
});

describe("wording follows the task's 職能級別", () => {
  // KMC2431-009v2: T1.1 is level 4, T2.1 level 3.
  const draft = generateAssessment(byCode("KMC2431-009v2"));
  const criterion = (code: string) => draft.criteria.find((c) => c.code === code)!;

  it("words a level-4 task for independent planning and a level-3 task for general supervision", () => {
    const level4 = criterion("P1.1.1").levels.map((l) => l.descriptor);
    const level3 = criterion("P2.1.1").levels.map((l) => l.descriptor);
    expect(level4[0]).toBe(
      "能在少量督導下獨立規劃，依據組織目標及品牌經營策略選定適合的社群媒體；即使情境經常變動，成果仍完整精確，並能說明判斷依據與取捨。",
    );
    expect(level3[1]).toBe(
      "能在一般督導下獨立因應產業環境、時事與競爭對手，蒐集資料，研究與規劃發文策略，擬定發文要項；在部分變動、非例行的情境中成果正確、完整。",
    );
    // Same score, different level: the wording around the indicator differs at every score.
    const frame = (descriptor: string, text: string) => descriptor.replace(adaptIndicator(text), "…");
    for (let i = 0; i < 4; i++) {
      expect(frame(level4[i], criterion("P1.1.1").text)).not.toBe(frame(level3[i], criterion("P2.1.1").text));
    }
  });
});
