/**
 * The sections after the task table, shared by both kinds of standard: 職能內涵 (A=attitude 態度),
 * 說明與補充事項 and 評量設計參考.
 */
import { isFinished, joinPieces, toBlocks } from "./clean-text";
import { ATTITUDE_KINDS, splitByCodes, type CodeKind } from "./codes";
import type { Region } from "./document";
import type { ItemDraft } from "./drafts";
import { sectionHeading, splitNumberedItems, splitSentences } from "./numbering";
import type { AssessmentGuide, AttitudeItem } from "./types";
import { short, type WarningLog } from "./warnings";

const NOTHING_TO_NOTE = /^(無|略|none|n\/a)[。.]?$/i;
const TITLE_SEPARATOR = /[：:]/;

/** Attitudes, each `A01正直誠實：展現…` → code, title before the colon, description after it. */
export function readAttitudes(regions: readonly Region[], log: WarningLog): AttitudeItem[] {
  return readCodedList(regions, ATTITUDE_KINDS, { en: "attitude", zh: "態度", subject: "A" }, log).map((draft) => {
    const text = joinPieces(draft.pieces);
    log.footnotes(draft.line, draft.code ?? "A", text);
    return { code: draft.code, ...splitTitle(text) };
  });
}

/** `正直誠實：展現高道德標準…` → title before the first colon, description after it. */
export function splitTitle(text: string): { title: string; description: string } {
  const colon = TITLE_SEPARATOR.exec(text);
  return colon
    ? { title: text.slice(0, colon.index).trim(), description: text.slice(colon.index + 1).trim() }
    : { title: text, description: "" };
}

/**
 * A section listing coded items (`A01…`, or K/S lists where a standard has them), as bullets,
 * paragraphs, or table rows `A01⇥title⇥description`. Text without a code continues an unfinished
 * item; otherwise it is an uncoded item, kept and reported.
 */
export function readCodedList(
  regions: readonly Region[],
  kinds: ReadonlySet<CodeKind>,
  noun: { en: string; zh: string; subject: string },
  log: WarningLog,
): ItemDraft[] {
  const drafts: ItemDraft[] = [];
  for (const row of regions.flatMap((region) => region.rows)) {
    const [first = "", ...rest] = row.cells;
    const firstSegments = splitByCodes(first.trim(), kinds);
    const codeCell =
      rest.length > 0 && firstSegments.length === 1 && firstSegments[0].code !== null && !firstSegments[0].text;
    const cells = codeCell ? [`${first.trim()} ${rest.join("：")}`] : row.cells;
    for (const block of cells.flatMap(toBlocks)) {
      for (const segment of splitByCodes(block.text, kinds)) {
        const previous = drafts.at(-1);
        if (segment.code !== null) {
          drafts.push({ code: segment.code, pieces: [segment.text], line: row.line });
        } else if (previous && !block.bulleted && !isFinished(previous.pieces)) {
          previous.pieces.push(segment.text);
        } else {
          log.add(
            row.line,
            noun.subject,
            `${noun.en} without a code: "${short(segment.text)}"`,
            `${noun.zh}項目沒有代碼：「${short(segment.text)}」`,
          );
          drafts.push({ code: null, pieces: [segment.text], line: row.line });
        }
      }
    }
  }
  return drafts;
}

/**
 * One entry per bullet, sub-bullets included, in order. A line without a bullet that follows an
 * unfinished entry is that entry wrapping. A lone `無。` means there are no notes.
 */
export function readNotes(regions: readonly Region[]): string[] {
  const notes: string[][] = [];
  for (const row of regions.flatMap((region) => region.rows)) {
    for (const block of row.cells.flatMap(toBlocks)) {
      const previous = notes.at(-1);
      if (previous && !block.bulleted && !isFinished(previous, "：:")) previous.push(block.text);
      else notes.push([block.text]);
    }
  }
  const texts = notes.map(joinPieces);
  return texts.length === 1 && NOTHING_TO_NOTE.test(texts[0]) ? [] : texts;
}

/**
 * 評量設計參考: numbered sections (`一、評量條件`) holding numbered items or running sentences. Items go
 * to `conditions` unless their section is about resources or assessors.
 */
export function readAssessmentGuide(regions: readonly Region[]): AssessmentGuide | null {
  const rows = regions.flatMap((region) => region.rows);
  if (rows.length === 0) return null;
  const guide: AssessmentGuide = { conditions: [], raw: "" };
  const rawLines: string[] = [];
  let target: string[] = guide.conditions;
  let nextNumber = 1;
  for (const block of rows.flatMap((row) => row.cells.flatMap(toBlocks))) {
    const heading = sectionHeading(block.text);
    const { preamble, items } = splitNumberedItems(heading ? heading.rest : block.text, heading ? 1 : nextNumber);
    if (heading) {
      rawLines.push(heading.marker + preamble);
      target = listFor(guide, preamble);
    } else {
      for (const sentence of splitSentences(preamble)) {
        target.push(sentence);
        rawLines.push(sentence);
      }
    }
    nextNumber = heading ? 1 : nextNumber;
    for (const item of items) {
      target.push(item.text);
      rawLines.push(`${item.number}. ${item.text}`);
      nextNumber = item.number + 1;
    }
  }
  guide.raw = rawLines.join("\n");
  return guide;
}

function listFor(guide: AssessmentGuide, sectionTitle: string): string[] {
  if (/資源|設備|器材|場地|工具/.test(sectionTitle)) return (guide.resources ??= []);
  if (/評量人員|評量者|評審|資格/.test(sectionTitle)) return (guide.assessorRequirements ??= []);
  return guide.conditions;
}
