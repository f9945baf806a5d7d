import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test } from "./fixtures";

/*
 * The demo seed issues the documents of the released demo session (prisma/seed-certificates.ts):
 * a certificate for 張家豪 (candidate1, competent) and a result report for 李怡君 (candidate2).
 */
const DEMO_SESSION = "115 年度第 1 梯次 社群媒體經營人員職能評量";

test.describe("certificates", () => {
  test("a candidate downloads their certificate, opens its verification link and sees it valid; another candidate's URL is 404", async ({ page, db, loginAs }) => {
    const own = await db.certificate.findFirstOrThrow({
      where: { revokedAt: null, enrollment: { candidate: { username: "candidate1" }, session: { title: DEMO_SESSION } } },
      select: { number: true, kind: true, pdfSha256: true, enrollmentId: true },
    });
    const others = await db.certificate.findFirstOrThrow({
      where: { revokedAt: null, enrollment: { candidate: { username: "candidate2" }, session: { title: DEMO_SESSION } } },
      select: { number: true },
    });
    expect(own.kind).toBe("certificate");

    await loginAs("candidate1");
    await page.goto(`/me/results/${own.enrollmentId}`);
    const panel = page.getByRole("region", { name: "證書", exact: true });
    await expect(panel).toContainText(own.number);
    await expect(panel).toContainText("有效");

    // The download: named by the number, exactly the file that was issued.
    const downloading = page.waitForEvent("download");
    await panel.getByRole("link", { name: "下載證書（PDF）" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${own.number}.pdf`);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(own.pdfSha256);

    // The verification link (the QR code's address): public, with the number filled in.
    await panel.getByRole("link", { name: "開啟驗證頁" }).click();
    await expect(page).toHaveURL(new RegExp(`/verify/${own.number}$`));
    await expect(page.getByRole("heading", { name: "狀態：有效" })).toBeVisible();
    await expect(page.getByRole("region", { name: "文件內容" })).toContainText("張家豪");
    await expect(page.getByRole("region", { name: "文件內容" })).toContainText("A12****789");

    // The downloaded file checked on the same page: authentic.
    await page.getByLabel("要檢查的 PDF 檔案", { exact: true }).setInputFiles(file);
    await page.getByRole("button", { name: "檢查檔案" }).click();
    await expect(page.getByRole("heading", { name: "真實：與本平台核發的檔案相同" })).toBeVisible();

    // Another candidate's document does not exist for candidate1.
    const response = await page.request.get(`/me/certificates/${others.number}`);
    expect(response.status()).toBe(404);
    const visit = await page.goto(`/me/certificates/${others.number}`);
    expect(visit?.status()).toBe(404);
  });
});
