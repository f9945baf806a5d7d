import { describe, expect, it } from "vitest";
import {
  AppealDaysSchema,
  DecideAppealSchema,
  LodgeAppealSchema,
  appealWindow,
  canLodgeAppeal,
  eligibleReviewers,
  type AppealCheckInput,
} from "./appeal";

const taipei = (local: string) => new Date(`${local}+08:00`);

describe("appealWindow: the release day is not counted, the last day counts to its end (Asia/Taipei)", () => {
  it.each([
    ["released mid-morning", "2025-03-12T10:00:00", 14, "2025-03-26T23:59:59.999"],
    ["released just after midnight Taipei (still the 11th in UTC)", "2025-03-12T00:30:00", 14, "2025-03-26T23:59:59.999"],
    ["released just before midnight Taipei", "2025-03-12T23:59:00", 14, "2025-03-26T23:59:59.999"],
    ["a one-day window", "2025-03-12T10:00:00", 1, "2025-03-13T23:59:59.999"],
    ["across the end of the year", "2025-12-25T15:00:00", 14, "2026-01-08T23:59:59.999"],
  ])("%s", (_, releasedAt, days, deadline) => {
    expect(appealWindow(taipei(releasedAt), days).getTime()).toBe(taipei(deadline).getTime());
  });

  it.each([0, -3, 1.5, 366, Number.NaN])("refuses %s days", (days) => {
    expect(() => appealWindow(taipei("2025-03-12T10:00:00"), days)).toThrow(RangeError);
  });
});

describe("canLodgeAppeal", () => {
  const releasedAt = taipei("2025-03-12T10:00:00");
  const base: AppealCheckInput = {
    releasedAt,
    now: taipei("2025-03-20T09:00:00"),
    days: 14,
    decision: "not_yet_competent",
    existingOpenAppeal: false,
  };
  const deadline = taipei("2025-03-26T23:59:59.999");

  it.each<[string, Partial<AppealCheckInput>, string | null]>([
    ["a not-yet-competent result inside the window", {}, null],
    ["on the last day, late evening", { now: taipei("2025-03-26T23:59:00") }, null],
    ["the moment it is released", { now: releasedAt }, null],
    ["the day after the last day", { now: taipei("2025-03-27T00:00:00") }, "window_closed"],
    ["not released", { releasedAt: null }, "not_released"],
    ["release scheduled but not reached yet", { now: taipei("2025-03-12T09:59:00") }, "not_released"],
    ["a competent result", { decision: "competent" }, "competent"],
    ["no decision", { decision: "incomplete" }, "no_decision"],
    ["an appeal already open", { existingOpenAppeal: true }, "appeal_open"],
    ["an appeal already decided", { appealDecided: true }, "already_decided"],
    ["an open appeal is reported before the window", { existingOpenAppeal: true, now: taipei("2025-04-30T09:00:00") }, "appeal_open"],
  ])("%s", (_, given, refusal) => {
    const check = canLodgeAppeal({ ...base, ...given });
    if (refusal === null) expect(check).toEqual({ allowed: true, deadline });
    else expect(check).toMatchObject({ allowed: false, reason: refusal });
  });

  it("explains a refusal in zh-TW and still tells the deadline", () => {
    expect(canLodgeAppeal({ ...base, now: taipei("2025-04-01T09:00:00") })).toEqual({
      allowed: false,
      reason: "window_closed",
      message: "已超過申訴期限",
      deadline,
    });
  });
});

describe("eligibleReviewers", () => {
  const assessors = [
    { id: "u-wang", name: "王評審" },
    { id: "u-li", name: "李評審" },
    { id: "u-chen", name: "陳評審" },
    { id: "u-lin", name: "林評審", active: false },
    { id: "u-huang", name: "黃評審", active: true },
  ];

  it("excludes whoever assessed the candidate, and inactive accounts, keeping the order", () => {
    expect(eligibleReviewers(assessors, ["u-wang", "u-li"]).map((a) => a.name)).toEqual(["陳評審", "黃評審"]);
  });

  it("can leave nobody", () => {
    expect(eligibleReviewers(assessors.slice(0, 2), ["u-wang", "u-li"])).toEqual([]);
  });
});

describe("forms", () => {
  it("an appeal needs a reason worth reading", () => {
    expect(LodgeAppealSchema.safeParse({ reason: "不服" }).error?.issues[0].message).toBe("請具體說明申訴理由（至少 10 個字）");
    expect(LodgeAppealSchema.parse({ reason: "  口試時評量人員未提供題目說明，導致 P1.1.2 評分偏低。 " }).reason).toBe(
      "口試時評量人員未提供題目說明，導致 P1.1.2 評分偏低。",
    );
  });

  it("a decision needs an outcome and its reasons", () => {
    expect(DecideAppealSchema.safeParse({ outcome: "maybe", outcomeReason: "重新檢視佐證資料後維持原判定" }).success).toBe(false);
    expect(DecideAppealSchema.parse({ outcome: "dismissed", outcomeReason: "重新檢視佐證資料後維持原判定" }).outcome).toBe("dismissed");
  });

  it("the session's appeal days come from a form field", () => {
    expect(AppealDaysSchema.parse("14")).toBe(14);
    expect(AppealDaysSchema.safeParse("0").error?.issues[0].message).toBe("申訴期限至少 1 天");
  });
});
