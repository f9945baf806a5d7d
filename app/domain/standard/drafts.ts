/**
 * Items as the readers collect them: text still in pieces (a page break may add a piece later) and the
 * line each item started on, for warnings. `toDuties` turns them into the public contract.
 */
import { joinPieces } from "./clean-text";
import { compareCodes } from "./codes";
import type { Duty, KnowledgeItem } from "./types";
import type { WarningLog } from "./warnings";

export interface ItemDraft {
  code: string | null;
  pieces: string[];
  line: number;
}

export interface TaskDraft extends ItemDraft {
  level: number | null;
  outputs: ItemDraft[];
  indicators: ItemDraft[];
  knowledge: ItemDraft[];
  skills: ItemDraft[];
}

export interface DutyDraft extends ItemDraft {
  tasks: TaskDraft[];
}

export function newTask(code: string | null, text: string, line: number): TaskDraft {
  return { code, pieces: [text], line, level: null, outputs: [], indicators: [], knowledge: [], skills: [] };
}

export function toDuties(duties: readonly DutyDraft[], log: WarningLog): Duty[] {
  return duties.map((duty) => ({
    code: duty.code,
    title: finalText(duty, duty.code ?? "T", log),
    tasks: duty.tasks.map((task) => {
      const subject = task.code ?? duty.code ?? "T";
      return {
        code: task.code,
        title: finalText(task, subject, log),
        level: task.level,
        outputs: task.outputs.map((output) => ({
          code: output.code,
          title: finalText(output, output.code ?? subject, log),
        })),
        indicators: task.indicators.map((indicator) => ({
          code: indicator.code,
          text: finalText(indicator, indicator.code ?? subject, log),
        })),
        knowledge: codesOf(task.knowledge),
        skills: codesOf(task.skills),
      };
    }),
  }));
}

/**
 * The standard's K (or S) list from every task's references: one entry per code, in code order, titled
 * as first written; a code titled differently elsewhere is reported. Uncoded entries come last.
 */
export function toCatalog(
  occurrences: readonly ItemDraft[],
  noun: { en: string; zh: string },
  log: WarningLog,
): KnowledgeItem[] {
  const byCode = new Map<string, { title: string; line: number }>();
  const uncoded: KnowledgeItem[] = [];
  for (const occurrence of occurrences) {
    const title = joinPieces(occurrence.pieces);
    if (occurrence.code === null) {
      uncoded.push({ code: null, title });
      continue;
    }
    const known = byCode.get(occurrence.code);
    if (!known) {
      byCode.set(occurrence.code, { title, line: occurrence.line });
      log.footnotes(occurrence.line, occurrence.code, title);
    } else if (!known.title) {
      known.title = title;
    } else if (title && title !== known.title) {
      log.add(
        occurrence.line,
        occurrence.code,
        `${noun.en} titled "${title}" here but "${known.title}" on line ${known.line}; the first is kept`,
        `${noun.zh}名稱前後不一：此處為「${title}」，第 ${known.line} 行為「${known.title}」，採用先出現者`,
      );
    }
  }
  const coded = [...byCode.entries()]
    .sort(([a], [b]) => compareCodes(a, b))
    .map(([code, { title }]) => ({ code, title }));
  return [...coded, ...uncoded];
}

function finalText(item: ItemDraft, subject: string, log: WarningLog): string {
  const text = joinPieces(item.pieces);
  log.footnotes(item.line, subject, text);
  return text;
}

function codesOf(items: readonly ItemDraft[]): string[] {
  return items.flatMap((item) => (item.code === null ? [] : [item.code]));
}
