/**
 * Raw better-sqlite3 for the operational scripts (backup, load-data generation) and their tests,
 * which work on database files directly rather than through the app's Prisma models.
 * The project has no @types package for it: these are the few calls used.
 */
import { createRequire } from "node:module";

export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(source: string): unknown;
  transaction<F extends () => void>(fn: F): F;
  backup(destination: string, options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number | undefined }): Promise<unknown>;
  close(): void;
}

export const Database = createRequire(import.meta.url)("better-sqlite3") as new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => SqliteDatabase;
