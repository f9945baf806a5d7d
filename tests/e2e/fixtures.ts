import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "icap-demo-2026";

/** The e2e server's database, opened from the test process for setup and checks. */
async function e2eDb() {
  process.env.DATABASE_URL = `file:${path.resolve("tmp/e2e-data/app.db")}`;
  process.env.SESSION_SECRET = "e2e-session-secret-that-is-long-enough-0123";
  process.env.DATA_DIR = path.resolve("tmp/e2e-data");
  const { db } = await import("~/utils/db.server");
  return db;
}

type Fixtures = {
  db: Awaited<ReturnType<typeof e2eDb>>;
  /** Logs the page in as a seeded user without the login form (a session made directly). */
  loginAs: (username: string) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  db: async ({}, use) => {
    await use(await e2eDb());
  },
  loginAs: async ({ page, db, baseURL }, use) => {
    await use(async (username: string) => {
      const { createLoginCookie } = await import("~/utils/auth.server");
      const user = await db.user.findUniqueOrThrow({ where: { username } });
      const session = await db.loginSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
      const setCookie = await createLoginCookie(new Request(baseURL!), session.id);
      const [pair] = setCookie.split(";");
      const [name, value] = pair!.split("=");
      await page.context().addCookies([{ name: name!, value: value!, url: baseURL! }]);
    });
  },
});

export async function loginThroughForm(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("帳號").fill(username);
  await page.getByLabel("密碼").fill(password);
  await page.getByRole("button", { name: "登入" }).click();
}

export { expect };
