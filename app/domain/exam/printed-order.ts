/**
 * The order of a form on paper: sections by item type (一、單選題 二、複選題 三、是非題 四、簡答題), the
 * form's order kept within a section, numbered 1…n. The printed paper, its answer key and the page on
 * which assessors key in answer sheets all use this order, so "第 12 題" is the same item everywhere.
 */
import { ITEM_TYPES, type ItemType } from "./types";

export function printedOrder<T extends { position: number; type: ItemType }>(items: readonly T[]): (T & { printed: number })[] {
  const rank = (type: ItemType) => ITEM_TYPES.indexOf(type);
  return [...items]
    .sort((a, b) => rank(a.type) - rank(b.type) || a.position - b.position)
    .map((item, index) => ({ ...item, printed: index + 1 }));
}
