import { createCookieSessionStorage, type Session } from "@remix-run/node";
import { getEnv } from "./env.server";

type SessionData = { loginSessionId: string };
type FlashData = { toast: string };

export const LOGIN_SESSION_HOURS = 12;

let storage: ReturnType<typeof createStorage> | undefined;

function createStorage() {
  const env = getEnv();
  return createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secrets: [env.SESSION_SECRET],
      maxAge: LOGIN_SESSION_HOURS * 60 * 60,
    },
  });
}

function getStorage() {
  storage ??= createStorage();
  return storage;
}

/** Secure cookies whenever the request came over HTTPS (directly or via a proxy), or when forced. */
function isSecure(request: Request): boolean {
  const setting = getEnv().COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  return new URL(request.url).protocol === "https:";
}

export function getCookieSession(request: Request) {
  return getStorage().getSession(request.headers.get("Cookie"));
}

export function commitCookieSession(request: Request, session: Session<SessionData, FlashData>) {
  return getStorage().commitSession(session, { secure: isSecure(request) });
}

export function destroyCookieSession(request: Request, session: Session<SessionData, FlashData>) {
  return getStorage().destroySession(session, { secure: isSecure(request) });
}
