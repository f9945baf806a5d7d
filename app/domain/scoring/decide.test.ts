import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecisionInputError, decide, type DecideInput } from "./decide";
import { DecisionRuleSchema, checkDecisionRule, type DecisionRule, type ScorableCriterion } from "./decision-rule";

const FOUR_LEVELS = [{ score: 4 }, { score: 3 }, { score: 2 }, { score: 1 }];

function criterion(code: string, taskCode: string, critical = true): ScorableCriterion {
  return { id: `crit-${code}`, code, taskId: `task-${taskCode}`, taskCode, critical, levels: FOUR_LEVELS };
}

// Two tasks: T1.1 with three criteria (P1.1.3 not critical), T1.2 with two.
const criteria = [
  criterion("P1.1.1", "T1.1"),
  criterion("P1.1.2", "T1.1"),
  criterion("P1.1.3", "T1.1", false),
  criterion("P1.2.1", "T1.2"),
  criterion("P1.2.2", "T1.2"),
];

const defaultRule: DecisionRule = {
  conditions: [
    { id: "critical-criteria", kind: "critical_criteria", minScore: 3 },
    { id: "no-lowest-level", kind: "every_criterion", minScore: 2 },
  ],
  criticalFaults: [{ id: "fault-authenticity", text: "作弊或冒名頂替" }],
};

/** Scores in criterion order, e.g. scores(3, 3, 2, 4, 3); undefined leaves a criterion unscored. */
function scores(...values: (number | undefined)[]): DecideInput["scores"] {
  return Object.fromEntries(values.map((v, i) => [criteria[i].id, v]));
}

describe("the default rule: critical criteria ≥ 3, none at 1", () => {
  it.each([
    ["all met", scores(3, 3, 3, 3, 3), "competent", []],
    ["a non-critical criterion partly met", scores(4, 3, 2, 3, 4), "competent", []],
    ["a critical criterion partly met", scores(3, 2, 3, 3, 3), "not_yet_competent", ["評量規準 P1.1.2 需達 3 分，實得 2 分"]],
    [
      "a non-critical criterion not met",
      scores(3, 3, 1, 3, 3),
      "not_yet_competent",
      ["評量規準 P1.1.3 需達 2 分，實得 1 分"],
    ],
    [
      "a critical criterion not met fails both conditions",
      scores(3, 3, 3, 1, 3),
      "not_yet_competent",
      ["評量規準 P1.2.1 需達 3 分，實得 1 分", "評量規準 P1.2.1 需達 2 分，實得 1 分"],
    ],
  ] as const)("%s → %s", (_, given, decision, reasons) => {
    const result = decide({ rule: defaultRule, criteria, scores: given });
    expect(result.decision).toBe(decision);
    expect(result.reasons).toEqual(reasons);
  });

  it("totals per task and overall", () => {
    const result = decide({ rule: defaultRule, criteria, scores: scores(4, 3, 2, 3, 2) });
    expect(result.total).toEqual({ earned: 14, max: 20, percent: 70 });
    expect(result.tasks).toEqual([
      { taskId: "task-T1.1", taskCode: "T1.1", status: "competent", earned: 9, max: 12, percent: 75 },
      { taskId: "task-T1.2", taskCode: "T1.2", status: "not_yet_competent", earned: 5, max: 8, percent: 62.5 },
    ]);
    expect(result.gaps).toEqual([
      { kind: "criterion", conditionId: "critical-criteria", criterionId: "crit-P1.2.2", code: "P1.2.2", taskCode: "T1.2", score: 2, required: 3 },
    ]);
  });
});

describe("missing scores", () => {
  it("make the result incomplete, never a silent 0", () => {
    const result = decide({ rule: defaultRule, criteria, scores: scores(4, 3, undefined, 3, 3) });
    expect(result.decision).toBe("incomplete");
    expect(result.total).toEqual({ earned: null, max: 20, percent: null });
    expect(result.tasks.map((t) => [t.taskCode, t.status, t.earned])).toEqual([
      ["T1.1", "incomplete", null],
      ["T1.2", "competent", 6],
    ]);
    expect(result.missing).toEqual([{ criterionId: "crit-P1.1.3", code: "P1.1.3", taskCode: "T1.1" }]);
    expect(result.reasons).toEqual(["尚未評分：P1.1.3"]);
    // P1.1.3 is not critical: the critical condition is already known to hold.
    expect(result.conditions.map((c) => c.passed)).toEqual([true, null]);
  });

  it("still show what has already failed", () => {
    const result = decide({ rule: defaultRule, criteria, scores: { [criteria[0].id]: 1, [criteria[1].id]: null } });
    expect(result.decision).toBe("incomplete");
    expect(result.conditions.map((c) => c.passed)).toEqual([false, false]);
    expect(result.reasons.at(-1)).toBe("尚未評分：P1.1.2、P1.1.3、P1.2.1、P1.2.2");
  });
});

describe("critical faults (重大缺點)", () => {
  it("fail the candidate whatever the scores", () => {
    const result = decide({ rule: defaultRule, criteria, scores: scores(4, 4, 4, 4, 4), faults: ["fault-authenticity"] });
    expect(result.decision).toBe("not_yet_competent");
    expect(result.faults).toEqual([{ id: "fault-authenticity", text: "作弊或冒名頂替" }]);
    expect(result.reasons).toEqual(["發生重大缺點：作弊或冒名頂替"]);
  });

  it("fail the candidate even when the assessment stopped before everything was scored", () => {
    const result = decide({ rule: defaultRule, criteria, scores: scores(4), faults: ["fault-authenticity"] });
    expect(result.decision).toBe("not_yet_competent");
  });
});

describe("part thresholds, as the national skill tests use them", () => {
  const skillTestRule: DecisionRule = DecisionRuleSchema.parse({
    conditions: [
      { id: "each-task", kind: "each_task", threshold: { unit: "percent", value: 60 } },
      {
        id: "communication",
        kind: "criterion_group",
        label: "溝通協調",
        criterionIds: ["crit-P1.1.2", "crit-P1.2.1"],
        threshold: { unit: "points", value: 6 },
      },
      { id: "total", kind: "total", threshold: { unit: "percent", value: 70 } },
    ],
    criticalFaults: [],
  });

  it.each([
    ["every part over its threshold", scores(3, 3, 3, 3, 3), "competent", []],
    ["exactly on the group and total thresholds", scores(4, 3, 2, 3, 2), "competent", []],
    ["one task under 60%", scores(4, 4, 4, 3, 1), "not_yet_competent", ["工作任務 T1.2：4／8 分，未達門檻 60%"]],
    ["a group under its points", scores(4, 2, 4, 3, 4), "not_yet_competent", ["評分群組「溝通協調」：5／8 分，未達門檻 6 分"]],
    ["the total under 70%", scores(3, 3, 2, 3, 2), "not_yet_competent", ["總分：13／20 分，未達門檻 70%"]],
  ] as const)("%s → %s", (_, given, decision, reasons) => {
    const result = decide({ rule: skillTestRule, criteria, scores: given });
    expect(result.decision).toBe(decision);
    expect(result.reasons).toEqual(reasons);
  });

  it("guards a zero maximum: no criteria, no division", () => {
    const totalOnly: DecisionRule = { conditions: [{ id: "total", kind: "total", threshold: { unit: "percent", value: 70 } }], criticalFaults: [] };
    const result = decide({ rule: totalOnly, criteria: [], scores: {} });
    expect(result.total).toEqual({ earned: 0, max: 0, percent: null });
    expect(result.decision).toBe("competent");
  });
});

describe("input that contradicts the assessment version is rejected, not coerced", () => {
  it.each([
    ["a level not on the scale", { rule: defaultRule, criteria, scores: { "crit-P1.1.1": 7 } }, /P1\.1\.1 的分數 7 不在量尺上/u],
    ["a fractional level", { rule: defaultRule, criteria, scores: { "crit-P1.1.1": 2.5 } }, /不在量尺上/u],
    ["a score for an unknown criterion", { rule: defaultRule, criteria, scores: { "crit-P9": 3 } }, /不存在的評量規準：crit-P9/u],
    ["an unknown fault", { rule: defaultRule, criteria, scores: {}, faults: ["fault-x"] }, /fault-x/u],
    [
      "a rule the criteria cannot meet",
      { rule: { conditions: [{ id: "c", kind: "critical_criteria", minScore: 5 }], criticalFaults: [] }, criteria, scores: {} },
      /要求至少 5 分/u,
    ],
    ["duplicate criterion ids", { rule: defaultRule, criteria: [criteria[0], criteria[0]], scores: {} }, /識別碼重複/u],
  ] as [string, DecideInput, RegExp][])("%s", (_, input, message) => {
    expect(() => decide(input)).toThrow(DecisionInputError);
    expect(() => decide(input)).toThrow(message);
  });
});

describe("checkDecisionRule", () => {
  it("accepts the default rule and names what does not fit", () => {
    expect(checkDecisionRule(defaultRule, criteria)).toEqual([]);
    const rule: DecisionRule = {
      conditions: [
        { id: "a", kind: "each_task", threshold: { unit: "points", value: 10 } },
        { id: "a", kind: "total", threshold: { unit: "points", value: 21 } },
        { id: "g", kind: "criterion_group", label: "群組", criterionIds: ["crit-P1.1.1", "crit-P1.1.1"], threshold: { unit: "percent", value: 50 } },
      ],
      criticalFaults: [
        { id: "f", text: "一" },
        { id: "f", text: "二" },
      ],
    };
    expect(checkDecisionRule(rule, criteria)).toEqual([
      "判定條件 a 要求每項工作任務至少 10 分，但工作任務 T1.2 滿分只有 8 分",
      "判定條件識別碼重複：a",
      "總分門檻 21 分高於滿分 20 分",
      "評分群組「群組」重複列出同一評量規準",
      "重大缺點識別碼重複：f",
    ]);
  });

  it("refuses impossible thresholds when the rule is parsed", () => {
    expect(DecisionRuleSchema.safeParse({ conditions: [{ id: "t", kind: "total", threshold: { unit: "percent", value: 120 } }], criticalFaults: [] }).success).toBe(false);
    expect(DecisionRuleSchema.safeParse({ conditions: [{ id: "t", kind: "total", threshold: { unit: "points", value: -1 } }], criticalFaults: [] }).success).toBe(false);
  });
});

describe("properties", () => {
  const scoreVector = fc.array(fc.constantFrom(1, 2, 3, 4), { minLength: criteria.length, maxLength: criteria.length });
  const rules = fc.constantFrom<DecisionRule>(defaultRule, {
    conditions: [
      { id: "each", kind: "each_task", threshold: { unit: "percent", value: 60 } },
      { id: "total", kind: "total", threshold: { unit: "points", value: 14 } },
    ],
    criticalFaults: [],
  });

  it("never lets a better score turn competent into not yet competent", () => {
    fc.assert(
      fc.property(rules, scoreVector, fc.nat({ max: criteria.length - 1 }), (rule, values, i) => {
        const before = decide({ rule, criteria, scores: scores(...values) });
        const raised = values.map((v, j) => (j === i ? Math.min(4, v + 1) : v));
        const after = decide({ rule, criteria, scores: scores(...raised) });
        if (before.decision === "competent") expect(after.decision).toBe("competent");
      }),
    );
  });

  it("keeps totals within bounds and gives reasons exactly when not competent", () => {
    fc.assert(
      fc.property(rules, scoreVector, (rule, values) => {
        const result = decide({ rule, criteria, scores: scores(...values) });
        expect(result.total.earned).toBe(values.reduce((a, b) => a + b, 0));
        expect(result.total.percent).toBeGreaterThanOrEqual(25);
        expect(result.total.percent).toBeLessThanOrEqual(100);
        expect(result.reasons.length === 0).toBe(result.decision === "competent");
      }),
    );
  });
});
