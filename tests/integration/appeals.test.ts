import { describe, expect, it } from "vitest";
import { getSessionResults, signOff } from "~/models/scoring.server";
import { assignAssessor } from "~/models/session.server";
import { loader as adminAppealsLoader, action as adminAppealsAction } from "~/routes/admin.appeals";
import { loader as adminSessionLoader, action as adminSessionAction } from "~/routes/admin.sessions.$sessionId";
import { loader as enrolCsvLoader, action as enrolCsvAction } from "~/routes/admin.sessions.$sessionId.enrol-csv";
import { loader as reviewerAppealsLoader, action as reviewerAppealsAction } from "~/routes/assessor.appeals";
import { loader as workspaceLoader } from "~/routes/assessor.enrollments.$enrollmentId/route";
import { loader as candidateResultLoader, action as candidateResultAction } from "~/routes/me.results.$enrollmentId";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, requestAs } from "../support/factories";
import { BASE, args, answer, formOf, post, startedSession, scheduledSession, startScheduled, workspace, recordEvidence, scoreCriteria } from "../support/session-scenario";

/*
 * CSV enrolment, appeals, reassessment of the failed tasks and inter-rater agreement (issue 5, items
 * 2, 4 and 7), on sessions of the published KMC2431-009v2 社群媒體經營人員 assessment (17 criteria in
 * 7 tasks, four-level scale, every criterion critical: competent needs 3 or more everywhere). Where a
 * route exists the test goes through it, as the browser would, with a logged-in cookie.
 */

/** Evidence for every task, the given levels, sign-off. */
async function scoreAndSignOff(assessorId: string, enrollmentId: string, levelOf: (code: string) => number) {
  await recordEvidence(assessorId, enrollmentId);
  await scoreCriteria(assessorId, enrollmentId, levelOf, () => "依情境完成工作");
  expect(await signOff({ assessorId, enrollmentId, note: null })).toEqual({ status: "signed_off" });
}

async function release(adminId: string, sessionId: string) {
  const released = await answer(async () => adminSessionAction(args(await requestAs(adminId, `${BASE}/admin/sessions/${sessionId}`, post(formOf({ intent: "release" }))), { sessionId })));
  expect(released.status).toBe(200);
  expect(released.data.ok).toBe(true);
}

async function auditOf(enrollmentId: string, action: string) {
  return db.auditEvent.findMany({ where: { entityType: "Enrollment", entityId: enrollmentId, action }, orderBy: { createdAt: "asc" } });
}

// ---------------------------------------------------------------------------------------------

describe("CSV enrolment", () => {
  const csvUrl = (sessionId: string) => `${BASE}/admin/sessions/${sessionId}/enrol-csv`;

  /** Uploads the text as a .csv file, as the page's file input sends it. */
  async function uploadCsv(userId: string, sessionId: string, csv: string) {
    const form = new FormData();
    form.append("file", new File([csv], "名單.csv", { type: "text/csv" }));
    form.append("text", "");
    return answer(async () => enrolCsvAction(args(await requestAs(userId, csvUrl(sessionId), post(form)), { sessionId })));
  }

  async function counts(institutionId: string, sessionId: string) {
    return {
      users: await db.user.count({ where: { institutionId } }),
      enrollments: await db.enrollment.count({ where: { sessionId } }),
      audit: await db.auditEvent.count({ where: { institutionId } }),
    };
  }

  it("lists every faulty row with its line and reason, answers 422 and imports nothing", async () => {
    const { institution, admin, session } = await startedSession();
    const before = await counts(institution.id, session.id);
    // Lines 3, 4 and 6 are faulty; lines 2 and 5 are fine but must not be imported either.
    const csv = [
      "姓名,學員編號,電子郵件",
      "王小明,C2026101,ming@example.com",
      ",C2026102,",
      "陳美惠,Ｃ２０２６１０３,mei@example.com",
      "吳建宏,C2026104,",
      "蔡佩君,C2026105,pei@@example",
    ].join("\r\n");

    const result = await uploadCsv(admin.id, session.id, csv);

    expect(result.status).toBe(422);
    expect(result.data).toEqual({
      errors: [
        "第 3 行：缺少姓名",
        "第 4 行：學員編號「Ｃ２０２６１０３」只能使用半形英文字母、數字、「-」或「_」",
        "第 6 行：電子郵件「pei@@example」格式不正確",
      ],
    });
    expect(await counts(institution.id, session.id)).toEqual(before);
    expect(await db.user.count({ where: { candidateNumber: { in: ["C2026101", "C2026104"] } } })).toBe(0);
  });

  it("enrols existing candidates by their number and creates accounts for new ones", async () => {
    const { institution, admin, candidates, session } = await startedSession();
    const [lin] = candidates; // already enrolled in the session
    const chen = await createUser({ institutionId: institution.id, role: "candidate", displayName: "陳冠宇" });
    const usersBefore = await db.user.count({ where: { institutionId: institution.id } });
    // As Excel saves "CSV UTF-8": a BOM, CRLF, columns in its own order, English header aliases allowed.
    const csv =
      "\uFEFF學員編號,姓名,Email\r\n" +
      `${chen.candidateNumber},陳冠宇,\r\n` +
      `${lin!.candidateNumber},林怡君,\r\n` +
      "C2026201,王小明,ming@example.com\r\n" +
      "C2026202,吳建宏,\r\n";

    const result = await uploadCsv(admin.id, session.id, csv);

    expect(result.status).toBe(302);
    const location = new URL(result.response!.headers.get("Location")!, BASE);
    expect(location.pathname).toBe(`/admin/sessions/${session.id}`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ enrolled: "3", created: "2", already: "1" });

    // Two new candidate accounts, no password yet; the existing two are not duplicated.
    expect(await db.user.count({ where: { institutionId: institution.id } })).toBe(usersBefore + 2);
    const ming = await db.user.findFirstOrThrow({ where: { institutionId: institution.id, candidateNumber: "C2026201" } });
    expect(ming).toMatchObject({ role: "candidate", displayName: "王小明", email: "ming@example.com", passwordHash: null, active: true });
    const wu = await db.user.findFirstOrThrow({ where: { institutionId: institution.id, candidateNumber: "C2026202" } });
    expect(wu).toMatchObject({ role: "candidate", displayName: "吳建宏", email: null, passwordHash: null });
    expect(await db.user.count({ where: { institutionId: institution.id, candidateNumber: chen.candidateNumber } })).toBe(1);

    const enrolled = await db.enrollment.findMany({ where: { sessionId: session.id }, select: { candidateId: true } });
    expect(enrolled.map((e) => e.candidateId).sort()).toEqual([lin!.id, chen.id, ming.id, wu.id].sort());
    // Each new enrolment is audited with the admin as actor and the file line it came from.
    const created = await db.auditEvent.findMany({ where: { institutionId: institution.id, action: "enrollment.created", afterJson: { contains: '"source":"csv"' } } });
    expect(created.map((e) => e.actorId)).toEqual([admin.id, admin.id, admin.id]);
    expect(created.map((e) => JSON.parse(e.afterJson!).line).sort()).toEqual([2, 4, 5]);

    // The session page shows them all.
    const page = await answer(async () => adminSessionLoader(args(await requestAs(admin.id, `${BASE}/admin/sessions/${session.id}`), { sessionId: session.id })));
    expect(page.data.session.enrollments.map((e: { candidate: { displayName: string } }) => e.candidate.displayName).sort()).toEqual(["吳建宏", "林怡君", "王小明", "陳冠宇"].sort());
  });

  // The parser treats "a001" and "A001" as one person (a duplicate in one file); the import must too.
  it("matches an existing candidate's number whatever its letter case, instead of creating a second account", async () => {
    const { institution, admin, session } = await startedSession();
    await db.user.create({ data: { institutionId: institution.id, role: "candidate", username: "c2026301-existing", displayName: "陳冠宇", candidateNumber: "C2026301" } });
    const usersBefore = await db.user.count({ where: { institutionId: institution.id } });

    const result = await uploadCsv(admin.id, session.id, "姓名,學員編號\n陳冠宇,c2026301\n");

    expect(result.status).toBe(302);
    expect(Object.fromEntries(new URL(result.response!.headers.get("Location")!, BASE).searchParams)).toEqual({ enrolled: "1", created: "0", already: "0" });
    expect(await db.user.count({ where: { institutionId: institution.id } })).toBe(usersBefore);
  });

  it("refuses a number registered to someone with another name with 409, and imports nothing", async () => {
    const { institution, admin, candidates, session } = await startedSession();
    const lin = candidates[0]!; // 林怡君, enrolled already
    const before = await counts(institution.id, session.id);
    const csv = ["姓名,學員編號,電子郵件", "王小明,C2026401,ming@example.com", `林怡萱,${lin.candidateNumber},`].join("\n");

    const result = await uploadCsv(admin.id, session.id, csv);

    expect(result.status).toBe(409);
    expect(result.data).toEqual({ errors: [`第 3 行：學員編號 ${lin.candidateNumber} 已登記為「林怡君」，與檔案中的「林怡萱」不同。`] });
    expect(await counts(institution.id, session.id)).toEqual(before);
    expect(await db.user.count({ where: { candidateNumber: "C2026401" } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: lin.id } })).displayName).toBe("林怡君");
  });

  it("answers 404 to another institution's admin, page and upload, and imports nothing", async () => {
    const { institution, session } = await startedSession();
    const other = await createInstitution("高雄職能發展協會");
    const otherAdmin = await createUser({ institutionId: other.id, role: "admin" });
    const before = await counts(institution.id, session.id);
    const otherUsers = await db.user.count({ where: { institutionId: other.id } });

    const page = await answer(async () => enrolCsvLoader(args(await requestAs(otherAdmin.id, csvUrl(session.id)), { sessionId: session.id })));
    expect(page.status).toBe(404);
    const upload = await uploadCsv(otherAdmin.id, session.id, "姓名,學員編號\n王小明,C2026501\n");
    expect(upload.status).toBe(404);

    expect(await counts(institution.id, session.id)).toEqual(before);
    expect(await db.user.count({ where: { institutionId: other.id } })).toBe(otherUsers);
    expect(await db.user.count({ where: { candidateNumber: "C2026501" } })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe("appeals", () => {
  const resultUrl = (enrollmentId: string) => `${BASE}/me/results/${enrollmentId}`;
  const lodge = (userId: string, enrollmentId: string, reason: string) =>
    answer(async () => candidateResultAction(args(await requestAs(userId, resultUrl(enrollmentId), post(formOf({ reason }))), { enrollmentId })));
  const resultPage = (userId: string, enrollmentId: string) => answer(async () => candidateResultLoader(args(await requestAs(userId, resultUrl(enrollmentId)), { enrollmentId })));
  const assignReviewer = (adminId: string, appealId: string, reviewerId: string) =>
    answer(async () => adminAppealsAction(args(await requestAs(adminId, `${BASE}/admin/appeals`, post(formOf({ appealId, reviewerId }))))));
  const decide = (assessorId: string, appealId: string, outcome: string, outcomeReason: string) =>
    answer(async () => reviewerAppealsAction(args(await requestAs(assessorId, `${BASE}/assessor/appeals`, post(formOf({ appealId, outcome, outcomeReason }))))));

  /** 王志明 assessed all three: 林怡君 competent, 陳冠宇 and 張雅婷 not yet (P3.1.2 = 1); results released. */
  async function releasedResults() {
    const built = await startedSession({ candidates: 3, assessors: 3, assessorsPerCandidate: 1 });
    const [wang] = built.assessors;
    const [linEnrollment, chenEnrollment, changEnrollment] = built.enrollments.map((e) => e.id);
    await scoreAndSignOff(wang!.id, linEnrollment!, () => 3);
    await scoreAndSignOff(wang!.id, chenEnrollment!, (code) => (code === "P3.1.2" ? 1 : 3));
    await scoreAndSignOff(wang!.id, changEnrollment!, (code) => (code === "P3.1.2" ? 1 : 3));
    await release(built.admin.id, built.session.id);
    return { ...built, linEnrollment: linEnrollment!, chenEnrollment: chenEnrollment!, changEnrollment: changEnrollment! };
  }

  const REASON = "評量當天改善方案已以紙本繳交，評量人員誤記為未繳交，請求複查 P3.1.2 的評分。";
  const OUTCOME_REASON = "經調閱評量當日錄影與繳交清單，改善方案未於評量時間內繳交，維持原評分。";

  it("takes an appeal from a not-yet-competent candidate within the period, and refuses the competent, the late and a second one", async () => {
    const { candidates, linEnrollment, chenEnrollment, changEnrollment, institution } = await releasedResults();
    const [lin, chen, chang] = candidates;

    // The not-yet-competent candidate is offered the form, with the deadline.
    const page = await resultPage(chen!.id, chenEnrollment);
    expect(page.status).toBe(200);
    expect(page.data.result.decision).toBe("not_yet_competent");
    expect(page.data.appeal).toMatchObject({ allowed: true, message: null, appeals: [] });
    expect(new Date(page.data.appeal.deadline).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600_000);

    const lodged = await lodge(chen!.id, chenEnrollment, REASON);
    expect(lodged).toMatchObject({ status: 200, data: { error: null } });
    const appeal = await db.appeal.findFirstOrThrow({ where: { enrollmentId: chenEnrollment } });
    expect(appeal).toMatchObject({ reason: REASON, reviewerId: null, outcome: null, outcomeReason: null, decidedAt: null });
    const lodgedEvents = await auditOf(chenEnrollment, "appeal.lodged");
    expect(lodgedEvents).toHaveLength(1);
    expect(lodgedEvents[0]).toMatchObject({ institutionId: institution.id, actorId: chen!.id, reason: REASON });
    expect(JSON.parse(lodgedEvents[0]!.afterJson!)).toEqual({ appealId: appeal.id });

    // Open: shown as such, and a second appeal is refused.
    const open = (await resultPage(chen!.id, chenEnrollment)).data.appeal;
    expect(open).toMatchObject({ allowed: false, message: "已有申訴正在處理中" });
    expect(open.appeals).toEqual([expect.objectContaining({ id: appeal.id, reason: REASON, outcome: null, outcomeReason: null })]);
    const second = await lodge(chen!.id, chenEnrollment, "再次申訴：請求重新評量全部工作任務的評分。");
    expect(second).toMatchObject({ status: 409, data: { error: "已有申訴正在處理中" } });
    expect(await db.appeal.count({ where: { enrollmentId: chenEnrollment } })).toBe(1);

    // Competent: nothing to appeal.
    const competent = await lodge(lin!.id, linEnrollment, "我認為 P1.1.1 應該評為優異，請求複查。");
    expect(competent).toMatchObject({ status: 409, data: { error: "評量結果為「具備職能」，無須申訴" } });
    expect((await resultPage(lin!.id, linEnrollment)).data.appeal).toMatchObject({ allowed: false, message: "評量結果為「具備職能」，無須申訴" });
    expect(await db.appeal.count({ where: { enrollmentId: linEnrollment } })).toBe(0);

    // Released long ago: the 14-day period is over.
    await db.enrollment.update({ where: { id: changEnrollment }, data: { releasedAt: new Date("2025-01-02T10:00:00+08:00") } });
    const late = await lodge(chang!.id, changEnrollment, REASON);
    expect(late).toMatchObject({ status: 409, data: { error: "已超過申訴期限" } });
    expect(await db.appeal.count({ where: { enrollmentId: changEnrollment } })).toBe(0);
    const latePage = (await resultPage(chang!.id, changEnrollment)).data.appeal;
    expect(latePage).toMatchObject({ allowed: false, message: "已超過申訴期限" });
    expect(new Date(latePage.deadline).toISOString()).toBe("2025-01-16T15:59:59.999Z"); // 2025-01-16 23:59:59.999 in Taipei

    // Nobody appeals someone else's result: it does not exist for them.
    expect((await lodge(lin!.id, chenEnrollment, REASON)).status).toBe(404);
    expect(await db.appeal.count({ where: { enrollmentId: chenEnrollment } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "appeal.lodged" } })).toBe(1);
  });

  it("takes a double-submitted appeal once", async () => {
    const { candidates, chenEnrollment } = await releasedResults();
    const chen = candidates[1]!;
    const results = await Promise.all([lodge(chen.id, chenEnrollment, REASON), lodge(chen.id, chenEnrollment, REASON)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.appeal.count({ where: { enrollmentId: chenEnrollment } })).toBe(1);
  });

  it("lets the admin assign only a reviewer who did not assess the candidate, and only that reviewer decide; the candidate sees the outcome", async () => {
    const { institution, admin, assessors, candidates, chenEnrollment } = await releasedResults();
    const [wang, lee, huang] = assessors;
    const chen = candidates[1]!;
    expect((await lodge(chen.id, chenEnrollment, REASON)).status).toBe(200);
    const appealId = (await db.appeal.findFirstOrThrow({ where: { enrollmentId: chenEnrollment } })).id;

    // The admin's list offers everyone but the original assessor.
    const list = await answer(async () => adminAppealsLoader(args(await requestAs(admin.id, `${BASE}/admin/appeals`))));
    expect(list.status).toBe(200);
    expect(list.data.appeals).toHaveLength(1);
    const listed = list.data.appeals[0];
    expect(listed).toMatchObject({ id: appealId, reason: REASON, reviewerId: null, outcome: null });
    expect(listed.eligibleReviewers.map((r: { displayName: string }) => r.displayName).sort()).toEqual(["李淑芬", "黃建國"].sort());

    // The original assessor, posted anyway: refused with a message, nothing changed.
    const auditBefore = await db.auditEvent.count({ where: { institutionId: institution.id } });
    const refused = await assignReviewer(admin.id, appealId, wang!.id);
    expect(refused.status).toBe(409);
    expect(refused.data).toEqual({ error: "王志明 曾評量這位受評者，不能擔任申訴審查人。", ok: null });
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).reviewerId).toBeNull();
    expect(await db.auditEvent.count({ where: { institutionId: institution.id } })).toBe(auditBefore);

    // Another institution's admin: no such appeal.
    const other = await createInstitution("高雄職能發展協會");
    const otherAdmin = await createUser({ institutionId: other.id, role: "admin" });
    expect((await assignReviewer(otherAdmin.id, appealId, lee!.id)).status).toBe(404);
    expect((await answer(async () => adminAppealsLoader(args(await requestAs(otherAdmin.id, `${BASE}/admin/appeals`))))).data.appeals).toEqual([]);

    // 黃建國 first, then reassigned to 李淑芬: 黃建國 may no longer decide.
    expect(await assignReviewer(admin.id, appealId, huang!.id)).toMatchObject({ status: 200, data: { ok: "已指派申訴審查人。", error: null } });
    expect(await assignReviewer(admin.id, appealId, lee!.id)).toMatchObject({ status: 200, data: { ok: "已指派申訴審查人。", error: null } });
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).reviewerId).toBe(lee!.id);

    // Only the reviewer sees it and decides it: anyone else, the original assessor included, gets 404.
    const reviewerList = async (user: { id: string }) => (await answer(async () => reviewerAppealsLoader(args(await requestAs(user.id, `${BASE}/assessor/appeals`))))).data.appeals;
    expect((await reviewerList(lee!)).map((a: { id: string }) => a.id)).toEqual([appealId]);
    expect(await reviewerList(huang!)).toEqual([]);
    expect(await reviewerList(wang!)).toEqual([]);
    expect((await decide(huang!.id, appealId, "upheld", "理由充分，改列達成。")).status).toBe(404);
    expect((await decide(wang!.id, appealId, "upheld", "理由充分，改列達成。")).status).toBe(404);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).outcome).toBeNull();
    // Reasons are required.
    expect((await decide(lee!.id, appealId, "dismissed", "")).status).toBe(400);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).outcome).toBeNull();

    const decided = await decide(lee!.id, appealId, "dismissed", OUTCOME_REASON);
    expect(decided).toMatchObject({ status: 200, data: { error: null } });
    const stored = await db.appeal.findUniqueOrThrow({ where: { id: appealId } });
    expect(stored).toMatchObject({ reviewerId: lee!.id, outcome: "dismissed", outcomeReason: OUTCOME_REASON });
    expect(stored.decidedAt).not.toBeNull();
    // Decided once: neither decided again nor reassigned.
    expect((await decide(lee!.id, appealId, "upheld", "改判申訴成立。")).status).toBe(404);
    expect(await assignReviewer(admin.id, appealId, huang!.id)).toMatchObject({ status: 409, data: { error: "這件申訴已有決定。" } });
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } }))).toEqual(stored);

    // The candidate reads the outcome and its reasons; no further appeal.
    const page = await resultPage(chen.id, chenEnrollment);
    expect(page.status).toBe(200);
    expect(page.data.appeal.allowed).toBe(false);
    expect(page.data.appeal.appeals).toEqual([expect.objectContaining({ id: appealId, reason: REASON, outcome: "dismissed", outcomeReason: OUTCOME_REASON })]);
    expect(new Date(page.data.appeal.appeals[0].decidedAt).getTime()).toBe(stored.decidedAt!.getTime());
    expect((await lodge(chen.id, chenEnrollment, REASON)).status).toBe(409);

    // The audit log: lodged by the candidate, assigned twice by the admin, decided by the reviewer.
    const trail = await db.auditEvent.findMany({ where: { entityType: "Enrollment", entityId: chenEnrollment, action: { startsWith: "appeal." } }, orderBy: { createdAt: "asc" } });
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ["appeal.lodged", chen.id],
      ["appeal.reviewer_assigned", admin.id],
      ["appeal.reviewer_assigned", admin.id],
      ["appeal.decided", lee!.id],
    ]);
    expect(trail.map((e) => JSON.parse(e.afterJson!).reviewerId)).toEqual([undefined, huang!.id, lee!.id, undefined]);
    expect(trail[3]).toMatchObject({ reason: OUTCOME_REASON });
    expect(JSON.parse(trail[3]!.afterJson!)).toEqual({ appealId, outcome: "dismissed" });

    // The admin's list shows the decision.
    const after = (await answer(async () => adminAppealsLoader(args(await requestAs(admin.id, `${BASE}/admin/appeals`))))).data.appeals[0];
    expect(after).toMatchObject({ outcome: "dismissed", outcomeReason: OUTCOME_REASON, reviewerName: "李淑芬" });
  });

  it("excludes both assessors of a double-scored candidate from reviewing", async () => {
    const { admin, assessors, candidates, enrollments } = await startedSession({ candidates: 1, assessors: 3, assessorsPerCandidate: 2 });
    const [wang, lee, huang] = assessors;
    const enrollmentId = enrollments[0]!.id;
    await recordEvidence(wang!.id, enrollmentId);
    for (const a of [wang!, lee!]) await scoreCriteria(a.id, enrollmentId, (code) => (code === "P3.1.2" ? 1 : 3));
    expect(await signOff({ assessorId: wang!.id, enrollmentId, note: null })).toEqual({ status: "signed_off" });
    const session = await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { sessionId: true } });
    await release(admin.id, session.sessionId);
    expect((await lodge(candidates[0]!.id, enrollmentId, REASON)).status).toBe(200);
    const appealId = (await db.appeal.findFirstOrThrow({ where: { enrollmentId } })).id;

    const listed = (await answer(async () => adminAppealsLoader(args(await requestAs(admin.id, `${BASE}/admin/appeals`))))).data.appeals[0];
    expect(listed.eligibleReviewers.map((r: { displayName: string }) => r.displayName)).toEqual(["黃建國"]);
    expect(await assignReviewer(admin.id, appealId, lee!.id)).toMatchObject({ status: 409, data: { error: "李淑芬 曾評量這位受評者，不能擔任申訴審查人。" } });
    expect((await assignReviewer(admin.id, appealId, huang!.id)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

describe("reassessment of the failed tasks", () => {
  it("re-enrols a not-yet-competent candidate into another session for the failed tasks only, linked to the first attempt", async () => {
    const { institution, admin, assessors, candidates, session, enrollments, versionId } = await startedSession({ candidates: 2 });
    const [wang] = assessors;
    const [lin, chen] = candidates;
    const [linEnrollment, chenEnrollment] = enrollments.map((e) => e.id);
    await scoreAndSignOff(wang!.id, linEnrollment!, () => 3);
    // 陳冠宇 falls short in T1.2 (P1.2.1) and T3.1 (P3.1.2).
    await scoreAndSignOff(wang!.id, chenEnrollment!, (code) => (code === "P3.1.2" ? 1 : code === "P1.2.1" ? 2 : 3));
    const scope = { institutionId: institution.id, actorId: admin.id };
    const retake = await scheduledSession(scope, versionId, "115 年度第 2 梯次 社群媒體經營人員職能評量（補考）");
    const url = `${BASE}/admin/sessions/${session.id}`;
    const reassess = (enrollmentId: string, targetSessionId: string) =>
      answer(async () => adminSessionAction(args(await requestAs(admin.id, url, post(formOf({ intent: "reassess", enrollmentId, targetSessionId }))), { sessionId: session.id })));

    await release(admin.id, session.id);

    // Competent: refused with a message, nothing created.
    const competent = await reassess(linEnrollment!, retake.id);
    expect(competent).toMatchObject({ status: 409, data: { ok: false, errors: ["只有已公布且「尚未達成」的結果可以安排重新評量。"] } });
    expect(await db.enrollment.count({ where: { sessionId: retake.id } })).toBe(0);
    void lin;

    // Not the same session.
    expect(await reassess(chenEnrollment!, session.id)).toMatchObject({ status: 409, data: { ok: false, errors: ["請選擇另一個場次進行重新評量。"] } });

    const enrolled = await reassess(chenEnrollment!, retake.id);
    expect(enrolled).toMatchObject({ status: 200, data: { ok: true, message: "已安排重新評量（只評未達成的工作任務），並連結到這次的結果。" } });
    const second = await db.enrollment.findFirstOrThrow({ where: { sessionId: retake.id } });
    expect(second).toMatchObject({ candidateId: chen!.id, previousEnrollmentId: chenEnrollment, signedOffAt: null, releasedAt: null });
    expect(JSON.parse(second.taskCodesJson!)).toEqual(["T1.2", "T3.1"]);
    const audit = await auditOf(second.id, "enrollment.reassessment");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id });
    expect(JSON.parse(audit[0]!.afterJson!)).toEqual({ previousEnrollmentId: chenEnrollment, tasks: ["T1.2", "T3.1"] });

    // Once is enough.
    expect(await reassess(chenEnrollment!, retake.id)).toMatchObject({ status: 409, data: { ok: false, errors: ["這位受評者已報名目標場次。"] } });
    expect(await db.enrollment.count({ where: { sessionId: retake.id } })).toBe(1);

    // The assessor of the retake sees only those tasks and their criteria.
    expect(await assignAssessor({ ...scope, enrollmentId: second.id, assessorId: wang!.id, conflict: null })).toEqual({ status: "assigned" });
    await startScheduled(scope, retake.id);
    const page = await answer(async () => workspaceLoader(args(await requestAs(wang!.id, `${BASE}/assessor/enrollments/${second.id}`), { enrollmentId: second.id })));
    expect(page.status).toBe(200);
    expect(page.data.scope.tasks.map((t: { code: string }) => t.code)).toEqual(["T1.2", "T3.1"]);
    expect(page.data.scope.criteria.map((c: { code: string }) => c.code)).toEqual(["P1.2.1", "P1.2.2", "P3.1.1", "P3.1.2"]);
    expect(new Set(page.data.scope.criteria.map((c: { taskCode: string }) => c.taskCode))).toEqual(new Set(["T1.2", "T3.1"]));

    // Scoring those four criteria is the whole reassessment: it decides competent.
    await recordEvidence(wang!.id, second.id);
    await scoreCriteria(wang!.id, second.id, () => 3);
    const scored = await workspace(wang!.id, second.id);
    expect(scored.result.decision.decision).toBe("competent");
    expect(scored.result.decision.total).toEqual({ earned: 12, max: 16, percent: 75 });

    // The retake session's admin page links it to the first attempt.
    const retakePage = await answer(async () => adminSessionLoader(args(await requestAs(admin.id, `${BASE}/admin/sessions/${retake.id}`), { sessionId: retake.id })));
    expect(retakePage.data.session.enrollments).toEqual([expect.objectContaining({ id: second.id, previousEnrollmentId: chenEnrollment, taskCodesJson: JSON.stringify(["T1.2", "T3.1"]) })]);
  });

  it("does not re-enrol a result that is not released yet", async () => {
    const { institution, admin, assessors, session, enrollments, versionId } = await startedSession();
    const enrollmentId = enrollments[0]!.id;
    await scoreAndSignOff(assessors[0]!.id, enrollmentId, (code) => (code === "P3.1.2" ? 1 : 3));
    const retake = await scheduledSession({ institutionId: institution.id, actorId: admin.id }, versionId, "補考場次");
    const result = await answer(async () =>
      adminSessionAction(args(await requestAs(admin.id, `${BASE}/admin/sessions/${session.id}`, post(formOf({ intent: "reassess", enrollmentId, targetSessionId: retake.id }))), { sessionId: session.id })),
    );
    expect([404, 409]).toContain(result.status);
    expect(await db.enrollment.count({ where: { sessionId: retake.id } })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe("agreement between two assessors", () => {
  it("gives the percent agreement and Cohen's κ per candidate and pooled over the session", async () => {
    const { admin, institution, assessors, session, enrollments } = await startedSession({ candidates: 3, assessors: 2, assessorsPerCandidate: 2 });
    const [wang, lee] = assessors;
    const [first, second, third] = enrollments.map((e) => e.id);

    // 林怡君, 17 criteria in rubric order:
    const wangLin = [4, 3, 3, 3, 4, 3, 3, 2, 3, 3, 3, 3, 3, 4, 3, 3, 3];
    const leeLin = [4, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3, 4, 3, 3, 4];
    // Agree on 14 (differ at positions 4, 5 and 17):   p_o = 14/17 = 82.4 %
    // 王志明: 4 ×3, 3 ×13, 2 ×1;  李淑芬: 4 ×3, 3 ×12, 2 ×2
    //   p_e = (3·3 + 13·12 + 1·2) / 17² = 167/289
    //   κ   = (14/17 − 167/289) / (1 − 167/289) = (238 − 167) / (289 − 167) = 71/122 ≈ 0.582
    await scoreCriteria(wang!.id, first!, (_c, i) => wangLin[i]!);
    await scoreCriteria(lee!.id, first!, (_c, i) => leeLin[i]!);

    // 陳冠宇: 王志明 all 3; 李淑芬 all 3 but a 2 at position 6.
    //   p_o = 16/17 = 94.1 %;  p_e = (17·16) / 17² = 16/17;  κ = (16/17 − 16/17) / (1/17) = 0
    //   (high agreement, nothing beyond what chance gives when nearly everything is a 3)
    await scoreCriteria(wang!.id, second!, () => 3);
    await scoreCriteria(lee!.id, second!, (_c, i) => (i === 5 ? 2 : 3));

    // 張雅婷: 李淑芬 has scored only 8 criteria, so she is compared with nobody yet.
    await scoreCriteria(wang!.id, third!, () => 3);
    await scoreCriteria(lee!.id, third!, (_c, i) => (i < 8 ? 2 : null));

    // Pooled over the 34 compared pairs: agree on 30, p_o = 30/34 = 88.2 %
    // 王志明: 4 ×3, 3 ×30, 2 ×1;  李淑芬: 4 ×3, 3 ×28, 2 ×3
    //   p_e = (3·3 + 30·28 + 1·3) / 34² = 852/1156
    //   κ   = (1020 − 852) / (1156 − 852) = 168/304 = 21/38 ≈ 0.553 (中度一致, 0.41–0.60)
    const results = await getSessionResults({ institutionId: institution.id, sessionId: session.id });
    const row = (id: string) => results.rows.find((r) => r.enrollmentId === id)!;
    expect(row(first!).agreement).toEqual({ percent: 82.4, kappa: expect.closeTo(71 / 122, 10), compared: 17 });
    expect(row(second!).agreement).toEqual({ percent: 94.1, kappa: expect.closeTo(0, 10), compared: 17 });
    expect(row(third!).agreement).toBeNull();
    expect(results.pooled).toEqual({ percent: 88.2, kappa: expect.closeTo(21 / 38, 10), compared: 34, label: "中度一致" });

    // The same figures on the admin's session page.
    const page = await answer(async () => adminSessionLoader(args(await requestAs(admin.id, `${BASE}/admin/sessions/${session.id}`), { sessionId: session.id })));
    expect(page.status).toBe(200);
    expect(page.data.results).toEqual(results);
  });
});
