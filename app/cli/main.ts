/**
 * Command-line entry: `npm run -s cli -- <group> <command> [args]`.
 * Each group lives in its own module and registers its commands here.
 */
import { CliError, type CliCommandGroup } from "./types";

const groups: Record<string, () => Promise<CliCommandGroup>> = {
  assessment: () => import("./assessment").then((m) => m.assessmentCommands),
  certificate: () => import("./certificate").then((m) => m.certificateCommands),
  standard: () => import("./standard").then((m) => m.standardCommands),
};

function usage(): string {
  const lines = [
    "職能評量建構平台 command line",
    "",
    "Usage: npm run -s cli -- <group> <command> [options]",
    "",
    "Groups:",
  ];
  for (const name of Object.keys(groups).sort()) lines.push(`  ${name}`);
  lines.push("", "Run `npm run -s cli -- <group> --help` for a group's commands.");
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [groupName, ...rest] = argv;
  if (!groupName || groupName === "--help" || groupName === "-h" || groupName === "help") {
    process.stdout.write(usage() + "\n");
    return 0;
  }
  const load = groups[groupName];
  if (!load) throw new CliError(`未知的指令群組 Unknown command group "${groupName}".\n\n${usage()}`);
  const group = await load();
  return group.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(error.message.trimEnd() + "\n");
      process.exitCode = error.exitCode;
      return;
    }
    // An unexpected failure is a bug: say so plainly, without a stack trace unless asked.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`內部錯誤 Internal error: ${message}\n`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = 1;
  },
);
