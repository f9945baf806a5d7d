/**
 * The level that counts for each criterion of one candidate, from the levels one or two assessors
 * chose and the moderation resolutions (DESIGN §6). The result's `scores` is exactly what `decide()`
 * takes, so totals and the decision are still computed in one place (STYLE habit 5).
 *
 * - One assessor: their level.
 * - Two assessors, same level: that level.
 * - Two assessors, different levels: the resolution's level; without a resolution the criterion is
 *   unresolved and has no final level (decide() then says "incomplete", never a guessed average).
 * - A resolution where the two agree (or with one assessor) is moot and ignored: an assessor may have
 *   changed their level after moderation, and the agreed level is then the honest one.
 * - A resolution may choose any level of the scale, not only one of the two: moderation can settle
 *   on a level in between.
 *
 * More than two assessors per candidate is refused: moderation and agreement are pairwise (DESIGN §6
 * speaks of two), so a third assignment is a data error to fix, not something to average away.
 */
import type { ScorableCriterion } from "./decision-rule";

/** One stored Score row, in domain names (criterionKey in the database is the criterion's id). */
export interface AssessorScore {
  assessorId: string;
  criterionId: string;
  level: number;
}

/** One stored ScoreResolution row. */
export interface ModerationResolution {
  criterionId: string;
  level: number;
}

export type FinalLevelState =
  /** Nobody has scored it. */
  | "unscored"
  /** One of two assessors has scored it: waiting for the other. */
  | "partly_scored"
  /** The only assessor scored it. */
  | "single"
  /** Both assessors chose the same level. */
  | "agreed"
  /** The two differed and moderation chose the level. */
  | "resolved"
  /** The two differ and moderation has not happened yet. */
  | "unresolved";

export interface FinalLevel {
  criterionId: string;
  code: string | null;
  taskId: string;
  taskCode: string | null;
  state: FinalLevelState;
  /** Each assessor's level, in the order of `assessorIds`; null where not scored. */
  assessorLevels: (number | null)[];
  /** The level that counts; null unless state is single, agreed or resolved. */
  level: number | null;
}

/** Counts the enrolment status projection needs (app/domain/workflow/enrollment-status.ts). */
export interface ScoringProgress {
  /** Criteria in the candidate's scope. */
  criteria: number;
  /** Assessors whose scores count (0, 1 or 2). */
  assessors: number;
  /** Scores recorded, all assessors together. */
  scores: number;
  /** Assessors who have scored every criterion. */
  assessorsComplete: number;
  /** Criteria where the two assessors differ and no resolution is recorded. */
  unresolved: number;
  /** Criteria with a final level. */
  final: number;
}

export interface FinalLevelsInput {
  criteria: readonly ScorableCriterion[];
  /** The assessors assigned to this candidate whose scores count, in display order (at most two). */
  assessorIds: readonly string[];
  scores: readonly AssessorScore[];
  resolutions?: readonly ModerationResolution[];
}

export interface FinalLevelsResult {
  criteria: FinalLevel[];
  /** Criterion id → final level (null when there is none yet): the `scores` argument of decide(). */
  scores: Record<string, number | null>;
  progress: ScoringProgress;
}

/** The scores contradict the assignment or the assessment version; the caller must fix the data. */
export class FinalLevelsInputError extends Error {
  override name = "FinalLevelsInputError";
}

export const MAX_ASSESSORS = 2;

export function finalLevels(input: FinalLevelsInput): FinalLevelsResult {
  const { criteria, assessorIds } = input;
  if (new Set(assessorIds).size !== assessorIds.length) throw new FinalLevelsInputError("評量人員重複指派");
  if (assessorIds.length > MAX_ASSESSORS) {
    throw new FinalLevelsInputError(`每位受評者最多由 ${MAX_ASSESSORS} 位評量人員評分，目前有 ${assessorIds.length} 位`);
  }

  const byId = new Map<string, ScorableCriterion>();
  for (const criterion of criteria) {
    if (byId.has(criterion.id)) throw new FinalLevelsInputError(`評量規準識別碼重複：${criterion.id}`);
    byId.set(criterion.id, criterion);
  }
  const onScale = (criterionId: string, level: number, what: string): ScorableCriterion => {
    const criterion = byId.get(criterionId);
    if (!criterion) throw new FinalLevelsInputError(`${what}對應到不存在的評量規準：${criterionId}`);
    if (!criterion.levels.some((l) => l.score === level)) {
      const allowed = criterion.levels.map((l) => l.score).join("、");
      throw new FinalLevelsInputError(`${what}：評量規準 ${criterion.code ?? criterionId} 的等級 ${level} 不在量尺上（可選：${allowed}）`);
    }
    return criterion;
  };

  // levels[assessor index] : criterion id → level
  const levels = assessorIds.map(() => new Map<string, number>());
  for (const score of input.scores) {
    const index = assessorIds.indexOf(score.assessorId);
    if (index < 0) throw new FinalLevelsInputError(`評分者 ${score.assessorId} 未被指派給這位受評者`);
    onScale(score.criterionId, score.level, "評分");
    if (levels[index].has(score.criterionId)) {
      throw new FinalLevelsInputError(`評量人員 ${score.assessorId} 對評量規準 ${score.criterionId} 有兩筆評分`);
    }
    levels[index].set(score.criterionId, score.level);
  }

  const resolutions = new Map<string, number>();
  for (const resolution of input.resolutions ?? []) {
    onScale(resolution.criterionId, resolution.level, "協調結果");
    if (resolutions.has(resolution.criterionId)) {
      throw new FinalLevelsInputError(`評量規準 ${resolution.criterionId} 有兩筆協調結果`);
    }
    resolutions.set(resolution.criterionId, resolution.level);
  }

  const rows: FinalLevel[] = criteria.map((criterion) => {
    const assessorLevels = levels.map((m) => m.get(criterion.id) ?? null);
    const { state, level } = settle(assessorLevels, resolutions.get(criterion.id));
    return {
      criterionId: criterion.id,
      code: criterion.code,
      taskId: criterion.taskId,
      taskCode: criterion.taskCode,
      state,
      assessorLevels,
      level,
    };
  });

  return {
    criteria: rows,
    scores: Object.fromEntries(rows.map((r) => [r.criterionId, r.level])),
    progress: {
      criteria: criteria.length,
      assessors: assessorIds.length,
      scores: levels.reduce((sum, m) => sum + m.size, 0),
      assessorsComplete: levels.filter((m) => criteria.every((c) => m.has(c.id))).length,
      unresolved: rows.filter((r) => r.state === "unresolved").length,
      final: rows.filter((r) => r.level !== null).length,
    },
  };
}

function settle(
  assessorLevels: readonly (number | null)[],
  resolution: number | undefined,
): { state: FinalLevelState; level: number | null } {
  const given = assessorLevels.filter((l): l is number => l !== null);
  if (given.length === 0) return { state: "unscored", level: null };
  if (assessorLevels.length === 1) return { state: "single", level: given[0] };
  if (given.length < assessorLevels.length) return { state: "partly_scored", level: null };
  const [first, second] = given;
  if (first === second) return { state: "agreed", level: first };
  return resolution === undefined ? { state: "unresolved", level: null } : { state: "resolved", level: resolution };
}

/** One assessor's levels by criterion id, the shape agreement() takes. */
export function levelsOf(scores: readonly AssessorScore[], assessorId: string): Record<string, number> {
  return Object.fromEntries(scores.filter((s) => s.assessorId === assessorId).map((s) => [s.criterionId, s.level]));
}
