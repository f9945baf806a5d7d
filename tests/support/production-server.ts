/**
 * The production server (server.mjs on the Remix build) as a child process on a free loopback port,
 * for tests that must go through the real HTTP stack: headers, CSRF guard, cookies, restarts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ProductionServer {
  base: string;
  port: number;
  child: ChildProcess;
  output: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The test process's environment without the settings and test-runner variables that would leak in. */
export function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "SESSION_SECRET", "COOKIE_SECURE", "TRUST_PROXY", "PUBLIC_BASE_URL", "LOGIN_MAX_FAILURES", "LOGIN_WINDOW_MINUTES", "UPLOAD_LIMIT_MB", "NODE_OPTIONS"]) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith("VITEST")) delete env[name];
  return { ...env, NODE_ENV: "production", ...extra };
}

/**
 * Starts server.mjs with `env` (PORT is chosen here) and resolves once /healthz answers; rejects with
 * the server's output if it exits or stays silent for 30 s. `onSpawn` receives the child at once, so a
 * caller can stop it even when startup fails half-way.
 */
export async function startProductionServer(env: Record<string, string>, onSpawn?: (child: ChildProcess) => void): Promise<ProductionServer> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["server.mjs"], { cwd: ROOT, env: productionEnv({ ...env, PORT: String(port) }), stdio: ["ignore", "pipe", "pipe"] });
  onSpawn?.(child);
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const server: ProductionServer = { base: `http://127.0.0.1:${port}`, port, child, output: () => output };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server.mjs exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${server.base}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server.mjs did not answer /healthz within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
