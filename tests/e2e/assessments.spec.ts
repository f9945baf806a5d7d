import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";

test.describe("assessment builder", () => {
  test("an admin generates from KMC2431-009v2, edits, waives a gap, publishes and downloads the instrument", async ({ page, db, loginAs }) => {
    await loginAs("admin");
    const standard = await db.standard.findFirstOrThrow({ where: { code: "KMC2431-009v2", institution: { users: { some: { username: "admin" } } } } });
    await page.goto(`/admin/assessments/new?standardId=${standard.id}`);
    await page.getByLabel("評量名稱").fill("社群媒體經營人員實作評量（e2e）");
    await expect(page.getByLabel(/T1\.1 確立經營目標/)).toBeChecked();
    await page.getByRole("button", { name: "產生評量草稿" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /社群媒體經營人員實作評量（e2e）（第 1 版）/ })).toBeVisible();
    await expect(page.locator(".criterion")).toHaveCount(17);

    // Edit one descriptor.
    const descriptor = page.getByLabel("P1.1.1 等級 4 優異");
    await descriptor.fill("能獨立依據組織目標與品牌策略，比較至少三個平台的受眾與成本後選定社群媒體，並清楚說明取捨理由。");
    await page.getByRole("button", { name: "儲存評量規準" }).click();
    await expect(page.getByRole("status")).toContainText("已儲存");
    await expect(page.getByLabel("P1.1.1 等級 4 優異")).toHaveValue(/比較至少三個平台/);

    // Remove every question on K05 (社群媒體心理學概論) until nothing assesses it.
    const matrixRow = () => page.getByRole("row", { name: /K05/ });
    const k05Questions = page.getByRole("button", { name: /^刪除問題 .* K05$/ });
    for (let remaining = await k05Questions.count(); remaining > 0; remaining--) {
      await k05Questions.first().click();
      await expect(k05Questions).toHaveCount(remaining - 1);
    }
    await expect(matrixRow()).toContainText("缺口");
    await expect(page.getByRole("button", { name: /^發布第 1 版$/ })).toBeDisabled();
    await expect(page.getByText("K05 沒有任何評量工具評量")).toBeVisible();

    await page.getByLabel("豁免 K05 的理由").fill("本梯次以筆試另行評量社群媒體心理學概論");
    await page.getByRole("button", { name: "豁免", exact: true }).click();
    await expect(matrixRow()).toContainText("已豁免");

    await page.getByRole("button", { name: "發布第 1 版" }).click();
    await expect(page.getByRole("status")).toContainText("已發布第 1 版");
    await expect(page.getByText(/已發布 \d{4}/)).toBeVisible();
    await expect(page.getByRole("button", { name: "儲存評量規準" })).toHaveCount(0);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "下載評量工具 PDF" }).click();
    const file = await (await download).path();
    const text = execFileSync("pdftotext", [file, "-"]).toString();
    expect(text).toContain("社群媒體經營人員實作評量（e2e）");
    expect(text).toContain("比較至少三個平台");
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // A published version is immutable: editing starts version 2.
    await page.getByRole("button", { name: "建立新版本以修改" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /（第 2 版）/ })).toBeVisible();
  });
});
