import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParsedStandard } from "~/domain/standard/types";
import { contentHash } from "./content-hash";
import { generateAssessment } from "./generate";

describe("contentHash", () => {
  const standard = JSON.parse(
    readFileSync(new URL("../../../tests/fixtures/standards/001_f580b5f17f73ef6d.expected.json", import.meta.url), "utf8"),
  ) as ParsedStandard;

  it("is a SHA-256 that changes with any edit of the content", () => {
    const content = generateAssessment(standard);
    const hash = contentHash(content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(contentHash(JSON.parse(JSON.stringify(content)))).toBe(hash);
    const [first, ...rest] = content.criteria;
    const edited = { ...content, criteria: [{ ...first, critical: false }, ...rest] };
    expect(contentHash(edited)).not.toBe(hash);
  });
});
