import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

/**
 * Settings from the environment, parsed once at startup (STYLE habit 8): a malformed value stops
 * the server with a message that names the variable, instead of failing a request later.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, "must look like file:/path/to/app.db")
    .optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(10_240).default(50),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
});

export type Env = z.infer<typeof EnvSchema> & {
  DATA_DIR: string;
  DATABASE_URL: string;
  SESSION_SECRET: string;
};

export class EnvError extends Error {
  override name = "EnvError";
}

let cached: Env | undefined;

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`)
    .join("\n");
}

/** Reads the secret from the data folder, creating it (mode 0600) on the first start. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (fs.existsSync(file)) {
    const secret = fs.readFileSync(file, "utf8").trim();
    if (secret.length < 32) {
      throw new EnvError(`${file} is shorter than 32 characters: delete it to have a new one generated.`);
    }
    return secret;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  console.log(`已產生新的 session 金鑰：${file}（權限 0600）/ Generated a new session secret in ${file}`);
  return secret;
}

export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (cached && source === process.env) return cached;
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(`設定錯誤 Invalid settings in the environment:\n${formatIssues(parsed.error)}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  const env: Env = {
    ...parsed.data,
    DATA_DIR: dataDir,
    DATABASE_URL: parsed.data.DATABASE_URL ?? `file:${path.join(dataDir, "app.db")}`,
    SESSION_SECRET: parsed.data.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
  };
  if (source === process.env) cached = env;
  return env;
}
