/**
 * iCAP standard importer: text (or bytes) of an exported 職能基準 / 職能單元 → ParsedStandard
 * (DESIGN §3). Pure and total: it returns a standard or throws StandardParseError, in linear time.
 */
import { normalizeLabel } from "./clean-text";
import {
  MAX_STANDARD_BYTES,
  assertLooksLikeText,
  assertWithinSizeLimit,
  decodeStandardBytes,
  emptyInputError,
  normalizeNewlines,
} from "./decode";
import { toLines, toRegions, type Line, type Region } from "./document";
import { readOccupational } from "./occupational";
import type { ParsedStandard } from "./types";
import { readUnit } from "./unit";
import { WarningLog } from "./warnings";

export { MAX_STANDARD_BYTES } from "./decode";
export { StandardParseError } from "./errors";

const UNIT_LABEL = /^職能單元(代碼|名稱)$/;

export function parseStandardBytes(bytes: Uint8Array): ParsedStandard {
  return parseStandard(decodeStandardBytes(bytes));
}

export function parseStandard(text: string): ParsedStandard {
  assertWithinSizeLimit(utf8Length(text));
  const normalized = normalizeNewlines(text.startsWith("\uFEFF") ? text.slice(1) : text);
  if (normalized.trim() === "") throw emptyInputError();
  assertLooksLikeText(normalized);

  const lines = toLines(normalized);
  const regions = toRegions(lines);
  const log = new WarningLog();
  return isUnit(lines, regions) ? readUnit(lines, regions, log) : readOccupational(lines, regions, log);
}

function isUnit(lines: readonly Line[], regions: readonly Region[]): boolean {
  return (
    regions.some((region) => region.kind === "unit-tasks") ||
    lines.some((line) => line.cells.length > 1 && UNIT_LABEL.test(normalizeLabel(line.cells[0])))
  );
}

/** UTF-8 size of a string, counted only as far as the limit. */
function utf8Length(text: string): number {
  if (text.length > MAX_STANDARD_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= MAX_STANDARD_BYTES; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3;
  }
  return bytes;
}
