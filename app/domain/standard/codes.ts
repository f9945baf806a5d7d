/**
 * iCAP item codes: T1 (duty), T1.1 (task), O1.1.1 (output), P1.1.1 (indicator), K01 / S01 / A01.
 * Codes, not column positions, decide what an item is (DESIGN §3), so every cell is split at them.
 */

export type CodeKind = "duty" | "task" | "output" | "indicator" | "knowledge" | "skill" | "attitude";

export interface Segment {
  code: string | null;
  kind: CodeKind | null;
  /** The item's text without its code prefix; raw pieces are cleaned when joined. */
  text: string;
}

// Bounded repetitions keep this linear; the boundary rules below reject codes glued to other words.
const CODE_CANDIDATE = /[TOPKSA]\d{1,3}(?:\.\d{1,3}){0,2}/g;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const ASCII_LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;
const SEPARATOR_AFTER_CODE = /^[\s:：、．.]+/;

export const MAIN_TABLE_KINDS: ReadonlySet<CodeKind> = new Set([
  "duty",
  "task",
  "output",
  "indicator",
  "knowledge",
  "skill",
]);
export const ATTITUDE_KINDS: ReadonlySet<CodeKind> = new Set(["attitude"]);
export const KNOWLEDGE_KINDS: ReadonlySet<CodeKind> = new Set(["knowledge"]);
export const SKILL_KINDS: ReadonlySet<CodeKind> = new Set(["skill"]);

/** Splits text at the codes of the given kinds; text before the first code is an uncoded segment. */
export function splitByCodes(text: string, kinds: ReadonlySet<CodeKind>): Segment[] {
  const segments: Segment[] = [];
  const hits: Array<{ code: string; kind: CodeKind; start: number; end: number }> = [];
  for (const match of text.matchAll(CODE_CANDIDATE)) {
    const start = match.index;
    const code = match[0];
    const kind = kindOf(code);
    if (kind && kinds.has(kind) && isStandaloneCode(text, start, start + code.length, kind)) {
      hits.push({ code, kind, start, end: start + code.length });
    }
  }
  const lead = text.slice(0, hits.length > 0 ? hits[0].start : text.length).trim();
  if (lead) segments.push({ code: null, kind: null, text: lead });
  hits.forEach((hit, i) => {
    const end = i + 1 < hits.length ? hits[i + 1].start : text.length;
    segments.push({
      code: hit.code,
      kind: hit.kind,
      text: text.slice(hit.end, end).replace(SEPARATOR_AFTER_CODE, "").trim(),
    });
  });
  return segments;
}

export function kindOf(code: string): CodeKind | null {
  const levels = code.split(".").length;
  switch (code[0]) {
    case "T":
      return levels === 1 ? "duty" : levels === 2 ? "task" : null;
    case "O":
      return levels >= 2 ? "output" : null;
    case "P":
      return levels >= 2 ? "indicator" : null;
    case "K":
      return levels === 1 ? "knowledge" : null;
    case "S":
      return levels === 1 ? "skill" : null;
    case "A":
      return levels === 1 ? "attitude" : null;
    default:
      return null;
  }
}

/** `P1.2.3` → [1, 2, 3]. */
export function codeNumbers(code: string): number[] {
  return code.slice(1).split(".").map(Number);
}

export function compareCodes(a: string, b: string): number {
  const x = codeNumbers(a);
  const y = codeNumbers(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `code` (an output or indicator, O1.2.3) is numbered under task `taskCode` (T1.2). */
export function belongsToTask(code: string, taskCode: string): boolean {
  return codeNumbers(code).slice(0, -1).join(".") === codeNumbers(taskCode).join(".");
}

export function belongsToDuty(taskCode: string, dutyCode: string): boolean {
  return codeNumbers(taskCode)[0] === codeNumbers(dutyCode)[0];
}

function isStandaloneCode(text: string, start: number, end: number, kind: CodeKind): boolean {
  const before = start > 0 ? text[start - 1] : "";
  const after = text[end] ?? "";
  // A code starts an item, so it follows a break, a space or punctuation, never a word: this keeps
  // references such as `依據O1.1.1` and words such as `使用A4紙` inside the text.
  if (before && (LETTER_OR_NUMBER.test(before) || before === "_" || before === ".")) return false;
  if (DIGIT.test(after) || (after === "." && DIGIT.test(text[end + 1] ?? ""))) return false;
  const dotted = kind === "task" || kind === "output" || kind === "indicator";
  // `K8s` is a word; `K01` or `S05Excel操作` are codes.
  return dotted || end - start > 2 || !ASCII_LETTER.test(after);
}
