/**
 * Canonical JSON after RFC 8785 (JSON Canonicalization Scheme, JCS): the exact bytes a signature
 * covers must not depend on key order, whitespace or how a number happened to be written.
 *
 * JCS serialises strings and numbers the way ECMAScript's JSON.stringify does (shortest round-trip
 * number form, minimal string escapes) and sorts object keys by their UTF-16 code units, which is
 * what Array.prototype.sort does for strings. What JSON.stringify would silently drop or coerce
 * (undefined, NaN, functions, Dates, lone surrogates) is rejected instead: a payload that cannot
 * round-trip through JSON must never be signed.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
  }
}

// A lone surrogate is not I-JSON (RFC 7493), which JCS requires of its input.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialiseString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError("Lone surrogate in string", path);
  return JSON.stringify(value);
}

function serialise(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`Non-finite number ${value}`, path);
      // ES Number-to-String is exactly the JCS number form; it also writes -0 as 0.
      return JSON.stringify(value);
    case "string":
      return serialiseString(value, path);
    case "object":
      break;
    default:
      throw new CanonicalJsonError(`Unsupported value of type ${typeof value}`, path);
  }

  const object = value as object;
  if (seen.has(object)) throw new CanonicalJsonError("Circular reference", path);
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items: string[] = [];
      for (let index = 0; index < object.length; index++) {
        // A hole in a sparse array reads as undefined and is rejected with the rest.
        items.push(serialise(object[index], `${path}[${index}]`, seen));
      }
      return `[${items.join(",")}]`;
    }
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      // Dates, Maps, class instances: their JSON form is a convention, not data.
      const name = (object as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new CanonicalJsonError(`Unsupported ${name} object`, path);
    }
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      members.push(`${serialiseString(key, path)}:${serialise(record[key], `${path}.${key}`, seen)}`);
    }
    return `{${members.join(",")}}`;
  } finally {
    seen.delete(object);
  }
}

/** The canonical JSON text of a value; throws CanonicalJsonError naming the offending path. */
export function canonicalJson(value: unknown): string {
  return serialise(value, "$", new Set());
}

/** The canonical JSON as UTF-8 bytes: what gets signed. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
