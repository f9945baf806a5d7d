import { createClient, ensureWalMode } from "./db.server";
import { EnvError, getEnv, type Env } from "./env.server";

/**
 * Runs once before the server listens: settings are validated (a bad one stops startup with a
 * message naming it) and the database is checked to be reachable and in WAL mode.
 */
export async function bootstrap(): Promise<Env> {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const client = createClient(env.DATABASE_URL);
  try {
    await ensureWalMode(client);
  } finally {
    await client.$disconnect();
  }
  return env;
}
