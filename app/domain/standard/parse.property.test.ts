/**
 * Whatever arrives — a cut-off export, shuffled lines, bytes of noise — the parser returns a standard
 * or throws StandardParseError, and never hangs. The time check inside each run is a hang guard
 * (catastrophic backtracking, quadratic joins), not a benchmark.
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StandardParseError } from "./errors";
import { parseStandard, parseStandardBytes } from "./parse";

const STANDARDS_DIR = new URL("../../../templates/demo/standards/", import.meta.url);
const fixtures = readdirSync(STANDARDS_DIR)
  .filter((file) => file.endsWith(".txt"))
  .sort()
  .map((file) => readFileSync(new URL(file, STANDARDS_DIR), "utf8"));
const NUM_RUNS = 100;
const HANG_GUARD_MS = 1000;

/** Runs the parser: it must return a standard or reject the input with StandardParseError, in time. */
function parsesOrRejects(parse: () => unknown): void {
  const start = performance.now();
  try {
    const standard = parse();
    expect(standard).toMatchObject({
      kind: expect.stringMatching(/^(occupational|unit)$/),
      warnings: expect.any(Array),
    });
  } catch (error) {
    if (!(error instanceof StandardParseError)) throw error;
    expect(error.message).not.toBe("");
  } finally {
    const elapsed = performance.now() - start;
    if (elapsed > HANG_GUARD_MS) throw new Error(`parse took ${elapsed.toFixed(0)} ms`);
  }
}

const fixtureIndex = fc.integer({ min: 0, max: fixtures.length - 1 });

describe("the parser is total on damaged exports", () => {
  it("cut at a random offset", () => {
    fc.assert(
      fc.property(fixtureIndex, fc.double({ min: 0, max: 1, noNaN: true }), (index, fraction) => {
        const text = fixtures[index];
        parsesOrRejects(() => parseStandard(text.slice(0, Math.floor(text.length * fraction))));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("with a random stretch cut out of the middle", () => {
    fc.assert(
      fc.property(fixtureIndex, fc.nat(), fc.nat({ max: 2000 }), (index, start, length) => {
        const text = fixtures[index];
        const from = start % (text.length + 1);
        parsesOrRejects(() => parseStandard(text.slice(0, from) + text.slice(from + length)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("with its lines shuffled", () => {
    fc.assert(
      fc.property(
        fixtureIndex.chain((index) => {
          const lines = fixtures[index].split("\n");
          return fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length });
        }),
        (lines) => {
          parsesOrRejects(() => parseStandard(lines.join("\n")));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("with random bytes inserted", () => {
    fc.assert(
      fc.property(
        fixtureIndex,
        fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })), { minLength: 1, maxLength: 8 }),
        (index, insertions) => {
          let bytes = new TextEncoder().encode(fixtures[index]);
          for (const [at, noise] of insertions) {
            const position = at % (bytes.length + 1);
            bytes = new Uint8Array([...bytes.subarray(0, position), ...noise, ...bytes.subarray(position)]);
          }
          parsesOrRejects(() => parseStandardBytes(bytes));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("with random characters, tabs and line breaks inserted", () => {
    const noise = fc.string({
      unit: fc.constantFrom(
        "\t",
        "\n",
        " ",
        "<p>",
        "</p>",
        "一、",
        "1. ",
        "P1.1.1",
        "T2",
        "K01",
        "【註2】",
        "。",
        "中",
        "a",
      ),
    });
    fc.assert(
      fc.property(
        fixtureIndex,
        fc.array(fc.tuple(fc.nat(), noise), { minLength: 1, maxLength: 10 }),
        (index, insertions) => {
          let text = fixtures[index];
          for (const [at, piece] of insertions) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + piece + text.slice(position);
          }
          parsesOrRejects(() => parseStandard(text));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("on arbitrary text and bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 2000 }), (text) => {
        parsesOrRejects(() => parseStandard(text));
      }),
      { numRuns: NUM_RUNS },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        parsesOrRejects(() => parseStandardBytes(bytes));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("the parser stays linear on hostile input", () => {
  it.each([
    ["an unclosed tag", "<a" + "b".repeat(1_000_000)],
    ["a million tabs", "主要職責\t工作任務\t工作產出\t行為指標\n" + "\t".repeat(1_000_000)],
    [
      "a long run of list separators",
      "主要職責\t工作任務\t工作產出\t行為指標\nT1 a\tT1.1 b\tO1.1.1 c" + "、".repeat(500_000) + "x",
    ],
    [
      "one indicator continued on every row",
      "職能基準代碼\tX\n主要職責\t工作任務\t工作產出\t行為指標\nT1 a\tT1.1 b\tO1.1.1 c\tP1.1.1 d\n" +
        "\t\t\t續\n".repeat(100_000),
    ],
    ["digits where unit items are expected", "職能單元代碼\tX\n工作任務與行為指標\t一、a " + "1".repeat(1_000_000)],
  ])("%s", (_label, text) => {
    expect(() => parsesOrRejects(() => parseStandard(text))).not.toThrow();
  });
});
