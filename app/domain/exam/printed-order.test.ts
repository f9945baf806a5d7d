import { describe, expect, it } from "vitest";
import { printedOrder } from "./printed-order";

describe("printedOrder", () => {
  it("groups a form by item type in the paper's section order and numbers it 1…n, keeping the form's order within a section", () => {
    const form = [
      { position: 1, type: "short_answer" as const, id: "s1" },
      { position: 2, type: "single" as const, id: "a" },
      { position: 3, type: "true_false" as const, id: "t" },
      { position: 4, type: "multiple" as const, id: "m" },
      { position: 5, type: "single" as const, id: "b" },
    ];
    expect(printedOrder(form).map((i) => [i.printed, i.id])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "m"],
      [4, "t"],
      [5, "s1"],
    ]);
  });
});
