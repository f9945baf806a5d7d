/**
 * Competency units (職能單元) have no T/O/P codes (DESIGN §3): the unit is one duty coded with the unit
 * code; its numbered sections (一、二、…) are tasks T1, T2, …; each section's numbered items are
 * indicators P1.1, P1.2, …; the K and S sections' items are K01…, S01…, and every task lists them all.
 *
 * Labels sit in the first column but lag behind content: the `職能內涵 (K=knowledge 知識)` label can
 * share a row with the last task section. So the labelled rows are read as one stream and the content
 * decides: a section with numbered items that continues the task numbering is a task; a section
 * without items, or one that restarts the numbering, starts the K list (then S at the next restart or
 * the S label).
 */
import { isFinished, joinPieces, toBlocks } from "./clean-text";
import { lastTextLine, regionsOf, type Line, type Region, type RegionKind } from "./document";
import { StandardParseError } from "./errors";
import { categoryOf, readHead, requireHeadFields } from "./head";
import { sectionHeading, splitNumberedItems } from "./numbering";
import { readAssessmentGuide, readNotes, splitTitle } from "./sections";
import type { AttitudeItem, KnowledgeItem, ParsedStandard, Task } from "./types";
import { short, type WarningLog } from "./warnings";

type StreamLabel = Extract<RegionKind, "unit-tasks" | "knowledge" | "skills" | "attitudes">;
type ListKind = Exclude<StreamLabel, "unit-tasks">;

interface StreamNode {
  type: "heading" | "item" | "text";
  /** Section numeral value (一 → 1) or item number; 0 for text. */
  number: number;
  text: string;
  line: number;
  label: StreamLabel;
  /** First node of its table row: an unnumbered one there continues what the page break cut. */
  rowStart: boolean;
}

interface SectionDraft {
  number: number;
  line: number;
  title: string[];
  items: Array<{ pieces: string[]; line: number }>;
}

interface ListEntryDraft {
  number: number;
  line: number;
  pieces: string[];
  /** Opened by a section numeral (`一、`): numbered lines under it are its sub-items. */
  fromHeading: boolean;
}

const STREAM_LABELS: ReadonlySet<RegionKind> = new Set(["unit-tasks", "knowledge", "skills", "attitudes"]);

export function readUnit(lines: readonly Line[], regions: readonly Region[], log: WarningLog): ParsedStandard {
  const head = readHead(
    regionsOf(regions, "head").flatMap((region) => region.lines),
    log,
  );
  const taskRegion = regions.find((region) => region.kind === "unit-tasks");
  if (!taskRegion) {
    throw new StandardParseError(
      "truncated",
      lastTextLine(lines),
      "the 工作任務與行為指標 row",
      "內容在「工作任務與行為指標」之前就結束了（檔案可能不完整）。",
      "The text ends before the unit's 工作任務與行為指標 row (the file looks truncated).",
    );
  }
  const body = readUnitBody(regions, log);
  if (body.tasks.length === 0) {
    throw new StandardParseError(
      "truncated",
      taskRegion.line,
      "a numbered task section (一、…)",
      "「工作任務與行為指標」裡沒有任何編號的任務段落（例如「一、…」）。",
      "The 工作任務與行為指標 row holds no numbered task section (such as 「一、…」).",
    );
  }
  const { code, name, level } = requireHeadFields(head, "職能單元", taskRegion.line);
  return {
    kind: "unit",
    code,
    name,
    level,
    description: head.fields.description?.value ?? null,
    category: categoryOf(head),
    versions: head.versions,
    duties: [{ code, title: name, tasks: body.tasks }],
    knowledge: body.knowledge,
    skills: body.skills,
    attitudes: body.attitudes,
    notes: readNotes(regionsOf(regions, "notes")),
    assessmentGuide: readAssessmentGuide(regionsOf(regions, "guide")),
    warnings: log.list(),
  };
}

interface UnitBody {
  tasks: Task[];
  knowledge: KnowledgeItem[];
  skills: KnowledgeItem[];
  attitudes: AttitudeItem[];
}

function readUnitBody(regions: readonly Region[], log: WarningLog): UnitBody {
  const nodes = toStream(regions.filter((region) => STREAM_LABELS.has(region.kind)));
  const { sections, lists } = classify(nodes, log);

  const listCodes = (kind: ListKind, letter: string) =>
    lists[kind].map((entry, index) => {
      const text = joinPieces(entry.pieces);
      const code = `${letter}${String(index + 1).padStart(2, "0")}`;
      log.footnotes(entry.line, code, text);
      return { code, text };
    });
  const knowledge = listCodes("knowledge", "K");
  const skills = listCodes("skills", "S");
  const attitudes = listCodes("attitudes", "A");

  const tasks = sections.map((section, index): Task => {
    const code = `T${index + 1}`;
    if (section.number !== index + 1) {
      log.add(
        section.line,
        code,
        `section numbered ${section.number} is the unit's task ${index + 1}: sections out of order or missing`,
        `第 ${section.number} 節為本單元第 ${index + 1} 項任務，節次順序錯置或缺漏`,
      );
    }
    const title = joinPieces(section.title);
    log.footnotes(section.line, code, title);
    return {
      code,
      title,
      level: null,
      outputs: [],
      indicators: section.items.map((item, itemIndex) => {
        const text = joinPieces(item.pieces);
        const indicatorCode = `P${index + 1}.${itemIndex + 1}`;
        log.footnotes(item.line, indicatorCode, text);
        return { code: indicatorCode, text };
      }),
      knowledge: knowledge.map((k) => k.code),
      skills: skills.map((s) => s.code),
    };
  });

  return {
    tasks,
    knowledge: knowledge.map(({ code, text }) => ({ code, title: text })),
    skills: skills.map(({ code, text }) => ({ code, title: text })),
    attitudes: attitudes.map(({ code, text }) => ({ code, ...splitTitle(text) })),
  };
}

/** The labelled rows as one stream of section headings, numbered items and unnumbered text. */
function toStream(regions: readonly Region[]): StreamNode[] {
  const nodes: StreamNode[] = [];
  let nextItem = 1;
  for (const region of regions) {
    const label = region.kind as StreamLabel;
    for (const row of region.rows) {
      const rowNodes: StreamNode[] = [];
      const push = (type: StreamNode["type"], number: number, text: string) => {
        if (text || type !== "text")
          rowNodes.push({ type, number, text, line: row.line, label, rowStart: rowNodes.length === 0 });
      };
      for (const block of row.cells.flatMap(toBlocks)) {
        const heading = sectionHeading(block.text);
        let split = splitNumberedItems(heading ? heading.rest : block.text, heading ? 1 : nextItem);
        // A list that restarts at 1 without a heading (K items numbered `1.` directly).
        if (!heading && split.items.length === 0 && nextItem > 1) split = splitNumberedItems(block.text, 1);
        if (heading) {
          push("heading", heading.number, split.preamble);
          nextItem = 1;
        } else {
          push("text", 0, split.preamble);
        }
        for (const item of split.items) {
          push("item", item.number, item.text);
          nextItem = item.number + 1;
        }
      }
      nodes.push(...rowNodes);
    }
  }
  return nodes;
}

function classify(nodes: readonly StreamNode[], log: WarningLog) {
  const sections: SectionDraft[] = [];
  const lists: Record<ListKind, ListEntryDraft[]> = { knowledge: [], skills: [], attitudes: [] };
  let listKind: ListKind | null = null;
  let section: SectionDraft | null = null;
  let entry: ListEntryDraft | null = null;

  const startList = (node: StreamNode, fromHeading: boolean) => {
    listKind = nextListKind(listKind, node, entry);
    entry = { number: node.number, line: node.line, pieces: [node.text], fromHeading };
    lists[listKind].push(entry);
    section = null;
  };

  nodes.forEach((node, index) => {
    const lastSection = sections.at(-1);
    if (node.type === "heading") {
      const continuesTasks = listKind === null && (!lastSection || node.number > lastSection.number);
      const isTask =
        continuesTasks &&
        (node.label === "unit-tasks" || (hasItems(nodes, index) && node.number === (lastSection?.number ?? 0) + 1));
      if (isTask) {
        section = { number: node.number, line: node.line, title: [node.text], items: [] };
        sections.push(section);
        entry = null;
      } else {
        startList(node, true);
      }
      return;
    }
    if (node.type === "item") {
      const restartsInList =
        node.label !== "unit-tasks" && node.number === 1 && section !== null && section.items.length > 0;
      if (section && !restartsInList) section.items.push({ pieces: [node.text], line: node.line });
      else if (entry?.fromHeading && !restartsInList) entry.pieces.push(`${node.number}. ${node.text}`);
      else if (node.label !== "unit-tasks") startList(node, false);
      else throw orphanItemError(node);
      return;
    }
    // Unnumbered text: the rest of something a page break cut, or an unfinished sentence running on.
    const target = section ? section.items.at(-1)?.pieces ?? section.title : entry?.pieces;
    if (target && (node.rowStart || !isFinished(target))) {
      target.push(node.text);
    } else if (section) {
      const code = `T${sections.length}`;
      log.add(
        node.line,
        code,
        `item without a number kept as an indicator: "${short(node.text)}"`,
        `未編號的項目列為行為指標：「${short(node.text)}」`,
      );
      section.items.push({ pieces: [node.text], line: node.line });
    } else if (node.label !== "unit-tasks") {
      startList(node, false);
    } else {
      log.add(
        node.line,
        "unit",
        `text before the first task section ignored: "${short(node.text)}"`,
        `第一個任務段落之前的文字已略過：「${short(node.text)}」`,
      );
    }
  });
  return { sections, lists };
}

/** Whether a section heading is followed by numbered items (possibly after its title's continuation). */
function hasItems(nodes: readonly StreamNode[], headingIndex: number): boolean {
  for (let i = headingIndex + 1; i < nodes.length; i++) {
    if (nodes[i].type === "item") return true;
    if (nodes[i].type === "heading") return false;
  }
  return false;
}

const LIST_ORDER: readonly ListKind[] = ["knowledge", "skills", "attitudes"];

/** Lists come in order K, S, A: the next one starts at its label, or S when the K numbering restarts. */
function nextListKind(current: ListKind | null, node: StreamNode, entry: ListEntryDraft | null): ListKind {
  const byLabel = node.label === "unit-tasks" ? 0 : LIST_ORDER.indexOf(node.label);
  const now = current === null ? 0 : LIST_ORDER.indexOf(current);
  const restarts = current === "knowledge" && entry !== null && node.number > 0 && node.number <= entry.number;
  return LIST_ORDER[Math.max(byLabel, now, restarts ? 1 : 0)];
}

function orphanItemError(node: StreamNode): StandardParseError {
  return new StandardParseError(
    "orphan-item",
    node.line,
    "a numbered task section (一、…) before the first item",
    `項目 ${node.number}. 之前沒有任務段落（例如「一、…」），無法判斷它屬於哪個任務。`,
    `Item ${node.number}. has no task section before it; expected a numbered section such as 「一、…」 above it.`,
  );
}
