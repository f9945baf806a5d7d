import { describe, expect, it } from "vitest";
import {
  ConflictDeclarationSchema,
  assessorMeetsRequirements,
  assignmentBlocked,
  assignmentEligibility,
  assignmentState,
  type ConflictDeclaration,
} from "./conflicts";

// From KMC2431-009v2's 評量設計參考 style of text: free text no program can match.
const requirements = ["具社群媒體經營相關工作經驗 3 年以上", "完成職能評量人員培訓課程"];

describe("conflict of interest declaration", () => {
  it.each<[string, unknown, ConflictDeclaration]>([
    ["no conflict", { relationship: "none" }, { relationship: "none", note: null }],
    ["trainer, without a note", { relationship: "trainer", note: "" }, { relationship: "trainer", note: null }],
    ["relative, with a note", { relationship: "relative", note: " 表姊 " }, { relationship: "relative", note: "表姊" }],
    ["other, explained", { relationship: "other", note: "曾為同一社團幹部" }, { relationship: "other", note: "曾為同一社團幹部" }],
  ])("accepts %s", (_, input, parsed) => {
    expect(ConflictDeclarationSchema.parse(input)).toEqual(parsed);
  });

  it.each([
    ["other without saying what", { relationship: "other", note: " " }, "選擇「其他關係」時請說明"],
    ["no choice", {}, "請選擇與受評者的關係"],
    ["an unknown relationship", { relationship: "friend" }, "請選擇與受評者的關係"],
  ])("refuses %s", (_, input, message) => {
    expect(ConflictDeclarationSchema.safeParse(input).error?.issues[0].message).toBe(message);
  });

  it.each<[ConflictDeclaration | null, ReturnType<typeof assignmentState>, boolean]>([
    [null, "awaiting_declaration", false],
    [{ relationship: "none", note: null }, "clear", false],
    [{ relationship: "trainer", note: null }, "blocked", true],
    [{ relationship: "relative", note: "表姊" }, "blocked", true],
    [{ relationship: "colleague", note: null }, "blocked", true],
    [{ relationship: "other", note: "曾為同一社團幹部" }, "blocked", true],
  ])("%j → %s", (declaration, state, blocked) => {
    expect(assignmentState(declaration)).toBe(state);
    expect(assignmentBlocked(declaration)).toBe(blocked);
  });
});

describe("assessorMeetsRequirements: one recorded qualification, confirmed by the admin against the list", () => {
  it("met with a qualification; the requirements come back for the admin to confirm", () => {
    expect(assessorMeetsRequirements(["職能評量人員研習證明（勞動部勞動力發展署）"], requirements)).toEqual({
      met: true,
      requirements,
      qualifications: ["職能評量人員研習證明（勞動部勞動力發展署）"],
      message: null,
    });
  });

  it.each([[[]], [["", "  "]]])("not met with none recorded (%j)", (qualifications) => {
    const check = assessorMeetsRequirements(qualifications, requirements);
    expect(check.met).toBe(false);
    expect(check.message).toBe("這位評量人員尚未登錄任何資格，請先登錄資格或填寫指派理由");
  });

  it("needs a qualification even when the assessment lists no requirement", () => {
    expect(assessorMeetsRequirements([], []).met).toBe(false);
    expect(assessorMeetsRequirements(["社群行銷實務 5 年"], []).met).toBe(true);
  });
});

describe("assignmentEligibility", () => {
  const clear: ConflictDeclaration = { relationship: "none", note: null };
  const colleague: ConflictDeclaration = { relationship: "colleague", note: null };

  it.each<[string, Parameters<typeof assignmentEligibility>[0], boolean, string[], boolean]>([
    ["qualified and clear", { qualifications: ["社群行銷實務 5 年"], requirements, declaration: clear }, true, [], false],
    ["qualified, not declared yet", { qualifications: ["社群行銷實務 5 年"], requirements, declaration: null }, true, [], false],
    ["no qualification", { qualifications: [], requirements, declaration: clear }, false, ["no_qualification"], false],
    [
      "no qualification, overridden with a reason",
      { qualifications: [], requirements, declaration: clear, override: { reason: "資格證明已繳交，尚待登錄" } },
      true,
      [],
      true,
    ],
    [
      "an override too short to be a reason",
      { qualifications: [], requirements, declaration: clear, override: { reason: "OK" } },
      false,
      ["no_qualification"],
      false,
    ],
    ["a declared conflict", { qualifications: ["社群行銷實務 5 年"], requirements, declaration: colleague }, false, ["conflict"], false],
    [
      "a declared conflict cannot be overridden",
      { qualifications: [], requirements, declaration: colleague, override: { reason: "資格證明已繳交，尚待登錄" } },
      false,
      ["conflict"],
      true,
    ],
  ])("%s", (_, input, eligible, blockers, overridden) => {
    const result = assignmentEligibility(input);
    expect(result).toMatchObject({ eligible, blockers, overridden });
    expect(result.messages).toHaveLength(blockers.length);
  });

  it("says why in zh-TW", () => {
    expect(assignmentEligibility({ qualifications: [], requirements, declaration: { relationship: "trainer", note: null } }).messages).toEqual([
      "已申報利益衝突（曾為受評者的訓練講師），不可擔任這位受評者的評量人員",
      "這位評量人員尚未登錄任何資格，請先登錄資格或填寫指派理由",
    ]);
  });
});
