/**
 * The task table of an occupational standard (主要職責 / 工作任務 / 工作產出 / 行為指標 / 職能級別 / K / S).
 *
 * What the exports do to it, and how each is handled:
 * - codes, not columns, say what an item is: merged cells shift a row's cells (002 puts O2.1.2 in the
 *   task column), so every cell is split at its codes, and a row's shift is measured from its first code
 *   to place the uncoded text of that row;
 * - a page break splits a cell and repeats the header: text that opens a cell without a code continues
 *   the last item of that column, if the row starts no new task and either the row follows a break
 *   (titles carry no punctuation to tell) or, for indicators, the previous sentence is unfinished;
 * - a task spans several rows: rows without a task code add outputs, indicators, K and S to it;
 * - anything else without a code is an author's slip: kept with `code: null` and reported.
 */
import { isFinished, toBlocks } from "./clean-text";
import { belongsToDuty, MAIN_TABLE_KINDS, splitByCodes, type Segment } from "./codes";
import { isBlank, tableHeaderRoles, type Line, type TableRole } from "./document";
import { newTask, type DutyDraft, type ItemDraft, type TaskDraft } from "./drafts";
import { StandardParseError } from "./errors";
import { levelNumber } from "./head";
import { short, type WarningLog } from "./warnings";

type ItemRole = Exclude<TableRole, "level">;
type TaskListRole = "output" | "indicator" | "knowledge" | "skill";

const ROLE_NAMES: Record<ItemRole, { en: string; zh: string }> = {
  duty: { en: "duty", zh: "主要職責" },
  task: { en: "task", zh: "工作任務" },
  output: { en: "output", zh: "工作產出" },
  indicator: { en: "indicator", zh: "行為指標" },
  knowledge: { en: "knowledge item", zh: "知識" },
  skill: { en: "skill", zh: "技能" },
};

const LIST_SEPARATORS = "、，,；;";
const PLACEHOLDER = /^(無|略|[-－—–]{1,3}|N\/?A)[。.]?$/i;

const TASK_LISTS: Record<TaskListRole, (task: TaskDraft) => ItemDraft[]> = {
  output: (task) => task.outputs,
  indicator: (task) => task.indicators,
  knowledge: (task) => task.knowledge,
  skill: (task) => task.skills,
};

interface PlacedSegment {
  segment: Segment;
  role: TableRole | null;
  column: number;
  /** First segment of its cell: the only place a page-break continuation can be. */
  leading: boolean;
}

interface RowContext {
  line: number;
  startsDuty: boolean;
  startsTask: boolean;
  /** The row starts a task numbered under another duty (T2.1 while in T1): its duty is new too. */
  startsForeignTask: boolean;
  /** The item each cell last added to, for the cell's later uncoded paragraphs. */
  cellItems: Map<number, string[]>;
}

export class TaskTableReader {
  readonly duties: DutyDraft[] = [];
  private duty: DutyDraft | null = null;
  private task: TaskDraft | null = null;
  /** The text of the latest item per column role: where a continuation is appended. */
  private last: Partial<Record<ItemRole, string[]>> = {};
  private roles: Array<TableRole | null> = [];
  private afterBreak = false;

  constructor(private readonly log: WarningLog) {}

  /** Reads one stretch of the table, starting at its header row. */
  read(lines: readonly Line[]): void {
    for (const line of lines) {
      const header = tableHeaderRoles(line);
      if (header) {
        this.roles = header;
        this.afterBreak = true;
      } else if (isBlank(line)) {
        this.afterBreak = true;
      } else {
        this.readRow(line);
        this.afterBreak = false;
      }
    }
  }

  private readRow(line: Line): void {
    const cells = line.cells.map((cell) =>
      cell.trim() === ""
        ? []
        : toBlocks(cell).flatMap((block) => splitByCodes(block.text, MAIN_TABLE_KINDS).map(trimListSeparator)),
    );
    const shift = this.columnShift(cells);
    const placed: PlacedSegment[] = [];
    cells.forEach((segments, column) => {
      let role = this.roles[column + shift] ?? null;
      segments.forEach((segment, index) => {
        // Text after a code belongs to that code's item, whatever the column.
        if (segment.kind !== null && segment.kind !== "attitude") role = segment.kind;
        placed.push({ segment, role, column, leading: index === 0 });
      });
    });
    const taskCodes = placed.flatMap((p) => (p.segment.kind === "task" && p.segment.code ? [p.segment.code] : []));
    const dutyCode = this.duty?.code ?? null;
    const context: RowContext = {
      line: line.number,
      startsDuty: placed.some((p) => p.segment.kind === "duty"),
      startsTask: taskCodes.length > 0,
      startsForeignTask: dutyCode !== null && taskCodes.some((code) => !belongsToDuty(code, dutyCode)),
      cellItems: new Map(),
    };
    // Duties and tasks first, so that the row's outputs and indicators attach to the task it starts.
    const isStructure = (p: PlacedSegment) => p.role === "duty" || p.role === "task";
    for (const p of placed.filter(isStructure)) this.place(p, context);
    for (const p of placed.filter((p) => !isStructure(p))) this.place(p, context);
  }

  /** How far this row's cells sit from their header columns (merged cells shift them left). */
  private columnShift(cells: readonly Segment[][]): number {
    for (let column = 0; column < cells.length; column++) {
      const coded = cells[column].find((segment) => segment.kind !== null);
      if (!coded) continue;
      const expected = this.roles.indexOf(coded.kind as TableRole);
      return expected === -1 ? 0 : expected - column;
    }
    return 0;
  }

  private place({ segment, role, column, leading }: PlacedSegment, context: RowContext): void {
    if (role === null) {
      this.log.add(
        context.line,
        "table",
        `text outside the table's columns ignored: "${short(segment.text)}"`,
        `表格欄位外的文字已略過：「${short(segment.text)}」`,
      );
      return;
    }
    if (role === "level") {
      this.setLevel(segment.text, context.line);
      return;
    }
    // `無` or `—` in a cell says the task has none of these: nothing to keep, nothing to report.
    if (segment.code === null && PLACEHOLDER.test(segment.text)) return;
    const previousInCell = context.cellItems.get(column);
    const target =
      segment.code !== null
        ? null
        : leading
        ? this.continuationOf(role, context)
        : this.paragraphOwner(role, previousInCell);
    if (target) {
      target.push(segment.text);
      context.cellItems.set(column, target);
      return;
    }
    if (segment.code === null) this.reportUncoded(role, segment.text, context.line);
    context.cellItems.set(column, this.add(role, segment.code, segment.text, context.line));
  }

  /** The item a cell's opening uncoded text continues across a page break, if any. */
  private continuationOf(role: ItemRole, context: RowContext): string[] | null {
    const target = this.last[role];
    if (!target) return null;
    // A duty cell spans its tasks, so its cut text may land on the row of the duty's next task.
    const rowStartsOwner =
      role === "duty" ? context.startsDuty || context.startsForeignTask : context.startsDuty || context.startsTask;
    if (rowStartsOwner) return null;
    if (role === "indicator") return isFinished(target) ? null : target;
    return this.afterBreak ? target : null;
  }

  /** A later paragraph of the same cell: titles wrap into it, unfinished sentences run on. */
  private paragraphOwner(role: ItemRole, previous: string[] | undefined): string[] | null {
    if (!previous) return null;
    if (role === "duty" || role === "task") return previous;
    return role === "indicator" && !isFinished(previous) ? previous : null;
  }

  private add(role: ItemRole, code: string | null, text: string, line: number): string[] {
    if (role === "duty") {
      const duty: DutyDraft = { code, pieces: [text], line, tasks: [] };
      this.duties.push(duty);
      this.duty = duty;
      this.task = null;
      this.last = { duty: duty.pieces };
      return duty.pieces;
    }
    if (role === "task") {
      if (!this.duty) throw orphanError("task", code, line);
      const task = newTask(code, text, line);
      this.duty.tasks.push(task);
      this.task = task;
      this.last = { duty: this.last.duty, task: task.pieces };
      return task.pieces;
    }
    if (!this.task) throw orphanError(role, code, line);
    const item: ItemDraft = { code, pieces: [text], line };
    TASK_LISTS[role](this.task).push(item);
    this.last[role] = item.pieces;
    return item.pieces;
  }

  private reportUncoded(role: ItemRole, text: string, line: number): void {
    const owner = role === "duty" ? "T" : role === "task" ? this.duty?.code ?? "T" : this.task?.code ?? "T";
    const name = ROLE_NAMES[role];
    this.log.add(
      line,
      owner,
      `${name.en} without a code, kept with code null: "${short(text)}"`,
      `${name.zh}沒有代碼（code 為 null）：「${short(text)}」`,
    );
  }

  private setLevel(text: string, line: number): void {
    const task = this.task;
    const level = levelNumber(text);
    if (!task) {
      this.log.add(
        line,
        "T",
        `competency level "${short(text)}" before any task ignored`,
        `職能級別「${short(text)}」出現在任何工作任務之前，已略過`,
      );
    } else if (!(level >= 1 && level <= 6)) {
      this.log.add(
        line,
        task.code ?? "T",
        `competency level "${short(text)}" is not 1–6, ignored`,
        `職能級別「${short(text)}」不是 1–6，已略過`,
      );
    } else if (task.level === null) {
      task.level = level;
    } else if (task.level !== level) {
      this.log.add(
        line,
        task.code ?? "T",
        `second competency level ${level} ignored, keeping ${task.level}`,
        `職能級別重複（${level}），保留 ${task.level}`,
      );
    }
  }
}

/** `K01廣電三法、K02…`: the separator after a listed title is cell debris, not part of the title. */
function trimListSeparator(segment: Segment): Segment {
  const listed = segment.kind === "output" || segment.kind === "knowledge" || segment.kind === "skill";
  if (!listed) return segment;
  let end = segment.text.length;
  while (end > 0 && LIST_SEPARATORS.includes(segment.text[end - 1])) end--;
  return { ...segment, text: segment.text.slice(0, end) };
}

function orphanError(role: ItemRole, code: string | null, line: number): StandardParseError {
  const item = `${ROLE_NAMES[role].en}${code ? ` ${code}` : ""}`;
  const itemZh = `${ROLE_NAMES[role].zh}${code ? ` ${code} ` : ""}`;
  if (role === "task") {
    return new StandardParseError(
      "orphan-item",
      line,
      "a duty row (e.g. T1 …) before the first task",
      `${itemZh}之前沒有主要職責（例如 T1），無法判斷它屬於哪個職責。`,
      `${item} has no duty before it; expected a duty row (e.g. T1 …) above it.`,
    );
  }
  return new StandardParseError(
    "orphan-item",
    line,
    "a task row (e.g. T1.1 …) before the first output, indicator, K or S",
    `${itemZh}之前沒有工作任務（例如 T1.1），無法判斷它屬於哪個任務。`,
    `${item} has no task before it; expected a task row (e.g. T1.1 …) above it.`,
  );
}
