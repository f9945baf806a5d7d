/**
 * Scoring a knowledge exam attempt. Responses are stored as chosen option indexes (original order);
 * everything here is derived from them and the key in force, so a key correction re-scores every
 * attempt by running this again (STYLE habit 5). No negative marking under any policy.
 *
 * Multiple-response items:
 *  - "all_or_nothing" (技能檢定學科複選題, the default): full points only when the chosen set is the key.
 *  - "partial": the rule of Taiwan's College Entrance Examination Center (大考中心) for 多選題:
 *    「各選項獨立判定，所有選項均答對者，得該題全部分數；答錯 k 個選項者，得該題 (n−2k)/n 的分數；
 *    但得分低於零分或所有選項均未作答者，該題以零分計算。」 n is the number of options; an option is
 *    answered wrongly when it is chosen but not in the key, or in the key but not chosen.
 */
import { formatPoints, toCents } from "./blueprint";
import { ITEM_TYPE_LABELS, OPTION_LETTERS, type ItemType, type MultipleScoring, type Response } from "./types";

export interface ScorableItem {
  type: ItemType;
  /** Original option indexes; empty for short answer. */
  key: readonly number[];
  points: number;
  /** 2 for true/false, 0 for short answer. */
  optionCount: number;
}

export interface ItemScore {
  /** null while a short answer awaits the assessor. */
  earned: number | null;
  max: number;
  /** Full credit (for choice items: exactly the key chosen); null while not scored. */
  correct: boolean | null;
  needsManual: boolean;
}

/** The stored data cannot be scored as it stands (a response of the wrong kind, an option out of range). */
export class ScoringInputError extends Error {
  override name = "ScoringInputError";
}

/**
 * Scores one response. `manual` is the assessor's points for a short answer (0 to the item's points).
 * A blank short answer (no response, or only spaces) scores 0 without waiting for an assessor.
 */
export function scoreResponse(item: ScorableItem, response: Response | null, policy: MultipleScoring, manual?: number | null): ItemScore {
  checkItem(item);
  const max = item.points;
  if (item.type === "short_answer") {
    if (response !== null && response.kind !== "text") throw new ScoringInputError("簡答題的作答應為文字，卻收到選項");
    if (manual !== undefined && manual !== null) {
      if (!Number.isFinite(manual) || manual < 0 || manual > max) {
        throw new ScoringInputError(`簡答題得分須介於 0 與 ${formatPoints(max)} 分之間，收到 ${manual}`);
      }
      return { earned: round2(manual), max, correct: toCents(manual) === toCents(max), needsManual: false };
    }
    if (response === null || response.text.trim() === "") return { earned: 0, max, correct: false, needsManual: false };
    return { earned: null, max, correct: null, needsManual: true };
  }

  if (response !== null && response.kind !== "choice") throw new ScoringInputError(`${ITEM_TYPE_LABELS[item.type]}的作答應為選項，卻收到文字`);
  const selected = new Set(response?.selected ?? []);
  for (const index of selected) {
    if (!Number.isInteger(index) || index < 0 || index >= item.optionCount) {
      throw new ScoringInputError(`作答選項 ${index} 超出此題的 ${item.optionCount} 個選項`);
    }
  }
  const key = new Set(item.key);
  const exact = selected.size === key.size && [...selected].every((i) => key.has(i));
  if (item.type !== "multiple" || policy === "all_or_nothing" || selected.size === 0) {
    return { earned: exact ? max : 0, max, correct: exact, needsManual: false };
  }
  let wrong = 0;
  for (let option = 0; option < item.optionCount; option++) if (selected.has(option) !== key.has(option)) wrong++;
  const n = item.optionCount;
  return { earned: round2((max * Math.max(0, n - 2 * wrong)) / n), max, correct: exact, needsManual: false };
}

function checkItem(item: ScorableItem): void {
  if (!Number.isFinite(item.points) || item.points < 0) throw new ScoringInputError(`試題配分無效：${item.points}`);
  if (item.type === "short_answer") return;
  const expectedOptions = item.type === "true_false" ? 2 : null;
  if (!Number.isInteger(item.optionCount) || item.optionCount < 2 || item.optionCount > OPTION_LETTERS.length || (expectedOptions !== null && item.optionCount !== expectedOptions)) {
    throw new ScoringInputError(`${ITEM_TYPE_LABELS[item.type]}的選項數無效：${item.optionCount}`);
  }
  const keySize = new Set(item.key).size;
  const keyInRange = item.key.every((i) => Number.isInteger(i) && i >= 0 && i < item.optionCount);
  const keySizeOk = item.type === "multiple" ? keySize >= 1 && keySize === item.key.length : item.key.length === 1;
  if (!keyInRange || !keySizeOk) throw new ScoringInputError(`${ITEM_TYPE_LABELS[item.type]}的答案無效：[${item.key.join(", ")}]`);
}

export interface AttemptItem extends ScorableItem {
  revisionId: string;
}

export interface AttemptItemScore extends ItemScore {
  revisionId: string;
}

export interface AttemptScore {
  /** null while any short answer is unscored. */
  earned: number | null;
  max: number;
  /** earned / max as a percentage, 1 decimal; null while earned is unknown or max is 0. */
  percent: number | null;
  passMark: number;
  /** null while earned is unknown or max is 0. */
  passed: boolean | null;
  /** Short answers still waiting for an assessor. */
  pendingManual: number;
  /** In the order of `items`. */
  items: AttemptItemScore[];
}

export interface ScoreAttemptInput {
  /** The form's items in order, with the key in force (after any key correction). */
  items: readonly AttemptItem[];
  /** By revision id; a missing entry is a blank. */
  responses: ReadonlyMap<string, Response> | Readonly<Record<string, Response | undefined>>;
  /** Assessors' points for short answers, by revision id. */
  manual?: Readonly<Record<string, number | null | undefined>>;
  policy: MultipleScoring;
  /** On a 100-point scale (60 = 60 %), whatever the paper's total. */
  passMark: number;
  /** The paper's total as stored; when given it must equal the items' points (a guard against a changed paper). */
  totalPoints?: number;
}

/**
 * Scores an attempt. The pass mark is read on a 100-point scale, so a paper worth 80 points passes
 * at 48 with a pass mark of 60; it is checked as earned·100 ≥ passMark·max, as decide() checks
 * percentage thresholds, so the unrounded score decides (59.96 % shows as 60.0 but does not pass).
 */
export function scoreAttempt(input: ScoreAttemptInput): AttemptScore {
  const { items, policy, passMark } = input;
  if (!Number.isFinite(passMark) || passMark < 0 || passMark > 100) throw new ScoringInputError(`及格分數須介於 0 與 100 之間，收到 ${passMark}`);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.revisionId)) throw new ScoringInputError(`試卷中同一試題出現兩次：${item.revisionId}`);
    seen.add(item.revisionId);
  }
  const responseOf = (revisionId: string): Response | null =>
    (input.responses instanceof Map ? input.responses.get(revisionId) : (input.responses as Record<string, Response | undefined>)[revisionId]) ?? null;

  const scored = items.map((item): AttemptItemScore => ({
    revisionId: item.revisionId,
    ...scoreResponse(item, responseOf(item.revisionId), policy, input.manual?.[item.revisionId]),
  }));

  const maxCents = scored.reduce((sum, s) => sum + toCents(s.max), 0);
  if (input.totalPoints !== undefined && toCents(input.totalPoints) !== maxCents) {
    throw new ScoringInputError(`試卷總分 ${formatPoints(input.totalPoints)} 分與試題配分合計 ${maxCents / 100} 分不符`);
  }
  const pendingManual = scored.filter((s) => s.needsManual).length;
  const earned = pendingManual > 0 ? null : scored.reduce((sum, s) => sum + toCents(s.earned!), 0) / 100;
  const max = maxCents / 100;
  const known = earned !== null && max > 0;
  return {
    earned,
    max,
    percent: known ? Math.round((earned / max) * 1000) / 10 : null,
    passMark,
    passed: known ? earned * 100 >= passMark * max : null,
    pendingManual,
    items: scored,
  };
}

function round2(value: number): number {
  return toCents(value) / 100;
}

export type PaperAnswer = { ok: true; selected: number[] } | { ok: false; message: string };

const TRUE_MARKS = new Set(["O", "○", "〇", "◯", "T"]);
const FALSE_MARKS = new Set(["X", "×", "✕", "✗", "F"]);
// Separators people type between letters: commas (half- and full-width after NFKC), 、, spaces, slashes.
const SEPARATORS = /[\s,、;/]+/g;

/**
 * Reads one answer keyed in from a paper answer sheet: "A", "b", "AC", "A,C", "A C", "ca" (→ [0, 2]);
 * O/X (also ○ × T F) for true/false; "" is a blank. The message leaves the item number to the caller
 * (「第 12 題：」+ message). Full-width letters and commas are accepted, as an IME types them.
 */
export function parsePaperAnswer(text: string, type: ItemType, optionCount: number): PaperAnswer {
  const raw = text.normalize("NFKC").trim();
  const shown = text.trim();
  if (raw === "") return { ok: true, selected: [] };
  if (type === "short_answer") return { ok: false, message: "簡答題沒有選項，請由評分人員評分" };

  const compact = raw.replace(SEPARATORS, "").toUpperCase();
  if (type === "true_false") {
    if (TRUE_MARKS.has(compact)) return { ok: true, selected: [0] };
    if (FALSE_MARKS.has(compact)) return { ok: true, selected: [1] };
    return { ok: false, message: `「${shown}」不是有效的答案（是非題請填 O 或 X）` };
  }

  if (!Number.isInteger(optionCount) || optionCount < 2 || optionCount > OPTION_LETTERS.length) {
    throw new ScoringInputError(`選項數無效：${optionCount}`);
  }
  const letters = OPTION_LETTERS.slice(0, optionCount);
  const range = `${letters[0]}–${letters[optionCount - 1]}`;
  const selected: number[] = [];
  for (const char of compact) {
    const index = letters.indexOf(char);
    if (index < 0) return { ok: false, message: `「${shown}」不是有效的選項（${range}）` };
    if (selected.includes(index)) return { ok: false, message: `「${shown}」重複填了 ${char}` };
    selected.push(index);
  }
  if (type === "single" && selected.length > 1) return { ok: false, message: `「${shown}」：單選題只能填一個選項（${range}）` };
  return { ok: true, selected: selected.sort((a, b) => a - b) };
}
