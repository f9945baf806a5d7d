/**
 * Row ids of a draft. Generated rows get deterministic ids derived from their codes (`crit-P1.1.1`,
 * `q-T1.1-K01`), so that generating twice gives the same draft; rows an editor adds get
 * `<prefix>-new-<n>`. Either way the id is the key and the code only an attribute (STYLE habit 7):
 * a standard's slips (a code used twice, an item without a code) still yield unique ids.
 */
import type { AssessmentContent } from "./content";

export class IdAllocator {
  private readonly used: Set<string>;

  constructor(existing: Iterable<string> = []) {
    this.used = new Set(existing);
  }

  /** `base`, or `base-2`, `base-3`… when taken. */
  take(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}

export function contentIds(content: Pick<AssessmentContent, "tasks" | "criteria" | "evidencePlan">): string[] {
  return [
    ...content.tasks.map((t) => t.id),
    ...content.criteria.map((c) => c.id),
    ...content.evidencePlan.flatMap((entry) => [
      ...entry.workProducts.map((w) => w.id),
      ...entry.checklist.map((c) => c.id),
      ...entry.questions.map((q) => q.id),
    ]),
  ];
}

/** A fresh id for a row an editor adds, e.g. `newItemId(draft, "q")` → "q-new-1". */
export function newItemId(
  content: Pick<AssessmentContent, "tasks" | "criteria" | "evidencePlan">,
  prefix: "crit" | "wp" | "chk" | "q",
): string {
  const used = new Set(contentIds(content));
  let n = 1;
  while (used.has(`${prefix}-new-${n}`)) n++;
  return `${prefix}-new-${n}`;
}
