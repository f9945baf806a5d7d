/**
 * Consistency of an occupational standard's codes: T2.1 sits under T2, O1.2.1 and P1.2.1 under T1.2,
 * codes ascend, and an output or indicator code is used by one task only. Slips are reported, never
 * corrected: the document is kept as its authors wrote it (DESIGN §3).
 */
import { belongsToDuty, belongsToTask, compareCodes } from "./codes";
import type { DutyDraft, ItemDraft, TaskDraft } from "./drafts";
import type { WarningLog } from "./warnings";

interface Noun {
  en: string;
  zh: string;
}

const NOUNS = {
  duty: { en: "duty", zh: "主要職責" },
  task: { en: "task", zh: "工作任務" },
  output: { en: "output", zh: "工作產出" },
  indicator: { en: "indicator", zh: "行為指標" },
  knowledge: { en: "knowledge", zh: "知識" },
  skill: { en: "skill", zh: "技能" },
} satisfies Record<string, Noun>;

export function checkCodes(duties: readonly DutyDraft[], log: WarningLog): void {
  const taskOfOutput = new Map<string, string>();
  const taskOfIndicator = new Map<string, string>();
  checkSequence(duties, "T", NOUNS.duty, log, () => null);
  for (const duty of duties) {
    checkSequence(duty.tasks, duty.code ?? "T", NOUNS.task, log, (task) =>
      duty.code === null || task.code === null || belongsToDuty(task.code, duty.code) ? null : duty.code,
    );
    for (const task of duty.tasks) {
      checkTaskItems(task, task.outputs, NOUNS.output, taskOfOutput, log);
      checkTaskItems(task, task.indicators, NOUNS.indicator, taskOfIndicator, log);
      checkSequence(task.knowledge, task.code ?? "T", NOUNS.knowledge, log, () => null);
      checkSequence(task.skills, task.code ?? "T", NOUNS.skill, log, () => null);
    }
  }
}

/**
 * Codes in one list ascend and do not repeat. `misplaced` names the parent an item's number does not
 * fit (T2.1 under T1), or returns null when it fits; misplaced items are reported once and skipped.
 */
function checkSequence(
  items: readonly ItemDraft[],
  subject: string,
  noun: Noun,
  log: WarningLog,
  misplaced: (item: ItemDraft) => string | null,
): void {
  const seen = new Set<string>();
  let previous: string | null = null;
  for (const item of items) {
    if (item.code === null) continue;
    const parent = misplaced(item);
    if (seen.has(item.code)) {
      log.add(item.line, subject, `${noun.en} code ${item.code} listed twice`, `${noun.zh}代碼 ${item.code} 重複列出`);
    } else if (parent !== null) {
      log.add(
        item.line,
        subject,
        `${noun.en} ${item.code} is listed under ${parent}, which its number does not match`,
        `${noun.zh} ${item.code} 列於 ${parent} 之下，編號不符`,
      );
    } else {
      if (previous !== null && compareCodes(item.code, previous) < 0) {
        log.add(
          item.line,
          subject,
          `${noun.en} codes out of order, ${previous} listed before ${item.code}`,
          `${noun.zh}代碼順序錯置：${previous} 列於 ${item.code} 之前`,
        );
      }
      previous = item.code;
    }
    seen.add(item.code);
  }
}

/** Outputs and indicators: numbered under their task, ascending, and not reused by another task. */
function checkTaskItems(
  task: TaskDraft,
  items: readonly ItemDraft[],
  noun: Noun,
  taskOfCode: Map<string, string>,
  log: WarningLog,
): void {
  const owner = task.code ?? "(uncoded task)";
  const ownItems = items.filter((item) => {
    if (item.code === null) return true;
    const firstOwner = taskOfCode.get(item.code);
    if (firstOwner === undefined) {
      taskOfCode.set(item.code, owner);
      return true;
    }
    if (firstOwner === owner) return true;
    log.add(
      item.line,
      owner,
      `${noun.en} code ${item.code} reused, first used under ${firstOwner}`,
      `${noun.zh}代碼 ${item.code} 重複使用，已用於 ${firstOwner}`,
    );
    return false;
  });
  checkSequence(ownItems, owner, noun, log, (item) =>
    task.code === null || item.code === null || belongsToTask(item.code, task.code) ? null : task.code,
  );
}
