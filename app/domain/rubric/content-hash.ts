/**
 * The content hash of a published assessment version (STYLE habit 4, as ORA's Rubric.content_hash):
 * a session records the hash of the version its candidates were scored against, so any later change
 * to that content is detectable.
 *
 * Canonical JSON: object keys sorted by UTF-16 code units (as RFC 8785), no whitespace, numbers and
 * strings as JSON.stringify writes them. `undefined` is treated as JSON.stringify treats it (dropped
 * from objects, null in arrays), so a draft hashes the same before and after a trip through the
 * database. Anything JSON cannot hold faithfully (NaN, Infinity, Date, Map, bigint…) is rejected.
 */
import { createHash } from "node:crypto";
import type { AssessmentContent } from "./content";

export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? "null" : write(item, `${path}[${i}]`))).join(",")}]`;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError(`canonicalJson: ${path} is not a plain object`);
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`);
      return `{${members.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot hold`);
  }
}

/** SHA-256 (hex) of the canonical JSON of an assessment's content. */
export function contentHash(content: AssessmentContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}
