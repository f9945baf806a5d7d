import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";

export type Db = PrismaClient;

/**
 * better-sqlite3 opens connections with foreign keys on (its build default) and we give it a busy
 * timeout; WAL mode is a property of the file, set once by `ensureWalMode` at startup.
 */
export function createClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
}

/** WAL lets readers run while a writer commits; it persists in the database file. */
export async function ensureWalMode(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
}

const globalForDb = globalThis as unknown as { __db?: PrismaClient };

/** The process's one client, kept on globalThis so that dev-server reloads reuse it. */
export const db: PrismaClient = (globalForDb.__db ??= createClient(getEnv().DATABASE_URL));
