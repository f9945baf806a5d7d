import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

/*
 * The e2e server seeds the demo without its exam (SEED_DEMO_EXAM=false, playwright.config.ts): here the
 * admin builds it as an institution would, from the demo bank file that `npm start` imports.
 */
const BANK_FILE = path.resolve("templates/demo/exam-bank-KMC2431-009v2.csv");
const DEMO = JSON.parse(fs.readFileSync(path.resolve("templates/demo/exam.json"), "utf8")) as { blueprint: { cells: { code: string; level: string; count: number; points: number }[] } };

function setup(...args: string[]): unknown {
  const out = execFileSync(path.resolve("node_modules/.bin/tsx"), ["tests/e2e/support/exam-session.ts", ...args], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve("tmp/e2e-data/app.db")}`, DATA_DIR: path.resolve("tmp/e2e-data"), SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123" },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

test.describe("knowledge exam", () => {
  test("an admin imports the bank, builds a blueprint and a paper and links it; a candidate sits the exam, reloads mid-way, submits and sees the score once released", async ({ page, db, loginAs }) => {
    test.setTimeout(180_000);
    await loginAs("admin");
    const standard = await db.standard.findFirstOrThrow({ where: { code: "KMC2431-009v2", institution: { users: { some: { username: "admin" } } } } });

    // A faulty file is refused with every faulty row named, and nothing is stored.
    await page.goto("/admin/exams");
    await page.getByRole("link", { name: /KMC2431-009v2/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: /KMC2431-009v2.*題庫/ })).toBeVisible();
    await page.getByLabel("題庫檔（CSV 或 XLSX）").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("題型,題幹,選項A,選項B,答案,職能代碼,認知層次\n單選,第一題,甲,乙,C,K01,記憶\n單選,第二題,甲,乙,A,K99,記憶\n", "utf8"),
    });
    await page.getByRole("button", { name: "檢查並匯入" }).click();
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("沒有匯入任何試題");
    await expect(alert).toContainText("第 2 列");
    await expect(alert).toContainText("第 3 列");
    await expect(alert).toContainText("K99");
    expect(await db.examItem.count({ where: { standardId: standard.id } })).toBe(0);

    // The demo bank file imports whole.
    await page.getByLabel("題庫檔（CSV 或 XLSX）").setInputFiles(BANK_FILE);
    await page.getByRole("button", { name: "檢查並匯入" }).click();
    await expect(page.getByRole("status")).toContainText("新增 35 題");
    await expect(page.getByRole("heading", { name: "試題（35 題）" })).toBeVisible();

    // A blueprint with the demo cells; totals and shares are shown.
    await page.getByLabel("新細目表名稱").fill("e2e 學科測試細目表");
    await page.getByRole("button", { name: "建立雙向細目表" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "e2e 學科測試細目表" })).toBeVisible();
    const levelLabel: Record<string, string> = { remember: "記憶", understand: "理解", apply: "應用", analyse: "分析" };
    for (const cell of DEMO.blueprint.cells) {
      await page.getByLabel(`${cell.code} × ${levelLabel[cell.level]} 題數`).fill(String(cell.count));
      await page.getByLabel(`${cell.code} × ${levelLabel[cell.level]} 配分`).fill(String(cell.points));
    }
    await page.getByRole("button", { name: "儲存細目表" }).click();
    await expect(page.getByRole("status")).toContainText("已儲存雙向細目表");
    await expect(page.locator("tfoot")).toContainText("19 題／100 分");
    // A cell the bank cannot fill is marked: K01 has no 分析 item.
    await page.getByLabel("K01 × 分析 題數").fill("1");
    await page.getByLabel("K01 × 分析 配分").fill("0");
    await page.getByRole("button", { name: "儲存細目表" }).click();
    await expect(page.locator("td.cell-short")).toContainText("題庫不足");
    await page.getByLabel("K01 × 分析 題數").fill("0");
    await page.getByRole("button", { name: "儲存細目表" }).click();
    await expect(page.locator("td.cell-short")).toHaveCount(0);

    // Two parallel forms: the bank has one item for most cells, so the page says where A and B share.
    await page.getByLabel("試卷名稱").fill("e2e 學科測試");
    await page.getByLabel("平行試卷份數").selectOption("2");
    await page.getByRole("button", { name: "組卷" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "e2e 學科測試" })).toBeVisible();
    await expect(page.getByText("題庫不足之處")).toBeVisible();
    await expect(page.getByRole("heading", { name: "A 卷" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "B 卷" })).toBeVisible();
    const pdf = await page.request.get(`${new URL(page.url()).pathname}/pdf?form=A`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.getByRole("button", { name: "發布試卷" }).click();
    await expect(page.getByRole("status")).toContainText("已發布");

    // Linked to the published assessment through a new version, then published.
    const assessment = await db.assessment.findFirstOrThrow({ where: { standardId: standard.id, versions: { some: { publishedAt: { not: null } } } } });
    await page.goto(`/admin/assessments/${assessment.id}/versions/1`);
    await page.getByRole("button", { name: "建立新版本以修改" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /（第 2 版）/ })).toBeVisible();
    const builtPaper = await db.examPaper.findFirstOrThrow({ where: { title: "e2e 學科測試" } });
    await page.getByLabel("試卷（僅列出同一職能基準、已發布的試卷）").selectOption(builtPaper.id);
    await expect(page.getByLabel("判定規則要求筆試達及格分數")).toBeChecked();
    await page.getByRole("button", { name: "儲存筆試設定" }).click();
    await expect(page.getByRole("status")).toContainText("已連結筆試試卷");
    await expect(page.getByRole("row", { name: /K01/ })).toContainText("知識測驗（筆試）");
    await page.getByRole("button", { name: "發布第 2 版" }).click();
    await expect(page.getByRole("status")).toContainText("已發布第 2 版");

    // A session on version 2 with the exam open now (opened through the models: see support/exam-session.ts).
    const version2 = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: assessment.id, version: 2 } });
    const { enrollmentId } = setup("open", version2.id, "candidate3") as { enrollmentId: string };

    // The candidate sits the exam in the browser.
    await page.context().clearCookies();
    await loginAs("candidate3");
    await page.goto("/me");
    await page.getByRole("row", { name: /e2e 筆試場次/ }).getByRole("link", { name: /線上筆試/ }).click();
    await page.getByRole("button", { name: "開始作答" }).click();
    await expect(page.getByRole("timer")).toContainText("剩餘時間");
    const items = page.locator(".exam-item");
    await expect(items).toHaveCount(19);

    // Answer the first three choice items; each is acknowledged as saved.
    const choiceItems = items.filter({ has: page.locator("input[type=radio], input[type=checkbox]") });
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const item = choiceItems.nth(i);
      const option = item.locator("label.exam-option").first();
      picked.push((await option.textContent())!);
      await option.click();
      await expect(item.locator(".save-state")).toContainText("已儲存");
    }

    // Reload mid-way: the answers are still there, the clock still running.
    await page.reload();
    await expect(page.getByRole("timer")).toContainText("剩餘時間");
    for (let i = 0; i < 3; i++) {
      await expect(choiceItems.nth(i).locator("label.exam-option").first().locator("input")).toBeChecked();
    }
    // The key never reached the browser before the submission.
    const html = await page.content();
    const paperId = (JSON.parse(version2.contentJson) as { exam: { paperId: string } }).exam.paperId;
    const explanations = await db.examItemRevision.findMany({ where: { paperItems: { some: { paperId } }, explanation: { not: null } }, select: { explanation: true } });
    expect(explanations.length).toBeGreaterThan(5);
    for (const { explanation } of explanations) if (explanation!.length > 8) expect(html).not.toContain(explanation!);

    // The network drops while answering: the page says so, keeps the answer and sends it once back online.
    const offlineItem = choiceItems.nth(3);
    await page.context().setOffline(true);
    await offlineItem.locator("label.exam-option").nth(1).click();
    await expect(offlineItem.locator(".save-state")).toContainText("連線中斷");
    await page.context().setOffline(false);
    await expect(offlineItem.locator(".save-state")).toContainText("已儲存");
    await page.reload();
    await expect(choiceItems.nth(3).locator("label.exam-option").nth(1).locator("input")).toBeChecked();

    // Answer the rest and submit.
    const count = await choiceItems.count();
    for (let i = 4; i < count; i++) {
      const item = choiceItems.nth(i);
      await item.locator("label.exam-option").first().click();
      await expect(item.locator(".save-state")).toContainText("已儲存");
    }
    for (const box of await page.locator(".exam-item textarea").all()) await box.fill("依題意說明重點並舉例。");
    await page.getByRole("button", { name: "交卷" }).first().click();
    await expect(page.getByRole("status")).toContainText("已交卷");
    await expect(page.getByText(/成績將於評量結果公布後顯示/).first()).toBeVisible();

    // The assessor scores the short answers and the rubric and signs off; the admin releases.
    const score = setup("release", enrollmentId) as { earned: number; max: number };

    // Released: the candidate sees the exam score and the review.
    await page.goto(`/me/exams/${enrollmentId}`);
    const panel = page.getByRole("region", { name: "筆試成績" });
    await expect(panel).toContainText(`${score.earned} / ${score.max}`);
    await expect(panel).toContainText("正確答案");
  });
});
