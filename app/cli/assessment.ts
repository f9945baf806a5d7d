/**
 * `npm run -s cli -- assessment generate <standard-file> [--tasks T1.1,T2.1] [--scale 4]`
 * Parses a standard's text export and prints the generated draft assessment as JSON.
 * Bad input (unreadable file, not a standard, unknown task code or scale) exits 2 with a message.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { GenerationError, generateAssessment } from "~/domain/rubric/generate";
import { findScale, rubricScales } from "~/domain/rubric/templates";
import { StandardParseError } from "~/domain/standard/errors";
import { parseStandardBytes } from "~/domain/standard/parse";
import { CliError, type CliCommandGroup } from "./types";

const scaleChoices = rubricScales.map((s) => `${s.levels.length} (${s.id})`).join(", ");

const USAGE = [
  "Usage: npm run -s cli -- assessment generate <standard-file> [--tasks T1.1,T2.1] [--scale 4]",
  "",
  "  Prints a draft assessment (rubric, evidence plan, conditions, decision rule, mapping matrix) as JSON.",
  "  --tasks   comma-separated task codes to assess (default: all tasks)",
  `  --scale   rubric scale by number of levels or id: ${scaleChoices} (default: 4)`,
].join("\n");

const GenerateArgsSchema = z.object({
  file: z.string().min(1),
  tasks: z
    .string()
    .optional()
    .transform((value) => value?.split(",").map((code) => code.trim()).filter((code) => code.length > 0))
    .refine((codes) => codes === undefined || codes.length > 0, {
      error: "--tasks 至少需要一個工作任務代碼 --tasks needs at least one task code",
    }),
  scale: z
    .string()
    .default("4")
    .transform((key, ctx) => {
      const scale = findScale(key);
      if (!scale) {
        ctx.addIssue({ code: "custom", message: `未知的量尺 Unknown scale "${key}"; available: ${scaleChoices}` });
        return z.NEVER;
      }
      return scale;
    }),
});

const OPTIONS = {
  tasks: { type: "string" },
  scale: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function readArgs(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs names the unknown option or the missing value; add the usage.
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
}

async function generate(args: string[]): Promise<number> {
  const parsed = readArgs(args);
  if (parsed.values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new CliError(`請指定一個職能基準檔案 Expected exactly one standard file.\n\n${USAGE}`);
  }

  const input = GenerateArgsSchema.safeParse({
    file: parsed.positionals[0],
    tasks: parsed.values.tasks,
    scale: parsed.values.scale,
  });
  if (!input.success) throw new CliError(input.error.issues.map((issue) => issue.message).join("\n"));
  const { file, tasks, scale } = input.data;

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new CliError(`無法讀取檔案 Cannot read file "${file}" (${reason})`);
  }

  try {
    const standard = parseStandardBytes(bytes);
    const draft = generateAssessment(standard, { taskCodes: tasks, scale });
    process.stdout.write(JSON.stringify(draft, null, 2) + "\n");
    return 0;
  } catch (error) {
    if (error instanceof StandardParseError) throw new CliError(`${file}: ${error.message}`);
    if (error instanceof GenerationError) throw new CliError(error.message);
    throw error;
  }
}

export const assessmentCommands: CliCommandGroup = {
  async run(args) {
    const [command, ...rest] = args;
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    if (command === "generate") return generate(rest);
    throw new CliError(`未知的指令 Unknown command "assessment ${command}".\n\n${USAGE}`);
  },
};
