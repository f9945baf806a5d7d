/**
 * The question-bank file (題庫檔): one item per row, a header row naming the columns (zh-TW or
 * English, any order). The same columns are imported, exported and offered as a template, so an
 * export can be edited in Excel and imported back unchanged (a round trip is an identity).
 *
 * All or nothing, as the enrolment list (STYLE habit 8): the result is either every item, or every
 * problem in the file, each with its row. Rows are numbered as a spreadsheet shows them: the index
 * in `rows` plus one, the header normally row 1, blank rows counted but skipped. Nothing is coerced
 * silently: an unknown code, a key outside the options or a gap in the options is reported. What is
 * accepted loosely is only spelling that cannot be misread: full-width letters and digits in the key,
 * 題號 and codes (typed with a Chinese IME), any case, the separators people type between letters.
 *
 * Pure: the caller reads the file (CSV here, XLSX in ~/utils/spreadsheet.server) and gives the
 * standard's codes and the bank's numbers and stems.
 */
import { isBlankRecord, parseCsvRecords, readCsvText, toCsv } from "~/domain/csv";

import {
  COGNITIVE_LEVEL_LABELS,
  DIFFICULTY_LABELS,
  ITEM_STATUS_LABELS,
  ITEM_TYPE_LABELS,
  TRUE_FALSE_OPTIONS,
  type CognitiveLevel,
  type Difficulty,
  type ItemContent,
  type ItemStatus,
  type ItemType,
} from "./types";

/** Data rows (the header not counted). */
export const MAX_BANK_ROWS = 5000;
/** 5,000 items of a few hundred characters are a few MB; this leaves room for long stems and rubrics. */
export const MAX_BANK_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_STEM_CHARS = 2000;
export const MAX_OPTION_CHARS = 500;
/** 參考答案 and 解析. */
export const MAX_NOTE_CHARS = 2000;

/** OPTION_LETTERS as a tuple, so that each option column has its own field name. */
const LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;
type Letter = (typeof LETTERS)[number];
type OptionField = `option${Letter}`;

export type BankField =
  | "number"
  | "type"
  | "stem"
  | OptionField
  | "key"
  | "modelAnswer"
  | "explanation"
  | "codes"
  | "level"
  | "difficulty"
  | "status";

const optionField = (letter: Letter): OptionField => `option${letter}`;

/** Columns in file order, with their zh-TW header. */
export const BANK_COLUMNS: readonly { field: BankField; label: string }[] = [
  { field: "number", label: "題號" },
  { field: "type", label: "題型" },
  { field: "stem", label: "題幹" },
  ...LETTERS.map((letter) => ({ field: optionField(letter), label: `選項${letter}` })),
  { field: "key", label: "答案" },
  { field: "modelAnswer", label: "參考答案" },
  { field: "explanation", label: "解析" },
  { field: "codes", label: "職能代碼" },
  { field: "level", label: "認知層次" },
  { field: "difficulty", label: "難度" },
  { field: "status", label: "狀態" },
];
const LABEL: Record<BankField, string> = Object.fromEntries(BANK_COLUMNS.map((c) => [c.field, c.label])) as Record<BankField, string>;

/** Accepted header names besides the label, compared as `headerKey` leaves them. */
const HEADER_ALIASES: Record<BankField, readonly string[]> = {
  number: ["題目編號", "編號", "number", "no", "itemnumber", "itemno", "questionnumber"],
  type: ["題目類型", "類型", "type", "itemtype", "questiontype"],
  stem: ["題目", "問題", "stem", "question"],
  ...(Object.fromEntries(
    LETTERS.map((l) => [optionField(l), [`option${l}`, `choice${l}`, l].map((a) => a.toLowerCase())]),
  ) as Record<OptionField, string[]>),
  key: ["正確答案", "標準答案", "answer", "key", "correctanswer"],
  modelAnswer: ["評分要點", "modelanswer", "rubric"],
  explanation: ["詳解", "說明", "explanation", "rationale"],
  codes: ["代碼", "對應職能", "codes", "code", "competencycodes"],
  level: ["認知層級", "level", "cognitivelevel"],
  difficulty: ["難易度", "difficulty"],
  status: ["題目狀態", "status"],
};
const REQUIRED: readonly BankField[] = ["type", "stem", "codes", "level"];

/** Values each enum column accepts, compared as `valueKey` leaves them. */
const TYPE_WORDS: Record<ItemType, readonly string[]> = {
  single: ["單選", "單選題", "single"],
  multiple: ["複選", "複選題", "多選", "多選題", "multiple"],
  true_false: ["是非", "是非題", "truefalse"],
  short_answer: ["簡答", "簡答題", "shortanswer"],
};
const LEVEL_WORDS: Record<CognitiveLevel, readonly string[]> = {
  remember: ["記憶", "remember"],
  understand: ["理解", "understand"],
  apply: ["應用", "apply"],
  analyse: ["分析", "analyse", "analyze"],
};
const DIFFICULTY_WORDS: Record<Difficulty, readonly string[]> = {
  easy: ["易", "容易", "easy"],
  medium: ["中", "中等", "medium"],
  hard: ["難", "困難", "hard"],
};
const STATUS_WORDS: Record<ItemStatus, readonly string[]> = {
  draft: ["草稿", "draft"],
  active: ["啟用", "active"],
  retired: ["停用", "retired"],
};
/** Key [0] is 正確 (O), key [1] is 錯誤 (X), as TRUE_FALSE_OPTIONS. TRUE/FALSE is what Excel makes of T/F typed as words. */
const TRUE_FALSE_WORDS: readonly [readonly string[], readonly string[]] = [
  ["o", "○", "〇", "t", "true", "是", "對", "正確"],
  ["x", "×", "✕", "f", "false", "非", "否", "錯", "錯誤"],
];

export interface BankFileContext {
  /** The standard's codes by kind; an item must name at least one K code. */
  knownCodes: { K: readonly string[]; S: readonly string[]; P: readonly string[] };
  /** Numbers of the bank's items: a row with a 題號 updates one of them. */
  existingNumbers: readonly number[];
  /** Stems of the bank's items; a new row may not repeat one. */
  existingStems?: readonly string[];
}

export interface BankFileItem {
  /** Spreadsheet row (the header is normally row 1). */
  line: number;
  /** The item to update; null for a new item. */
  number: number | null;
  status: ItemStatus;
  content: ItemContent;
}

export interface BankFileError {
  /** Spreadsheet row; 0 for a problem of the whole file (too large). */
  line: number;
  column?: BankField;
  /** zh-TW, ready to show, starting with the row ("第 5 列：…") when there is one. */
  message: string;
}

export type BankFileResult = { ok: true; items: BankFileItem[] } | { ok: false; errors: BankFileError[] };

/** "Q012": how an item's number is shown and exported. */
export function formatItemNumber(number: number): string {
  return `Q${String(number).padStart(3, "0")}`;
}

/** Stems are compared for duplicates as a reader sees them: edge and repeated whitespace ignored. */
export function stemKey(stem: string): string {
  return stem.trim().replace(/\s+/gu, " ");
}

export function parseBankRows(rows: readonly (readonly string[])[], ctx: BankFileContext): BankFileResult {
  const errors: BankFileError[] = [];
  const at = (line: number, message: string, column?: BankField) =>
    errors.push({ line, ...(column ? { column } : {}), message: `第 ${line} 列：${message}` });

  const headerIndex = rows.findIndex((row) => !isBlankRecord(row));
  if (headerIndex < 0) {
    return fail([{ line: 1, message: `第 1 列：檔案是空的，第一列應為標題列（${BANK_COLUMNS.map((c) => c.label).join("、")}）` }]);
  }
  const headerLine = headerIndex + 1;
  // Column index → field; null for a column with no name, undefined for an unrecognised name.
  const columns: (BankField | null | undefined)[] = rows[headerIndex].map((raw) =>
    raw.trim() === "" ? null : headerField(raw),
  );
  const unknown = rows[headerIndex].filter((_, i) => columns[i] === undefined).map((f) => `「${f.trim()}」`);
  if (unknown.length > 0) {
    at(headerLine, `無法辨識的欄位名稱${unknown.join("、")}（可用：${BANK_COLUMNS.map((c) => c.label).join("、")}）`);
  }
  for (const { field, label } of BANK_COLUMNS) {
    if (columns.filter((c) => c === field).length > 1) at(headerLine, `欄位「${label}」重複出現`);
  }
  const missing = REQUIRED.filter((field) => !columns.includes(field));
  if (missing.length > 0) {
    at(headerLine, `缺少必要欄位${missing.map((f) => `「${LABEL[f]}」`).join("、")}（第一列必須是標題列）`);
    // Without the required columns the rows cannot be read at all.
    return fail(errors);
  }

  const data: { line: number; cells: readonly string[] }[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    if (!isBlankRecord(rows[i])) data.push({ line: i + 1, cells: rows[i] });
  }
  if (data.length === 0) {
    at(headerLine + 1, "沒有任何題目資料");
    return fail(errors);
  }
  if (data.length > MAX_BANK_ROWS) {
    // Reading further would only make a longer list of errors for a file that is refused anyway.
    return fail([
      { line: data[MAX_BANK_ROWS].line, message: `第 ${data[MAX_BANK_ROWS].line} 列：題目超過 ${MAX_BANK_ROWS} 題上限（本檔案有 ${data.length} 題），請分批匯入` },
    ]);
  }

  const codeIndex = new Map<string, { code: string; kind: "K" | "S" | "P" }>();
  for (const kind of ["K", "S", "P"] as const) {
    for (const code of ctx.knownCodes[kind]) codeIndex.set(codeKey(code), { code, kind });
  }
  const existingNumbers = new Set(ctx.existingNumbers);
  const existingStems = new Set((ctx.existingStems ?? []).map(stemKey));
  const numberLine = new Map<number, number>();
  const stemLine = new Map<string, number>();

  const items: BankFileItem[] = [];
  for (const { line, cells } of data) {
    const before = errors.length;
    const rowError = (message: string, column?: BankField) => at(line, message, column);
    const cell = {} as Record<BankField, string>;
    for (const { field } of BANK_COLUMNS) cell[field] = "";
    const strays: string[] = [];
    cells.forEach((raw, i) => {
      // Past the header's last column counts as a column without a name.
      const field = i < columns.length ? columns[i] : null;
      if (field) cell[field] = raw.trim();
      // A value under no column would be dropped silently; an unknown column was reported above.
      else if (field !== undefined && raw.trim() !== "") strays.push(columnLetter(i));
    });
    if (strays.length > 0) rowError(`${strays.map((c) => `${c} 欄`).join("、")}有資料，但該欄沒有欄位名稱（請檢查標題列）`);

    // Single-line cells refuse every control character; the three texts keep their line breaks.
    for (const { field, label } of BANK_COLUMNS) {
      if (field === "stem" || field === "modelAnswer" || field === "explanation") {
        cell[field] = cell[field].replace(/\r\n?/gu, "\n");
        if (/[^\P{Cc}\n]/u.test(cell[field])) rowError(`「${label}」不可包含控制字元（換行以外）`, field);
      } else if (/\p{Cc}/u.test(cell[field])) {
        rowError(`「${label}」不可包含換行或控制字元`, field);
      }
    }

    // 題號
    let number: number | null = null;
    if (cell.number !== "") {
      const match = /^Q?0*([1-9]\d{0,6})$/iu.exec(cell.number.normalize("NFKC"));
      if (!match) {
        rowError(`題號「${cell.number}」格式不正確（例如 Q012 或 12；新增題目請留空）`, "number");
      } else {
        number = Number(match[1]);
        const first = numberLine.get(number);
        if (!existingNumbers.has(number)) {
          rowError(`題號「${cell.number}」不在此題庫中（新增題目請將題號留空）`, "number");
        } else if (first !== undefined) {
          rowError(`題號「${cell.number}」與第 ${first} 列重複`, "number");
        } else numberLine.set(number, line);
      }
    }

    const type = cell.type === "" ? null : lookup(TYPE_WORDS, cell.type);
    if (cell.type === "") rowError("缺少題型", "type");
    else if (!type) rowError(`題型「${cell.type}」無法辨識（可用：單選、複選、是非、簡答）`, "type");

    // 題幹
    const stem = cell.stem;
    if (stem === "") rowError("缺少題幹", "stem");
    else if (charCount(stem) > MAX_STEM_CHARS) rowError(`題幹不可超過 ${MAX_STEM_CHARS} 字（目前 ${charCount(stem)} 字）`, "stem");
    else {
      const key = stemKey(stem);
      const first = stemLine.get(key);
      if (first !== undefined) rowError(`題幹與第 ${first} 列相同`, "stem");
      else {
        stemLine.set(key, line);
        if (number === null && existingStems.has(key)) rowError("題幹與題庫中既有的題目相同", "stem");
      }
    }

    // 選項 and 答案, which depend on the type.
    const filled = LETTERS.map((l) => cell[optionField(l)]);
    const lastFilled = filled.findLastIndex((v) => v !== "");
    const options = filled.slice(0, lastFilled + 1);
    let key: number[] = [];
    if (type === "single" || type === "multiple") {
      let optionsOk = true;
      const gap = options.findIndex((v) => v === "");
      if (gap >= 0) {
        optionsOk = false;
        rowError(`選項 ${LETTERS[gap]} 是空白，但後面還有選項 ${LETTERS[lastFilled]}（選項須從 A 起連續填寫）`, optionField(LETTERS[gap]));
      } else if (options.length < 2) {
        optionsOk = false;
        rowError(`${ITEM_TYPE_LABELS[type]}至少需要 2 個選項（目前 ${options.length} 個）`, "optionA");
      }
      options.forEach((text, i) => {
        if (charCount(text) > MAX_OPTION_CHARS) {
          rowError(`選項 ${LETTERS[i]} 不可超過 ${MAX_OPTION_CHARS} 字（目前 ${charCount(text)} 字）`, optionField(LETTERS[i]));
        }
        const same = options.indexOf(text);
        if (text !== "" && same < i) rowError(`選項 ${LETTERS[i]} 與選項 ${LETTERS[same]} 相同`, optionField(LETTERS[i]));
      });
      const parsed = parseLetterKey(cell.key);
      if ("error" in parsed) rowError(parsed.error, "key");
      else if (parsed.letters.length > 1 && type === "single") {
        rowError(`單選題只能有一個答案（目前為「${cell.key}」；多個答案請改用複選題）`, "key");
      } else if (optionsOk) {
        const outside = parsed.letters.filter((l) => l >= options.length);
        if (outside.length > 0) {
          rowError(
            `答案「${outside.map((i) => String.fromCharCode(65 + i)).join("、")}」不在選項 A–${LETTERS[options.length - 1]} 中`,
            "key",
          );
        } else key = parsed.letters;
      }
    } else if (type === "true_false" || type === "short_answer") {
      if (lastFilled >= 0) {
        rowError(
          type === "true_false"
            ? `是非題不填選項（選項固定為「${TRUE_FALSE_OPTIONS[0]}」與「${TRUE_FALSE_OPTIONS[1]}」）`
            : "簡答題不填選項",
          optionField(LETTERS[filled.findIndex((v) => v !== "")]),
        );
      }
      if (type === "true_false") {
        const word = valueKey(cell.key);
        const index = TRUE_FALSE_WORDS.findIndex((words) => words.includes(word));
        if (cell.key === "") rowError("缺少答案", "key");
        else if (index < 0) rowError(`是非題的答案「${cell.key}」無法辨識（請填 O 或 X）`, "key");
        else key = [index];
      } else if (cell.key !== "") {
        rowError("簡答題不填答案，參考答案或評分要點請填在「參考答案」欄", "key");
      }
    }

    // 參考答案 belongs to short answers only; the explanation is for every type.
    if (type === "short_answer" && cell.modelAnswer === "") rowError("簡答題缺少參考答案", "modelAnswer");
    if (type !== null && type !== "short_answer" && cell.modelAnswer !== "") {
      rowError("參考答案只用於簡答題（選擇題與是非題的說明請填在「解析」欄）", "modelAnswer");
    }
    for (const field of ["modelAnswer", "explanation"] as const) {
      if (charCount(cell[field]) > MAX_NOTE_CHARS) {
        rowError(`${LABEL[field]}不可超過 ${MAX_NOTE_CHARS} 字（目前 ${charCount(cell[field])} 字）`, field);
      }
    }

    // 職能代碼
    const codes: string[] = [];
    let hasK = false;
    for (const raw of cell.codes.split(/[\s、,，;；]+/u).filter(Boolean)) {
      const known = codeIndex.get(codeKey(raw));
      if (!known) rowError(`職能代碼「${raw}」不在此職能基準中`, "codes");
      else if (codes.includes(known.code)) rowError(`職能代碼「${known.code}」重複`, "codes");
      else {
        codes.push(known.code);
        hasK ||= known.kind === "K";
      }
    }
    if (cell.codes === "") rowError("缺少職能代碼（至少需要一個知識 K 代碼）", "codes");
    else if (codes.length > 0 && !hasK) rowError("職能代碼至少需要一個知識（K）代碼", "codes");

    const level = cell.level === "" ? null : lookup(LEVEL_WORDS, cell.level);
    if (cell.level === "") rowError("缺少認知層次", "level");
    else if (!level) rowError(`認知層次「${cell.level}」無法辨識（可用：記憶、理解、應用、分析）`, "level");

    const difficulty = cell.difficulty === "" ? "medium" : lookup(DIFFICULTY_WORDS, cell.difficulty);
    if (!difficulty) rowError(`難度「${cell.difficulty}」無法辨識（可用：易、中、難；空白為中）`, "difficulty");

    const status = cell.status === "" ? "active" : lookup(STATUS_WORDS, cell.status);
    if (!status) rowError(`狀態「${cell.status}」無法辨識（可用：草稿、啟用、停用；空白為啟用）`, "status");

    if (errors.length > before || !type || !level || !difficulty || !status) continue;
    items.push({
      line,
      number,
      status,
      content: {
        type,
        stem,
        options: type === "true_false" ? [...TRUE_FALSE_OPTIONS] : type === "short_answer" ? [] : options,
        key,
        modelAnswer: type === "short_answer" ? cell.modelAnswer : null,
        explanation: cell.explanation === "" ? null : cell.explanation,
        codes,
        cognitiveLevel: level,
        difficulty,
      },
    });
  }

  return errors.length > 0 ? fail(errors) : { ok: true, items };
}

function fail(errors: BankFileError[]): BankFileResult {
  return { ok: false, errors: [...errors].sort((a, b) => a.line - b.line) };
}

/** Header names compare without case, spaces (also full-width), "_", "-" and full-width forms. */
function headerField(name: string): BankField | undefined {
  const key = name.normalize("NFKC").toLowerCase().replace(/[\s_-]/gu, "");
  return BANK_COLUMNS.find(({ field, label }) => label.toLowerCase() === key || HEADER_ALIASES[field].includes(key))?.field;
}

function valueKey(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/[\s_-]/gu, "");
}

function lookup<T extends string>(words: Record<T, readonly string[]>, value: string): T | null {
  const key = valueKey(value);
  return (Object.keys(words) as T[]).find((k) => words[k].includes(key)) ?? null;
}

function codeKey(code: string): string {
  return code.normalize("NFKC").trim().toUpperCase();
}

/** "A", "AC", "A,C", "A、C", "ａｃ" → sorted option indexes; any letter A–Z, so that "E" of four options gets its own message. */
function parseLetterKey(raw: string): { letters: number[] } | { error: string } {
  if (raw === "") return { error: "缺少答案" };
  const letters = raw.normalize("NFKC").toUpperCase().replace(/[\s,、;]+/gu, "");
  if (!/^[A-Z]+$/u.test(letters)) return { error: `答案「${raw}」格式不正確（請填選項字母，例如 A 或 AC）` };
  const indexes = [...letters].map((l) => l.charCodeAt(0) - 65);
  const repeated = indexes.find((v, i) => indexes.indexOf(v) !== i);
  if (repeated !== undefined) return { error: `答案「${raw}」重複列出選項 ${String.fromCharCode(65 + repeated)}` };
  return { letters: indexes.sort((a, b) => a - b) };
}

/** Characters as a person counts them (a CJK extension character is one, not two UTF-16 units). */
function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** 0 → "A", 26 → "AA", as a spreadsheet names columns. */
function columnLetter(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** What an export needs of an item: its number, status and current content. */
export interface BankExportItem {
  number: number;
  status: ItemStatus;
  content: ItemContent;
}

function headerRow(): string[] {
  return BANK_COLUMNS.map((c) => c.label);
}

/** Header and one row per item, in the columns `parseBankRows` reads; importing the rows gives the items back. */
export function bankRowsForExport(items: readonly BankExportItem[]): string[][] {
  return [headerRow(), ...items.map((item) => exportRow(item.number, item.status, item.content))];
}

function exportRow(number: number | null, status: ItemStatus, content: ItemContent): string[] {
  const choice = content.type === "single" || content.type === "multiple";
  const values: Record<BankField, string> = {
    number: number === null ? "" : formatItemNumber(number),
    type: ITEM_TYPE_LABELS[content.type],
    stem: content.stem,
    ...(Object.fromEntries(LETTERS.map((l, i) => [optionField(l), choice ? (content.options[i] ?? "") : ""])) as Record<
      OptionField,
      string
    >),
    key:
      content.type === "true_false"
        ? ["O", "X"][content.key[0]]
        : choice
          ? content.key.map((i) => LETTERS[i]).join("")
          : "",
    modelAnswer: content.modelAnswer ?? "",
    explanation: content.explanation ?? "",
    codes: content.codes.join("、"),
    level: COGNITIVE_LEVEL_LABELS[content.cognitiveLevel],
    difficulty: DIFFICULTY_LABELS[content.difficulty],
    status: ITEM_STATUS_LABELS[status],
  };
  return BANK_COLUMNS.map((c) => values[c.field]);
}

/**
 * Header and one example per type (社群行銷, codes K01–K04). The examples are drafts, so rows
 * left in by mistake never reach a paper before someone looks at them.
 */
export function bankTemplateRows(): string[][] {
  const examples: ItemContent[] = [
    {
      type: "single",
      stem: "在 Facebook 粉絲專頁的洞察報告中，「觸及人數」指的是下列何者？",
      options: [
        "貼文在使用者畫面上出現的總次數",
        "至少看過一次貼文的不重複使用者人數",
        "對貼文按讚、留言或分享的次數",
        "點擊貼文中連結的人數",
      ],
      key: [1],
      modelAnswer: null,
      explanation: "「曝光次數」計算貼文出現的總次數，同一人可能被計算多次；「觸及人數」只計算不重複的使用者。",
      codes: ["K01"],
      cognitiveLevel: "understand",
      difficulty: "easy",
    },
    {
      type: "multiple",
      stem: "下列哪些屬於單篇社群貼文的互動（engagement）指標？",
      options: ["按讚數", "留言數", "分享數", "粉絲專頁追蹤人數"],
      key: [0, 1, 2],
      modelAnswer: null,
      explanation: "追蹤人數反映帳號的規模，不是單篇貼文的互動。",
      codes: ["K02"],
      cognitiveLevel: "remember",
      difficulty: "medium",
    },
    {
      type: "true_false",
      stem: "網紅收取廠商報酬推薦商品時，應在貼文中清楚揭露與廠商的合作關係。",
      options: [...TRUE_FALSE_OPTIONS],
      key: [0],
      modelAnswer: null,
      explanation: "依公平交易委員會對薦證廣告的規範，薦證者與廣告主之間的利益關係應予揭露，未揭露可能構成不實廣告。",
      codes: ["K03"],
      cognitiveLevel: "remember",
      difficulty: "easy",
    },
    {
      type: "short_answer",
      stem: "某手搖飲品牌的 Instagram 帳號近三個月觸及人數下降 30%，請列出兩個可能原因，並各提出一項對應的改善做法。",
      options: [],
      key: [],
      modelAnswer:
        "評分要點（共 10 分）：\n1. 原因合理，每項 2 分，例如：發文頻率降低、未經營短影音（Reels）、發文時段與受眾上線時間不符、平台演算法調整。\n2. 改善做法與原因對應，每項 3 分，例如：固定每週發文排程、增加短影音內容、依洞察報告調整發文時段。",
      explanation: null,
      codes: ["K01", "K04"],
      cognitiveLevel: "analyse",
      difficulty: "hard",
    },
  ];
  return [headerRow(), ...examples.map((content) => exportRow(null, "draft", content))];
}

/** A bank file saved as CSV (UTF-8, with or without BOM). Rows are numbered as Excel shows the file. */
export function parseBankCsv(input: string | Uint8Array, ctx: BankFileContext): BankFileResult {
  const text = readCsvText(input, { maxBytes: MAX_BANK_FILE_BYTES });
  if (typeof text !== "string") return fail([text]);
  const parsed = parseCsvRecords(text);
  if ("error" in parsed) return fail([parsed.error]);
  // Excel shows one row per record, also when a quoted cell spans lines, so rows are records, not lines.
  return parseBankRows(
    parsed.records.map((r) => r.fields),
    ctx,
  );
}

/** CSV for Excel: UTF-8 with a BOM (without it Excel in Taiwan reads the file as Big5), CRLF, quoted as needed. */
export function bankRowsToCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${toCsv(rows)}`;
}
