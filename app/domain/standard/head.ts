/**
 * The heading block of a standard: title, version table and the label/value rows (代碼, 名稱, 所屬類別,
 * 工作描述, 級別). Values are found next to their labels, wherever the export put the columns.
 */
import { cleanText, htmlToLines, normalizeLabel } from "./clean-text";
import { fieldOf, isBlank, type Field, type Line } from "./document";
import { StandardParseError } from "./errors";
import type { StandardCategory, StandardVersion } from "./types";
import type { WarningLog } from "./warnings";

export interface FieldValue {
  value: string;
  line: number;
}

export interface StandardHead {
  /** The document's first free-standing line, e.g. `社群媒體經營人員職能基準`. */
  title: FieldValue | null;
  fields: Partial<Record<Field, FieldValue>>;
  /** Name candidates in document order (名稱, then 職類 / 職業). */
  names: FieldValue[];
  versions: StandardVersion[];
}

export function readHead(lines: readonly Line[], log: WarningLog): StandardHead {
  const versionLines = findVersionTable(lines);
  const head: StandardHead = { title: null, fields: {}, names: [], versions: readVersions(versionLines, log) };
  const skip = new Set(versionLines);
  for (const line of lines) {
    if (skip.has(line) || isBlank(line)) continue;
    if (line.cells.length === 1 && head.title === null && fieldOf(line.cells[0]) === null) {
      head.title = { value: cleanText(htmlToLines(line.cells[0])), line: line.number };
      continue;
    }
    readLabelledValues(line, head);
  }
  return head;
}

export function categoryOf(head: StandardHead): StandardCategory {
  const { fields } = head;
  const category: StandardCategory = {};
  const pair = (name?: FieldValue, code?: FieldValue) =>
    name || code ? { code: code?.value ?? "", name: name?.value ?? "" } : undefined;
  const jobCategory = pair(fields.jobCategory, fields.jobCategoryCode);
  const occupation = pair(fields.occupation, fields.occupationCode);
  const industry = pair(fields.industry, fields.industryCode);
  if (jobCategory) category.jobCategory = jobCategory;
  if (occupation) category.occupation = occupation;
  if (industry) category.industry = industry;
  if (fields.domain) category.domain = fields.domain.value;
  return category;
}

/**
 * Code, name and level, which every standard has. Older exports leave the code or name rows out but
 * carry them in the version table or the title, so those are used before giving up.
 */
export function requireHeadFields(
  head: StandardHead,
  kindName: "職能基準" | "職能單元",
  line: number,
): { code: string; name: string; level: number } {
  const current = head.versions.find((version) => version.status.includes("最新")) ?? head.versions[0];
  const code = head.fields.code?.value || current?.code;
  if (!code) throw missingFieldError(kindName, `${kindName}代碼`, "code", line);
  const fromTitle = head.title?.value.replace(/職能(基準|單元)$/, "");
  const name = head.names.find((candidate) => candidate.value)?.value || current?.name || fromTitle;
  if (!name) throw missingFieldError(kindName, `${kindName}名稱`, "name", line);
  const levelField = head.fields.level;
  const level = levelField ? levelNumber(levelField.value) : NaN;
  if (!(level >= 1 && level <= 6)) {
    const label = kindName === "職能基準" ? "基準級別" : "職能單元級別";
    throw missingFieldError(kindName, label, "level", levelField?.line ?? line, levelField?.value);
  }
  return { code, name, level };
}

/** `4`, `4級`, `第4級` → 4; NaN when the text is not a level. */
export function levelNumber(text: string): number {
  const match = /^\D{0,3}?(\d{1,2})\D{0,3}$/.exec(text);
  return match ? Number(match[1]) : NaN;
}

function missingFieldError(
  kindName: string,
  labelZh: string,
  labelEn: string,
  line: number,
  found?: string,
): StandardParseError {
  if (found !== undefined) {
    return new StandardParseError(
      "missing-field",
      line,
      `${labelZh}: 1–6`,
      `「${labelZh}」應為 1 到 6 的數字，這裡是「${found}」。`,
      `Expected the ${labelEn} (${labelZh}) as a number from 1 to 6, found "${found}".`,
    );
  }
  return new StandardParseError(
    "missing-field",
    line,
    labelZh,
    `找不到「${labelZh}」，這是每份${kindName}都必須有的欄位。`,
    `Expected the ${labelEn} (${labelZh}), which every standard has, by this point, but it is missing.`,
  );
}

function readLabelledValues(line: Line, head: StandardHead): void {
  const { cells } = line;
  for (let i = 0; i < cells.length; i++) {
    const field = fieldOf(cells[i]);
    if (field === null) continue;
    let j = i + 1;
    while (j < cells.length && cells[j].trim() === "") j++;
    if (j >= cells.length || fieldOf(cells[j]) !== null) continue;
    const value = { value: cleanText(htmlToLines(cells[j])), line: line.number };
    if (field === "name" || field === "nameOption") head.names.push(value);
    else head.fields[field] ??= value;
    i = j;
  }
}

type VersionColumn = keyof StandardVersion;

const VERSION_LABEL = /^版(本|次)$/;

const VERSION_COLUMNS: ReadonlyArray<readonly [RegExp, VersionColumn]> = [
  [VERSION_LABEL, "version"],
  [/代碼/, "code"],
  [/名稱/, "name"],
  [/狀態/, "status"],
  [/說明|備註/, "note"],
  [/日期/, "date"],
];

/** The version table: its header row and the `V2`, `V1` rows under it. */
function findVersionTable(lines: readonly Line[]): Line[] {
  const start = lines.findIndex((line) => {
    const labels = line.cells.map(normalizeLabel);
    return labels.some((label) => VERSION_LABEL.test(label)) && labels.some((label) => /代碼|日期/.test(label));
  });
  if (start === -1) return [];
  const versionColumn = lines[start].cells.findIndex((cell) => VERSION_LABEL.test(normalizeLabel(cell)));
  let end = start + 1;
  while (end < lines.length && /^V\d+$/i.test(normalizeLabel(lines[end].cells[versionColumn] ?? ""))) end++;
  return lines.slice(start, end);
}

function readVersions(table: readonly Line[], log: WarningLog): StandardVersion[] {
  if (table.length === 0) return [];
  const columns = new Map<VersionColumn, number>();
  table[0].cells.forEach((cell, index) => {
    const label = normalizeLabel(cell);
    const column = VERSION_COLUMNS.find(([pattern, name]) => pattern.test(label) && !columns.has(name))?.[1];
    if (column) columns.set(column, index);
  });
  return table.slice(1).map((line) => {
    const value = (column: VersionColumn) => {
      const index = columns.get(column);
      return index === undefined ? "" : cleanText(htmlToLines(line.cells[index] ?? ""));
    };
    const version = value("version");
    const rawDate = value("date");
    const date = isoDate(rawDate);
    if (date === null && rawDate) {
      log.add(
        line.number,
        version,
        `date "${rawDate}" is not a recognised date, kept as written`,
        `日期「${rawDate}」無法辨識，照原文保留`,
      );
    }
    return {
      version,
      code: value("code"),
      name: value("name"),
      status: value("status"),
      note: value("note"),
      date: date ?? rawDate,
    };
  });
}

/** `2024/12/15`, `2024-12-15`, `2024.12.15`, `2024年12月15日` and ROC years (`113/12/15`) → ISO. */
function isoDate(text: string): string | null {
  const match = /^(\d{2,4})\s?[/.\-年]\s?(\d{1,2})\s?[/.\-月]\s?(\d{1,2})\s?日?$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]) < 1911 ? Number(match[1]) + 1911 : Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
