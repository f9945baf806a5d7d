/** The exam page's answer fields, read back into responses (used by the page and its answer endpoint). */
import type { Response } from "~/domain/exam/types";

/** Form fields are `answer:<revisionId>`: option indexes (radio / checkboxes) or the text. */
export function answersFromForm(form: FormData, only?: string): { revisionId: string; response: Response }[] {
  const byItem = new Map<string, { kind: string; values: string[] }>();
  for (const [name, value] of form.entries()) {
    const match = /^(answer|text):(.+)$/.exec(name);
    if (!match || typeof value !== "string") continue;
    if (only && match[2] !== only) continue;
    const entry = byItem.get(match[2]!) ?? { kind: match[1]!, values: [] };
    entry.values.push(value);
    byItem.set(match[2]!, entry);
  }
  // An item whose marker is sent but no option ticked is a cleared answer.
  for (const name of form.getAll("item")) {
    if (typeof name !== "string" || (only && name !== only)) continue;
    if (!byItem.has(name)) byItem.set(name, { kind: "answer", values: [] });
  }
  return [...byItem].map(([revisionId, entry]) => ({
    revisionId,
    response: entry.kind === "text" ? { kind: "text", text: entry.values.join("") } : { kind: "choice", selected: entry.values.map(Number).filter(Number.isInteger) },
  }));
}

