import { db } from "~/utils/db.server";

/**
 * A sliding-window request limit kept in the database, so that two app servers agree (DESIGN §10).
 * It shares the LoginAttempt table (key + time, indexed) under its own key namespace: login keys
 * are `username|address` and usernames never contain `:`, so `rate:` keys cannot collide with them.
 */

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one request for `key`; refused (and not counted) once `limit` requests fall in the window. */
export async function hitRateLimit({ key, limit, windowMs, now = new Date() }: { key: string; limit: number; windowMs: number; now?: Date }): Promise<RateLimitResult> {
  const namespaced = `rate:${key}`;
  const since = new Date(now.getTime() - windowMs);
  // Old hits are of no further use; removing them keeps the table as small as the window.
  await db.loginAttempt.deleteMany({ where: { key: namespaced, createdAt: { lt: since } } });
  const recent = await db.loginAttempt.count({ where: { key: namespaced, createdAt: { gte: since } } });
  if (recent >= limit) {
    const oldest = await db.loginAttempt.findFirst({ where: { key: namespaced, createdAt: { gte: since } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    const retryAt = (oldest?.createdAt.getTime() ?? now.getTime()) + windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
  }
  await db.loginAttempt.create({ data: { key: namespaced, createdAt: now } });
  return { allowed: true };
}
