/**
 * `npm run backup`: a consistent online backup of the live database, while the server keeps running
 * and writing, plus a copy of the evidence files. Restore procedure: docs/backup.md.
 *
 *   npm run backup                                # <DATA_DIR>/backups/<timestamp>.db (+ -evidence/)
 *   npm run backup -- --out /mnt/offsite/icap     # another folder (make it another disk)
 *   npm run backup -- --no-evidence               # the database only
 *
 * Settings as the server reads them: DATA_DIR (default `data`), DATABASE_URL (default
 * `file:<DATA_DIR>/app.db`). Progress goes to stderr; the last line of stdout is the backup's path.
 *
 * How it stays consistent: SQLite's online backup API (better-sqlite3 `db.backup`), asked to copy
 * every page in ONE step. That step reads inside one read transaction, so the copy is the database
 * as of one commit: in WAL mode the server's writers go on meanwhile (readers never block writers),
 * and committed transactions still in the -wal file are included. (Copying in small steps, the
 * default, would restart from the start after every write by the server and might never finish.)
 * The copy is then switched to journal_mode=DELETE, so it is one self-contained file, and checked
 * with PRAGMA integrity_check; a failed check deletes it and exits 1.
 *
 * Evidence files (<DATA_DIR>/evidence/yyyy/mm/<uuid>) are written once under a new random key and
 * never changed in place, so copying them AFTER the database snapshot gives every evidence row of
 * the snapshot its file (a file uploaded meanwhile is copied too, harmlessly unreferenced). Temporary
 * upload files (dot-named *.part) are skipped. The copy is checked against the snapshot's rows.
 *
 * Not copied: <DATA_DIR>/session-secret. It signs the login cookies and encrypts the institutions'
 * signing keys stored in the database; keep it apart from the backups (docs/backup.md).
 */
import fs from "node:fs";
import path from "node:path";
import { Database } from "./sqlite";


interface Options {
  dataDir: string;
  databaseFile: string;
  outDir: string;
  evidence: boolean;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dataDir = path.resolve(value("data-dir") ?? process.env.DATA_DIR ?? "data");
  const url = process.env.DATABASE_URL ?? `file:${path.join(dataDir, "app.db")}`;
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must look like file:/path/to/app.db, got ${url}`);
  return {
    dataDir,
    databaseFile: path.resolve(url.slice("file:".length).replace(/\?.*$/, "")),
    outDir: path.resolve(value("out") ?? path.join(dataDir, "backups")),
    evidence: !argv.includes("--no-evidence"),
  };
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

function mb(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 2026-11-22T20-35-00-123Z: sortable, no characters that file systems dislike. */
function timestamp(now = new Date()) {
  return now.toISOString().replace(/[:.]/g, "-");
}

/** Copies the evidence tree file by file (copy-on-write clone where the file system can). */
function copyEvidence(from: string, to: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue; // uploads in progress (.<uuid>.part)
      const source = path.join(dir, entry.name);
      const target = path.join(to, path.relative(from, source));
      if (entry.isDirectory()) {
        fs.mkdirSync(target, { recursive: true, mode: 0o700 });
        walk(source);
      } else if (entry.isFile()) {
        try {
          fs.copyFileSync(source, target, fs.constants.COPYFILE_FICLONE);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // removed meanwhile (a failed upload's cleanup)
          throw error;
        }
        fs.chmodSync(target, 0o600);
        files++;
        bytes += fs.statSync(target).size;
      }
    }
  };
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  if (fs.existsSync(from)) walk(from);
  return { files, bytes };
}

export async function backup(opts: Options): Promise<{ database: string; evidence: string | null; missingEvidence: number }> {
  if (!fs.existsSync(opts.databaseFile)) throw new Error(`no database at ${opts.databaseFile}`);
  fs.mkdirSync(opts.outDir, { recursive: true, mode: 0o700 });
  const stamp = timestamp();
  const target = path.join(opts.outDir, `${stamp}.db`);
  const partial = `${target}.partial`;

  const started = performance.now();
  const source = new Database(opts.databaseFile, { fileMustExist: true, timeout: 10_000 });
  try {
    // First call initialises (0 pages); the progress callback then asks for every page at once.
    await source.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }

  const copy = new Database(partial);
  let check: string;
  let evidenceKeys: string[] = [];
  try {
    copy.pragma("journal_mode = DELETE");
    check = (copy.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const hasEvidence = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Evidence'").get();
    if (hasEvidence) evidenceKeys = (copy.prepare('SELECT storageKey FROM "Evidence" WHERE storageKey IS NOT NULL').all() as { storageKey: string }[]).map((r) => r.storageKey);
  } finally {
    copy.close();
  }
  if (check !== "ok") {
    fs.rmSync(partial, { force: true });
    throw new Error(`the copy failed PRAGMA integrity_check: ${check.slice(0, 500)}`);
  }
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, target);
  log(`database: ${target} (${mb(fs.statSync(target).size)}, integrity_check ok, ${((performance.now() - started) / 1000).toFixed(1)} s)`);

  let evidenceDir: string | null = null;
  let missingEvidence = 0;
  if (opts.evidence) {
    evidenceDir = path.join(opts.outDir, `${stamp}-evidence`);
    const { files, bytes } = copyEvidence(path.join(opts.dataDir, "evidence"), evidenceDir);
    missingEvidence = evidenceKeys.filter((key) => !fs.existsSync(path.join(evidenceDir!, ...key.split("/")))).length;
    log(`evidence: ${evidenceDir} (${files} files, ${mb(bytes)})`);
    if (missingEvidence > 0) log(`WARNING: ${missingEvidence} of ${evidenceKeys.length} evidence rows of the snapshot have no file in the copy (missing from ${path.join(opts.dataDir, "evidence")})`);
  }
  return { database: target, evidence: evidenceDir, missingEvidence };
}

const invokedDirectly = process.argv[1] !== undefined && /backup\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  backup(parseArgs(process.argv.slice(2)))
    .then((result) => {
      log("restore: docs/backup.md (stop the server, copy the .db over app.db, delete app.db-wal and app.db-shm, copy the evidence back, start)");
      process.stdout.write(`${result.database}\n`);
    })
    .catch((error: unknown) => {
      log(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
