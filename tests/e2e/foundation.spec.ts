import { expect, loginThroughForm, test } from "./fixtures";

test.describe("accounts and roles", () => {
  for (const [username, heading, url] of [
    ["admin", "機構總覽", "/admin"],
    ["assessor1", "我的場次", "/assessor"],
    ["candidate1", "我的評量結果", "/me"],
  ] as const) {
    test(`${username} logs in and sees their home`, async ({ page }) => {
      await loginThroughForm(page, username);
      await expect(page).toHaveURL(url);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await page.getByRole("button", { name: "登出" }).click();
      await expect(page).toHaveURL("/login");
    });
  }

  test("a wrong password shows an error", async ({ page }) => {
    await loginThroughForm(page, "admin", "not-the-password");
    await expect(page.getByRole("alert")).toContainText("帳號或密碼不正確");
    await expect(page).toHaveURL(/\/login/);
  });

  test("the 11th rapid failed login is refused with a message", async ({ page }) => {
    for (let i = 1; i <= 10; i++) {
      await loginThroughForm(page, "candidate3", `wrong-password-${i}`);
      await expect(page.getByRole("alert")).toContainText("帳號或密碼不正確");
    }
    await loginThroughForm(page, "candidate3");
    await expect(page.getByRole("alert")).toContainText("登入失敗次數過多");
  });

  test("a candidate gets 404 for an admin page and for another candidate's result", async ({ page, db, loginAs }) => {
    await loginAs("candidate1");
    const adminPage = await page.goto("/admin/users");
    expect(adminPage?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "找不到頁面" })).toBeVisible();

    const other = await db.enrollment.findFirst({ where: { candidate: { username: "candidate2" } } });
    expect(other, "the demo data enrols candidate2").not.toBeNull();
    const response = await page.goto(`/me/results/${other!.id}`);
    expect(response?.status()).toBe(404);
  });

  test("an admin of one institution cannot see another institution's users", async ({ page, db, loginAs }) => {
    await loginAs("admin");
    await page.goto("/admin/users");
    await expect(page.getByRole("link", { name: "張家豪" })).toBeVisible();
    await expect(page.getByText("吳佩珊")).toHaveCount(0);
    const northCandidate = await db.user.findUniqueOrThrow({ where: { username: "north-candidate" } });
    const response = await page.goto(`/admin/users/${northCandidate.id}`);
    expect(response?.status()).toBe(404);
  });

  test("an admin creates an assessor who sets a password with the one-time link and logs in", async ({ page, browser, loginAs }) => {
    await loginAs("admin");
    await page.goto("/admin/users/new");
    await page.getByLabel("角色").selectOption("assessor");
    await page.getByLabel("姓名").fill("蔡雅婷");
    await page.getByLabel("帳號", { exact: true }).fill("assessor-e2e");
    await page.getByLabel("評量人員資格（評量人員選填，每行一項）").fill("職能評量人員培訓課程結業");
    await page.getByRole("button", { name: "建立並產生設定密碼連結" }).click();
    const link = await page.getByLabel("設定密碼連結").inputValue();
    expect(link).toContain("/set-password/");

    const other = await browser.newContext();
    const newcomer = await other.newPage();
    await newcomer.goto(link);
    await newcomer.getByLabel("新密碼", { exact: true }).fill("my-own-password-1");
    await newcomer.getByLabel("再輸入一次新密碼").fill("my-own-password-1");
    await newcomer.getByRole("button", { name: "設定密碼" }).click();
    await loginThroughForm(newcomer, "assessor-e2e", "my-own-password-1");
    await expect(newcomer.getByRole("heading", { level: 1, name: "我的場次" })).toBeVisible();
    // The link works once.
    await newcomer.goto(link);
    await expect(newcomer.getByRole("heading", { name: "連結已失效" })).toBeVisible();
    await other.close();
  });

  test("health check answers 200", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
