/**
 * The 雙向細目表 (two-way specification table): the standard's K codes down, cognitive levels across,
 * and in each cell how many items and how many points the paper wants. Pure functions for the editing
 * table and its checks; assembly.ts draws the paper from the same cells.
 */
import { COGNITIVE_LEVELS, COGNITIVE_LEVEL_LABELS, type BankItem, type BlueprintCell, type CognitiveLevel } from "./types";

/** A K code of the standard, in the standard's order. */
export interface KnowledgeCode {
  code: string;
  title: string;
}

export interface BlueprintTotals {
  /** Items wanted per form. */
  wanted: number;
  points: number;
  /** Percent of the blueprint's total points, 1 decimal; null while the total is 0. */
  share: number | null;
  /** Distinct active items that could fill some cell of this row / column / table. */
  available: number;
}

export interface BlueprintTableCell extends BlueprintTotals {
  code: string;
  level: CognitiveLevel;
  /** The bank has at least `wanted` active items for the cell taken alone (see summariseBlueprint). */
  fillable: boolean;
}

export interface BlueprintRow {
  code: string;
  /** null for a code the standard does not have (validateBlueprint reports it). */
  title: string | null;
  known: boolean;
  /** One per cognitive level, in COGNITIVE_LEVELS order. */
  cells: BlueprintTableCell[];
  total: BlueprintTotals;
}

export interface BlueprintColumn extends BlueprintTotals {
  level: CognitiveLevel;
}

export interface BlueprintTable {
  rows: BlueprintRow[];
  columns: BlueprintColumn[];
  total: BlueprintTotals;
}

export interface BlueprintProblem {
  /** The cell concerned; null for the blueprint as a whole. */
  code: string | null;
  level: CognitiveLevel | null;
  /** zh-TW, ready to show. */
  message: string;
}

/** 「K03 × 應用」, as cells are named in messages. */
export function cellLabel(code: string, level: CognitiveLevel): string {
  return `${code} × ${COGNITIVE_LEVEL_LABELS[level]}`;
}

/** Whether a bank item can be drawn for the cell, status aside. */
export function fillsCell(item: Pick<BankItem, "codes" | "cognitiveLevel">, cell: Pick<BlueprintCell, "code" | "level">): boolean {
  return item.cognitiveLevel === cell.level && item.codes.includes(cell.code);
}

/**
 * Cells in the standard's order: by the position of their code in `codeOrder` (codes it lacks go last,
 * in natural order, K2 before K10), then by cognitive level. Stable, so duplicates keep their order.
 */
export function orderCells<C extends Pick<BlueprintCell, "code" | "level">>(cells: readonly C[], codeOrder: readonly string[] = []): C[] {
  const position = new Map(codeOrder.map((code, i) => [code, i]));
  const rank = (code: string) => position.get(code) ?? codeOrder.length;
  return cells.slice().sort(
    (a, b) =>
      rank(a.code) - rank(b.code) ||
      (rank(a.code) === codeOrder.length ? naturalCompare(a.code, b.code) : 0) ||
      COGNITIVE_LEVELS.indexOf(a.level) - COGNITIVE_LEVELS.indexOf(b.level),
  );
}

const collator = new Intl.Collator("en", { numeric: true });
function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Points are kept to the cent; summing in integer cents keeps 0.1 + 0.2 from showing as 0.30000000000000004. */
export function toCents(points: number): number {
  return Math.round(points * 100);
}

function shareOf(cents: number, totalCents: number): number | null {
  return totalCents > 0 ? Math.round((cents / totalCents) * 1000) / 10 : null;
}

/**
 * The table a blueprint editor shows. Rows are the standard's K codes in its order, followed by any
 * code the cells name that the standard lacks, so no cell silently drops out of the totals. Duplicate
 * cells (same code and level) are added together here; validateBlueprint reports them.
 *
 * `available` counts active items only. An item with two K codes counts in both cells, but a form
 * uses it once: cells that compete for the same items can each be `fillable` while the paper as a
 * whole is not. assemblePaper's shortfalls are the authority on that.
 */
export function summariseBlueprint({
  cells,
  codes,
  bank,
}: {
  cells: readonly BlueprintCell[];
  codes: readonly KnowledgeCode[];
  bank: readonly BankItem[];
}): BlueprintTable {
  const active = bank.filter((item) => item.status === "active");
  const rowCodes: { code: string; title: string | null; known: boolean }[] = codes.map((c) => ({ code: c.code, title: c.title, known: true }));
  const known = new Set(codes.map((c) => c.code));
  for (const cell of orderCells(cells)) {
    if (!known.has(cell.code)) {
      known.add(cell.code);
      rowCodes.push({ code: cell.code, title: null, known: false });
    }
  }

  const wanted = new Map<string, { count: number; cents: number }>();
  const key = (code: string, level: CognitiveLevel) => `${level}\u0000${code}`;
  let totalCount = 0;
  let totalCents = 0;
  for (const cell of cells) {
    const entry = wanted.get(key(cell.code, cell.level)) ?? { count: 0, cents: 0 };
    entry.count += cell.count;
    entry.cents += toCents(cell.points);
    wanted.set(key(cell.code, cell.level), entry);
    totalCount += cell.count;
    totalCents += toCents(cell.points);
  }

  const distinct = (filter: (item: BankItem) => boolean) => new Set(active.filter(filter).map((item) => item.itemId)).size;
  const inTable = (item: BankItem) => item.codes.some((code) => known.has(code));
  const totals = (count: number, cents: number, available: number): BlueprintTotals => ({
    wanted: count,
    points: cents / 100,
    share: shareOf(cents, totalCents),
    available,
  });

  const rows: BlueprintRow[] = rowCodes.map((row) => {
    let rowCount = 0;
    let rowCents = 0;
    const rowCells = COGNITIVE_LEVELS.map((level): BlueprintTableCell => {
      const entry = wanted.get(key(row.code, level)) ?? { count: 0, cents: 0 };
      rowCount += entry.count;
      rowCents += entry.cents;
      const available = distinct((item) => fillsCell(item, { code: row.code, level }));
      return { code: row.code, level, ...totals(entry.count, entry.cents, available), fillable: available >= entry.count };
    });
    return {
      ...row,
      cells: rowCells,
      total: totals(rowCount, rowCents, distinct((item) => item.codes.includes(row.code))),
    };
  });

  const columns = COGNITIVE_LEVELS.map((level, i): BlueprintColumn => {
    const count = rows.reduce((sum, row) => sum + row.cells[i].wanted, 0);
    const cents = rows.reduce((sum, row) => sum + toCents(row.cells[i].points), 0);
    return { level, ...totals(count, cents, distinct((item) => item.cognitiveLevel === level && inTable(item))) };
  });

  return { rows, columns, total: totals(totalCount, totalCents, distinct(inTable)) };
}

/** What stops a blueprint from making a sound paper, in the standard's order of cells. */
export function validateBlueprint({
  cells,
  codes,
}: {
  cells: readonly BlueprintCell[];
  codes: readonly Pick<KnowledgeCode, "code">[];
}): BlueprintProblem[] {
  const problems: BlueprintProblem[] = [];
  const known = new Set(codes.map((c) => c.code));
  const seen = new Map<string, number>();
  const ordered = orderCells(cells, codes.map((c) => c.code));
  for (const cell of ordered) {
    const key = `${cell.level}\u0000${cell.code}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const reportedUnknown = new Set<string>();
  const reportedDuplicate = new Set<string>();
  for (const cell of ordered) {
    const label = cellLabel(cell.code, cell.level);
    const problem = (message: string) => problems.push({ code: cell.code, level: cell.level, message });
    if (!known.has(cell.code) && !reportedUnknown.has(cell.code)) {
      reportedUnknown.add(cell.code);
      problem(`${label}：此職能基準沒有知識代碼 ${cell.code}`);
    }
    const key = `${cell.level}\u0000${cell.code}`;
    const times = seen.get(key)!;
    if (times > 1 && !reportedDuplicate.has(key)) {
      reportedDuplicate.add(key);
      problem(`${label}：同一格重複出現 ${times} 次，請合併為一格`);
    }
    if (cell.count === 0 && cell.points > 0) problem(`${label}：配分 ${formatPoints(cell.points)} 分，但題數為 0`);
  }

  const totalCount = cells.reduce((sum, c) => sum + c.count, 0);
  const totalCents = cells.reduce((sum, c) => sum + toCents(c.points), 0);
  if (totalCount === 0) problems.push({ code: null, level: null, message: "細目表尚未設定任何題數" });
  else if (totalCents === 0) problems.push({ code: null, level: null, message: `細目表共 ${totalCount} 題，但總配分為 0 分` });
  return problems;
}

/** 2, 2.5, 1.33: as few decimals as the value needs. */
export function formatPoints(points: number): string {
  return String(toCents(points) / 100);
}
