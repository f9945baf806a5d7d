import { redirect } from "@remix-run/node";
import {
  clearLoginFailures,
  countRecentLoginFailures,
  createLoginSession,
  deleteLoginSession,
  findUserForLogin,
  forgetLoginAttempt,
  getUserByLoginSession,
  oldestRecentLoginFailure,
  recordLoginFailure,
  type AuthUser,
} from "~/models/auth.server";
import { getEnv } from "./env.server";
import "./zod-locale";
import { getDecoyHash, verifyPassword } from "./password.server";
import { isRole, type Role } from "./roles";
import { commitCookieSession, destroyCookieSession, getCookieSession, LOGIN_SESSION_HOURS } from "./session.server";

export type { AuthUser };

export type LoginResult =
  | { ok: true; user: AuthUser; loginSessionId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMinutes: number };

/**
 * Checks a password with a per-username-and-address limit on failures: after LOGIN_MAX_FAILURES
 * failures within the window, further attempts are refused without checking the password.
 */
export async function login({ username, password, clientAddress }: {
  username: string;
  password: string;
  clientAddress: string;
}): Promise<LoginResult> {
  const env = getEnv();
  const key = `${username.trim().toLowerCase()}|${clientAddress}`;
  const windowMs = env.LOGIN_WINDOW_MINUTES * 60_000;
  const since = new Date(Date.now() - windowMs);
  // The attempt is counted before the password is checked (and forgotten if it succeeds), so
  // concurrent guesses cannot all slip past the limit while each waits for scrypt.
  const attempt = await recordLoginFailure({ key });
  if ((await countRecentLoginFailures({ key, since })) > env.LOGIN_MAX_FAILURES) {
    await forgetLoginAttempt({ id: attempt.id });
    const oldest = await oldestRecentLoginFailure({ key, since });
    const retryAt = (oldest?.getTime() ?? Date.now()) + windowMs;
    return { ok: false, reason: "rate_limited", retryAfterMinutes: Math.max(1, Math.ceil((retryAt - Date.now()) / 60_000)) };
  }

  const found = await findUserForLogin({ username: username.trim() });
  const valid = await verifyPassword(password, found?.passwordHash ?? (await getDecoyHash()));
  if (!found || !valid) return { ok: false, reason: "invalid" };
  await clearLoginFailures({ key });
  const { passwordHash: _omit, ...user } = found;
  const loginSession = await createLoginSession({
    userId: user.id,
    expiresAt: new Date(Date.now() + LOGIN_SESSION_HOURS * 3600_000),
  });
  return { ok: true, user, loginSessionId: loginSession.id };
}

/** A brand-new cookie session carrying the new login's id (no fixation: nothing carried over). */
export async function createLoginCookie(request: Request, loginSessionId: string): Promise<string> {
  const session = await getCookieSession(new Request(request.url)); // empty: ignore the old cookie
  session.set("loginSessionId", loginSessionId);
  return commitCookieSession(request, session);
}

export async function getLoginSessionId(request: Request): Promise<string | null> {
  const session = await getCookieSession(request);
  return session.get("loginSessionId") ?? null;
}

async function lookUpUser(request: Request): Promise<AuthUser | null> {
  const loginSessionId = await getLoginSessionId(request);
  if (!loginSessionId) return null;
  return getUserByLoginSession({ loginSessionId });
}

/**
 * One lookup per request. Remix runs the root loader and the page's loader side by side, each with
 * its own copy of the Request but the same load context (a new object per request, server.mjs), so
 * a loader that passes its context shares the root loader's answer: the cookie is verified and the
 * login session read once. Actions pass no context and always look up afresh, so loaders that run
 * after an action (which may have changed the user) start from what the action left.
 */
const usersByRequest = new WeakMap<object, { cookie: string | null; user: Promise<AuthUser | null> }>();

export function getOptionalUser(request: Request, context?: object): Promise<AuthUser | null> {
  if (!context) return lookUpUser(request);
  const cookie = request.headers.get("Cookie");
  const known = usersByRequest.get(context);
  if (known && known.cookie === cookie) return known.user;
  const user = lookUpUser(request);
  usersByRequest.set(context, { cookie, user });
  return user;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  const query = redirectTo === "/" ? "" : `?redirectTo=${encodeURIComponent(redirectTo)}`;
  return redirect(`/login${query}`);
}

/**
 * The logged-in user, or a redirect to the login page that comes back here afterwards. A loader may
 * pass its load context to share the lookup with the root loader (see getOptionalUser).
 */
export async function requireUser(request: Request, context?: object): Promise<AuthUser> {
  const user = await getOptionalUser(request, context);
  if (!user) throw loginRedirect(request);
  return user;
}

/** A page of another role answers 404, as if it did not exist (DESIGN §8). */
export function notFound(): never {
  throw new Response("找不到頁面", { status: 404, statusText: "Not Found" });
}

export async function requireRole(request: Request, role: Role, context?: object): Promise<AuthUser> {
  const user = await requireUser(request, context);
  if (!isRole(user.role) || user.role !== role) notFound();
  return user;
}

export const requireAdmin = (request: Request, context?: object) => requireRole(request, "admin", context);
export const requireAssessor = (request: Request, context?: object) => requireRole(request, "assessor", context);
export const requireCandidate = (request: Request, context?: object) => requireRole(request, "candidate", context);

export async function logout(request: Request): Promise<Response> {
  const session = await getCookieSession(request);
  const loginSessionId = session.get("loginSessionId");
  if (loginSessionId) await deleteLoginSession({ loginSessionId });
  return redirect("/login", { headers: { "Set-Cookie": await destroyCookieSession(request, session) } });
}

/**
 * Only same-site absolute paths: never an open redirect to another host. Browsers drop tabs and
 * newlines from URLs and read "\\" as "/", so "/\t/evil.example" would become "//evil.example":
 * any whitespace, control character or backslash is refused, not cleaned.
 */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof value !== "string" || !/^\/(?!\/)[^\s\\\p{Cc}]*$/u.test(value)) return fallback;
  return value;
}
