/**
 * Text cleaning for the parsed-standard contract (DESIGN §3): titles and texts carry no HTML, no
 * collapsed-cell debris, single spaces, and no break or space between two CJK characters, because iCAP
 * cells wrap mid-word (`行為數據分` + `析報告`). Every regex here is linear: inputs can be 2 MB of noise.
 */

// Han, CJK punctuation, kana, bopomofo, full-width forms and the supplementary ideograph planes.
const CJK_RANGES =
  "\\u2E80-\\u2FDF\\u3000-\\u303F\\u3040-\\u30FF\\u3100-\\u312F\\u31A0-\\u31BF\\u3400-\\u4DBF" +
  "\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF\\u{20000}-\\u{3134F}";
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK_RANGES}]) (?=[${CJK_RANGES}])`, "gu");

// A tag name is letters/digits only and must be followed by whitespace, "/" or ">", so the two
// quantifiers cannot trade characters (that trade is what makes `<a...` without `>` quadratic).
const HTML_TAG = /<\/?([A-Za-z][A-Za-z0-9]*(?::[A-Za-z0-9]+)?)(?:[\s/][^<>]*)?>/g;
const BLOCK_TAGS = new Set(
  "p div br li ol ul dl dt dd tr td th table tbody thead h1 h2 h3 h4 h5 h6 blockquote hr section".split(" "),
);
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g;
const NAMED_ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

// Bullet glyphs the exports use between list items, even mid-line (`…等。• 數位廣告平台…`).
const BULLET_GLYPHS = /[●•▪◆■◦]/;
const LEADING_DASH_BULLET = /^[-*＊](?:\s+|(?=[^\d\s-]))/;

/** Collapses whitespace and removes the space left between two CJK characters. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(SPACE_BETWEEN_CJK, "$1");
}

/** Joins the pieces of a cell that a page break split, then cleans the result. */
export function joinPieces(pieces: readonly string[]): string {
  return cleanText(pieces.join(" "));
}

/** HTML → plain text where block-level tags become line breaks; entities decoded. */
export function htmlToLines(raw: string): string {
  const withoutTags = raw.replace(HTML_TAG, (_tag, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? "\n" : ""));
  return withoutTags.replace(ENTITY, decodeEntity);
}

export interface TextBlock {
  text: string;
  /** The block opened with a bullet glyph or dash, as list items do (used to tell items from wraps). */
  bulleted: boolean;
}

/** A cell or section → its paragraphs / list items, cleaned, empty ones dropped. */
export function toBlocks(raw: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const line of htmlToLines(raw).split("\n")) {
    const pieces = line.split(BULLET_GLYPHS);
    pieces.forEach((piece, index) => {
      let text = cleanText(piece);
      let bulleted = index > 0;
      if (LEADING_DASH_BULLET.test(text)) {
        text = text.replace(LEADING_DASH_BULLET, "");
        bulleted = true;
      }
      if (text) blocks.push({ text, bulleted });
    });
  }
  return blocks;
}

const SENTENCE_END = "。．.!！?？;；";
const CLOSERS = "\"'」』）)";

/**
 * Whether text collected in pieces reads as complete, or was cut by a page break (`…產出經營`).
 * Only the last piece is looked at, so an item that keeps growing stays linear to check.
 * `alsoEndingWith` adds marks that end an entry too (a note's `：` introduces sub-bullets).
 */
export function isFinished(pieces: readonly string[], alsoEndingWith = ""): boolean {
  const text = (pieces.at(-1) ?? "").trimEnd();
  let end = text.length - 1;
  while (end >= 0 && CLOSERS.includes(text[end])) end--;
  return end >= 0 && (SENTENCE_END.includes(text[end]) || alsoEndingWith.includes(text[end]));
}

/** Labels compare without HTML and spaces (`所屬 類別`, `職能 級別` wrap inside header cells). */
export function normalizeLabel(text: string): string {
  return htmlToLines(text).replace(/\s+/g, "");
}

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith("#")) {
    const codePoint = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
}
