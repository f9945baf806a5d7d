import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookieSessionStorage } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createClient, ensureWalMode } from "~/utils/db.server";
import { productionEnv, startProductionServer, type ProductionServer } from "../support/production-server";

/*
 * The production server itself (server.mjs: Express + the Remix build), over real HTTP: security
 * headers, the cross-site POST guard, session fixation, cookie flags, logout and the login rate
 * limit (DESIGN §8, issue 7 item 3). A fresh data folder (the migrated schema, then the demo seed:
 * its users log in with icap-demo-2026) is served by three instances of the same build: one as
 * installed (COOKIE_SECURE=auto, no proxy), one behind a proxy (TRUST_PROXY=1), one with
 * COOKIE_SECURE=true. The build is made when it is missing (`remix vite:build`); a build that
 * exists is used as it is.
 */

const ROOT = process.cwd();
const DEMO_PASSWORD = "icap-demo-2026";
const SECRET = `http-test-${crypto.randomBytes(24).toString("hex")}`;
const LOGIN_FAILURE_MESSAGE = "登入失敗次數過多";

type Server = ProductionServer;

let dataDir: string;
let dbFile: string;
let main: Server;
let proxied: Server;
let forcedSecure: Server;
const servers: Server[] = [];
let serverDb: ReturnType<typeof createClient>;

async function startServer(extra: Record<string, string> = {}): Promise<Server> {
  const server = await startProductionServer({ DATA_DIR: dataDir, DATABASE_URL: `file:${dbFile}`, SESSION_SECRET: SECRET, ...extra });
  servers.push(server);
  return server;
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}:\n${output}`))));
  });
}

async function stopServer(server: Server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
    execFileSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "icap-http-"));
  dbFile = path.join(dataDir, "app.db");
  // The schema: the template global-setup made with `prisma migrate deploy`. Then the demo seed, as `npm start` runs it.
  fs.copyFileSync(inject("dbTemplate"), dbFile);
  serverDb = createClient(`file:${dbFile}`);
  // WAL first (the servers' startup would do it): then the seed and the three servers can start together.
  await ensureWalMode(serverDb);
  const seeded = run(path.join(ROOT, "node_modules/.bin/tsx"), ["prisma/seed.ts"], productionEnv({ DATA_DIR: dataDir, DATABASE_URL: `file:${dbFile}`, SESSION_SECRET: SECRET }));
  [main, proxied, forcedSecure] = await Promise.all([startServer(), startServer({ TRUST_PROXY: "1" }), startServer({ COOKIE_SECURE: "true" })]);
  await seeded;
}, 240_000);

afterAll(async () => {
  await serverDb?.$disconnect();
  await Promise.all(servers.map(stopServer));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// HTTP helpers

const sameOrigin = (server: Server) => ({ Origin: server.base, "Sec-Fetch-Site": "same-origin" });

function cookieOf(res: Response): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith("__session="));
  return set ? set.split(";")[0]! : null;
}

async function postForm(server: Server, pathname: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.base}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });
}

async function login(server: Server, username: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}) {
  return postForm(server, "/login", { username, password, redirectTo: "" }, { ...sameOrigin(server), ...headers });
}

/** Logs in and returns the cookie (Name=value), failing the test when the login does not succeed. */
async function loginCookie(server: Server, username: string) {
  const res = await login(server, username);
  expect(res.status, `login as ${username}`).toBe(302);
  const cookie = cookieOf(res);
  expect(cookie, `login as ${username} sets the session cookie`).toBeTruthy();
  return cookie!;
}

const get = (server: Server, pathname: string, headers: Record<string, string> = {}) => fetch(`${server.base}${pathname}`, { redirect: "manual", headers });

/** The session storage the app uses, with the same secret: to read (and, for the fixation test, forge) cookies. */
const storage = createCookieSessionStorage<{ loginSessionId: string }>({
  cookie: { name: "__session", httpOnly: true, sameSite: "lax", path: "/", secrets: [SECRET] },
});
async function loginSessionIdOf(cookie: string) {
  return (await storage.getSession(cookie)).get("loginSessionId") ?? null;
}

function cspOf(res: Response) {
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
  const nonce = directives.get("script-src")?.find((v) => v.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? null;
  return { csp, directives, nonce };
}

function expectSecurityHeaders(res: Response, what: string) {
  const { directives, nonce } = cspOf(res);
  expect(nonce, `${what}: CSP script-src has a nonce`).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
  expect(directives.get("script-src"), `${what}: no unsafe-inline scripts`).not.toContain("'unsafe-inline'");
  expect(directives.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(directives.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
  expect(directives.get("base-uri"), `${what}: base-uri`).toEqual(["'self'"]);
  expect(res.headers.get("X-Content-Type-Options"), `${what}: X-Content-Type-Options`).toBe("nosniff");
  expect(res.headers.get("X-Frame-Options"), `${what}: X-Frame-Options`).toBe("DENY");
  expect(["same-origin", "strict-origin", "strict-origin-when-cross-origin", "no-referrer"], `${what}: Referrer-Policy`).toContain(res.headers.get("Referrer-Policy"));
  expect(res.headers.get("X-Powered-By"), `${what}: no X-Powered-By`).toBeNull();
  return nonce!;
}

const userCount = () => serverDb.user.count();

// ---------------------------------------------------------------------------------------------

describe("security headers", () => {
  it("are on a document, with a fresh nonce that every inline script carries", async () => {
    const first = await get(main, "/login");
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toMatch(/^text\/html/);
    const nonce = expectSecurityHeaders(first, "GET /login");
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      // External module scripts load from 'self'; inline ones must carry the nonce.
      if (/\bsrc=/.test(attributes)) continue;
      expect(attributes, "an inline <script> without the response's nonce would be blocked").toContain(`nonce="${nonce}"`);
    }
    const second = await get(main, "/login");
    await second.text();
    expect(cspOf(second).nonce, "a new nonce per response").not.toBe(nonce);
  });

  it("are on a data request (single fetch .data) and on resource routes", async () => {
    const admin = await loginCookie(main, "admin");
    const data = await get(main, "/admin/users.data", { Cookie: admin });
    expect(data.status).toBe(200);
    expect(data.headers.get("Content-Type")).toMatch(/^text\/x-script/); // Remix single fetch (turbo-stream)
    expectSecurityHeaders(data, "GET /admin/users.data");
    await data.text();

    const health = await get(main, "/healthz");
    expect(health.status).toBe(200);
    expectSecurityHeaders(health, "GET /healthz");
    await health.text();

    const missing = await get(main, "/no-such-page");
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "GET /no-such-page");
    await missing.text();
  });
});

describe("cross-site POST guard (CSRF)", () => {
  const newUser = (username: string) => ({ role: "assessor", displayName: "跨站測試", username, email: "", candidateNumber: "", qualifications: "" });

  it("refuses a cross-site POST with a valid admin cookie and stores nothing; the same POST from the site works", async () => {
    const admin = await loginCookie(main, "admin");
    const before = await userCount();

    const attempts: Array<[string, Record<string, string>, string]> = [
      ["Origin of another site", { Origin: "https://evil.example" }, "/admin/users/new"],
      ["Sec-Fetch-Site: cross-site, no Origin", { "Sec-Fetch-Site": "cross-site" }, "/admin/users/new"],
      ["Origin: null (sandboxed frame, data: page)", { Origin: "null" }, "/admin/users/new"],
      ["same host, other port", { Origin: `http://127.0.0.1:${main.port + 1}` }, "/admin/users/new"],
      ["a single-fetch action request", { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }, "/admin/users/new.data"],
    ];
    for (const [what, headers, pathname] of attempts) {
      const res = await postForm(main, pathname, newUser(`csrf-${crypto.randomUUID().slice(0, 8)}`), { Cookie: admin, ...headers });
      expect(res.status, what).toBe(403);
      expect(await res.text(), what).toContain("Cross-site request refused");
      expect(res.headers.getSetCookie(), what).toEqual([]);
    }
    expect(await userCount()).toBe(before);

    const username = `same-site-${crypto.randomUUID().slice(0, 8)}`;
    const ok = await postForm(main, "/admin/users/new", newUser(username), { Cookie: admin, ...sameOrigin(main) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("/set-password/");
    expect(await userCount()).toBe(before + 1);
    expect(await serverDb.user.count({ where: { username } })).toBe(1);
  });

  it("refuses cross-site login and logout too (no login CSRF, no forced logout)", async () => {
    const evil = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" };
    const loggedIn = await login(main, "assessor1", DEMO_PASSWORD, evil);
    expect(loggedIn.status).toBe(403);
    expect(cookieOf(loggedIn)).toBeNull();

    const admin = await loginCookie(main, "admin");
    const logout = await postForm(main, "/logout", {}, { Cookie: admin, ...evil });
    expect(logout.status).toBe(403);
    expect((await get(main, "/admin", { Cookie: admin })).status).toBe(200);
  });

  it("refuses a malformed Origin without running the action", async () => {
    const admin = await loginCookie(main, "admin");
    const before = await userCount();
    const res = await postForm(main, "/admin/users/new", newUser(`bad-origin-${crypto.randomUUID().slice(0, 8)}`), { Cookie: admin, Origin: "not a url" });
    const body = await res.text();
    expect(res.status).toBe(403);
    expect(body).not.toMatch(/at .+\(.+:\d+:\d+\)/);
    expect(await userCount()).toBe(before);
  });
});

describe("session fixation", () => {
  it("sets no session cookie before login", async () => {
    const page = await get(main, "/login");
    await page.text();
    expect(cookieOf(page)).toBeNull();
  });

  it("gives a new session at login: a cookie planted before login is replaced and never becomes authenticated", async () => {
    // Validly signed cookies set before login (the worst case: they pass the signature check): an
    // empty session, and one carrying a login session id the attacker chose.
    const planted = (await storage.commitSession(await storage.getSession())).split(";")[0]!;
    const plantedSession = await storage.getSession();
    plantedSession.set("loginSessionId", "attacker-chosen-id");
    const forged = (await storage.commitSession(plantedSession)).split(";")[0]!;

    for (const before of [planted, forged]) {
      expect((await get(main, "/admin", { Cookie: before })).headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
      const res = await login(main, "admin", DEMO_PASSWORD, { Cookie: before });
      expect(res.status).toBe(302);
      const after = cookieOf(res)!;
      expect(after).not.toBe(before);
      const id = await loginSessionIdOf(after);
      expect(id).not.toBe("attacker-chosen-id");
      expect(await serverDb.loginSession.count({ where: { id: id! } })).toBe(1);
      // The victim is logged in with the new cookie; the planted one is still nobody.
      expect((await get(main, "/admin", { Cookie: after })).status).toBe(200);
      const stillAnonymous = await get(main, "/admin", { Cookie: before });
      expect(stillAnonymous.status).toBe(302);
      expect(stillAnonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
    }
    expect(await serverDb.loginSession.count({ where: { id: "attacker-chosen-id" } })).toBe(0);
  });

  it("does not upgrade an attacker's own logged-in cookie when the victim logs in with it", async () => {
    const attacker = await loginCookie(main, "candidate1");
    const attackerSession = await loginSessionIdOf(attacker);
    const res = await login(main, "admin", DEMO_PASSWORD, { Cookie: attacker });
    expect(res.status).toBe(302);
    const victim = cookieOf(res)!;
    expect(victim).not.toBe(attacker);
    expect(await loginSessionIdOf(victim)).not.toBe(attackerSession);
    // The attacker's cookie is still the candidate's: no admin pages.
    expect((await get(main, "/admin", { Cookie: attacker })).status).toBe(404);
    expect((await get(main, "/admin", { Cookie: victim })).status).toBe(200);
  });

  it("gives every login its own session id", async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push(await loginSessionIdOf(await loginCookie(main, "assessor2")));
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).not.toBe(ids[0]);
  });
});

describe("session cookie flags in production", () => {
  function flags(res: Response) {
    const set = res.headers.getSetCookie().find((c) => c.startsWith("__session="));
    expect(set, "login sets __session").toBeTruthy();
    const attributes = set!.split(";").slice(1).map((a) => a.trim().toLowerCase());
    return { set: set!, attributes, secure: attributes.includes("secure") };
  }

  it("HttpOnly, SameSite=Lax, Path=/, a bounded lifetime; not Secure over plain http (COOKIE_SECURE=auto)", async () => {
    const { attributes, secure } = flags(await login(main, "assessor1"));
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes.some((a) => /^max-age=\d+$/.test(a) && Number(a.slice(8)) <= 24 * 3600)).toBe(true);
    expect(secure).toBe(false);
  });

  it("does not believe X-Forwarded-Proto without TRUST_PROXY", async () => {
    const res = await login(main, "assessor1", DEMO_PASSWORD, { "X-Forwarded-Proto": "https" });
    expect(flags(res).secure).toBe(false);
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("is Secure behind a proxy that says https (TRUST_PROXY=1), with HSTS", async () => {
    const res = await login(proxied, "assessor1", DEMO_PASSWORD, { "X-Forwarded-Proto": "https" });
    const { attributes, secure } = flags(res);
    expect(secure).toBe(true);
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(res.headers.get("Strict-Transport-Security")).toMatch(/max-age=\d+/);
  });

  it("is Secure with COOKIE_SECURE=true", async () => {
    const { attributes, secure } = flags(await login(forcedSecure, "assessor1"));
    expect(secure).toBe(true);
    expect(attributes).toContain("httponly");
  });
});

describe("logout", () => {
  it("ends the session on the server: the old cookie no longer works", async () => {
    const cookie = await loginCookie(main, "admin");
    const id = await loginSessionIdOf(cookie);
    expect((await get(main, "/admin", { Cookie: cookie })).status).toBe(200);

    const out = await postForm(main, "/logout", {}, { Cookie: cookie, ...sameOrigin(main) });
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/login");
    // The browser is told to drop the cookie…
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith("__session="));
    expect(cleared).toMatch(/(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    // …and a copy kept anyway (stolen, or replayed) is worthless: the server forgot the session.
    expect(await serverDb.loginSession.count({ where: { id: id! } })).toBe(0);
    const replay = await get(main, "/admin", { Cookie: cookie });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
    const data = await get(main, "/admin/users.data", { Cookie: cookie });
    expect(data.status).not.toBe(200);
    await data.text();
  });
});

describe("login rate limit", () => {
  it("answers the 11th failed login with 429 and the message, even with the right password", async () => {
    // candidate3 is not used by any other test here; the limit is per username and address.
    for (let i = 1; i <= 10; i++) {
      const res = await login(main, "candidate3", `wrong-password-${i}`);
      expect(res.status, `failed login ${i}`).toBe(400);
      expect(await res.text()).toContain("帳號或密碼不正確");
    }
    const limited = await login(main, "candidate3", "wrong-password-11");
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain(LOGIN_FAILURE_MESSAGE);

    const right = await login(main, "candidate3", DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(cookieOf(right)).toBeNull();
    expect(await right.text()).toContain(LOGIN_FAILURE_MESSAGE);

    // Another user from the same address is not locked out by it.
    expect((await login(main, "candidate2")).status).toBe(302);
  });

  // The attempt is counted before the password is checked, so concurrent guesses cannot all pass.
  it("checks at most 10 passwords when the attempts arrive at once", async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => login(main, "north-candidate", `wrong-password-${i}`)));
    const checked = results.filter((r) => r.status === 400).length;
    await Promise.all(results.map((r) => r.text()));
    expect(checked, "answers 400 (password checked) among 16 concurrent failed logins").toBeLessThanOrEqual(10);
  });
});

describe("redirect after login", () => {
  /** Where a browser goes with this Location: WHATWG URL parsing, as browsers do (tabs and newlines are dropped, \\ is /). */
  const destination = (server: Server, location: string) => new URL(location, `${server.base}/login`);

  it("follows a same-site path and refuses the obvious other-site forms", async () => {
    for (const [redirectTo, expected] of [
      ["/admin/users", "/admin/users"],
      ["//evil.example", "/admin"],
      ["/\\evil.example", "/admin"],
      ["https://evil.example/", "/admin"],
    ] as const) {
      const res = await postForm(main, "/login", { username: "admin", password: DEMO_PASSWORD, redirectTo }, sameOrigin(main));
      expect(res.status, redirectTo).toBe(302);
      expect(res.headers.get("Location"), redirectTo).toBe(expected);
    }
  });

  // Browsers drop tabs and read backslashes as slashes: such redirect targets are refused.
  it("never sends the browser to another site after login (a tab after the first slash)", async () => {
    for (const redirectTo of ["/\t/evil.example", "/\t\\evil.example"]) {
      const res = await postForm(main, "/login", { username: "admin", password: DEMO_PASSWORD, redirectTo }, sameOrigin(main));
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      const location = res.headers.get("Location")!;
      expect(destination(main, location).origin, `Location ${JSON.stringify(location)}`).toBe(main.base);
    }
  });
});
