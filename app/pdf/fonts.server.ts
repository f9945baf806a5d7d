/**
 * The Traditional Chinese font for the PDF reports (DESIGN §7), prepared once per process.
 *
 * Registering the raw Noto Sans Hant OTF costs about 200 ms and 139 KB per document, nearly all of
 * it in fontkit's CFF subsetter walking the font's 12,307 local subroutines (TOOLCHAIN.md, PDF).
 * So at startup HarfBuzz's subsetter rewrites the font keeping every character but with the
 * subroutines flattened, hints dropped and the layout and vertical tables (GSUB, GPOS, vhea, vmtx,
 * VORG) removed, with DSIG, whose signature no longer matches; fontkit parses that once and pdfkit is handed the parsed font object for every
 * document. Dropping GSUB/GPOS loses Latin kerning only; CJK text is set on fixed advances anyway.
 *
 * Only Regular: bold text is drawn as Regular filled and stroked. Measured on the bench document,
 * embedding NotoSansHant-Bold for the ~90 characters set in bold (title, name, task headings)
 * cost about 16 KB (98.8 KB against 82.9 KB in the same draft layout) and a second subsetting pass
 * per document; stroked Regular looks alike at these sizes, keeps the text extractable and halves
 * the startup work.
 *
 * The prepared bytes (about 5 MB) are cached in the git-ignored data folder so that short-lived
 * processes (CLI, test workers) skip the ~0.2 s HarfBuzz pass; the cache key carries the package
 * versions and PREP_VERSION, so a change in either simply makes a new file.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
// @ts-expect-error fontkit ships no type declarations (@types/fontkit is not a dependency); only create() is used.
import { create as createFontkitFont } from "fontkit";

/** The parsed fontkit font, handed to pdfkit as is; opaque outside app/pdf. */
export interface PreparedFont {
  readonly postscriptName: string;
  readonly numGlyphs: number;
}

export interface ReportFonts {
  regular: PreparedFont;
  /** Wall time spent preparing (or loading from cache) and parsing the font, for logs and the bench. */
  preparedInMs: number;
  fromCache: boolean;
}

/** Bump when the HarfBuzz options below change, so cached files from the old recipe are not reused. */
const PREP_VERSION = 1;
const FONT_FILE = "NotoSansHant-Regular.otf";
const DROPPED_TABLES = ["GSUB", "GPOS", "vhea", "vmtx", "VORG", "DSIG"];

// hb-subset.h
const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_DESUBROUTINIZE = 0x4;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;

interface HbSubsetExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_length(blob: number): number;
  hb_blob_get_data(blob: number, length: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_keep_everything(input: number): void;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const require = createRequire(import.meta.url);
const createFont = createFontkitFont as (bytes: Uint8Array) => PreparedFont;

function tag(name: string): number {
  return ((name.charCodeAt(0) << 24) | (name.charCodeAt(1) << 16) | (name.charCodeAt(2) << 8) | name.charCodeAt(3)) >>> 0;
}

/** The font package and harfbuzzjs export only their entries; files beside them are found from there. */
function packagePaths() {
  const fontsEntry = require.resolve("@embedpdf/fonts-tc");
  const fontsRoot = path.join(path.dirname(fontsEntry), "..");
  const wasm = require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
  return {
    fontsDir: path.join(fontsRoot, "fonts"),
    fontsPackageJson: path.join(fontsRoot, "package.json"),
    wasm,
    harfbuzzPackageJson: path.join(path.dirname(wasm), "..", "package.json"),
  };
}

async function packageVersion(packageJson: string): Promise<string> {
  const { version } = JSON.parse(await readFile(packageJson, "utf8")) as { version?: string };
  if (!version) throw new Error(`No version in ${packageJson}`);
  return version;
}

/**
 * Runs HarfBuzz's subsetter keeping every glyph and character (keep_everything) but flattening
 * the CFF subroutines, dropping hints and the listed tables.
 */
function flattenFont(hb: HbSubsetExports, source: Uint8Array): Uint8Array {
  const sourcePointer = hb.malloc(source.byteLength);
  if (!sourcePointer) throw new Error("HarfBuzz could not allocate memory for the font");
  new Uint8Array(hb.memory.buffer).set(source, sourcePointer);
  const blob = hb.hb_blob_create(sourcePointer, source.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob); // the face keeps its own reference
  const input = hb.hb_subset_input_create_or_fail();
  let subset = 0;
  try {
    if (!input) throw new Error("HarfBuzz could not create a subset input");
    hb.hb_subset_input_keep_everything(input);
    hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    const dropTables = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const table of DROPPED_TABLES) hb.hb_set_add(dropTables, tag(table));
    subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error("HarfBuzz failed to prepare the font");
    const result = hb.hb_face_reference_blob(subset);
    const length = hb.hb_blob_get_length(result);
    const data = hb.hb_blob_get_data(result, 0);
    // Copy out: the wasm memory is reused (and may grow, detaching views) on the next call.
    const bytes = new Uint8Array(hb.memory.buffer, data, length).slice();
    hb.hb_blob_destroy(result);
    return bytes;
  } finally {
    if (subset) hb.hb_face_destroy(subset);
    if (input) hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(sourcePointer);
  }
}

function parseFont(bytes: Uint8Array, label: string): PreparedFont {
  const font = createFont(bytes);
  if (!font.postscriptName || !(font.numGlyphs > 0)) throw new Error(`${label} is not a usable font`);
  return font;
}

async function loadCached(file: string): Promise<PreparedFont | null> {
  try {
    return parseFont(await readFile(file), file);
  } catch {
    return null; // absent or unreadable: prepare afresh and overwrite
  }
}

async function storeCached(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // Write-then-rename: parallel test workers never read a half-written file.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch {
    // A read-only deployment still works, it just prepares the font on every start.
  }
}

async function prepareFonts(cacheDir: string): Promise<ReportFonts> {
  const started = performance.now();
  const paths = packagePaths();
  const key = `fonts-tc-${await packageVersion(paths.fontsPackageJson)}_hb-${await packageVersion(paths.harfbuzzPackageJson)}_p${PREP_VERSION}`;
  const cacheFile = path.join(cacheDir, `${key}_${FONT_FILE}`);

  const cached = await loadCached(cacheFile);
  if (cached) return { regular: cached, preparedInMs: performance.now() - started, fromCache: true };

  const { instance } = await WebAssembly.instantiate(await readFile(paths.wasm));
  const bytes = flattenFont(instance.exports as unknown as HbSubsetExports, await readFile(path.join(paths.fontsDir, FONT_FILE)));
  const regular = parseFont(bytes, FONT_FILE);
  await storeCached(cacheFile, bytes);
  return { regular, preparedInMs: performance.now() - started, fromCache: false };
}

// Under the data folder (DATA_DIR, default ./data, as in app/utils/env.server.ts): git-ignored, writable.
const DEFAULT_CACHE_DIR = path.resolve(process.env.DATA_DIR || "data", "cache", "fonts");
let fontsPromise: Promise<ReportFonts> | undefined;

/**
 * The process-wide report font. pdfkit embeds synchronously while a document is written, so one
 * parsed font object is safely shared by every document.
 */
export function getReportFonts(): Promise<ReportFonts> {
  fontsPromise ??= prepareFonts(DEFAULT_CACHE_DIR).catch((error: unknown) => {
    fontsPromise = undefined; // let the next request retry instead of caching the failure
    throw error;
  });
  return fontsPromise;
}
