// `npm start`: build when the build is missing or older than the sources, apply migrations, seed the
// demo data into an empty database, then serve. `--prepare-only` stops before serving (used by dev).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const prepareOnly = process.argv.includes("--prepare-only");

process.env.NODE_ENV ??= prepareOnly ? "development" : "production";
const dataDir = path.resolve(root, process.env.DATA_DIR ?? "data");
process.env.DATABASE_URL ??= `file:${path.join(dataDir, "app.db")}`;
fs.mkdirSync(dataDir, { recursive: true });

function run(command, args, label) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n${label} 失敗 / failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  return Date.now() - started;
}

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function buildIsStale() {
  const built = path.join(root, "build", "server", "index.js");
  if (!fs.existsSync(built)) return true;
  const sources = ["app", "public", "templates", "remix.config.js", "vite.config.ts", "package-lock.json", "prisma/schema.prisma"];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  return newestSource > fs.statSync(built).mtimeMs;
}

if (!prepareOnly && buildIsStale()) {
  console.log("建置中 / Building the app (first start or sources changed)…");
  const ms = run(bin("remix"), ["vite:build"], "建置 Build");
  console.log(`建置完成 / Built in ${(ms / 1000).toFixed(1)} s`);
}

run(bin("prisma"), ["migrate", "deploy"], "資料庫遷移 Database migration");
if (process.env.SEED_DEMO !== "false") run(bin("tsx"), ["prisma/seed.ts"], "示範資料 Demo data");

if (!prepareOnly) await import(path.join(root, "server.mjs"));
