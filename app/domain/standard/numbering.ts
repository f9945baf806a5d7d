/**
 * Numbered text as competency units and 評量設計參考 write it: sections `一、…` holding items
 * `1. … 2. …` that often run together on one line (`…順序。2. 關於…`).
 */

// `一、`, `一.`, `(一)`, `（一）`
const SECTION_NUMERAL = /^(?:[(（]([一二三四五六七八九十]{1,3})[)）]|([一二三四五六七八九十]{1,3})\s?[、.．])\s*/;
const NUMERAL_VALUES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ITEM_PUNCTUATION = /[.．、)）]/;
const OPENING_PARENTHESIS = /[(（]/;
const CLOSING_PARENTHESIS = /[)）]/;
const NOT_BEFORE_ITEM_NUMBER = /[0-9A-Za-z.]/;
const DIGIT = /[0-9]/;

export interface SectionHeading {
  number: number;
  /** The numeral and its mark as written, `一、`. */
  marker: string;
  /** The heading's text after `一、`. */
  rest: string;
}

/** `五、評估社群媒體的績效` → { number: 5, rest: "評估社群媒體的績效" }. */
export function sectionHeading(text: string): SectionHeading | null {
  const match = SECTION_NUMERAL.exec(text);
  if (!match) return null;
  const number = chineseNumeralValue(match[1] ?? match[2]);
  return number === null ? null : { number, marker: match[0].trim(), rest: text.slice(match[0].length) };
}

/** 一 … 九十九; null for anything else (`十十`, `一二`). */
export function chineseNumeralValue(numeral: string): number | null {
  const chars = [...numeral];
  const tenAt = chars.indexOf("十");
  if (tenAt === -1) return chars.length === 1 ? NUMERAL_VALUES[chars[0]] ?? null : null;
  if (tenAt > 1 || chars.length - tenAt > 2) return null;
  const tens = tenAt === 0 ? 1 : NUMERAL_VALUES[chars[0]];
  const ones = tenAt === chars.length - 1 ? 0 : NUMERAL_VALUES[chars[tenAt + 1]];
  return tens === undefined || ones === undefined ? null : tens * 10 + ones;
}

export interface NumberedItem {
  number: number;
  text: string;
}

export interface NumberedSplit {
  /** Text before the first item number (a section title, or a page-break continuation). */
  preamble: string;
  items: NumberedItem[];
}

/**
 * Splits `1. a。2. b。` (or `1、`, `1)`, `(1)`) into items, accepting only the next number in sequence
 * so that numbers inside the text (`Web 2.0`, `3.5倍`, `第2、3項`) are not taken for items.
 */
export function splitNumberedItems(text: string, firstNumber: number): NumberedSplit {
  const markers: Array<{ number: number; start: number; end: number }> = [];
  let from = 0;
  for (let number = firstNumber; ; number++) {
    const marker = findItemMarker(text, number, from);
    if (!marker) break;
    markers.push({ number, ...marker });
    from = marker.end;
  }
  if (markers.length === 0) return { preamble: text.trim(), items: [] };
  return {
    preamble: text.slice(0, markers[0].start).trim(),
    items: markers.map((marker, i) => ({
      number: marker.number,
      text: text.slice(marker.end, i + 1 < markers.length ? markers[i + 1].start : text.length).trim(),
    })),
  };
}

function findItemMarker(text: string, number: number, from: number): { start: number; end: number } | null {
  const digits = String(number);
  for (let i = text.indexOf(digits, from); i !== -1; i = text.indexOf(digits, i + 1)) {
    const before = i > 0 ? text[i - 1] : "";
    const mark = text[i + digits.length] ?? "";
    const after = text[i + digits.length + 1] ?? "";
    const opened = OPENING_PARENTHESIS.test(before);
    const marked = opened
      ? CLOSING_PARENTHESIS.test(mark)
      : ITEM_PUNCTUATION.test(mark) && !NOT_BEFORE_ITEM_NUMBER.test(before);
    if (marked && !DIGIT.test(after)) return { start: opened ? i - 1 : i, end: i + digits.length + 1 };
  }
  return null;
}

/** Unnumbered running text → sentences, each keeping its full stop. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "。" || text[i] === "！" || text[i] === "？") {
      const sentence = text.slice(start, i + 1).trim();
      if (sentence) sentences.push(sentence);
      start = i + 1;
    }
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
