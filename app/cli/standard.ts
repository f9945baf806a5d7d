/**
 * `standard` commands: parse an iCAP export and print the parsed-standard JSON (DESIGN §3), for
 * people checking an import and for scripts.
 */
import { open, stat } from "node:fs/promises";
import { assertWithinSizeLimit, MAX_STANDARD_BYTES } from "~/domain/standard/decode";
import { parseStandardBytes, StandardParseError } from "~/domain/standard/parse";
import { CliError, type CliCommandGroup } from "./types";

const USAGE = `Usage: npm run -s cli -- standard <command>

Commands:
  parse <file>   Parse an iCAP standard export (職能基準 or 職能單元: UTF-8, UTF-16 or Big5 text)
                 and print the parsed standard as JSON on stdout. Exits 0 when it parses; on bad
                 input prints the error (line and what was expected) on stderr and exits 2.
`;

export const standardCommands: CliCommandGroup = {
  async run(args) {
    const [command, ...rest] = args;
    if (!command || isHelp(command) || (command === "parse" && rest.some(isHelp))) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command !== "parse") throw new CliError(`未知的指令 Unknown command "standard ${command}".\n\n${USAGE}`);
    if (rest.length !== 1) throw new CliError(`請指定一個檔案 Expected one file: standard parse <file>.\n\n${USAGE}`);
    return parseFile(rest[0]);
  },
};

async function parseFile(path: string): Promise<number> {
  try {
    const standard = parseStandardBytes(await readAtMost(path, MAX_STANDARD_BYTES));
    process.stdout.write(JSON.stringify(standard, null, 2) + "\n");
    return 0;
  } catch (error) {
    if (error instanceof StandardParseError) throw new CliError(`${path}: ${error.message}`);
    if (isNodeError(error)) throw new CliError(fileErrorMessage(path, error));
    throw error;
  }
}

/**
 * Reads a file but never more than `limit` + 1 bytes: the size is checked before reading (and again
 * while reading, for pipes and files that grow), so a huge upload is refused without loading it.
 */
async function readAtMost(path: string, limit: number): Promise<Uint8Array> {
  assertWithinSizeLimit((await stat(path)).size);
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(limit + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    assertWithinSizeLimit(length);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function fileErrorMessage(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return `找不到檔案 File not found: ${path}`;
    case "EISDIR":
      return `這是資料夾，不是檔案 Expected a file, got a directory: ${path}`;
    case "EACCES":
    case "EPERM":
      return `沒有讀取權限 Permission denied: ${path}`;
    default:
      return `無法讀取檔案 Cannot read ${path}: ${error.message}`;
  }
}

function isHelp(arg: string): boolean {
  return arg === "--help" || arg === "-h" || arg === "help";
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}
