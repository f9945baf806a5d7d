/**
 * The layout of an iCAP text export: lines of tab-separated cells, grouped into regions by their
 * labels (the heading block, the task table, 職能內涵 A, 說明與補充事項, …). Labels are matched
 * loosely because wording varies between exports; content is interpreted by the region's reader.
 */
import { normalizeLabel } from "./clean-text";

export interface Line {
  /** 1-based, as an editor shows it: errors and warnings name it. */
  number: number;
  text: string;
  cells: string[];
}

export type RegionKind =
  | "head"
  | "table"
  | "unit-tasks"
  | "knowledge"
  | "skills"
  | "attitudes"
  | "notes"
  | "guide"
  /** Free text after the task table under no known label. */
  | "other";

export interface ContentRow {
  line: number;
  /** The row's non-empty content cells (the label cell excluded). */
  cells: string[];
}

export interface Region {
  kind: RegionKind;
  /** Line of the label or header that opened the region. */
  line: number;
  rows: ContentRow[];
  /** Raw lines, for the regions read as tables (head, table). */
  lines: Line[];
}

export type Field =
  | "code"
  | "name"
  | "nameOption"
  | "group"
  | "jobCategory"
  | "jobCategoryCode"
  | "occupation"
  | "occupationCode"
  | "industry"
  | "industryCode"
  | "domain"
  | "description"
  | "level";

const FIELD_LABELS: ReadonlyArray<readonly [RegExp, Field]> = [
  [/^職能(基準|單元)代碼$/, "code"],
  // `職能基準名稱 (擇一填寫)`: the name then sits beside 職類 or 職業 on the following rows.
  [/^職能(基準|單元)名稱/, "name"],
  [/^(職類|職業)$/, "nameOption"],
  [/^所屬類別$/, "group"],
  [/^職類別$/, "jobCategory"],
  [/^職類別代碼$/, "jobCategoryCode"],
  [/^職業別$/, "occupation"],
  [/^職業別代碼$/, "occupationCode"],
  [/^行業別$/, "industry"],
  [/^行業別代碼$/, "industryCode"],
  [/^領域(類別|別)$/, "domain"],
  [/^工作描述$/, "description"],
  [/^(職能)?(基準|單元)?級別$/, "level"],
];

export type TableRole = "duty" | "task" | "output" | "indicator" | "level" | "knowledge" | "skill";

// Labels are short; longer cells are content even when they contain these words.
const MAX_LABEL_LENGTH = 40;
// The task table has seven columns; a "row" of thousands of cells is noise, not a header.
const MAX_TABLE_COLUMNS = 30;

export function toLines(text: string): Line[] {
  return text
    .split("\n")
    .map((lineText, index) => ({ number: index + 1, text: lineText, cells: lineText.split("\t") }));
}

export function isBlank(line: Line): boolean {
  return line.text.trim() === "";
}

export function regionsOf(regions: readonly Region[], kind: RegionKind): Region[] {
  return regions.filter((region) => region.kind === kind);
}

/** Where the text ends, for "ended before …" errors. */
export function lastTextLine(lines: readonly Line[]): number {
  return lines.findLast((line) => !isBlank(line))?.number ?? lines.length;
}

/** A header cell's column role, from its label (`主要職責`, `職能 級別`, `職能內涵 (K=knowledge 知識)`). */
export function headerRole(cell: string): TableRole | null {
  const label = normalizeLabel(cell);
  if (!label || label.length > MAX_LABEL_LENGTH) return null;
  if (/K[=＝]|知識/.test(label)) return "knowledge";
  if (/S[=＝]|技能/.test(label)) return "skill";
  if (/職責/.test(label)) return "duty";
  if (/產出/.test(label)) return "output";
  if (/指標/.test(label)) return "indicator";
  if (/任務/.test(label)) return "task";
  if (/級別/.test(label)) return "level";
  return null;
}

/** The task table's header row: most of its cells are column labels (it repeats after page breaks). */
export function tableHeaderRoles(line: Line): Array<TableRole | null> | null {
  if (line.cells.length < 4 || line.cells.length > MAX_TABLE_COLUMNS) return null;
  const roles = line.cells.map(headerRole);
  const found = new Set(roles.filter((role) => role !== null));
  return found.size >= 4 && (found.has("task") || found.has("indicator")) ? roles : null;
}

/** The heading-block field a label cell names (`職能基準代碼`, `所屬 類別`, `基準級別`), if any. */
export function fieldOf(cell: string): Field | null {
  const label = normalizeLabel(cell).replace(/[:：]$/, "");
  if (!label || label.length > MAX_LABEL_LENGTH) return null;
  return FIELD_LABELS.find(([pattern]) => pattern.test(label))?.[1] ?? null;
}

/** The section a label cell opens, if any. */
export function sectionOf(cell: string): RegionKind | null {
  const label = normalizeLabel(cell).replace(/[:：]$/, "");
  if (!label || label.length > MAX_LABEL_LENGTH) return null;
  if (/^職能內涵/.test(label)) {
    if (/K[=＝]|知識/.test(label)) return "knowledge";
    if (/S[=＝]|技能/.test(label)) return "skills";
    if (/A[=＝]|態度/.test(label)) return "attitudes";
    return null;
  }
  if (/^工作任務(與|及|和)?行為指標$/.test(label)) return "unit-tasks";
  if (/^(說明與補充事項|補充說明|說明事項|備註)$/.test(label)) return "notes";
  if (/^評量設計參考/.test(label)) return "guide";
  return null;
}

/**
 * Splits the document into regions. A table header opens the task table; a section label in the
 * first cell opens that section; everything else continues the current region, except that a line
 * without tabs ends the task table (every table row has its cells, empty or not), and a heading-block
 * field row (`職能單元級別⇥4`) belongs to the heading block wherever it stands.
 */
export function toRegions(lines: Line[]): Region[] {
  const head: Region = { kind: "head", line: 1, rows: [], lines: [] };
  let current = head;
  const regions: Region[] = [head];
  for (const line of lines) {
    if (current !== head && line.cells.length > 1 && fieldOf(line.cells[0]) !== null) {
      head.lines.push(line);
      continue;
    }
    const leavesTable = current.kind === "table" && line.cells.length === 1 && !isBlank(line);
    const section = tableHeaderRoles(line) ? "table" : sectionOf(line.cells[0] ?? "") ?? (leavesTable ? "other" : null);
    if (section && !(section === "table" && current.kind === "table")) {
      current = { kind: section, line: line.number, rows: [], lines: [] };
      regions.push(current);
      // A label's own cell is not content; the line that opens an "other" region is nothing but content.
      const content = (section === "other" ? line.cells : line.cells.slice(1)).filter((cell) => cell.trim() !== "");
      if (section !== "table" && content.length > 0) current.rows.push({ line: line.number, cells: content });
    } else {
      const cells = line.cells.filter((cell) => cell.trim() !== "");
      if (cells.length > 0) current.rows.push({ line: line.number, cells });
    }
    current.lines.push(line);
  }
  return regions;
}
