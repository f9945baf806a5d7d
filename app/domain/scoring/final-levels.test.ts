import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import type { DecisionRule, ScorableCriterion } from "./decision-rule";
import { FinalLevelsInputError, finalLevels, levelsOf, type AssessorScore, type FinalLevelsInput } from "./final-levels";

const FOUR_LEVELS = [{ score: 4 }, { score: 3 }, { score: 2 }, { score: 1 }];

// KMC2431-009v2 社群媒體經營人員, T1.1 確立經營目標、受眾群與選擇社群平台 and T1.2 協調跨部門資源.
const criteria: ScorableCriterion[] = [
  { id: "crit-P1.1.1", code: "P1.1.1", taskId: "task-T1.1", taskCode: "T1.1", critical: true, levels: FOUR_LEVELS },
  { id: "crit-P1.1.2", code: "P1.1.2", taskId: "task-T1.1", taskCode: "T1.1", critical: true, levels: FOUR_LEVELS },
  { id: "crit-P1.1.3", code: "P1.1.3", taskId: "task-T1.1", taskCode: "T1.1", critical: false, levels: FOUR_LEVELS },
  { id: "crit-P1.2.1", code: "P1.2.1", taskId: "task-T1.2", taskCode: "T1.2", critical: true, levels: FOUR_LEVELS },
];
const [P111, P112, P113, P121] = criteria.map((c) => c.id);

const rule: DecisionRule = {
  conditions: [
    { id: "critical-criteria", kind: "critical_criteria", minScore: 3 },
    { id: "no-lowest-level", kind: "every_criterion", minScore: 2 },
  ],
  criticalFaults: [],
};

/** Scores of one assessor in criterion order; undefined leaves a criterion unscored. */
function by(assessorId: string, ...levels: (number | undefined)[]): AssessorScore[] {
  return levels.flatMap((level, i) => (level === undefined ? [] : [{ assessorId, criterionId: criteria[i].id, level }]));
}

describe("one assessor", () => {
  it("their level is the final level", () => {
    const result = finalLevels({ criteria, assessorIds: ["王評審"], scores: by("王評審", 4, 3, undefined, 2) });
    expect(result.criteria.map((c) => [c.code, c.state, c.level])).toEqual([
      ["P1.1.1", "single", 4],
      ["P1.1.2", "single", 3],
      ["P1.1.3", "unscored", null],
      ["P1.2.1", "single", 2],
    ]);
    expect(result.scores).toEqual({ [P111]: 4, [P112]: 3, [P113]: null, [P121]: 2 });
    expect(result.progress).toEqual({ criteria: 4, assessors: 1, scores: 3, assessorsComplete: 0, unresolved: 0, final: 3 });
  });

  it("a stray resolution is moot", () => {
    const result = finalLevels({
      criteria,
      assessorIds: ["王評審"],
      scores: by("王評審", 4, 3, 3, 3),
      resolutions: [{ criterionId: P111, level: 1 }],
    });
    expect(result.scores[P111]).toBe(4);
  });
});

describe("two assessors", () => {
  const assessorIds = ["王評審", "李評審"];

  it.each([
    ["equal levels → that level", [3], [3], undefined, "agreed", 3],
    ["different levels, no resolution → unresolved", [4], [2], undefined, "unresolved", null],
    ["different levels, resolved → the resolution's level", [4], [2], 3, "resolved", 3],
    ["equal levels with a stale resolution → the agreed level", [3], [3], 2, "agreed", 3],
    ["only the first has scored → waiting for the second", [3], [undefined], undefined, "partly_scored", null],
    ["only the second has scored → waiting for the first", [undefined], [2], undefined, "partly_scored", null],
    ["neither has scored", [undefined], [undefined], undefined, "unscored", null],
  ] as const)("%s", (_, first, second, resolved, state, level) => {
    const result = finalLevels({
      criteria: criteria.slice(0, 1),
      assessorIds,
      scores: [...by("王評審", ...first), ...by("李評審", ...second)],
      resolutions: resolved === undefined ? [] : [{ criterionId: P111, level: resolved }],
    });
    expect(result.criteria[0]).toMatchObject({ state, level, assessorLevels: [first[0] ?? null, second[0] ?? null] });
  });

  it("counts what the status projection needs", () => {
    const result = finalLevels({
      criteria,
      assessorIds,
      scores: [...by("王評審", 4, 3, 3, 2), ...by("李評審", 4, 2, 3, 3)],
      resolutions: [{ criterionId: P112, level: 3 }],
    });
    expect(result.criteria.map((c) => c.state)).toEqual(["agreed", "resolved", "agreed", "unresolved"]);
    expect(result.progress).toEqual({ criteria: 4, assessors: 2, scores: 8, assessorsComplete: 2, unresolved: 1, final: 3 });
  });

  it("feeds decide(): unresolved is incomplete, resolved decides", () => {
    const scores = [...by("王評審", 4, 3, 3, 2), ...by("李評審", 4, 2, 3, 3)];
    const open = finalLevels({ criteria, assessorIds, scores, resolutions: [{ criterionId: P112, level: 3 }] });
    expect(decide({ rule, criteria, scores: open.scores }).decision).toBe("incomplete");

    const settled = finalLevels({
      criteria,
      assessorIds,
      scores,
      resolutions: [
        { criterionId: P112, level: 3 },
        { criterionId: P121, level: 2 },
      ],
    });
    const result = decide({ rule, criteria, scores: settled.scores });
    expect(result.decision).toBe("not_yet_competent");
    expect(result.reasons).toEqual(["評量規準 P1.2.1 需達 3 分，實得 2 分"]);
    expect(result.total).toEqual({ earned: 12, max: 16, percent: 75 });
  });

  it("property: the final level is always one of the scale, and present exactly when settled", () => {
    const level = fc.option(fc.constantFrom(1, 2, 3, 4), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(level, level, level), { minLength: 4, maxLength: 4 }), (rows) => {
        const result = finalLevels({
          criteria,
          assessorIds,
          scores: [...by("王評審", ...rows.map((r) => r[0])), ...by("李評審", ...rows.map((r) => r[1]))],
          resolutions: rows.flatMap((r, i) => (r[2] === undefined ? [] : [{ criterionId: criteria[i].id, level: r[2] }])),
        });
        for (const row of result.criteria) {
          const settled = row.state === "agreed" || row.state === "resolved";
          expect(row.level !== null).toBe(settled);
          if (row.level !== null) expect([1, 2, 3, 4]).toContain(row.level);
        }
        expect(result.progress.final + result.progress.unresolved).toBeLessThanOrEqual(4);
        // Never throws in decide(): the output is always a valid scores argument.
        decide({ rule, criteria, scores: result.scores });
      }),
    );
  });
});

describe("levelsOf", () => {
  it("picks one assessor's levels, keyed by criterion id", () => {
    const scores = [...by("王評審", 4, 3), ...by("李評審", 2)];
    expect(levelsOf(scores, "王評審")).toEqual({ [P111]: 4, [P112]: 3 });
    expect(levelsOf(scores, "李評審")).toEqual({ [P111]: 2 });
  });
});

describe("data that contradicts the assignment or the version is rejected", () => {
  const base: FinalLevelsInput = { criteria, assessorIds: ["王評審", "李評審"], scores: [] };
  it.each([
    ["three assessors", { ...base, assessorIds: ["王評審", "李評審", "陳評審"] }, /最多由 2 位/u],
    ["the same assessor twice", { ...base, assessorIds: ["王評審", "王評審"] }, /重複指派/u],
    ["a score by someone not assigned", { ...base, scores: by("陳評審", 3) }, /陳評審 未被指派/u],
    ["a score for an unknown criterion", { ...base, scores: [{ assessorId: "王評審", criterionId: "crit-P9", level: 3 }] }, /不存在的評量規準：crit-P9/u],
    ["a level not on the scale", { ...base, scores: by("王評審", 5) }, /等級 5 不在量尺上/u],
    ["two scores by one assessor for one criterion", { ...base, scores: [...by("王評審", 3), ...by("王評審", 2)] }, /兩筆評分/u],
    ["a resolution off the scale", { ...base, resolutions: [{ criterionId: P111, level: 0 }] }, /協調結果.*等級 0/u],
    [
      "two resolutions for one criterion",
      { ...base, resolutions: [{ criterionId: P111, level: 3 }, { criterionId: P111, level: 2 }] },
      /兩筆協調結果/u,
    ],
  ] as [string, FinalLevelsInput, RegExp][])("%s", (_, input, message) => {
    expect(() => finalLevels(input)).toThrow(FinalLevelsInputError);
    expect(() => finalLevels(input)).toThrow(message);
  });
});
