import { describe, expect, it } from "vitest";
import { createLoginSession, getUserByLoginSession } from "~/models/auth.server";
import { changeOwnPassword, createUserWithSetupLink, findValidSetupToken, setPasswordWithToken } from "~/models/user.server";
import { login } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, TEST_PASSWORD } from "../support/factories";

describe("login", () => {
  it("accepts the right password and starts a new login session each time", async () => {
    const inst = await createInstitution();
    const user = await createUser({ institutionId: inst.id, role: "admin" });
    const first = await login({ username: user.username, password: TEST_PASSWORD, clientAddress: "10.0.0.1" });
    const second = await login({ username: user.username, password: TEST_PASSWORD, clientAddress: "10.0.0.1" });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.user.id).toBe(user.id);
    // Session fixation: every login gets its own, new session id.
    expect(first.loginSessionId).not.toBe(second.loginSessionId);
  });

  it("refuses a wrong password or an unknown user with the same answer", async () => {
    const inst = await createInstitution();
    const user = await createUser({ institutionId: inst.id, role: "candidate" });
    expect(await login({ username: user.username, password: "wrong-password", clientAddress: "x" })).toEqual({ ok: false, reason: "invalid" });
    expect(await login({ username: "nobody-here", password: "wrong-password", clientAddress: "x" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses the 11th rapid attempt after ten failures, even with the right password", async () => {
    const inst = await createInstitution();
    const user = await createUser({ institutionId: inst.id, role: "assessor" });
    for (let i = 0; i < 10; i++) {
      const result = await login({ username: user.username, password: `wrong-${i}`, clientAddress: "192.0.2.7" });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const eleventh = await login({ username: user.username, password: TEST_PASSWORD, clientAddress: "192.0.2.7" });
    expect(eleventh).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!eleventh.ok && eleventh.reason === "rate_limited") expect(eleventh.retryAfterMinutes).toBeGreaterThan(0);
  });

  it("does not serve an expired login session", async () => {
    const inst = await createInstitution();
    const user = await createUser({ institutionId: inst.id, role: "admin" });
    const expired = await createLoginSession({ userId: user.id, expiresAt: new Date(Date.now() - 1000) });
    expect(await getUserByLoginSession({ loginSessionId: expired.id })).toBeNull();
  });

  it("serves a live login session with the user and institution, and not once the account is deactivated", async () => {
    const inst = await createInstitution();
    const user = await createUser({ institutionId: inst.id, role: "assessor" });
    const live = await createLoginSession({ userId: user.id, expiresAt: new Date(Date.now() + 3600_000) });
    expect(await getUserByLoginSession({ loginSessionId: live.id })).toEqual({
      id: user.id,
      institutionId: inst.id,
      role: "assessor",
      username: user.username,
      displayName: user.displayName,
      institution: { name: inst.name, registrationNumber: inst.registrationNumber },
    });
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await getUserByLoginSession({ loginSessionId: live.id })).toBeNull();
  });
});

describe("password links and changes", () => {
  it("lets a new user set a password once through the one-time link", async () => {
    const inst = await createInstitution();
    const admin = await createUser({ institutionId: inst.id, role: "admin" });
    const { userId, token } = await createUserWithSetupLink({
      institutionId: inst.id,
      actorId: admin.id,
      user: { role: "assessor", username: "new-assessor", displayName: "新評量人員", qualifications: ["職能評量人員培訓"] },
    });
    expect(await findValidSetupToken({ token })).not.toBeNull();
    expect(await setPasswordWithToken({ token, password: "a-brand-new-password" })).toBe(true);
    expect(await setPasswordWithToken({ token, password: "another-password-1" })).toBe(false);
    const result = await login({ username: "new-assessor", password: "a-brand-new-password", clientAddress: "x" });
    expect(result.ok && result.user.id).toBe(userId);
    // Only the token's hash is stored.
    const stored = await db.passwordSetupToken.findFirst({ where: { userId } });
    expect(stored?.tokenHash).not.toContain(token);
  });

  it("changes the own password only with the current one, and logs out other devices", async () => {
    const inst = await createInstitution();
    const user = await createUser({ institutionId: inst.id, role: "candidate" });
    const here = await createLoginSession({ userId: user.id, expiresAt: new Date(Date.now() + 3600_000) });
    const elsewhere = await createLoginSession({ userId: user.id, expiresAt: new Date(Date.now() + 3600_000) });
    expect(await changeOwnPassword({ userId: user.id, currentPassword: "not-it", newPassword: "next-password-1", keepLoginSessionId: here.id })).toBe(false);
    expect(await changeOwnPassword({ userId: user.id, currentPassword: TEST_PASSWORD, newPassword: "next-password-1", keepLoginSessionId: here.id })).toBe(true);
    expect(await getUserByLoginSession({ loginSessionId: here.id })).not.toBeNull();
    expect(await getUserByLoginSession({ loginSessionId: elsewhere.id })).toBeNull();
    expect((await login({ username: user.username, password: "next-password-1", clientAddress: "y" })).ok).toBe(true);
  });
});

describe("audit log", () => {
  it("is append-only at the database", async () => {
    const inst = await createInstitution();
    const event = await db.auditEvent.create({
      data: { institutionId: inst.id, action: "test", entityType: "Test", entityId: "1" },
    });
    // The trigger's RAISE(ABORT) reaches Prisma as a constraint error; what matters is the row survives.
    await expect(db.auditEvent.update({ where: { id: event.id }, data: { reason: "rewrite" } })).rejects.toThrow();
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow();
    expect(await db.auditEvent.findUnique({ where: { id: event.id } })).toMatchObject({ reason: null });
  });
});
