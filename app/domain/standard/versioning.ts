import type { Indicator, ParsedStandard } from "./types";

/**
 * iCAP occupational codes end in a version suffix ("KMC2431-009v2"); units carry none ("IDC4R2523").
 * Versions of one standard share the base code.
 */
export function splitStandardCode(code: string): { baseCode: string; versionNumber: number } {
  const match = /^(.*?)[vV](\d+)$/.exec(code.trim());
  if (!match || !match[1]) return { baseCode: code.trim(), versionNumber: 1 };
  return { baseCode: match[1], versionNumber: Number(match[2]) };
}

export interface IndicatorChange {
  code: string | null;
  taskCode: string | null;
  before?: string;
  after?: string;
}

export interface StandardDiff {
  added: IndicatorChange[];
  removed: IndicatorChange[];
  reworded: IndicatorChange[];
  unchanged: number;
}

function indicatorsOf(standard: ParsedStandard) {
  const rows: Array<{ taskCode: string | null; indicator: Indicator }> = [];
  for (const duty of standard.duties) {
    for (const task of duty.tasks) {
      for (const indicator of task.indicators) rows.push({ taskCode: task.code, indicator });
    }
  }
  return rows;
}

/**
 * What changed in the behaviour indicators between two versions: matched by code (an uncoded
 * indicator can only be matched by its text), so a changed text under the same code is "reworded".
 */
export function diffIndicators(previous: ParsedStandard, next: ParsedStandard): StandardDiff {
  const before = indicatorsOf(previous);
  const after = indicatorsOf(next);
  const beforeByCode = new Map(before.filter((r) => r.indicator.code).map((r) => [r.indicator.code!, r]));
  const beforeUncodedTexts = new Set(before.filter((r) => !r.indicator.code).map((r) => r.indicator.text));
  const seen = new Set<string>();
  const diff: StandardDiff = { added: [], removed: [], reworded: [], unchanged: 0 };

  for (const row of after) {
    const { code, text } = row.indicator;
    if (code === null) {
      if (beforeUncodedTexts.has(text)) diff.unchanged++;
      else diff.added.push({ code, taskCode: row.taskCode, after: text });
      continue;
    }
    const old = beforeByCode.get(code);
    seen.add(code);
    if (!old) diff.added.push({ code, taskCode: row.taskCode, after: text });
    else if (old.indicator.text !== text) diff.reworded.push({ code, taskCode: row.taskCode, before: old.indicator.text, after: text });
    else diff.unchanged++;
  }
  const afterUncodedTexts = new Set(after.filter((r) => !r.indicator.code).map((r) => r.indicator.text));
  for (const row of before) {
    const { code, text } = row.indicator;
    if (code === null ? !afterUncodedTexts.has(text) : !seen.has(code)) {
      diff.removed.push({ code, taskCode: row.taskCode, before: text });
    }
  }
  return diff;
}

/** Counts shown in lists and previews. */
export function countStandard(standard: ParsedStandard) {
  let tasks = 0;
  let outputs = 0;
  let indicators = 0;
  for (const duty of standard.duties) {
    for (const task of duty.tasks) {
      tasks++;
      outputs += task.outputs.length;
      indicators += task.indicators.length;
    }
  }
  return {
    duties: standard.duties.length,
    tasks,
    outputs,
    indicators,
    knowledge: standard.knowledge.length,
    skills: standard.skills.length,
    attitudes: standard.attitudes.length,
  };
}
