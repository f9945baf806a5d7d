/**
 * The one error the standard importer throws (DESIGN §3: bad input gets a clear, specific error naming
 * the line and what was expected). Anything else escaping the parser is a bug.
 */

export type StandardParseErrorReason =
  | "empty"
  | "too-large"
  | "binary"
  | "encoding"
  | "not-a-standard"
  | "truncated"
  | "orphan-item"
  | "missing-field";

export class StandardParseError extends Error {
  override readonly name = "StandardParseError";

  /**
   * @param line 1-based line of the input the problem was found on; null when no line applies (size).
   * @param expected what the parser was looking for, in both languages.
   */
  constructor(
    readonly reason: StandardParseErrorReason,
    readonly line: number | null,
    readonly expected: string,
    zh: string,
    en: string,
  ) {
    // One short paragraph: people read it in the CLI and the import form, scripts read the fields.
    super(line === null ? `${zh} ${en}` : `第 ${line} 行：${zh} Line ${line}: ${en}`);
  }
}
