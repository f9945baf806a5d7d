/**
 * Authors' slips (reused or out-of-order codes, uncoded items, footnote markers) are kept as found and
 * reported here rather than rejected (DESIGN §3). Each warning names the item, the line and the slip,
 * in English and Traditional Chinese.
 */

// Bounded repetitions: linear on any input.
const FOOTNOTE_MARKER = /[【[［(（]\s{0,3}註\s{0,3}[0-9０-９一二三四五六七八九十]{0,3}\s{0,3}[】\]］)）]/g;

export class WarningLog {
  private readonly entries: Array<{ line: number; text: string }> = [];

  /** `subject` is the item's code (or a short description when it has none). */
  add(line: number, subject: string, en: string, zh: string): void {
    this.entries.push({ line, text: `${subject}: ${en} (line ${line}) / ${subject} ${zh}` });
  }

  /** A text's footnote markers (`【註2】`): the note they point to is not part of the item. */
  footnotes(line: number, subject: string, text: string): void {
    for (const match of text.matchAll(FOOTNOTE_MARKER)) {
      this.add(line, subject, `footnote marker ${match[0]} kept as written`, `含註腳標記${match[0]}，已照原文保留`);
    }
  }

  /** In document order, so a reader can walk the file alongside. */
  list(): string[] {
    return [...this.entries].sort((a, b) => a.line - b.line).map((entry) => entry.text);
  }
}

/** Quotes long text briefly inside a warning. */
export function short(text: string): string {
  if (text.length <= 20) return text;
  // Do not cut a supplementary-plane character (CJK Extension B) in half.
  const end = (text.codePointAt(19) ?? 0) > 0xffff ? 21 : 20;
  return `${text.slice(0, end)}…`;
}
