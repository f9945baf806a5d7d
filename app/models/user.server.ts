import crypto from "node:crypto";
import { db } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAudit } from "./audit.server";
import type { Role } from "~/utils/roles";

export const PASSWORD_LINK_HOURS = 72;

const userListSelect = {
  id: true,
  role: true,
  username: true,
  displayName: true,
  email: true,
  candidateNumber: true,
  active: true,
  passwordSetAt: true,
  createdAt: true,
} as const;

export function listUsers({ institutionId, role }: { institutionId: string; role?: Role }) {
  return db.user.findMany({
    where: { institutionId, ...(role ? { role } : {}) },
    select: userListSelect,
    orderBy: [{ role: "asc" }, { displayName: "asc" }],
  });
}

/** Tenancy lives in the query: another institution's id simply is not found (STYLE habit 2). */
export function getUser({ institutionId, id }: { institutionId: string; id: string }) {
  return db.user.findFirst({
    where: { id, institutionId },
    select: { ...userListSelect, nationalIdMasked: true, qualifications: { orderBy: { createdAt: "asc" } } },
  });
}

export function isUsernameTaken({ username }: { username: string }) {
  return db.user.count({ where: { username } }).then((n) => n > 0);
}

export function isCandidateNumberTaken({ institutionId, candidateNumber }: { institutionId: string; candidateNumber: string }) {
  return db.user.count({ where: { institutionId, candidateNumber } }).then((n) => n > 0);
}

function newToken() {
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = crypto.createHash("sha256").update(token).digest("hex");
  return { token, tokenHash };
}

export type NewUser = {
  role: Role;
  username: string;
  displayName: string;
  email?: string | null;
  candidateNumber?: string | null;
  qualifications?: string[];
};

/** Creates the user without a password and returns a one-time token for the set-password link. */
export async function createUserWithSetupLink({ institutionId, actorId, user }: {
  institutionId: string;
  actorId: string;
  user: NewUser;
}) {
  const { token, tokenHash } = newToken();
  const created = await db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        institutionId,
        role: user.role,
        username: user.username,
        displayName: user.displayName,
        email: user.email || null,
        candidateNumber: user.role === "candidate" ? user.candidateNumber || null : null,
        qualifications:
          user.role === "assessor" && user.qualifications?.length
            ? { create: user.qualifications.map((name) => ({ name })) }
            : undefined,
        passwordTokens: {
          create: { tokenHash, expiresAt: new Date(Date.now() + PASSWORD_LINK_HOURS * 3600_000) },
        },
      },
      select: { id: true },
    });
    await recordAudit(
      { institutionId, actorId, action: "user.created", entityType: "User", entityId: created.id, after: { role: user.role, username: user.username } },
      tx,
    );
    return created;
  });
  return { userId: created.id, token };
}

/** A fresh one-time link for an existing user of the institution (earlier unused links stop working). */
export async function issuePasswordSetupLink({ institutionId, actorId, userId }: {
  institutionId: string;
  actorId: string;
  userId: string;
}) {
  const user = await db.user.findFirst({ where: { id: userId, institutionId }, select: { id: true } });
  if (!user) return null;
  const { token, tokenHash } = newToken();
  await db.$transaction(async (tx) => {
    await tx.passwordSetupToken.deleteMany({ where: { userId, usedAt: null } });
    await tx.passwordSetupToken.create({
      data: { userId, tokenHash, expiresAt: new Date(Date.now() + PASSWORD_LINK_HOURS * 3600_000) },
    });
    await recordAudit({ institutionId, actorId, action: "user.password_link_issued", entityType: "User", entityId: userId }, tx);
  });
  return { token };
}

function hashToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function findValidSetupToken({ token }: { token: string }) {
  return db.passwordSetupToken.findFirst({
    where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: new Date() }, user: { active: true } },
    select: { id: true, user: { select: { id: true, username: true, displayName: true } } },
  });
}

/** Sets the password and spends the token in one transaction; false when the link is not valid. */
export async function setPasswordWithToken({ token, password }: { token: string; password: string }) {
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const found = await tx.passwordSetupToken.findFirst({
      where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, user: { select: { id: true, institutionId: true } } },
    });
    if (!found) return false;
    await tx.passwordSetupToken.update({ where: { id: found.id }, data: { usedAt: new Date() } });
    await tx.user.update({ where: { id: found.user.id }, data: { passwordHash, passwordSetAt: new Date() } });
    await tx.loginSession.deleteMany({ where: { userId: found.user.id } });
    await recordAudit(
      { institutionId: found.user.institutionId, actorId: found.user.id, action: "user.password_set", entityType: "User", entityId: found.user.id },
      tx,
    );
    return true;
  });
}

/** Changes the user's own password; false when the current password is wrong. */
export async function changeOwnPassword({ userId, currentPassword, newPassword, keepLoginSessionId }: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  keepLoginSessionId: string;
}) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, institutionId: true } });
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) return false;
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordSetAt: new Date() } });
    // Other devices logged in with the old password are logged out.
    await tx.loginSession.deleteMany({ where: { userId, id: { not: keepLoginSessionId } } });
    await recordAudit({ institutionId: user.institutionId, actorId: userId, action: "user.password_changed", entityType: "User", entityId: userId }, tx);
  });
  return true;
}
