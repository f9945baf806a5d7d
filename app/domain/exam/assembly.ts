/**
 * Assembling a paper from a blueprint: which active items go on each parallel form (A/B 卷), and in
 * what order each candidate sees them. Everything follows from the seed, so a paper stores the seed and
 * its result can be recomputed and checked (STYLE habit 4).
 *
 * Drawing is a bipartite matching of slots (form × cell × position) to items, so an item with two
 * K codes fills at most one slot per form, and a random draw for one cell never starves another cell
 * that had no other candidate:
 *  1. Disjoint forms. Each cell's candidates are shuffled once and dealt out to the forms in turn
 *     (A, B, A, B, …), every item at most once on the whole paper; slots left empty are then filled by
 *     augmenting paths (Kuhn) where re-routing earlier draws frees a candidate. The result is a maximum
 *     matching: as many slots as possible hold an item no other form uses.
 *  2. Sharing. Each form in turn (A first) fills its remaining slots with items of other forms, the
 *     least shared first, again with augmenting paths inside the form. A form thus ends as full as the
 *     bank allows for a single form, and items are shared only where disjoint forms are impossible.
 */
import { cellLabel, fillsCell, orderCells, toCents } from "./blueprint";
import { createRandom, deriveSeed } from "./random";
import {
  type AssemblyShortfall,
  type BankItem,
  type BlueprintCell,
  type PaperForm,
  type PaperItem,
  type PresentedItem,
} from "./types";

export const MAX_FORMS = 4;
export const FORM_LABELS = ["A", "B", "C", "D"] as const;

export interface AssemblyInput {
  seed: string;
  cells: readonly BlueprintCell[];
  bank: readonly BankItem[];
  /** Number of parallel forms, 1 to MAX_FORMS. */
  forms: number;
  /** The standard's K codes in order; items on a form follow it (then cognitive level). */
  codeOrder?: readonly string[];
}

export interface AssemblyResult {
  forms: PaperForm[];
  /** Per cell in paper order, "missing" before "shared"; empty when the bank fills every form apart. */
  shortfalls: AssemblyShortfall[];
}

/** The input cannot be assembled at all (as opposed to a shortfall, which is reported). */
export class AssemblyInputError extends Error {
  override name = "AssemblyInputError";
}

interface Slot {
  form: number;
  cell: number;
  /** Candidate item indexes in this cell's shuffled order. */
  candidates: readonly number[];
}

const NONE = -1;

export function assemblePaper(input: AssemblyInput): AssemblyResult {
  const { seed, forms: formCount } = input;
  if (!Number.isInteger(formCount) || formCount < 1 || formCount > MAX_FORMS) {
    throw new AssemblyInputError(`平行試卷數須為 1 至 ${MAX_FORMS}，收到 ${formCount}`);
  }
  const items = activeItems(input.bank);
  const cells = orderCells(input.cells, input.codeOrder);
  const random = createRandom(deriveSeed("assembly", seed));
  const candidatesOf = cells.map((cell) => random.shuffle(items.flatMap((item, i) => (fillsCell(item, cell) ? [i] : []))));

  // Dealing order: for each cell, one slot per form at a time. Slot order is also the item order within a cell.
  const slots: Slot[] = [];
  cells.forEach((cell, c) => {
    for (let position = 0; position < cell.count; position++) {
      for (let form = 0; form < formCount; form++) slots.push({ form, cell: c, candidates: candidatesOf[c] });
    }
  });

  // Phase 1: one matching over the whole paper, so no item is used twice anywhere.
  const paper = new Matching(slots.length, items.length);
  const firstFree = (slot: number) => slots[slot].candidates.find((item) => paper.owner[item] === NONE) ?? NONE;
  const allSlots = slots.map((_, i) => i);
  fill(paper, allSlots, slots, firstFree);

  // Phase 2: each form on its own, free to take items other forms already use.
  const formsUsing = new Int32Array(items.length);
  for (let s = 0; s < slots.length; s++) if (paper.item[s] !== NONE) formsUsing[paper.item[s]]++;
  const assignment = Int32Array.from(paper.item);
  for (let form = 0; form < formCount; form++) {
    const own = allSlots.filter((s) => slots[s].form === form);
    const local = new Matching(slots.length, items.length);
    for (const s of own) if (paper.item[s] !== NONE) local.assign(s, paper.item[s]);
    const before = new Set(own.map((s) => local.item[s]));
    const leastShared = (slot: number) => {
      let best = NONE;
      for (const item of slots[slot].candidates) {
        if (local.owner[item] === NONE && (best === NONE || formsUsing[item] < formsUsing[best])) best = item;
      }
      return best;
    };
    fill(local, own, slots, leastShared);
    for (const s of own) {
      assignment[s] = local.item[s];
      if (local.item[s] !== NONE && !before.has(local.item[s])) formsUsing[local.item[s]]++;
    }
  }

  // drawn[form][cell]: the items in slot position order; empty slots are the cell's shortfall.
  const drawn = Array.from({ length: formCount }, () => cells.map((): BankItem[] => []));
  slots.forEach((slot, s) => {
    if (assignment[s] !== NONE) drawn[slot.form][slot.cell].push(items[assignment[s]]);
  });
  const paperForms = drawn.map((byCell, form): PaperForm => ({
    label: FORM_LABELS[form],
    items: byCell.flatMap((cellItems, c) => {
      const cell = cells[c];
      const points = sharePoints(cell.points, cellItems.length);
      return cellItems.map((item, i): PaperItem => ({
        itemId: item.itemId,
        revisionId: item.revisionId,
        number: item.number,
        type: item.type,
        code: cell.code,
        level: cell.level,
        points: points[i],
      }));
    }),
  }));

  return { forms: paperForms, shortfalls: shortfalls(cells, candidatesOf, drawn) };
}

/** Active items, one per item, in a fixed order so that the caller's order cannot change the paper. */
function activeItems(bank: readonly BankItem[]): BankItem[] {
  const active = bank
    .filter((item) => item.status === "active")
    .sort((a, b) => a.number - b.number || compareStrings(a.revisionId, b.revisionId));
  const seen = new Set<string>();
  for (const item of active) {
    // Uniqueness on a form is per item: two live revisions of one question would be the same question twice.
    if (seen.has(item.itemId)) throw new AssemblyInputError(`題庫中試題 Q${String(item.number).padStart(3, "0")} 有兩個啟用中的版本`);
    seen.add(item.itemId);
  }
  return active;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A matching of slots to items: item[slot] and owner[item], NONE when unmatched. */
class Matching {
  readonly item: Int32Array;
  readonly owner: Int32Array;
  constructor(slots: number, items: number) {
    this.item = new Int32Array(slots).fill(NONE);
    this.owner = new Int32Array(items).fill(NONE);
  }
  assign(slot: number, item: number): void {
    this.item[slot] = item;
    this.owner[item] = slot;
  }
}

/**
 * Fills the empty slots among `slotIds`: first greedily with `pickFree` (a free candidate or NONE),
 * then by augmenting paths. Only slots in `slotIds` take part; the path search is iterative, since a
 * path can be as long as the paper.
 */
function fill(matching: Matching, slotIds: readonly number[], slots: readonly Slot[], pickFree: (slot: number) => number): void {
  for (const s of slotIds) {
    if (matching.item[s] !== NONE) continue;
    const item = pickFree(s);
    if (item !== NONE) matching.assign(s, item);
  }
  for (const s of slotIds) {
    if (matching.item[s] === NONE) augment(matching, s, slots, pickFree);
  }
}

function augment(matching: Matching, root: number, slots: readonly Slot[], pickFree: (slot: number) => number): boolean {
  const visited = new Set<number>();
  // Each frame: a slot on the path, the item through which it was reached (its current item), and
  // how far through its candidates the search has gone.
  const stack: { slot: number; via: number; next: number }[] = [{ slot: root, via: NONE, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === 0) {
      const free = pickFree(frame.slot);
      if (free !== NONE) {
        // Shift along the path: each slot takes the item below it, its own goes to the slot above.
        let item = free;
        for (let k = stack.length - 1; k >= 0; k--) {
          matching.assign(stack[k].slot, item);
          item = stack[k].via;
        }
        return true;
      }
    }
    const candidates = slots[frame.slot].candidates;
    let descended = false;
    while (frame.next < candidates.length) {
      const item = candidates[frame.next++];
      const holder = matching.owner[item];
      if (holder === NONE || holder === frame.slot || visited.has(item)) continue;
      visited.add(item);
      stack.push({ slot: holder, via: item, next: 0 });
      descended = true;
      break;
    }
    if (!descended) stack.pop();
  }
  return false;
}

/**
 * A cell's points shared among its drawn items, in cents: equal shares, the leftover cents one each
 * to the last items, so the items always add up to the cell exactly (10 → 3.33, 3.33, 3.34).
 */
export function sharePoints(points: number, items: number): number[] {
  if (items === 0) return [];
  const cents = toCents(points);
  const base = Math.floor(cents / items);
  const extra = cents - base * items;
  return Array.from({ length: items }, (_, i) => (base + (i >= items - extra ? 1 : 0)) / 100);
}

function shortfalls(
  cells: readonly BlueprintCell[],
  candidatesOf: readonly (readonly number[])[],
  drawn: readonly (readonly (readonly BankItem[])[])[],
): AssemblyShortfall[] {
  const labels = FORM_LABELS.slice(0, drawn.length);
  // An item on a form that an earlier form already has is a reuse, charged to the cell it fills there.
  const reusedIn = cells.map(() => new Set<string>());
  const onEarlierForms = new Set<string>();
  for (const byCell of drawn) {
    byCell.forEach((cellItems, c) => {
      for (const item of cellItems) if (onEarlierForms.has(item.itemId)) reusedIn[c].add(item.itemId);
    });
    for (const item of byCell.flat()) onEarlierForms.add(item.itemId);
  }

  const out: AssemblyShortfall[] = [];
  cells.forEach((cell, c) => {
    const label = cellLabel(cell.code, cell.level);
    const available = candidatesOf[c].length;
    const base = { code: cell.code, level: cell.level, wanted: cell.count, available };

    const short = drawn.map((byCell) => cell.count - byCell[c].length);
    if (short.some((n) => n > 0)) {
      const why = available < cell.count ? `題庫僅有 ${available} 題啟用試題` : `題庫有 ${available} 題啟用試題，但部分試題已用於其他細目`;
      out.push({ ...base, kind: "missing", message: `${label}：需要 ${cell.count} 題，${why}，${describeShort(labels, short)}` });
    }

    if (reusedIn[c].size > 0) {
      const needed = cell.count * drawn.length;
      const why = available < needed ? `題庫僅有 ${available} 題` : `題庫有 ${available} 題，但部分試題已用於其他細目`;
      const among = drawn.length === 2 ? "兩卷" : "各卷之間";
      out.push({
        ...base,
        kind: "shared",
        message: `${label}：${labels.join("、")} 卷共需 ${needed} 題不同試題，${why}，${among}共用 ${reusedIn[c].size} 題`,
      });
    }
  });
  return out;
}

/** 「A 卷少 1 題」「A、B 卷各少 1 題」「A 卷少 2 題、B 卷少 1 題」 */
function describeShort(labels: readonly string[], short: readonly number[]): string {
  const shortForms = labels.flatMap((label, i) => (short[i] > 0 ? [{ label, n: short[i] }] : []));
  if (shortForms.length === 1) return `${shortForms[0].label} 卷少 ${shortForms[0].n} 題`;
  if (shortForms.every((f) => f.n === shortForms[0].n)) {
    return `${shortForms.map((f) => f.label).join("、")} 卷各少 ${shortForms[0].n} 題`;
  }
  return shortForms.map((f) => `${f.label} 卷少 ${f.n} 題`).join("、");
}

export interface PresentationInput {
  seed: string;
  /** Stable per candidate and sitting, e.g. the attempt's enrolment id and attempt number. */
  candidateKey: string;
  form: PaperForm;
  /** Number of options per revision; needed for single and multiple items. */
  optionCounts: Readonly<Record<string, number>>;
  shuffleItems: boolean;
  shuffleOptions: boolean;
}

/**
 * What one candidate sees: the form's items, and each choice item's options, in an order of their own.
 * Item order and each item's option order come from separate streams (seed, candidate, revision), so
 * turning item shuffling off, or a form with other items, leaves an item's option order unchanged.
 * True/false options stay O before X (a shuffled X–O pair only confuses); short answers have none.
 */
export function presentationOrder(input: PresentationInput): PresentedItem[] {
  const { seed, candidateKey, form } = input;
  const items = input.shuffleItems ? createRandom(deriveSeed("items", seed, candidateKey)).shuffle(form.items) : form.items;
  return items.map((item): PresentedItem => {
    if (item.type === "short_answer") return { revisionId: item.revisionId, optionOrder: [] };
    if (item.type === "true_false") return { revisionId: item.revisionId, optionOrder: [0, 1] };
    const count = input.optionCounts[item.revisionId];
    if (!Number.isInteger(count) || count < 2) {
      throw new AssemblyInputError(`試題 Q${String(item.number).padStart(3, "0")} 缺少選項數（收到 ${count}）`);
    }
    const original = Array.from({ length: count }, (_, i) => i);
    const optionOrder = input.shuffleOptions
      ? createRandom(deriveSeed("options", seed, candidateKey, item.revisionId)).shuffle(original)
      : original;
    return { revisionId: item.revisionId, optionOrder };
  });
}
