import { expect, test, type Page } from "@playwright/test";
import { test as base } from "./fixtures";

const it = base;

/**
 * Opens a task's evidence forms. They are on the page for one task at a time: its link (`?task=`)
 * brings them in an open <details>, which stays open across a revalidation.
 */
async function open(page: Page, summary: string) {
  const link = page.getByRole("link", { name: summary, exact: true });
  if ((await link.count()) > 0) await link.click();
  const details = page.locator("details", { has: page.getByText(summary, { exact: true }) });
  if ((await details.getAttribute("open")) === null) await details.getByText(summary, { exact: true }).click();
}

async function scoreTask(page: Page, taskCode: string, level: (criterionCode: string) => number) {
  const panel = page.getByRole("region", { name: new RegExp(`^${taskCode.replace(".", "\\.")} `) });
  const radios = panel.getByRole("radio");
  const count = await radios.count();
  const codes = new Set<string>();
  for (let i = 0; i < count; i++) {
    const label = (await radios.nth(i).getAttribute("aria-label")) ?? "";
    codes.add(label.split(" ")[0]!);
  }
  for (const code of codes) await panel.getByRole("radio", { name: new RegExp(`^${code.replaceAll(".", "\\.")} 等級 ${level(code)} `) }).check();
  await panel.getByRole("button", { name: `儲存 ${taskCode} 的評分` }).click();
  await expect(page.getByRole("status")).toContainText("已儲存");
}

it.describe("a day of assessment", () => {
  it("admin schedules, the assessor records evidence and scores, results are released and each candidate sees only their own", async ({ page, browser, db, loginAs }) => {
    // A whole day: two candidates, seven tasks and seventeen criteria each.
    it.setTimeout(240_000);
    const SESSION = `e2e 場次 ${Date.now()}`;
    await loginAs("admin");
    await page.goto("/admin/sessions/new");
    await page.getByLabel("評量（已發布版本）").selectOption({ label: "社群媒體經營人員職能評量（KMC2431-009v2，第 1 版）" });
    await page.getByLabel("場次名稱").fill(SESSION);
    await page.getByLabel("開始時間").fill("2026-12-01T09:00");
    await page.getByLabel("地點（模擬職場）").fill("本中心 3 樓模擬職場");
    await page.getByRole("button", { name: "建立場次" }).click();
    await expect(page.getByRole("heading", { level: 1, name: SESSION })).toBeVisible();

    await page.getByLabel("張家豪（C2026001）").check();
    await page.getByLabel("李怡君（C2026002）").check();
    await page.getByRole("button", { name: "報名" }).click();
    await expect(page.getByRole("status")).toContainText("已報名 2 位受評者");
    for (const name of ["張家豪", "李怡君"]) {
      await page.getByLabel(`${name} 的評量人員`).selectOption({ label: "陳志明" });
      await page.getByRole("row", { name: new RegExp(name) }).getByRole("button", { name: "指派" }).click();
      await expect(page.getByRole("status")).toContainText("已指派評量人員");
    }
    for (const box of await page.getByRole("group", { name: "逐項確認已備妥" }).getByRole("checkbox").all()) await box.check();
    await page.getByRole("button", { name: "確認資源已備妥" }).click();
    await page.getByRole("button", { name: "開始場次" }).click();
    await expect(page.getByRole("status")).toContainText("場次已開始");

    // The assessor's day.
    const assessorContext = await browser.newContext();
    const assessor = await assessorContext.newPage();
    const session = await db.assessmentSession.findFirstOrThrow({ where: { title: SESSION } });
    const { createLoginCookie } = await import("~/utils/auth.server");
    const assessorUser = await db.user.findUniqueOrThrow({ where: { username: "assessor1" } });
    const login = await db.loginSession.create({ data: { userId: assessorUser.id, expiresAt: new Date(Date.now() + 3600_000) } });
    const [name, value] = (await createLoginCookie(new Request(page.url()), login.id)).split(";")[0]!.split("=");
    await assessorContext.addCookies([{ name: name!, value: value!, url: new URL(page.url()).origin }]);
    await assessor.goto(`/assessor/sessions/${session.id}`);

    for (const [candidate, low] of [["張家豪", null], ["李怡君", "P3.1.1"]] as const) {
      await assessor.goto(`/assessor/sessions/${session.id}`);
      await assessor.getByRole("link", { name: new RegExp(candidate) }).click();
      await expect(assessor.getByRole("heading", { level: 1, name: new RegExp(candidate) })).toBeVisible();
      const t11 = assessor.getByRole("region", { name: /^T1\.1 / });
      await open(assessor, "新增佐證（T1.1）");
      await t11.getByLabel("檔案（T1.1）").setInputFiles({ name: "社群經營企畫書.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% e2e evidence\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n") });
      await t11.getByLabel("檔案說明（T1.1）").fill("經營社群媒體企畫書");
      await t11.getByLabel("對應的工作產出（T1.1）").first().selectOption({ index: 1 });
      await t11.getByRole("button", { name: "上傳" }).click();
      await expect(assessor.getByRole("link", { name: "社群經營企畫書.pdf" })).toBeVisible();
      await open(assessor, "新增佐證（T1.1）");
      await t11.getByLabel("標題（T1.1）").fill("平台選擇實作觀察");
      await t11.getByLabel("內容（T1.1）").fill("受評者比較三個平台的受眾與成本後提出選擇理由。");
      await t11.getByRole("button", { name: "記錄" }).click();
      await expect(assessor.getByText("平台選擇實作觀察")).toBeVisible();

      for (const task of ["T1.1", "T1.2", "T2.1", "T2.2", "T3.1", "T3.2", "T3.3"]) {
        await scoreTask(assessor, task, (code) => (code === low ? 1 : 3));
      }
      await assessor.getByLabel("簽核說明（佐證不充分時必填）").fill("其餘工作任務以現場觀察為主，紙本觀察表已歸檔。");
      await assessor.getByRole("button", { name: "簽核並鎖定評分" }).click();
      await expect(assessor.getByText(/已簽核 \d{4}/)).toBeVisible();
      await expect(assessor.getByText(low ? "依判定規則推導：尚未達成" : "依判定規則推導：達成（具備職能）")).toBeVisible();
    }
    await assessorContext.close();

    // Release, and the audit log shows every score change with its actor.
    await page.reload();
    await page.getByRole("button", { name: "公布已簽核的結果" }).click();
    await expect(page.getByRole("status")).toContainText("已公布 2 位受評者的結果");
    await page.getByText(/顯示 \d+ 筆紀錄/).click();
    const scoreRows = page.getByRole("row").filter({ hasText: "評分" }).filter({ hasText: "陳志明" });
    expect(await scoreRows.count()).toBeGreaterThanOrEqual(34);

    // Each candidate sees their own result, and only theirs.
    const enrollments = await db.enrollment.findMany({ where: { sessionId: session.id }, include: { candidate: true } });
    const mine = enrollments.find((e) => e.candidate.username === "candidate1")!;
    const theirs = enrollments.find((e) => e.candidate.username === "candidate2")!;
    const candidateContext = await browser.newContext();
    const candidate = await candidateContext.newPage();
    const c1 = await db.user.findUniqueOrThrow({ where: { username: "candidate1" } });
    const c1Login = await db.loginSession.create({ data: { userId: c1.id, expiresAt: new Date(Date.now() + 3600_000) } });
    const [cn, cv] = (await createLoginCookie(new Request(page.url()), c1Login.id)).split(";")[0]!.split("=");
    await candidateContext.addCookies([{ name: cn!, value: cv!, url: new URL(page.url()).origin }]);
    await candidate.goto(`/me/results/${mine.id}`);
    await expect(candidate.getByRole("heading", { name: "評量結果：達成：具備此職能" })).toBeVisible();
    const other = await candidate.goto(`/me/results/${theirs.id}`);
    expect(other?.status()).toBe(404);
    await candidateContext.close();

    const c2Context = await browser.newContext();
    const c2Page = await c2Context.newPage();
    const c2 = await db.user.findUniqueOrThrow({ where: { username: "candidate2" } });
    const c2Login = await db.loginSession.create({ data: { userId: c2.id, expiresAt: new Date(Date.now() + 3600_000) } });
    const [c2n, c2v] = (await createLoginCookie(new Request(page.url()), c2Login.id)).split(";")[0]!.split("=");
    await c2Context.addCookies([{ name: c2n!, value: c2v!, url: new URL(page.url()).origin }]);
    await c2Page.goto(`/me/results/${theirs.id}`);
    await expect(c2Page.getByRole("heading", { name: "評量結果：尚未達成" })).toBeVisible();
    await expect(c2Page.getByText("評量規準 P3.1.1 需達 3 分，實得 1 分")).toBeVisible();
    await c2Context.close();
  });
});
