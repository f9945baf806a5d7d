import { db } from "~/utils/db.server";

/**
 * Data access for logging in: login sessions and failed-attempt counting. Kept in the database so
 * that several app servers agree (DESIGN §10).
 */

export const authUserSelect = {
  id: true,
  institutionId: true,
  role: true,
  username: true,
  displayName: true,
  institution: { select: { name: true, registrationNumber: true } },
} as const;

export type AuthUser = {
  id: string;
  institutionId: string;
  role: string;
  username: string;
  displayName: string;
  institution: { name: string; registrationNumber: string };
};

export function findUserForLogin({ username }: { username: string }) {
  return db.user.findFirst({
    where: { username, active: true },
    select: { ...authUserSelect, passwordHash: true },
  });
}

export function createLoginSession({ userId, expiresAt }: { userId: string; expiresAt: Date }) {
  return db.loginSession.create({ data: { userId, expiresAt }, select: { id: true } });
}

/**
 * The user of a live login session. Every request of a signed-in user asks this, so it is one plain
 * join (portable SQL) instead of the query builder's three queries and their planning.
 */
export async function getUserByLoginSession({ loginSessionId }: { loginSessionId: string }): Promise<AuthUser | null> {
  const rows = await db.$queryRaw<(Omit<AuthUser, "institution"> & { institutionName: string; registrationNumber: string })[]>`
    SELECT u."id", u."institutionId", u."role", u."username", u."displayName", i."name" AS "institutionName", i."registrationNumber"
    FROM "LoginSession" s
    JOIN "User" u ON u."id" = s."userId"
    JOIN "Institution" i ON i."id" = u."institutionId"
    WHERE s."id" = ${loginSessionId} AND s."expiresAt" > ${new Date()} AND u."active" = TRUE`;
  const row = rows[0];
  if (!row) return null;
  const { institutionName, registrationNumber, ...user } = row;
  return { ...user, institution: { name: institutionName, registrationNumber } };
}

export async function deleteLoginSession({ loginSessionId }: { loginSessionId: string }) {
  await db.loginSession.deleteMany({ where: { id: loginSessionId } });
}

/** Ends every login of a user except, optionally, the current one (after a password change). */
export async function deleteOtherLoginSessions({ userId, keepId }: { userId: string; keepId?: string }) {
  await db.loginSession.deleteMany({ where: { userId, ...(keepId ? { id: { not: keepId } } : {}) } });
}

export function countRecentLoginFailures({ key, since }: { key: string; since: Date }) {
  return db.loginAttempt.count({ where: { key, createdAt: { gte: since } } });
}

export async function oldestRecentLoginFailure({ key, since }: { key: string; since: Date }) {
  const first = await db.loginAttempt.findFirst({
    where: { key, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  return first?.createdAt ?? null;
}

export function recordLoginFailure({ key }: { key: string }) {
  return db.loginAttempt.create({ data: { key }, select: { id: true } });
}

export async function forgetLoginAttempt({ id }: { id: string }) {
  await db.loginAttempt.deleteMany({ where: { id } });
}

export async function clearLoginFailures({ key }: { key: string }) {
  await db.loginAttempt.deleteMany({ where: { key } });
}
