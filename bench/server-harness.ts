/**
 * What the load benches share: the production server on a data directory and a free port, a login
 * through POST /login, and autocannon runs measured per request (exact percentiles).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const HOST = "127.0.0.1";

export function progress(message: string) {
  process.stderr.write(`  … ${message}\n`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function ensureBuild() {
  if (fs.existsSync(path.join(ROOT, "build/server/index.js"))) return;
  progress("no build/: running remix vite:build…");
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr.trim().split("\n").slice(-5).join(" | ")}`);
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** `node server.mjs` in production mode on `dataDir` (its app.db and session secret). */
export async function startServer(dataDir: string): Promise<RunningServer> {
  ensureBuild();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir };
  delete env.DATABASE_URL; // <DATA_DIR>/app.db
  delete env.SESSION_SECRET; // <DATA_DIR>/session-secret
  const child = spawn(process.execPath, [path.join(ROOT, "server.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const base = `http://${HOST}:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output.trim().slice(-500)}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer /healthz within 30 s: ${output.trim().slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, stop };
}

/** The session cookie of a real login. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ username, password }), redirect: "manual" });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__session="));
  if (response.status !== 302 || !cookie) throw new Error(`login as ${username} failed: HTTP ${response.status}`);
  return cookie.split(";")[0]!;
}

// ---------------------------------------------------------------------------------------------
// autocannon

interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance {
  on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (
  opts: {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    method?: string;
    body?: string;
    requests?: (CannonRequest & { setupRequest?: (req: CannonRequest, context: Record<string, unknown>) => CannonRequest })[];
    pipelining?: number;
    timeout?: number;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
export const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface Measured {
  latencies: number[];
  statuses: Map<number, number>;
  errors: number;
  duration: number;
}

/**
 * One autocannon run; `next` (when given) makes each request, e.g. to vary the body. Its `context` is
 * the connection's own (autocannon keeps one per connection), so each connection can be one user.
 */
export function cannon(opts: { url: string; connections: number; seconds: number; headers?: Record<string, string>; next?: (context: Record<string, unknown>) => CannonRequest }): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        pipelining: 1,
        timeout: 10,
        headers: opts.headers,
        requests: opts.next ? [{ setupRequest: (req, context) => ({ ...req, ...opts.next!(context) }) }] : undefined,
      },
      (error, result) => {
        if (error) reject(error);
        else resolve({ latencies, statuses, errors: result.errors + result.non2xx, duration: result.duration });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

/** Several runs side by side (e.g. one per candidate, each with its own cookie) as one measurement. */
export async function cannonTogether(runs: Promise<Measured>[]): Promise<Measured> {
  const results = await Promise.all(runs);
  const statuses = new Map<number, number>();
  for (const r of results) for (const [code, n] of r.statuses) statuses.set(code, (statuses.get(code) ?? 0) + n);
  return { latencies: results.flatMap((r) => r.latencies), statuses, errors: results.reduce((s, r) => s + r.errors, 0), duration: Math.max(...results.map((r) => r.duration)) };
}

/** Nearest-rank percentile of the samples (the smallest value with at least p % at or below it). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round2 = (value: number) => Math.round(value * 100) / 100;

export function figuresOf(m: Measured) {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  return {
    p50: round2(percentile(sorted, 50)),
    p95: round2(percentile(sorted, 95)),
    p99: round2(percentile(sorted, 99)),
    rps: round2(m.latencies.length / m.duration),
    requests: m.latencies.length,
    errors: m.errors,
    statuses: [...m.statuses].map(([code, n]) => `${code}:${n}`).join(" "),
  };
}
