import { getEnv } from "./env.server";

/** Absolute links given to people (set-password links, verification addresses). */
export function publicUrl(request: Request, path: string): string {
  const base = getEnv().PUBLIC_BASE_URL ?? new URL(request.url).origin;
  return new URL(path, base).toString();
}
