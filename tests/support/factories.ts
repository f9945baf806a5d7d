import crypto from "node:crypto";
import { createLoginSession } from "~/models/auth.server";
import { createLoginCookie } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { Role } from "~/utils/roles";

export const TEST_PASSWORD = "correct-horse-battery";
let passwordHash: Promise<string> | undefined;

export async function createInstitution(name = "測試訓練中心") {
  return db.institution.create({
    data: { name, registrationNumber: `TEST-${crypto.randomUUID().slice(0, 8)}` },
  });
}

export async function createUser({ institutionId, role, displayName }: { institutionId: string; role: Role; displayName?: string }) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const suffix = crypto.randomUUID().slice(0, 8);
  return db.user.create({
    data: {
      institutionId,
      role,
      username: `${role}-${suffix}`,
      displayName: displayName ?? `${role} ${suffix}`,
      candidateNumber: role === "candidate" ? `C-${suffix}` : null,
      passwordHash: await passwordHash,
      passwordSetAt: new Date(),
    },
  });
}

/** A request carrying a logged-in cookie for the user, as the browser would send it. */
export async function requestAs(userId: string | null, url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (userId) {
    const { id } = await createLoginSession({ userId, expiresAt: new Date(Date.now() + 3600_000) });
    const setCookie = await createLoginCookie(new Request(url), id);
    headers.set("Cookie", setCookie.split(";")[0]!);
  }
  return new Request(url, { ...init, headers });
}

/** Runs a loader or action and returns the Response it threw or returned, or its data. */
export async function callRoute<T>(fn: () => Promise<T>): Promise<{ status: number; location?: string | null; data?: T }> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    // Remix's data(value, { status }) keeps its status beside the value.
    if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
      const wrapped = result as unknown as { data: T; init: ResponseInit | null };
      return { status: wrapped.init?.status ?? 200, data: wrapped.data };
    }
    return { status: 200, data: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}
