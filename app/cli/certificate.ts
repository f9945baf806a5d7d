/**
 * `certificate` commands: render signed demo certificates without a database, and verify the
 * signed record inside any certificate PDF (DESIGN §7), on its own or, with --db, against what the
 * app's database issued (app/models/certificate.server.ts).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { buildReportPayload } from "~/domain/report/certificate-payload";
import { buildReportLayout } from "~/domain/report/report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "~/domain/report/sample-data";
import { generateSigningKeyPair, keyIdOf, signPayload, type KeyInput } from "~/domain/report/signature";
import { getReportFonts } from "~/pdf/fonts.server";
import { renderReportPdf } from "~/pdf/render-report.server";
import { verifyPdf } from "~/pdf/verify-pdf.server";

import { CliError, type CliCommandGroup } from "./types";

const MAX_CANDIDATES = 1000;
/** Our PDFs are ~70 KB; a limit keeps a mistaken path to a huge file from filling memory. */
const MAX_INPUT_BYTES = 50 * 1024 * 1024;
const EXIT_NOT_AUTHENTIC = 3;

const USAGE = `Usage: npm run -s cli -- certificate <command>

Commands:
  demo --out <file.pdf> [--candidates N]
      Renders signed demo documents from the built-in sample (KMC2431-009v2 社群媒體經營人員,
      7 tasks, 17 criteria); no database needed. Candidates cycle through five demo people;
      the third (張家豪) is not yet competent and gets a result report (評量結果報告, REPT-…)
      instead of a certificate (證書, CERT-…).
      N = 1 (default) writes <file.pdf>. N > 1 (at most ${MAX_CANDIDATES}) writes N files
      <file>-001.pdf … beside it: one document per file, because each PDF carries its own
      signed record and is verified on its own.
      Signs with the demo key in <DATA_DIR>/demo-keys/ (DATA_DIR defaults to ./data),
      created on first use with mode 0600. Never use it for real certificates.

  verify <file.pdf> [--public-key <key.pem>]...
      Checks the signed record embedded in the PDF (certificate.json) against the known keys:
      the demo key, plus each --public-key given (PEM, SPKI). Prints the number and exits 0
      when the signature holds; prints the reason and exits ${EXIT_NOT_AUTHENTIC} when the record was altered,
      is signed by an unknown key, is missing, or the file is not a readable PDF.

  verify <file.pdf> --db
      Checks the file against the app's database (DATABASE_URL, or <DATA_DIR>/app.db) as the
      public verification page does: signed by one of the institutions' keys, issued under its
      number, and byte for byte the issued file (its SHA-256). Prints the number and the status
      (valid, revoked or expired) and exits 0 when authentic; exits ${EXIT_NOT_AUTHENTIC} with the reason otherwise.
`;

export const certificateCommands: CliCommandGroup = {
  async run(args) {
    const [command, ...rest] = args;
    if (!command || isHelp(command) || rest.some(isHelp)) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command === "demo") return demo(rest);
    if (command === "verify") return verify(rest);
    throw new CliError(`未知的指令 Unknown command "certificate ${command}".\n\n${USAGE}`);
  },
};

/** Runs node's argument parser, turning its errors (unknown option, missing value) into usage errors. */
function withUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
}

// ---- demo key ---------------------------------------------------------------------------------

/** Same default as app/utils/env.server.ts, without loading the app's other settings. */
function demoKeyFile(): string {
  return path.resolve(process.env.DATA_DIR || "data", "demo-keys", "ed25519-demo-private.pem");
}

async function readDemoKey(): Promise<string | null> {
  try {
    return await readFile(demoKeyFile(), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function loadOrCreateDemoKey(): Promise<string> {
  const existing = await readDemoKey();
  if (existing) return existing;
  const file = demoKeyFile();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const pem = generateSigningKeyPair().privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    await writeFile(file, pem, { mode: 0o600, flag: "wx" });
    await chmod(file, 0o600); // mode on create is masked by umask; the key must stay private
    process.stderr.write(`已產生示範簽章金鑰 Created the demo signing key: ${file} (mode 0600)\n`);
    return pem;
  } catch (error) {
    // Another process created it between our read and write: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFile(file, "utf8");
    throw error;
  }
}

// ---- demo -------------------------------------------------------------------------------------

async function demo(args: string[]): Promise<number> {
  const { values, positionals } = withUsage(() =>
    parseArgs({ args, allowPositionals: true, options: { out: { type: "string" }, candidates: { type: "string" } } }),
  );
  if (positionals.length > 0) throw new CliError(`多餘的參數 Unexpected argument "${positionals[0]}".\n\n${USAGE}`);
  const out = values.out;
  if (!out) throw new CliError(`請以 --out 指定輸出檔 Missing --out <file.pdf>.\n\n${USAGE}`);
  const count = Number(values.candidates ?? "1");
  if (!Number.isInteger(count) || count < 1 || count > MAX_CANDIDATES) {
    throw new CliError(`--candidates 必須是 1 到 ${MAX_CANDIDATES} 的整數 --candidates must be an integer from 1 to ${MAX_CANDIDATES}.`);
  }

  const privateKey = await loadOrCreateDemoKey();
  const fonts = await getReportFonts();
  const texts = demoIndicatorTexts();
  const base = out.replace(/\.pdf$/i, "");
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });

  for (let index = 0; index < count; index++) {
    const file = count === 1 ? out : `${base}-${String(index + 1).padStart(3, "0")}.pdf`;
    const payload = buildReportPayload(demoReleasedResult(index, randomBytes));
    const pdf = await renderReportPdf(buildReportLayout(signPayload(payload, privateKey), texts), fonts);
    await writeFile(file, pdf);
    const kind = payload.kind === "certificate" ? "證書 certificate" : "評量結果報告 result report";
    process.stdout.write(`${file}\t${payload.number}\t${payload.candidate.name}\t${kind}\t${(pdf.length / 1024).toFixed(1)} KB\n`);
  }
  return 0;
}

// ---- verify -----------------------------------------------------------------------------------

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = withUsage(() =>
    parseArgs({ args, allowPositionals: true, options: { "public-key": { type: "string", multiple: true }, db: { type: "boolean" } } }),
  );
  if (positionals.length !== 1) throw new CliError(`請指定一個 PDF 檔 Expected one file: certificate verify <file.pdf>.\n\n${USAGE}`);
  const file = positionals[0];
  if (values.db) {
    if (values["public-key"]?.length) throw new CliError(`--db 與 --public-key 不能同時使用 Use either --db or --public-key.\n\n${USAGE}`);
    return verifyAgainstDatabase(await readInput(file));
  }

  const keys = new Map<string, KeyInput>();
  const demoKey = await readDemoKey();
  if (demoKey) keys.set(keyIdOf(demoKey), demoKey);
  for (const keyFile of values["public-key"] ?? []) {
    const pem = await readInput(keyFile);
    try {
      keys.set(keyIdOf(pem.toString("utf8")), pem.toString("utf8"));
    } catch {
      throw new CliError(`不是 Ed25519 公鑰 Not an Ed25519 public key (PEM): ${keyFile}`);
    }
  }

  const result = await verifyPdf(await readInput(file), (keyId) => keys.get(keyId) ?? null);
  if (result.status !== "authentic") {
    const number = result.number ? ` ${result.number}` : "";
    throw new CliError(`驗證失敗 ${result.status}${number}: ${result.reason}`, EXIT_NOT_AUTHENTIC);
  }
  process.stdout.write(`${result.number}\n`);
  process.stderr.write(`驗證通過 authentic: ${result.reason}\n`);
  return 0;
}

/** Loaded only with --db: opening the database reads the app's settings, which the demo never needs. */
async function verifyAgainstDatabase(bytes: Buffer): Promise<number> {
  const { verifyCertificateFile } = await import("~/models/certificate.server");
  const { db } = await import("~/utils/db.server");
  try {
    const result = await verifyCertificateFile({ bytes });
    if (result.verdict !== "authentic") {
      const number = result.number ? ` ${result.number}` : "";
      throw new CliError(`驗證失敗 ${result.verdict}${number}: ${result.reason}`, EXIT_NOT_AUTHENTIC);
    }
    process.stdout.write(`${result.number}\t${result.certificate?.status ?? ""}\n`);
    process.stderr.write(`驗證通過 authentic: ${result.reason}\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

async function readInput(file: string): Promise<Buffer> {
  try {
    if ((await stat(file)).size > MAX_INPUT_BYTES) {
      throw new CliError(`檔案過大 File larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB: ${file}`);
    }
    return await readFile(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError(`找不到檔案 File not found: ${file}`);
    if (code === "EISDIR") throw new CliError(`這是資料夾，不是檔案 Expected a file, got a directory: ${file}`);
    throw new CliError(`無法讀取檔案 Cannot read ${file}: ${(error as Error).message}`);
  }
}

function isHelp(arg: string): boolean {
  return arg === "--help" || arg === "-h" || arg === "help";
}
