import path from "node:path";
import { expect, test } from "./fixtures";

const FIXTURE = path.resolve("templates/demo/standards/000_988f66f990932d6f.txt");

test.describe("standards library", () => {
  test("an admin imports a standard through the UI, previews it and finds it in the library", async ({ page, db, loginAs }) => {
    // The demo data may already hold this standard: import it into a clean slate for this test.
    const existing = await db.standard.findFirst({ where: { code: "KMC2431-009v2", institution: { users: { some: { username: "north-admin" } } } } });
    expect(existing).toBeNull();
    await loginAs("north-admin");
    await page.goto("/admin/standards/import");
    await page.getByLabel("職能基準檔案").setInputFiles(FIXTURE);
    await page.getByRole("button", { name: "預覽" }).click();

    const preview = page.getByRole("region", { name: /預覽/ });
    await expect(preview.getByRole("heading", { name: /KMC2431-009v2 社群媒體經營人員/ })).toBeVisible();
    const counts = preview.locator("dl.counts");
    await expect(counts.getByText("工作任務").locator("xpath=following-sibling::dd")).toHaveText("7");
    await expect(counts.getByText("行為指標").locator("xpath=following-sibling::dd")).toHaveText("17");
    await expect(preview.getByRole("heading", { name: /T1\.1 確立經營目標、受眾群與選擇社群平台/ })).toBeVisible();
    // K codes carry their names on hover.
    await expect(preview.locator("abbr", { hasText: "K01" }).first()).toHaveAttribute("title", "廣電三法");

    await page.getByRole("button", { name: "確認匯入" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /KMC2431-009v2/ })).toBeVisible();

    await page.getByRole("link", { name: "← 職能基準" }).click();
    const row = page.getByRole("row", { name: /KMC2431-009v2/ });
    await expect(row).toContainText("社群媒體經營人員");
    await expect(row).toContainText("7");
    await expect(row).toContainText("17");

    // The same version again is refused with a message, and nothing more is stored.
    const before = await db.standard.count();
    await page.goto("/admin/standards/import");
    await page.getByLabel("職能基準檔案").setInputFiles(FIXTURE);
    await page.getByRole("button", { name: "預覽" }).click();
    await expect(page.getByRole("alert")).toContainText("已經匯入過");
    await expect(page.getByRole("button", { name: "確認匯入" })).toHaveCount(0);
    expect(await db.standard.count()).toBe(before);
  });

  test("bad input gets a clear message and stores nothing", async ({ page, db, loginAs }) => {
    await loginAs("north-admin");
    const before = await db.standard.count();
    await page.goto("/admin/standards/import");
    await page.getByLabel("或貼上文字內容").fill("今天天氣很好，我們去公園散步。\n這不是職能基準。");
    await page.getByRole("button", { name: "預覽" }).click();
    await expect(page.getByRole("alert")).toContainText(/第 \d+ 行|Line/);
    await page.getByLabel("職能基準檔案").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
    await page.getByLabel("或貼上文字內容").fill("");
    await page.getByRole("button", { name: "預覽" }).click();
    await expect(page.getByRole("alert")).toContainText("PNG");
    expect(await db.standard.count()).toBe(before);
  });
});
