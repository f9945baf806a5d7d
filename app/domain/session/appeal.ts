/**
 * Appeal (申訴) rules for a released result.
 *
 * The window is counted the way Taiwanese law counts periods in days (民法 §120 II, §121 I): the day
 * of release is not counted, and the period ends when its last day ends. Days are calendar days in
 * Asia/Taipei (UTC+8 all year, no daylight saving, so a fixed offset is exact). A last day falling on
 * a holiday is not extended (民法 §122 would): the app has no holiday calendar, and an institution
 * that wants slack sets a longer `appealDays` on the session.
 *
 * Only a not-yet-competent decision can be appealed here: a competent candidate has their certificate
 * and nothing to overturn; a complaint about the process goes to the institution's complaint
 * procedure. One appeal per result: an appeal, once decided, is the institution's final word in the
 * app, and while one is open another would only duplicate it.
 */
import { z } from "zod";
import type { Decision } from "~/domain/scoring/decide";

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_APPEAL_DAYS = 14;

/** The session setting; a candidate always gets at least a day, and a year is plenty. */
export const AppealDaysSchema = z.coerce
  .number({ error: "請輸入申訴期限天數" })
  .int({ error: "申訴期限須為整數天" })
  .min(1, { error: "申訴期限至少 1 天" })
  .max(365, { error: "申訴期限不可超過 365 天" });

/** The last moment an appeal is in time: 23:59:59.999 Asia/Taipei on the `days`-th day after release. */
export function appealWindow(releasedAt: Date, days: number): Date {
  const parsed = AppealDaysSchema.safeParse(days);
  if (!parsed.success) throw new RangeError(parsed.error.issues[0].message);
  // Midnight (Taipei) that starts the release day, as a UTC instant.
  const local = releasedAt.getTime() + TAIPEI_OFFSET_MS;
  const startOfReleaseDay = Math.floor(local / DAY_MS) * DAY_MS - TAIPEI_OFFSET_MS;
  return new Date(startOfReleaseDay + (days + 1) * DAY_MS - 1);
}

export type AppealRefusal = "not_released" | "no_decision" | "competent" | "appeal_open" | "already_decided" | "window_closed";

export const APPEAL_REFUSAL_MESSAGES: Readonly<Record<AppealRefusal, string>> = {
  not_released: "評量結果尚未公布，還不能申訴",
  no_decision: "評量結果尚未判定，還不能申訴",
  competent: "評量結果為「具備職能」，無須申訴",
  appeal_open: "已有申訴正在處理中",
  already_decided: "此評量結果的申訴已有決定",
  window_closed: "已超過申訴期限",
};

export interface AppealCheckInput {
  releasedAt: Date | null;
  now: Date;
  days: number;
  decision: Decision;
  existingOpenAppeal: boolean;
  /** A decided appeal exists for this result. */
  appealDecided?: boolean;
}

export type AppealCheck =
  | { allowed: true; deadline: Date }
  | { allowed: false; reason: AppealRefusal; message: string; deadline: Date | null };

export function canLodgeAppeal(input: AppealCheckInput): AppealCheck {
  const released = input.releasedAt !== null && input.releasedAt.getTime() <= input.now.getTime();
  const deadline = input.releasedAt ? appealWindow(input.releasedAt, input.days) : null;
  const refuse = (reason: AppealRefusal): AppealCheck => ({
    allowed: false,
    reason,
    message: APPEAL_REFUSAL_MESSAGES[reason],
    deadline,
  });
  if (!released || deadline === null) return refuse("not_released");
  if (input.decision === "incomplete") return refuse("no_decision");
  if (input.decision === "competent") return refuse("competent");
  if (input.existingOpenAppeal) return refuse("appeal_open");
  if (input.appealDecided) return refuse("already_decided");
  if (input.now.getTime() > deadline.getTime()) return refuse("window_closed");
  return { allowed: true, deadline };
}

/**
 * Who may review an appeal: an active assessor who did not assess this candidate, so that nobody
 * reviews their own judgement. Order is kept (the caller's order, e.g. by name).
 */
export function eligibleReviewers<T extends { id: string; active?: boolean }>(
  assessors: readonly T[],
  originalAssessorIds: readonly string[],
): T[] {
  const excluded = new Set(originalAssessorIds);
  return assessors.filter((a) => a.active !== false && !excluded.has(a.id));
}

/** The candidate's appeal form. */
export const LodgeAppealSchema = z.object({
  reason: z
    .string({ error: "請說明申訴理由" })
    .trim()
    .min(10, { error: "請具體說明申訴理由（至少 10 個字）" })
    .max(2000, { error: "申訴理由不可超過 2000 個字" }),
});
export type LodgeAppeal = z.infer<typeof LodgeAppealSchema>;

export const AppealOutcomeSchema = z.enum(["upheld", "dismissed"], { error: "請選擇申訴結果" });
export type AppealOutcome = z.infer<typeof AppealOutcomeSchema>;

export const APPEAL_OUTCOME_LABELS: Readonly<Record<AppealOutcome, string>> = {
  upheld: "申訴成立",
  dismissed: "申訴不成立",
};

/** The reviewer's decision form: the outcome always comes with its reasons, for the candidate to read. */
export const DecideAppealSchema = z.object({
  outcome: AppealOutcomeSchema,
  outcomeReason: z
    .string({ error: "請說明決定理由" })
    .trim()
    .min(5, { error: "請說明決定理由（至少 5 個字）" })
    .max(2000, { error: "決定理由不可超過 2000 個字" }),
});
export type DecideAppeal = z.infer<typeof DecideAppealSchema>;
