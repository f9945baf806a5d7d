import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

// Prisma 6.19's CLI tries to download native engines unless these point at an existing file.
// With `engine: "js"` neither is ever executed (docs/decisions/001-prisma-engine-free.md).
const thisFile = fileURLToPath(import.meta.url);
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= thisFile;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= thisFile;
process.env.DATABASE_URL ??= `file:${path.join(path.dirname(thisFile), "data", "app.db")}`;

/**
 * The shadow database replays each migration file with one argument-less executeRaw call,
 * but better-sqlite3 runs a single statement per call: route those through executeScript.
 */
function withMultiStatementShadow(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const url = process.env.DATABASE_URL!.replace(/^file:/, "");
    // better-sqlite3 creates the file but not its folder (a fresh clone has no data/ yet).
    if (url !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
    const factory = new PrismaBetterSQLite3({ url });
    const connectToShadowDb = factory.connectToShadowDb.bind(factory);
    factory.connectToShadowDb = async () => withMultiStatementShadow(await connectToShadowDb());
    return factory;
  },
});
