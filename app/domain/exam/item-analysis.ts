/**
 * Item analysis of one sitting of a knowledge exam (試題分析, DESIGN §5): how hard each item was, how
 * well it told strong candidates from weak ones, which options drew whom, and how reliable the paper
 * was as a whole. Pure: the route gathers scores and choices, this computes, the page and the charts
 * (app/components/exam-charts.tsx) show.
 *
 * Conventions, chosen once (classical test theory, as the national tests' item reports use it):
 *
 * - **Who is analysed.** An attempt with any score still null (a short answer not yet scored) is left
 *   out of every figure and counted in `excluded`: analysing it would count the missing answer as 0
 *   and make the item look harder than it was.
 * - **Difficulty** P = mean(score / max): the proportion correct for 0/1 items, the mean share of the
 *   points for partial-credit ones. Higher P = easier item.
 * - **Discrimination** D = P_upper − P_lower (Kelley's 27% groups). The groups are the g = round(0.27 n)
 *   attempts with the highest and with the lowest totals (g = 0, D = null, when n < 2). Ties at a
 *   group's boundary are shared, not broken: if the g-th highest total is t, attempts above t are in
 *   the upper group, and the g − above remaining places are shared equally by all attempts tied at t
 *   (each counts with weight (g − above) / tied). The same for the lower group. So D never depends on
 *   the order the attempts were listed in (by name, by submission time…), which an index tie-break
 *   would. Totals are compared after rounding to 1e-6 points, so 0.1 + 0.2 ties with 0.3.
 * - **Item–rest correlation** r = Pearson correlation of the item score with the REST score (the total
 *   minus this item), the "corrected item-total correlation". For a 0/1 item it is the point-biserial
 *   correlation; for partial-credit items it is the plain Pearson r. The rest score is used because
 *   the uncorrected item-total r is inflated by the item correlating with itself (heavily so on short
 *   papers). r is null (never NaN) when the item's or the rest score's variance is 0.
 * - **Variances are population variances** (divided by n, not n − 1) everywhere: the SD reported, the
 *   item variances and the total variance in KR-20 / α. With both sides on the same denominator KR-20
 *   is exactly α for 0/1 items, and Σ p·q (the textbook KR-20 numerator) is the population variance.
 * - **Reliability.** KR-20 when every item is dichotomous as observed (every analysed score is 0 or the
 *   item's max; all-or-nothing multiple-response items count), otherwise Cronbach's α; both are
 *   k/(k − 1) · (1 − Σ σ²_item / σ²_total) over the k items worth points. null when n < 2, k < 2 or the
 *   total variance is 0. A negative value is reported as it is: it says the items do not measure one
 *   thing (usually a mis-keyed item), which is worth seeing, not hiding.
 * - **SEM** = SD · √(1 − reliability); null when reliability is null or negative (an SEM larger than the
 *   SD would be a number with no meaning).
 * - **Flags.** "negative": D < 0 or r < 0 (a mis-key or a misleading stem; it takes precedence over
 *   "low"); "low": D < 0.2 or r < 0.2 (Ebel: ≥ 0.4 very good, 0.3–0.39 good, 0.2–0.29 marginal,
 *   < 0.2 poor); "too_easy": P > 0.9; "too_hard": P < 0.2; "no_variance": every candidate scored the
 *   same on the item, so it cannot discriminate at all (its D is 0 and r null; it is not also "low").
 *   Comparisons allow 1e-9 for floating point, so D = 0.2 exactly is marginal, not poor.
 * - **Options.** Count and share of analysed attempts choosing each option (for multiple-response items
 *   each chosen option counts, so shares can add up to more than 1), share of the upper and the lower
 *   group choosing it (a distractor that draws the upper group more than the lower one is suspect),
 *   and blanks (no option chosen). Short-answer items have no options and blanks = null.
 * - **Histogram** of totals as a percent of the paper's max: `bins` bins of equal width (10 by default:
 *   0–<10, 10–<20, …, 90–100, the last one closed). A total exactly on an edge goes to the upper bin.
 *   A paper worth 0 points has no percents: its bins stay empty.
 *
 * Bad input is rejected with an ItemAnalysisInputError naming the attempt and the item, never clamped
 * (STYLE: no silent coercion): a score outside 0…max, a choice outside the item's options, rows of the
 * wrong length.
 *
 * Cost: one pass to read and total the scores into a typed matrix, a sort of the n totals, one pass for
 * the centred sums and the group sums, one over the choices. 2,000 × 60 takes a few ms (bench/item-analysis.ts).
 */
import { OPTION_LETTERS, type ItemType } from "./types";

export interface AnalysisItem {
  /** The item revision's id. */
  key: string;
  /** As shown, e.g. "第 3 題 Q012". */
  label: string;
  type: ItemType;
  /** Points the item is worth on this paper. */
  max: number;
  /** Number of options (0 for short answer). */
  optionCount: number;
  /** Indexes of the keyed options in the item's original option list. */
  keyOptions: number[];
}

export interface AnalysisAttempt {
  /** Points earned per item, in the items' order; null = not scored yet (excludes the attempt). */
  scores: (number | null)[];
  /** Original option indexes chosen per item; null or [] = no response; null for short answer. */
  choices: (number[] | null)[];
}

export interface ItemAnalysisInput {
  items: AnalysisItem[];
  attempts: AnalysisAttempt[];
  /** Histogram bins over 0–100% (default 10). */
  bins?: number;
}

export const ITEM_FLAGS = ["negative", "low", "too_easy", "too_hard", "no_variance"] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];
export const ITEM_FLAG_LABELS: Record<ItemFlag, string> = {
  negative: "負鑑別",
  low: "鑑別度偏低",
  too_easy: "過易",
  too_hard: "過難",
  no_variance: "無變異",
};

/** Ebel's bands for D. */
export type DiscriminationBand = "very_good" | "good" | "marginal" | "poor";
export const DISCRIMINATION_BAND_LABELS: Record<DiscriminationBand, string> = {
  very_good: "優良（D ≥ 0.4）",
  good: "良好（0.3 ≤ D < 0.4）",
  marginal: "尚可，宜修改（0.2 ≤ D < 0.3）",
  poor: "不佳，宜修改或刪除（D < 0.2）",
};

export interface OptionFrequency {
  /** Index in the item's original option list. */
  option: number;
  /** "A", "B", … */
  letter: string;
  isKey: boolean;
  count: number;
  /** count / n; null when n = 0. */
  share: number | null;
  /** Share of the upper 27% group choosing it; null without groups (n < 2). */
  upperShare: number | null;
  lowerShare: number | null;
}

export interface ItemStats {
  key: string;
  label: string;
  type: ItemType;
  max: number;
  /** Mean points earned; null when n = 0. */
  meanScore: number | null;
  /** P; null when n = 0 or the item is worth 0 points. */
  difficulty: number | null;
  /** P of the upper and lower 27% groups; null without groups. */
  upperDifficulty: number | null;
  lowerDifficulty: number | null;
  /** D = upperDifficulty − lowerDifficulty. */
  discrimination: number | null;
  /** Item–rest (corrected item-total) correlation; null when either variance is 0. */
  restCorrelation: number | null;
  /** The paper's reliability (same method) without this item; null when it cannot be computed. */
  reliabilityIfDeleted: number | null;
  band: DiscriminationBand | null;
  flags: ItemFlag[];
  /** Empty for short answer. */
  options: OptionFrequency[];
  /** Attempts that chose no option; null for short answer. */
  blanks: number | null;
  blankShare: number | null;
}

export interface HistogramBin {
  /** Percent of the paper's max, from (inclusive) … to (exclusive, except the last bin). */
  from: number;
  to: number;
  count: number;
  /** count / n; null when n = 0. */
  share: number | null;
}

export interface TestStats {
  /** Attempts given. */
  attempts: number;
  /** Attempts analysed (fully scored). */
  n: number;
  /** Attempts left out because a score is missing. */
  excluded: number;
  /** Items worth points (the k of KR-20 / α). */
  k: number;
  /** The paper's max points. */
  maxTotal: number;
  /** Totals in points; null when n = 0. */
  mean: number | null;
  /** Population SD (n in the denominator); null when n = 0. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Mean total as a percent of maxTotal; null when n = 0 or maxTotal = 0. */
  meanPercent: number | null;
  reliability: { method: "KR-20" | "alpha"; value: number | null };
  /** Standard error of measurement in points. */
  sem: number | null;
  histogram: HistogramBin[];
}

export interface ItemAnalysis {
  test: TestStats;
  items: ItemStats[];
}

export class ItemAnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ItemAnalysisInputError";
  }
}

const KELLEY = 0.27;
/** Floating-point slack for threshold comparisons and "is it zero". */
const TOL = 1e-9;
/** Totals are grouped after rounding to this many points, so float noise does not split a tie. */
const TIE_SCALE = 1e6;

export function analyseItems(input: ItemAnalysisInput): ItemAnalysis {
  const { items, attempts } = input;
  const binCount = input.bins ?? 10;
  if (!Number.isInteger(binCount) || binCount < 1 || binCount > 100)
    throw new ItemAnalysisInputError(`直方圖組數須為 1 到 100 的整數（收到 ${binCount}）`);
  const k = items.length;
  items.forEach(checkItem);

  const max = new Float64Array(k);
  let maxTotal = 0;
  let pointItems = 0;
  for (let j = 0; j < k; j++) {
    max[j] = items[j].max;
    maxTotal += items[j].max;
    if (items[j].max > 0) pointItems++;
  }

  // Pass 1: check every row and copy the analysed ones into a typed matrix (row-major, n × k).
  const included: number[] = [];
  const buffer = new Float64Array(attempts.length * k);
  for (let a = 0; a < attempts.length; a++) {
    const attempt = attempts[a];
    if (attempt.scores.length !== k || attempt.choices.length !== k)
      throw new ItemAnalysisInputError(
        `第 ${a + 1} 份作答的題數不符：應有 ${k} 題，得分 ${attempt.scores.length} 題、作答 ${attempt.choices.length} 題`,
      );
    const row = attempt.scores;
    const base = included.length * k;
    let complete = true;
    for (let j = 0; j < k; j++) {
      const score = row[j];
      if (score === null) {
        complete = false;
        continue;
      }
      if (!(score >= 0 && score <= max[j] + TOL) || typeof score !== "number")
        throw new ItemAnalysisInputError(
          `第 ${a + 1} 份作答「${items[j].label}」的得分 ${String(score)} 不在 0 到 ${max[j]} 分之間`,
        );
      buffer[base + j] = score;
    }
    // An excluded row is overwritten by the next one.
    if (complete) included.push(a);
  }
  const n = included.length;
  const scores = buffer.subarray(0, n * k);

  const totals = new Float64Array(n);
  const sum = new Float64Array(k);
  const itemMin = new Float64Array(k).fill(Infinity);
  const itemMax = new Float64Array(k).fill(-Infinity);
  let dichotomous = true;
  let totalSum = 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const s = scores[base + j];
      total += s;
      sum[j] += s;
      if (s < itemMin[j]) itemMin[j] = s;
      if (s > itemMax[j]) itemMax[j] = s;
      if (s !== 0 && s !== max[j]) dichotomous = false;
    }
    totals[i] = total;
    totalSum += total;
  }

  const mean = n > 0 ? totalSum / n : 0;
  const itemMean = new Float64Array(k);
  for (let j = 0; j < k; j++) itemMean[j] = n > 0 ? sum[j] / n : 0;

  const groups = kelleyGroups(totals);
  const g = groups.size;

  // Pass 2: centred sums (numerically stable) and the group sums.
  const sumSq = new Float64Array(k);
  const sumCross = new Float64Array(k);
  const upperSum = new Float64Array(k);
  const lowerSum = new Float64Array(k);
  let totalSq = 0;
  let minTotal = Infinity;
  let maxTotalSeen = -Infinity;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    const dT = totals[i] - mean;
    totalSq += dT * dT;
    if (totals[i] < minTotal) minTotal = totals[i];
    if (totals[i] > maxTotalSeen) maxTotalSeen = totals[i];
    const wu = groups.upper[i];
    const wl = groups.lower[i];
    for (let j = 0; j < k; j++) {
      const s = scores[base + j];
      const d = s - itemMean[j];
      sumSq[j] += d * d;
      sumCross[j] += d * dT;
      if (wu !== 0) upperSum[j] += wu * s;
      if (wl !== 0) lowerSum[j] += wl * s;
    }
  }

  const varTotal = n > 0 ? totalSq / n : 0;
  // A variance under 1e-9 × max² (an SD under 0.003% of the paper's points) is float noise around 0.
  const zeroVar = TOL * Math.max(1, maxTotal * maxTotal);
  const totalHasVariance = varTotal > zeroVar;
  const itemVar = new Float64Array(k);
  let sumItemVar = 0;
  for (let j = 0; j < k; j++) {
    itemVar[j] = n > 0 && itemMax[j] > itemMin[j] ? sumSq[j] / n : 0;
    sumItemVar += itemVar[j];
  }
  const reliabilityValue =
    n >= 2 && pointItems >= 2 && totalHasVariance ? alpha(pointItems, sumItemVar, varTotal) : null;

  const options = optionFrequencies(items, attempts, included, groups);

  const itemStats: ItemStats[] = items.map((item, j) => {
    const worth = item.max > 0;
    const difficulty = n > 0 && worth ? sum[j] / n / item.max : null;
    const upperDifficulty = g > 0 && worth ? upperSum[j] / g / item.max : null;
    const lowerDifficulty = g > 0 && worth ? lowerSum[j] / g / item.max : null;
    const discrimination = g > 0 && worth ? snap((upperSum[j] - lowerSum[j]) / (g * item.max)) : null;
    const noVariance = n > 0 && !(itemMax[j] > itemMin[j]);

    let restCorrelation: number | null = null;
    let reliabilityIfDeleted: number | null = null;
    if (n > 0) {
      const cov = sumCross[j] / n; // cov(item, total)
      const varRest = varTotal - 2 * cov + itemVar[j];
      const restHasVariance = varRest > zeroVar;
      if (!noVariance && restHasVariance) {
        const r = (cov - itemVar[j]) / Math.sqrt(itemVar[j] * varRest);
        restCorrelation = snap(Math.max(-1, Math.min(1, r)));
      }
      if (!worth) reliabilityIfDeleted = reliabilityValue;
      else if (n >= 2 && pointItems - 1 >= 2 && restHasVariance)
        reliabilityIfDeleted = alpha(pointItems - 1, sumItemVar - itemVar[j], varRest);
    }

    const flags: ItemFlag[] = [];
    if (noVariance) flags.push("no_variance");
    else {
      const negative =
        (discrimination !== null && discrimination < -TOL) || (restCorrelation !== null && restCorrelation < -TOL);
      const low =
        (discrimination !== null && discrimination < 0.2 - TOL) || (restCorrelation !== null && restCorrelation < 0.2 - TOL);
      if (negative) flags.push("negative");
      else if (low) flags.push("low");
    }
    if (difficulty !== null && difficulty > 0.9 + TOL) flags.push("too_easy");
    if (difficulty !== null && difficulty < 0.2 - TOL) flags.push("too_hard");

    const itemOptions = options[j];
    return {
      key: item.key,
      label: item.label,
      type: item.type,
      max: item.max,
      meanScore: n > 0 ? itemMean[j] : null,
      difficulty,
      upperDifficulty,
      lowerDifficulty,
      discrimination,
      restCorrelation,
      reliabilityIfDeleted,
      band: discrimination === null || noVariance ? null : band(discrimination),
      flags,
      options: itemOptions?.options ?? [],
      blanks: itemOptions ? itemOptions.blanks : null,
      blankShare: itemOptions && n > 0 ? itemOptions.blanks / n : null,
    };
  });

  const sd = n > 0 ? (totalHasVariance ? Math.sqrt(varTotal) : 0) : null;
  const sem =
    sd !== null && reliabilityValue !== null && reliabilityValue >= 0
      ? sd * Math.sqrt(Math.max(0, 1 - reliabilityValue))
      : null;

  return {
    test: {
      attempts: attempts.length,
      n,
      excluded: attempts.length - n,
      k: pointItems,
      maxTotal,
      mean: n > 0 ? mean : null,
      sd,
      min: n > 0 ? minTotal : null,
      max: n > 0 ? maxTotalSeen : null,
      meanPercent: n > 0 && maxTotal > 0 ? (mean / maxTotal) * 100 : null,
      reliability: { method: dichotomous ? "KR-20" : "alpha", value: reliabilityValue },
      sem,
      histogram: histogram(totals, maxTotal, binCount),
    },
    items: itemStats,
  };
}

function checkItem(item: AnalysisItem, j: number): void {
  const name = `「${item.label || `第 ${j + 1} 題`}」`;
  if (!Number.isFinite(item.max) || item.max < 0)
    throw new ItemAnalysisInputError(`${name}的配分 ${item.max} 不是 0 以上的數`);
  if (!Number.isInteger(item.optionCount) || item.optionCount < 0 || item.optionCount > OPTION_LETTERS.length)
    throw new ItemAnalysisInputError(`${name}的選項數 ${item.optionCount} 不在 0 到 ${OPTION_LETTERS.length} 之間`);
  for (const option of item.keyOptions) {
    if (!Number.isInteger(option) || option < 0 || option >= item.optionCount)
      throw new ItemAnalysisInputError(`${name}的答案選項 ${option} 不在它的 ${item.optionCount} 個選項之中`);
  }
}

/** k/(k − 1) · (1 − Σ σ²_item / σ²_total): KR-20 for 0/1 items, α otherwise. */
function alpha(k: number, sumItemVar: number, varTotal: number): number {
  return snap((k / (k - 1)) * (1 - sumItemVar / varTotal));
}

/** Values within float noise of 0 are 0, so a tie never shows as −0.00 or flags as negative. */
function snap(x: number): number {
  return Math.abs(x) < TOL ? 0 : x;
}

function band(d: number): DiscriminationBand {
  if (d >= 0.4 - TOL) return "very_good";
  if (d >= 0.3 - TOL) return "good";
  if (d >= 0.2 - TOL) return "marginal";
  return "poor";
}

interface Groups {
  /** g, the size of each group (0 when n < 2). */
  size: number;
  /** Weight of each attempt in the upper / lower group: 1, a tie share, or 0. */
  upper: Float64Array;
  lower: Float64Array;
}

/** Kelley's upper and lower 27%, ties at the boundary shared (see the module comment). */
function kelleyGroups(totals: Float64Array): Groups {
  const n = totals.length;
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const size = n >= 2 ? Math.max(1, Math.round(KELLEY * n)) : 0;
  if (size === 0) return { size, upper, lower };

  const rounded = new Float64Array(n);
  for (let i = 0; i < n; i++) rounded[i] = Math.round(totals[i] * TIE_SCALE) / TIE_SCALE;
  const sorted = rounded.slice().sort();
  const upperEdge = sorted[n - size];
  const lowerEdge = sorted[size - 1];
  let above = 0;
  let atUpper = 0;
  let below = 0;
  let atLower = 0;
  for (let i = 0; i < n; i++) {
    const t = rounded[i];
    if (t > upperEdge) above++;
    else if (t === upperEdge) atUpper++;
    if (t < lowerEdge) below++;
    else if (t === lowerEdge) atLower++;
  }
  const upperShare = (size - above) / atUpper;
  const lowerShare = (size - below) / atLower;
  for (let i = 0; i < n; i++) {
    const t = rounded[i];
    upper[i] = t > upperEdge ? 1 : t === upperEdge ? upperShare : 0;
    lower[i] = t < lowerEdge ? 1 : t === lowerEdge ? lowerShare : 0;
  }
  return { size, upper, lower };
}

/** Per item (null for short answer): option counts and group shares, blanks. */
function optionFrequencies(
  items: AnalysisItem[],
  attempts: AnalysisAttempt[],
  included: number[],
  groups: Groups,
): ({ options: OptionFrequency[]; blanks: number } | null)[] {
  const k = items.length;
  const offsets = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) offsets[j + 1] = offsets[j] + items[j].optionCount;
  const counts = new Float64Array(offsets[k]);
  const upper = new Float64Array(offsets[k]);
  const lower = new Float64Array(offsets[k]);
  const blanks = new Float64Array(k);
  const choiceItem = items.map((item) => item.type !== "short_answer");

  const optionCount = new Int32Array(k);
  for (let j = 0; j < k; j++) optionCount[j] = choiceItem[j] ? items[j].optionCount : -1;
  // Position of each attempt among the analysed ones, −1 when excluded. Choices of excluded attempts
  // are checked too (bad data is reported wherever it is) but not counted.
  const position = new Int32Array(attempts.length).fill(-1);
  for (let i = 0; i < included.length; i++) position[included[i]] = i;

  for (let a = 0; a < attempts.length; a++) {
    const choices = attempts[a].choices;
    const i = position[a];
    const wu = i >= 0 ? groups.upper[i] : 0;
    const wl = i >= 0 ? groups.lower[i] : 0;
    for (let j = 0; j < k; j++) {
      const chosen = choices[j];
      const count = optionCount[j];
      if (chosen === null || chosen.length === 0) {
        if (i >= 0 && count >= 0) blanks[j]++;
        continue;
      }
      if (count < 0) throw new ItemAnalysisInputError(`第 ${a + 1} 份作答「${items[j].label}」是簡答題，不應有選項作答`);
      const base = offsets[j];
      let seen = 0;
      for (let c = 0; c < chosen.length; c++) {
        const option = chosen[c];
        if (!(option >= 0 && option < count && Number.isInteger(option)) || seen & (1 << option))
          throw new ItemAnalysisInputError(
            `第 ${a + 1} 份作答「${items[j].label}」選了無效或重複的選項 ${String(option)}（共 ${count} 個選項）`,
          );
        seen |= 1 << option;
        if (i >= 0) {
          counts[base + option]++;
          upper[base + option] += wu;
          lower[base + option] += wl;
        }
      }
    }
  }

  const n = included.length;
  const g = groups.size;
  return items.map((item, j) => {
    if (!choiceItem[j]) return null;
    const keys = new Set(item.keyOptions);
    const options: OptionFrequency[] = [];
    for (let o = 0; o < item.optionCount; o++) {
      const at = offsets[j] + o;
      options.push({
        option: o,
        letter: OPTION_LETTERS[o],
        isKey: keys.has(o),
        count: counts[at],
        share: n > 0 ? counts[at] / n : null,
        upperShare: g > 0 ? upper[at] / g : null,
        lowerShare: g > 0 ? lower[at] / g : null,
      });
    }
    return { options, blanks: blanks[j] };
  });
}

function histogram(totals: Float64Array, maxTotal: number, binCount: number): HistogramBin[] {
  const counts = new Float64Array(binCount);
  const n = totals.length;
  if (maxTotal > 0) {
    for (let i = 0; i < n; i++) {
      // The slack puts 27/30 (90.00000000000001 % or 89.99999999999999 %) in the 90–100 bin.
      const bin = Math.floor((totals[i] / maxTotal) * binCount + TOL);
      counts[Math.min(binCount - 1, Math.max(0, bin))]++;
    }
  }
  const width = 100 / binCount;
  return Array.from({ length: binCount }, (_, b) => ({
    from: b * width,
    to: b === binCount - 1 ? 100 : (b + 1) * width,
    count: counts[b],
    share: n > 0 ? counts[b] / n : null,
  }));
}
