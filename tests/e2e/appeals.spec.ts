import type { Browser, Page } from "@playwright/test";
import type { db as appDb } from "~/utils/db.server";
import { expect, test } from "./fixtures";

/*
 * An appeal in the browser, on the demo seed: 李怡君 (candidate2) has a released, not-yet-competent
 * result in "115 年度第 1 梯次 社群媒體經營人員職能評量", scored by 陳志明 (assessor1). She appeals; the
 * admin assigns a reviewer, who cannot be 陳志明; 林淑芬 (assessor2) dismisses it with reasons; 李怡君
 * reads the outcome.
 *
 * Other e2e tests may have run before on the same database (李怡君 may have other sessions and other
 * results): everything here is found by the seeded session's title or by this run's own texts.
 */

const SEEDED_SESSION = "115 年度第 1 梯次 社群媒體經營人員職能評量";

test.describe("an appeal", () => {
  test("candidate lodges, the admin assigns a reviewer who did not assess her, the reviewer dismisses it, the candidate reads why", async ({ browser, baseURL, db }) => {
    test.setTimeout(120_000);
    const run = Date.now();
    const reason = `成效報告書已於評量時繳交並附數據分析，P3.1.1 評為 1 分與事實不符，請求複查（${run}）。`;
    const outcomeReason = `經調閱評量當日錄影與繳交清單，成效報告書未以數據支持結論，維持原評分（${run}）。`;

    const session = await db.assessmentSession.findFirstOrThrow({ where: { title: SEEDED_SESSION } });
    const candidate = await db.user.findUniqueOrThrow({ where: { username: "candidate2" } });
    const enrollment = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId: candidate.id } });
    expect(enrollment.releasedAt).not.toBeNull();
    // A retry on the same database starts again from the seeded state: the result without an appeal.
    await db.appeal.deleteMany({ where: { enrollmentId: enrollment.id } });

    // 李怡君 appeals from her result page.
    const c2 = await pageAs(browser, baseURL!, db, "candidate2");
    await c2.goto("/me");
    await c2.getByRole("row", { name: new RegExp(SEEDED_SESSION) }).getByRole("link").click();
    await expect(c2).toHaveURL(new RegExp(`/me/results/${enrollment.id}$`));
    await expect(c2.getByRole("heading", { name: "評量結果：尚未達成" })).toBeVisible();
    const appealPanel = c2.getByRole("region", { name: "申訴" });
    await appealPanel.getByLabel(/^申訴理由（申訴期限：/).fill(reason);
    await appealPanel.getByRole("button", { name: "提出申訴" }).click();
    await expect(appealPanel.getByText(`提出申訴：${reason}`)).toBeVisible();
    await expect(appealPanel.getByText("審查中。")).toBeVisible();
    await expect(appealPanel.getByRole("button", { name: "提出申訴" })).toHaveCount(0);

    // The admin opens 申訴: 陳志明 assessed her and is not offered; 林淑芬 is assigned.
    const admin = await pageAs(browser, baseURL!, db, "admin");
    await admin.goto("/admin");
    await admin.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "申訴", exact: true }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "申訴" })).toBeVisible();
    const appeal = admin.getByRole("region", { name: "李怡君 的申訴" }).filter({ hasText: reason });
    await expect(appeal).toHaveCount(1);
    await expect(appeal.getByRole("heading", { name: new RegExp(SEEDED_SESSION) })).toBeVisible();
    const reviewer = appeal.getByLabel("審查人（不含原評量人員）");
    const offered = (await reviewer.locator("option").allTextContents()).map((t) => t.trim());
    expect(offered).toContain("林淑芬");
    expect(offered).not.toContain("陳志明");
    await reviewer.selectOption({ label: "林淑芬" });
    await appeal.getByRole("button", { name: "指派" }).click();
    await expect(admin.getByRole("status")).toContainText("已指派申訴審查人。");
    await expect(appeal.getByText("目前：林淑芬")).toBeVisible();

    // 林淑芬 dismisses it, with reasons.
    const reviewerPage = await pageAs(browser, baseURL!, db, "assessor2");
    await reviewerPage.goto("/assessor");
    await reviewerPage.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "申訴審查" }).click();
    const assigned = reviewerPage.getByRole("region", { name: "李怡君 的申訴" }).filter({ hasText: reason });
    await expect(assigned).toHaveCount(1);
    await assigned.getByLabel("審查結果").selectOption({ label: "申訴不成立" });
    await assigned.getByLabel("理由（受評者會看到）").fill(outcomeReason);
    await assigned.getByRole("button", { name: "送出審查結果" }).click();
    await expect(assigned.getByText(`申訴不成立：${outcomeReason}`)).toBeVisible();
    await expect(assigned.getByRole("button", { name: "送出審查結果" })).toHaveCount(0);

    // 陳志明 was never given it.
    const original = await pageAs(browser, baseURL!, db, "assessor1");
    await original.goto("/assessor/appeals");
    await expect(original.getByText(reason)).toHaveCount(0);

    // 李怡君 reads the outcome and its reasons.
    await c2.reload();
    await expect(appealPanel.getByText(`提出申訴：${reason}`)).toBeVisible();
    await expect(appealPanel.getByText(new RegExp(`^申訴不成立（.+）：${escape(outcomeReason)}$`))).toBeVisible();
    await expect(appealPanel.getByText("審查中。")).toHaveCount(0);
    await expect(appealPanel.getByRole("button", { name: "提出申訴" })).toHaveCount(0);

    // And the admin's list shows the decision.
    await admin.reload();
    await expect(appeal.getByText(outcomeReason)).toBeVisible();
    await expect(appeal.getByText("申訴不成立", { exact: true })).toBeVisible();
    await expect(appeal.getByText(/審查人 林淑芬/)).toBeVisible();

    for (const p of [c2, admin, reviewerPage, original]) await p.context().close();
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A page in its own browser context, logged in as the seeded user (a session made directly). */
async function pageAs(browser: Browser, baseURL: string, db: typeof appDb, username: string): Promise<Page> {
  const { createLoginCookie } = await import("~/utils/auth.server");
  const user = await db.user.findUniqueOrThrow({ where: { username } });
  const login = await db.loginSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  const [name, value] = (await createLoginCookie(new Request(baseURL), login.id)).split(";")[0]!.split("=");
  const context = await browser.newContext();
  await context.addCookies([{ name: name!, value: value!, url: baseURL }]);
  return context.newPage();
}
