/**
 * An occupational standard (職能基準): heading block, task table with T/O/P codes, attitudes, notes.
 */
import { checkCodes } from "./code-checks";
import { KNOWLEDGE_KINDS, SKILL_KINDS } from "./codes";
import { lastTextLine, regionsOf, type Line, type Region } from "./document";
import { toCatalog, toDuties } from "./drafts";
import { StandardParseError } from "./errors";
import { categoryOf, readHead, requireHeadFields } from "./head";
import { readAssessmentGuide, readAttitudes, readCodedList, readNotes } from "./sections";
import { TaskTableReader } from "./task-table";
import type { ParsedStandard } from "./types";
import { short, type WarningLog } from "./warnings";

const OCCUPATIONAL_TITLE = /職能基準$/;
const KNOWLEDGE_NOUN = { en: "knowledge item", zh: "知識", subject: "K" };
const SKILL_NOUN = { en: "skill", zh: "技能", subject: "S" };

export function readOccupational(lines: readonly Line[], regions: readonly Region[], log: WarningLog): ParsedStandard {
  const head = readHead(
    regionsOf(regions, "head").flatMap((region) => region.lines),
    log,
  );
  const tables = regionsOf(regions, "table");
  if (tables.length === 0) {
    const looksLikeStandard =
      head.fields.code !== undefined || head.versions.length > 0 || OCCUPATIONAL_TITLE.test(head.title?.value ?? "");
    throw looksLikeStandard ? truncatedError(lines) : notAStandardError(lines);
  }

  const reader = new TaskTableReader(log);
  for (const table of tables) reader.read(table.lines);
  if (reader.duties.length === 0) {
    throw new StandardParseError(
      "truncated",
      tables[0].line + 1,
      "a duty row (T1 …) under the task table header",
      "工作任務表格的表頭之後沒有任何主要職責或工作任務（檔案可能不完整）。",
      "The task table has a header but no duty or task rows under it (the file looks truncated).",
    );
  }
  for (const region of regionsOf(regions, "other")) {
    const text = short(region.rows.map((row) => row.cells.join(" ")).join(" "));
    log.add(
      region.line,
      "section",
      `text under no known heading ignored: "${text}"`,
      `不屬於任何段落的文字已略過：「${text}」`,
    );
  }

  const { code, name, level } = requireHeadFields(head, "職能基準", tables[0].line);
  checkCodes(reader.duties, log);
  const tasks = reader.duties.flatMap((duty) => duty.tasks);
  const duties = toDuties(reader.duties, log);
  // Some standards also list K and S with their titles in sections of their own: those come first.
  const listedKnowledge = readCodedList(regionsOf(regions, "knowledge"), KNOWLEDGE_KINDS, KNOWLEDGE_NOUN, log);
  const listedSkills = readCodedList(regionsOf(regions, "skills"), SKILL_KINDS, SKILL_NOUN, log);
  const knowledge = toCatalog([...listedKnowledge, ...tasks.flatMap((task) => task.knowledge)], KNOWLEDGE_NOUN, log);
  const skills = toCatalog([...listedSkills, ...tasks.flatMap((task) => task.skills)], SKILL_NOUN, log);
  const attitudes = readAttitudes(regionsOf(regions, "attitudes"), log);
  return {
    kind: "occupational",
    code,
    name,
    level,
    description: head.fields.description?.value ?? null,
    category: categoryOf(head),
    versions: head.versions,
    duties,
    knowledge,
    skills,
    attitudes,
    notes: readNotes(regionsOf(regions, "notes")),
    assessmentGuide: readAssessmentGuide(regionsOf(regions, "guide")),
    warnings: log.list(),
  };
}

export function notAStandardError(lines: readonly Line[]): StandardParseError {
  const first = lines.find((line) => line.text.trim() !== "")?.number ?? 1;
  return new StandardParseError(
    "not-a-standard",
    first,
    "職能基準代碼 or 職能單元代碼 and a task table",
    "這不是職能基準或職能單元：找不到「職能基準代碼」「職能單元代碼」，也沒有工作任務表格。",
    "This is not a competency standard: expected 職能基準代碼 or 職能單元代碼 and a task table (主要職責 / 工作任務 / …), found neither.",
  );
}

function truncatedError(lines: readonly Line[]): StandardParseError {
  return new StandardParseError(
    "truncated",
    lastTextLine(lines),
    "the task table header (主要職責 / 工作任務 / 工作產出 / 行為指標)",
    "內容在工作任務表格之前就結束了（檔案可能不完整），預期會有「主要職責／工作任務／工作產出／行為指標」表頭。",
    "The text ends before the task table (the file looks truncated); expected the header row 主要職責 / 工作任務 / 工作產出 / 行為指標.",
  );
}
