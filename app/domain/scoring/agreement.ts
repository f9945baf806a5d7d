/**
 * Inter-rater agreement of two assessors who scored the same candidate on the same criteria: shown
 * to moderators (DESIGN §6: disagreement is shown and resolved before sign-off) and, summed over a
 * session, to whoever runs the calibration (評分前校準) of the next one.
 *
 * Only criteria both assessors scored are compared; the others are listed with a null `agree`.
 *
 * Cohen's κ (unweighted), with the scale's levels as categories:
 *   p_o = share of compared criteria on which the two chose the same level
 *   p_e = Σ_k (share of criteria A put in level k) × (share B put in level k)
 *   κ   = (p_o − p_e) / (1 − p_e)
 * Degenerate cases, by choice:
 *   - nothing compared: p_o, p_e, percent and κ are all null ("no_items");
 *   - p_e = 1, which happens only when both assessors put every criterion in one and the same level:
 *     κ is 0/0, undefined. We return null ("single_category") rather than 1, because κ measures
 *     agreement beyond chance and one shared category leaves nothing to measure; the 100% percent
 *     agreement next to it already says they agreed. Returning 1 would also make a rubric on which
 *     everyone scores "3" look like perfect calibration.
 * Unweighted on purpose: a rubric's levels are ordered, but the moderation question is "same level
 * or not"; the size of a difference is reported per criterion (`difference`) instead of being folded
 * into a weighted κ.
 */
export interface AgreementCriterion {
  id: string;
  code: string | null;
  taskCode: string | null;
}

/** Chosen level per criterion id; absent or null means not scored (the shape decide() takes). */
export type LevelsById = Readonly<Record<string, number | null | undefined>>;

export interface AgreementInput {
  criteria: readonly AgreementCriterion[];
  /** The scale's levels: the categories of κ (`content.scale.levels`). */
  scale: ReadonlyArray<{ score: number }>;
  first: LevelsById;
  second: LevelsById;
}

export interface CriterionAgreement {
  criterionId: string;
  code: string | null;
  taskCode: string | null;
  first: number | null;
  second: number | null;
  /** null unless both scored. */
  agree: boolean | null;
  /**
   * Steps on the scale between the two levels (0 when they agree), null unless both scored. On the
   * default 4-3-2-1 scale this is the difference in points; on a scale with gaps (e.g. 0/2/4) it still
   * says "one level apart".
   */
  difference: number | null;
}

export type KappaUnavailable = "no_items" | "single_category";

export interface KappaResult {
  /** p_o; null with no items. */
  observed: number | null;
  /** p_e; null with no items. */
  expected: number | null;
  kappa: number | null;
  /** Why kappa is null; null when it is a number. */
  unavailable: KappaUnavailable | null;
}

export interface AgreementResult extends KappaResult {
  criteria: CriterionAgreement[];
  /** Criteria both assessors scored. */
  compared: number;
  agreements: number;
  /** p_o as a percentage rounded to 0.1 (as decide() rounds), null with nothing compared. */
  percentAgreement: number | null;
}

export class AgreementInputError extends Error {
  override name = "AgreementInputError";
}

export function agreement(input: AgreementInput): AgreementResult {
  const steps = scaleSteps(input.scale);
  const known = new Set<string>();
  for (const criterion of input.criteria) {
    if (known.has(criterion.id)) throw new AgreementInputError(`評量規準識別碼重複：${criterion.id}`);
    known.add(criterion.id);
  }
  for (const [which, levels] of [["第一位", input.first], ["第二位", input.second]] as const) {
    for (const [id, level] of Object.entries(levels)) {
      if (!known.has(id)) throw new AgreementInputError(`${which}評量人員的評分對應到不存在的評量規準：${id}`);
      if (level !== null && level !== undefined && !steps.has(level)) {
        throw new AgreementInputError(`${which}評量人員的等級 ${level} 不在量尺上（可選：${[...steps.keys()].join("、")}）`);
      }
    }
  }

  const rows: CriterionAgreement[] = input.criteria.map((criterion) => {
    const first = input.first[criterion.id] ?? null;
    const second = input.second[criterion.id] ?? null;
    const both = first !== null && second !== null;
    return {
      criterionId: criterion.id,
      code: criterion.code,
      taskCode: criterion.taskCode,
      first,
      second,
      agree: both ? first === second : null,
      difference: both ? Math.abs(steps.get(first)! - steps.get(second)!) : null,
    };
  });

  const pairs = rows.flatMap((r) => (r.first !== null && r.second !== null ? [[r.first, r.second] as const] : []));
  const kappa = cohensKappa(pairs, input.scale.map((l) => l.score));
  return {
    criteria: rows,
    compared: pairs.length,
    agreements: rows.filter((r) => r.agree === true).length,
    percentAgreement: kappa.observed === null ? null : Math.round(kappa.observed * 1000) / 10,
    ...kappa,
  };
}

/**
 * Unweighted Cohen's κ over rating pairs, with the given categories (every rating must be one).
 * Exported on its own so that a session-wide κ can pool the pairs of all its candidates.
 */
export function cohensKappa(
  pairs: ReadonlyArray<readonly [number, number]>,
  categories: readonly number[],
): KappaResult {
  const n = pairs.length;
  if (n === 0) return { observed: null, expected: null, kappa: null, unavailable: "no_items" };
  const firstCounts = new Map(categories.map((c) => [c, 0]));
  const secondCounts = new Map(categories.map((c) => [c, 0]));
  let same = 0;
  for (const [a, b] of pairs) {
    if (!firstCounts.has(a) || !secondCounts.has(b)) {
      throw new AgreementInputError(`等級 ${firstCounts.has(a) ? b : a} 不是量尺上的等級`);
    }
    firstCounts.set(a, firstCounts.get(a)! + 1);
    secondCounts.set(b, secondCounts.get(b)! + 1);
    if (a === b) same++;
  }
  const observed = same / n;
  // Summed from integer counts and divided once, so that p_e = 1 is detected exactly.
  let chanceProduct = 0;
  for (const [category, count] of firstCounts) chanceProduct += count * secondCounts.get(category)!;
  const expected = chanceProduct / (n * n);
  if (chanceProduct === n * n) return { observed, expected, kappa: null, unavailable: "single_category" };
  return { observed, expected, kappa: (observed - expected) / (1 - expected), unavailable: null };
}

export interface Disagreement {
  criterionId: string;
  code: string | null;
  taskCode: string | null;
  first: number;
  second: number;
  difference: number;
  /** The moderated level, null while still to be resolved. */
  resolvedLevel: number | null;
}

/**
 * Criteria both assessors scored at different levels, in rubric order (the order a moderator works
 * through the rubric), each with its resolution if one was recorded.
 */
export function listDisagreements(
  input: AgreementInput & { resolutions?: ReadonlyArray<{ criterionId: string; level: number }> },
): Disagreement[] {
  const resolved = new Map((input.resolutions ?? []).map((r) => [r.criterionId, r.level]));
  return agreement(input).criteria.flatMap((row) =>
    row.agree === false
      ? [
          {
            criterionId: row.criterionId,
            code: row.code,
            taskCode: row.taskCode,
            first: row.first!,
            second: row.second!,
            difference: row.difference!,
            resolvedLevel: resolved.get(row.criterionId) ?? null,
          },
        ]
      : [],
  );
}

/**
 * Landis & Koch's (1977) conventional bands, in zh-TW, for a label next to the number. They are a
 * convention, not a standard: the UI should show κ itself too.
 */
export function kappaLabel(kappa: number | null): string {
  if (kappa === null) return "無法計算";
  if (kappa < 0) return "低於隨機一致";
  if (kappa <= 0.2) return "輕微一致";
  if (kappa <= 0.4) return "尚可";
  if (kappa <= 0.6) return "中度一致";
  if (kappa <= 0.8) return "高度一致";
  return "幾乎完全一致";
}

/** Score → position on the scale (highest first), refusing a scale with a repeated score. */
function scaleSteps(scale: ReadonlyArray<{ score: number }>): Map<number, number> {
  const scores = scale.map((l) => l.score);
  if (scores.length < 2) throw new AgreementInputError("量尺至少需要兩個等級");
  if (new Set(scores).size !== scores.length) throw new AgreementInputError("量尺的分數重複");
  return new Map([...scores].sort((a, b) => b - a).map((score, index) => [score, index]));
}
