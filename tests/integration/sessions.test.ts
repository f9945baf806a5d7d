import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createNextDraft, getVersionContent } from "~/models/assessment.server";
import { addEvidence, getAssessorWorkspace, resolveDisagreement, saveScores, signOff } from "~/models/scoring.server";
import { loader as rootLoader } from "~/root";
import { loader as adminSessionLoader, action as adminSessionAction } from "~/routes/admin.sessions.$sessionId";
import { loader as assessorSessionLoader } from "~/routes/assessor.sessions.$sessionId";
import { loader as workspaceLoader, action as workspaceAction } from "~/routes/assessor.enrollments.$enrollmentId/route";
import { action as uploadAction } from "~/routes/assessor.enrollments.$enrollmentId.evidence";
import { loader as evidenceFileLoader } from "~/routes/evidence.$evidenceId.file";
import { loader as candidateResultLoader } from "~/routes/me.results.$enrollmentId";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, requestAs } from "../support/factories";
import { BASE, args, answer, formOf, startedSession, workspace, recordEvidence, scoreCriteria } from "../support/session-scenario";

/*
 * A session on the published KMC2431-009v2 社群媒體經營人員 assessment (17 criteria in 7 tasks, four-level
 * scale, every criterion critical: competent needs 3 or more everywhere), built through the models the
 * way an institution would: schedule, enrol, assign, calibrate, confirm the checklist, start; then
 * evidence, scores, moderation, sign-off and release, as the assessors and the admin would do them.
 */

const MIB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Session-specific helpers

async function criterionId(assessorId: string, enrollmentId: string, code: string) {
  return (await workspace(assessorId, enrollmentId)).result.scope.criteria.find((c) => c.code === code)!.id;
}

async function storedLevel(enrollmentId: string, assessorId: string, code: string) {
  return (await db.score.findFirst({ where: { enrollmentId, assessorId, criterionCode: code }, select: { level: true } }))?.level ?? null;
}

/** Every file under DATA_DIR/evidence, temp files included. */
function storedEvidenceFiles(): string[] {
  const root = path.join(process.env.DATA_DIR!, "evidence");
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile()).sort();
}

const PLAN_PDF = Buffer.from(
  "%PDF-1.4\n% 經營社群媒體企畫書：受評者林怡君於模擬職場繳交\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
  "utf8",
);

async function uploadPlan(userId: string, enrollmentId: string, criterionIds: string[]) {
  const form = formOf({ taskCode: "T1.1", title: "經營社群媒體企畫書（受評者繳交）", workProductId: "wp-T1.1-O1.1.1", criterionId: criterionIds });
  form.append("file", new File([PLAN_PDF], "經營社群媒體企畫書.pdf", { type: "application/pdf" }));
  const url = `${BASE}/assessor/enrollments/${enrollmentId}/evidence`;
  return answer(async () => uploadAction(args(await requestAs(userId, url, { method: "POST", body: form }), { enrollmentId })));
}

// ---------------------------------------------------------------------------------------------

describe("who may open a session, a candidate's workspace and the evidence", () => {
  it("answers 404 to an unassigned assessor, another institution's admin and the candidate; the assigned assessor gets the page and the exact file", async () => {
    const { admin, assessors, candidates, session, enrollments } = await startedSession({ assessors: 2, assessorsPerCandidate: 1 });
    const [assigned, unassigned] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const t11 = (await workspace(assigned.id, enrollmentId)).result.scope.criteria.filter((c) => c.taskCode === "T1.1").map((c) => c.id);
    const sessionUrl = `${BASE}/assessor/sessions/${session.id}`;
    const workspaceUrl = `${BASE}/assessor/enrollments/${enrollmentId}`;

    // The assigned assessor: the session page, the workspace, an upload, and the file back, byte for byte.
    const page = await answer(async () => assessorSessionLoader(args(await requestAs(assigned.id, sessionUrl), { sessionId: session.id })));
    expect(page.status).toBe(200);
    expect(page.data.session.enrollments.map((e: { candidate: { displayName: string } }) => e.candidate.displayName)).toEqual(["林怡君"]);
    // This version links no knowledge exam: no marking links on the list.
    expect(page.data.session.hasExam).toBe(false);
    expect((await answer(async () => workspaceLoader(args(await requestAs(assigned.id, workspaceUrl), { enrollmentId })))).status).toBe(200);
    const uploaded = await uploadPlan(assigned.id, enrollmentId, t11);
    expect(uploaded.status).toBe(302);
    // Back to the workspace with the task's evidence forms open, at the new item.
    expect(uploaded.response!.headers.get("Location")).toMatch(new RegExp(`^/assessor/enrollments/${enrollmentId}\\?task=T1\\.1#evidence-`));
    const evidenceId = uploaded.response!.headers.get("Location")!.split("#evidence-")[1]!;
    const row = await db.evidence.findUniqueOrThrow({ where: { id: evidenceId } });
    const sha256 = crypto.createHash("sha256").update(PLAN_PDF).digest("hex");
    expect(row).toMatchObject({ kind: "file", fileName: "經營社群媒體企畫書.pdf", mimeType: "application/pdf", sizeBytes: PLAN_PDF.length, sha256, createdById: assigned.id });
    const fileUrl = `${BASE}/evidence/${evidenceId}/file`;
    const download = await answer(async () => evidenceFileLoader(args(await requestAs(assigned.id, fileUrl), { evidenceId })));
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.response!.arrayBuffer());
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(sha256);
    expect(download.response!.headers.get("X-Content-SHA256")).toBe(sha256);
    expect(download.response!.headers.get("Content-Disposition")).toContain(encodeURIComponent("經營社群媒體企畫書.pdf"));

    // An assessor of the same institution who is not assigned: nothing, as if it did not exist.
    expect((await answer(async () => assessorSessionLoader(args(await requestAs(unassigned.id, sessionUrl), { sessionId: session.id })))).status).toBe(404);
    expect((await answer(async () => workspaceLoader(args(await requestAs(unassigned.id, workspaceUrl), { enrollmentId })))).status).toBe(404);
    const note = formOf({ intent: "evidence", kind: "observation", taskCode: "T1.1", title: "代為記錄", body: "未指派的評量人員嘗試新增觀察紀錄", criterionId: t11 });
    expect((await answer(async () => workspaceAction(args(await requestAs(unassigned.id, workspaceUrl, { method: "POST", body: note }), { enrollmentId })))).status).toBe(404);
    const filesBefore = storedEvidenceFiles();
    expect((await uploadPlan(unassigned.id, enrollmentId, t11)).status).toBe(404);
    expect(await db.evidence.count({ where: { enrollmentId } })).toBe(1);
    expect(storedEvidenceFiles()).toEqual(filesBefore);
    expect((await answer(async () => evidenceFileLoader(args(await requestAs(unassigned.id, fileUrl), { evidenceId })))).status).toBe(404);

    // The institution's own admin sees both; another institution's admin sees neither.
    const adminUrl = `${BASE}/admin/sessions/${session.id}`;
    expect((await answer(async () => adminSessionLoader(args(await requestAs(admin.id, adminUrl), { sessionId: session.id })))).status).toBe(200);
    expect((await answer(async () => evidenceFileLoader(args(await requestAs(admin.id, fileUrl), { evidenceId })))).status).toBe(200);
    const otherInstitution = await createInstitution("高雄職能發展協會");
    const otherAdmin = await createUser({ institutionId: otherInstitution.id, role: "admin" });
    expect((await answer(async () => adminSessionLoader(args(await requestAs(otherAdmin.id, adminUrl), { sessionId: session.id })))).status).toBe(404);
    expect((await answer(async () => evidenceFileLoader(args(await requestAs(otherAdmin.id, fileUrl), { evidenceId })))).status).toBe(404);

    // The candidate never downloads evidence, not even about themselves.
    expect((await answer(async () => evidenceFileLoader(args(await requestAs(candidates[0]!.id, fileUrl), { evidenceId })))).status).toBe(404);
  });
});

/*
 * The limit is the real default (UPLOAD_LIMIT_MB = 50): getEnv() caches process.env on first use and
 * ~/utils/db.server calls it on import, so a test cannot lower it afterwards. The body is generated as
 * the parser pulls it, one MB at a time, so the test never holds 50 MB in memory.
 */
describe("evidence upload size limit", () => {
  const BOUNDARY = "----icap-evidence-boundary-7f3a9c";
  // An MP4 head (ftyp isom) so the content check passes and the file really starts streaming to disk.
  const MP4_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from("ftypisom", "latin1"), Buffer.alloc(20)]);

  /** A multipart body with a file of `fileBytes` bytes, generated chunk by chunk as the reader pulls. */
  function recordingUpload(fileBytes: number, criterionIds: string[]) {
    const fields = { taskCode: "T2.1", title: "實作過程錄影（發文策略簡報）" };
    let preamble = "";
    for (const [name, value] of [...Object.entries(fields), ...criterionIds.map((id) => ["criterionId", id] as const)]) {
      preamble += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    }
    preamble += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="recording.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
    const head = Buffer.concat([Buffer.from(preamble, "utf8"), MP4_HEAD]);
    const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`, "utf8");
    const totalBytes = head.length + (fileBytes - MP4_HEAD.length) + tail.length;
    const CHUNK = MIB;
    let remaining = fileBytes - MP4_HEAD.length;
    let pulled = 0;
    let stage: "head" | "file" | "tail" | "done" = "head";
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        let chunk: Uint8Array;
        if (stage === "head") {
          chunk = head;
          stage = "file";
        } else if (stage === "file") {
          const size = Math.min(CHUNK, remaining);
          chunk = new Uint8Array(size).fill(0x2e);
          remaining -= size;
          if (remaining === 0) stage = "tail";
        } else if (stage === "tail") {
          chunk = tail;
          stage = "done";
        } else {
          controller.close();
          return;
        }
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { body, totalBytes, pulled: () => pulled };
  }

  it("answers 413 with a message in Chinese to a file just over 50 MB sent without a length, and keeps nothing", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const t21 = (await workspace(assessor.id, enrollmentId)).result.scope.criteria.filter((c) => c.taskCode === "T2.1").map((c) => c.id);
    const filesBefore = storedEvidenceFiles();

    const upload = recordingUpload(50 * MIB + 1, t21);
    const request = await requestAs(assessor.id, `${BASE}/assessor/enrollments/${enrollmentId}/evidence`, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
      body: upload.body,
      duplex: "half",
    } as RequestInit);
    const result = await answer(() => uploadAction(args(request, { enrollmentId })));

    expect(result.status).toBe(413);
    expect(result.data).toEqual({ error: "檔案超過大小上限 50 MB" });
    // The default limit was really reached while streaming: more than 50 MB of the body was read.
    expect(upload.pulled()).toBeGreaterThan(50 * MIB);
    expect(await db.evidence.count({ where: { enrollmentId } })).toBe(0);
    expect(storedEvidenceFiles()).toEqual(filesBefore);
  });

  it("answers 413 before reading the body when the announced length is over the limit", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const filesBefore = storedEvidenceFiles();
    const upload = recordingUpload(52 * MIB, []);
    const request = await requestAs(assessor.id, `${BASE}/assessor/enrollments/${enrollmentId}/evidence`, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`, "Content-Length": String(upload.totalBytes) },
      body: upload.body,
      duplex: "half",
    } as RequestInit);
    const result = await answer(() => uploadAction(args(request, { enrollmentId })));
    expect(result.status).toBe(413);
    expect(result.data).toEqual({ error: "檔案超過大小上限 50 MB" });
    expect(upload.pulled()).toBeLessThan(MIB);
    expect(await db.evidence.count({ where: { enrollmentId } })).toBe(0);
    expect(storedEvidenceFiles()).toEqual(filesBefore);
  });
});

describe("scores", () => {
  it("refuses a save from a second device loaded at the same sheet version instead of overwriting the first", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const p111 = await criterionId(assessor.id, enrollmentId, "P1.1.1");
    // Both devices open the workspace: the same sheet version.
    const url = `${BASE}/assessor/enrollments/${enrollmentId}`;
    const tablet = await answer(async () => workspaceLoader(args(await requestAs(assessor.id, url), { enrollmentId })));
    const laptop = await answer(async () => workspaceLoader(args(await requestAs(assessor.id, url), { enrollmentId })));
    expect(laptop.data.revision).toBe(tablet.data.revision);

    const first = await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: tablet.data.revision, scores: [{ criterionId: p111, level: 3, comment: "能依品牌策略說明平台選擇" }], faults: null, reason: null });
    expect(first).toEqual({ status: "saved", revision: tablet.data.revision + 1, changed: 1 });
    const second = await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: laptop.data.revision, scores: [{ criterionId: p111, level: 2, comment: "" }], faults: null, reason: null });
    expect(second.status).toBe("conflict");
    expect(await storedLevel(enrollmentId, assessor.id, "P1.1.1")).toBe(3);
    expect(await db.auditEvent.count({ where: { entityId: enrollmentId, action: "score.changed" } })).toBe(1);

    // What the laptop's user is told when they press save again without reloading.
    const form = formOf({ intent: "scores", revision: String(laptop.data.revision), criterionId: p111, [`level:${p111}`]: "2", [`comment:${p111}`]: "" });
    const retry = await answer(async () => workspaceAction(args(await requestAs(assessor.id, url, { method: "POST", body: form }), { enrollmentId })));
    expect(retry.status).toBe(409);
    expect(retry.data.errors[0]).toMatch(/^儲存失敗：.*為避免覆蓋，這次的修改沒有儲存/);
    expect(await storedLevel(enrollmentId, assessor.id, "P1.1.1")).toBe(3);
  });

  // The form sends the levels it showed (baseline): a conflict names what changed since then.
  it("tells the second device which criteria changed since it loaded the sheet", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const p111 = await criterionId(assessor.id, enrollmentId, "P1.1.1");
    const loaded = (await workspace(assessor.id, enrollmentId)).assignment.revision;
    const baseline = { [p111]: null };
    await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: loaded, baseline, scores: [{ criterionId: p111, level: 3, comment: "" }], faults: null, reason: null });
    const second = await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: loaded, baseline, scores: [{ criterionId: p111, level: 2, comment: "" }], faults: null, reason: null });
    expect(second.status).toBe("conflict");
    if (second.status === "conflict") expect(second.changedSince).toEqual([expect.objectContaining({ criterionId: p111, code: "P1.1.1", now: 3 })]);
  });

  it("lets exactly one of two simultaneous saves win", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const p111 = await criterionId(assessor.id, enrollmentId, "P1.1.1");
    const loaded = (await workspace(assessor.id, enrollmentId)).assignment.revision;
    const save = (level: number) => saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: loaded, scores: [{ criterionId: p111, level, comment: "" }], faults: null, reason: null });
    const results = await Promise.all([save(4), save(2)]);
    expect(results.map((r) => r.status).sort()).toEqual(["conflict", "saved"]);
    const winner = results[0]!.status === "saved" ? 4 : 2;
    expect(await storedLevel(enrollmentId, assessor.id, "P1.1.1")).toBe(winner);
    expect(await db.auditEvent.count({ where: { entityId: enrollmentId, action: "score.changed" } })).toBe(1);
  });

  it("after sign-off requires a reason for a change, and keeps it in an append-only audit log", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    await recordEvidence(assessor.id, enrollmentId);
    await scoreCriteria(assessor.id, enrollmentId, () => 3, () => "依情境完成工作");
    expect(await signOff({ assessorId: assessor.id, enrollmentId, note: null })).toEqual({ status: "signed_off" });
    const p111 = await criterionId(assessor.id, enrollmentId, "P1.1.1");
    const revision = (await workspace(assessor.id, enrollmentId)).assignment.revision;
    const change = { criterionId: p111, level: 4, comment: "能比較替代平台並說明取捨" };

    expect(await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: revision, scores: [change], faults: null, reason: null })).toEqual({ status: "reason_required" });
    expect(await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: revision, scores: [], faults: ["fault-authenticity"], reason: null })).toEqual({ status: "reason_required" });
    expect(await storedLevel(enrollmentId, assessor.id, "P1.1.1")).toBe(3);
    expect((await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).observedFaultsJson).toBe("[]");
    expect((await workspace(assessor.id, enrollmentId)).assignment.revision).toBe(revision);
    expect(await db.auditEvent.count({ where: { entityId: enrollmentId, action: "score.changed_after_signoff" } })).toBe(0);

    const reason = "複查實作錄影後，確認受評者能比較替代平台並說明取捨，改列優異。";
    expect(await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: revision, scores: [change], faults: null, reason })).toMatchObject({ status: "saved", changed: 1 });
    expect(await storedLevel(enrollmentId, assessor.id, "P1.1.1")).toBe(4);
    const events = await db.auditEvent.findMany({ where: { entityType: "Enrollment", entityId: enrollmentId, action: "score.changed_after_signoff" } });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.actorId).toBe(assessor.id);
    expect(event.reason).toBe(reason);
    expect(JSON.parse(event.beforeJson!)).toMatchObject({ criterion: "P1.1.1", level: 3, comment: "依情境完成工作" });
    expect(JSON.parse(event.afterJson!)).toMatchObject({ criterion: "P1.1.1", level: 4, comment: "能比較替代平台並說明取捨" });

    // Append-only at the database: neither the app nor a careless script can rewrite or remove it.
    // (The driver adapter reports the trigger's RAISE(ABORT) as a constraint violation, hence no message check.)
    const logged = await db.auditEvent.count({ where: { entityId: enrollmentId } });
    await expect(db.auditEvent.update({ where: { id: event.id }, data: { reason: "改寫理由" } })).rejects.toThrow();
    await expect(db.auditEvent.updateMany({ where: { entityId: enrollmentId }, data: { afterJson: null } })).rejects.toThrow();
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "reason" = '改寫理由' WHERE "id" = ${event.id}`).rejects.toThrow();
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow();
    await expect(db.auditEvent.deleteMany({ where: { entityId: enrollmentId } })).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${event.id}`).rejects.toThrow();
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
    expect(await db.auditEvent.count({ where: { entityId: enrollmentId } })).toBe(logged);
  });
});

describe("blind double scoring and moderation", () => {
  it("hides the other assessor's levels until both have scored everything, then blocks sign-off until every difference is moderated", async () => {
    const { assessors, enrollments } = await startedSession({ assessors: 2, assessorsPerCandidate: 2 });
    const [wang, lee] = assessors;
    const enrollmentId = enrollments[0]!.id;
    await recordEvidence(wang.id, enrollmentId);
    const url = `${BASE}/assessor/enrollments/${enrollmentId}`;
    const view = async (user: { id: string }) => (await answer(async () => workspaceLoader(args(await requestAs(user.id, url), { enrollmentId })))).data;
    // 李淑芬 differs from 王志明 on three criteria.
    const wangLevel = () => 3;
    const leeLevel = (code: string) => ({ "P1.1.1": 2, "P2.1.2": 4, "P3.3.2": 2 })[code] ?? 3;
    const leeComment = "李淑芬：受評者說明數據依據時需多次提示";

    await scoreCriteria(wang.id, enrollmentId, (_code, i) => (i < 8 ? wangLevel() : null));
    await scoreCriteria(lee.id, enrollmentId, leeLevel, () => leeComment);
    const wangView = await view(wang);
    expect(Object.keys(wangView.myScores)).toHaveLength(8);
    expect(Object.values(wangView.myScores)).toEqual(Array(8).fill({ level: 3, comment: "" }));
    expect(wangView.disagreements).toEqual([]);
    expect(JSON.stringify(wangView)).not.toContain(leeComment);
    const early = await signOff({ assessorId: lee.id, enrollmentId, note: null });
    expect(early.status).toBe("blocked");
    if (early.status === "blocked") expect(early.problems).toContain("尚有評量人員未完成每一項規準的評分。");

    await scoreCriteria(wang.id, enrollmentId, wangLevel);
    const both = await view(wang);
    expect(both.disagreements.map((d: { code: string; mine: number; theirs: number }) => [d.code, d.mine, d.theirs])).toEqual([
      ["P1.1.1", 3, 2],
      ["P2.1.2", 3, 4],
      ["P3.3.2", 3, 2],
    ]);
    expect((await view(lee)).disagreements.map((d: { code: string; mine: number; theirs: number }) => [d.code, d.mine, d.theirs])).toEqual([
      ["P1.1.1", 2, 3],
      ["P2.1.2", 4, 3],
      ["P3.3.2", 2, 3],
    ]);
    expect(both.decision.decision).toBe("incomplete");
    expect(await signOff({ assessorId: wang.id, enrollmentId, note: null })).toEqual({ status: "blocked", problems: ["有 3 項規準兩位評量人員的評分不同，須先協調。"] });

    // Nothing to moderate where they agree.
    const agreed = await criterionId(wang.id, enrollmentId, "P1.1.2");
    expect((await resolveDisagreement({ assessorId: wang.id, enrollmentId, criterionId: agreed, level: 3, reason: "確認" })).status).toBe("invalid");

    const moderation = [
      { code: "P1.1.1", level: 3, reason: "對照企畫書：平台選擇有依據，但未比較替代方案，採「達成」。" },
      { code: "P2.1.2", level: 4, reason: "發文素材具創意並能搭配時事，兩人同意採「優異」。" },
    ];
    for (const m of moderation) {
      const id = await criterionId(wang.id, enrollmentId, m.code);
      expect(await resolveDisagreement({ assessorId: wang.id, enrollmentId, criterionId: id, level: m.level, reason: m.reason })).toEqual({ status: "resolved" });
    }
    expect(await signOff({ assessorId: wang.id, enrollmentId, note: null })).toEqual({ status: "blocked", problems: ["有 1 項規準兩位評量人員的評分不同，須先協調。"] });
    const last = await criterionId(lee.id, enrollmentId, "P3.3.2");
    expect(await resolveDisagreement({ assessorId: lee.id, enrollmentId, criterionId: last, level: 3, reason: "成效報告書有關鍵指標分析，採「達成」。" })).toEqual({ status: "resolved" });
    expect(await signOff({ assessorId: wang.id, enrollmentId, note: null })).toEqual({ status: "signed_off" });

    const signed = await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } });
    expect(signed.signedOffById).toBe(wang.id);
    expect(await db.scoreResolution.count({ where: { enrollmentId } })).toBe(3);
    expect(await db.auditEvent.count({ where: { entityId: enrollmentId, action: "score.moderated" } })).toBe(3);
    const final = await workspace(wang.id, enrollmentId);
    expect(final.result.decision.decision).toBe("competent");
    expect(final.result.decision.total).toEqual({ earned: 52, max: 68, percent: 76.5 }); // 16 × 3 + one 優異 (4)
  });

  // Blind scoring: until both assessors finish, nothing on one's page may depend on the other's levels.
  it("shows an assessor the same page whatever the other assessor has chosen, until both are complete", async () => {
    const { assessors, enrollments } = await startedSession({ assessors: 2, assessorsPerCandidate: 2 });
    const [wang, lee] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const url = `${BASE}/assessor/enrollments/${enrollmentId}`;
    const view = async () => {
      const { progress, ...rest } = (await answer(async () => workspaceLoader(args(await requestAs(wang.id, url), { enrollmentId })))).data;
      // How many scores exist and who has finished is progress, not a level; nothing else may move.
      return { ...rest, progress: { ...progress, scores: undefined, assessorsComplete: undefined } };
    };
    await scoreCriteria(wang.id, enrollmentId, (_code, i) => (i < 8 ? 3 : null));
    const before = await view();
    await scoreCriteria(lee.id, enrollmentId, (code) => (code === "P1.1.1" || code === "P1.2.1" ? 2 : 3));
    expect(await view()).toEqual(before);
  });
});

describe("decision and results", () => {
  it("derives competent and not yet competent from the levels, and shows candidates only their own released result", async () => {
    const { admin, assessors, candidates, session, enrollments } = await startedSession({ candidates: 2 });
    const [assessor] = assessors;
    const [lin, chen] = candidates;
    const [linEnrollment, chenEnrollment] = enrollments.map((e) => e.id);
    const linLevels = [4, 3, 3, 3, 4, 3, 3, 3, 4, 3, 3, 3, 3, 4, 3, 3, 3];
    for (const id of [linEnrollment, chenEnrollment]) await recordEvidence(assessor.id, id!);
    await scoreCriteria(assessor.id, linEnrollment!, (_code, i) => linLevels[i]!);
    await scoreCriteria(assessor.id, chenEnrollment!, (code) => (code === "P3.1.2" ? 1 : 3));
    for (const id of [linEnrollment, chenEnrollment]) expect(await signOff({ assessorId: assessor.id, enrollmentId: id!, note: null })).toEqual({ status: "signed_off" });

    const result = (user: { id: string }, enrollmentId: string) =>
      answer(async () => candidateResultLoader(args(await requestAs(user.id, `${BASE}/me/results/${enrollmentId}`), { enrollmentId })));

    // Signed off but not released: the candidate learns that and nothing else.
    const early = await result(lin, linEnrollment!);
    expect(early.status).toBe(200);
    expect(early.data.result).toBeNull();
    expect(early.data.enrollment.releasedAt).toBeNull();
    expect(JSON.stringify(early.data)).not.toMatch(/competent|level|score|decision|total/i);

    const release = await answer(async () =>
      adminSessionAction(args(await requestAs(admin.id, `${BASE}/admin/sessions/${session.id}`, { method: "POST", body: formOf({ intent: "release" }) }), { sessionId: session.id })),
    );
    expect(release).toMatchObject({ status: 200, data: { ok: true, message: "已公布 2 位受評者的結果。" } });

    const linResult = (await result(lin, linEnrollment!)).data.result;
    expect(linResult.decision).toBe("competent");
    expect(linResult.total).toEqual({ earned: 55, max: 68, percent: 80.9 }); // 55 / 68 = 80.88 %
    expect(linResult.reasons).toEqual([]);

    const chenResult = (await result(chen, chenEnrollment!)).data.result;
    expect(chenResult.decision).toBe("not_yet_competent");
    expect(chenResult.reasons).toEqual(["評量規準 P3.1.2 需達 3 分，實得 1 分", "評量規準 P3.1.2 需達 2 分，實得 1 分"]);
    expect(chenResult.tasks.filter((t: { status: string }) => t.status !== "competent").map((t: { code: string }) => t.code)).toEqual(["T3.1"]);

    // Another candidate's result does not exist for 林怡君.
    expect((await result(lin, chenEnrollment!)).status).toBe(404);

    // Nobody types the decision: a level changed after sign-off (with a reason) changes it.
    const p312 = await criterionId(assessor.id, chenEnrollment!, "P3.1.2");
    const revision = (await workspace(assessor.id, chenEnrollment!)).assignment.revision;
    const regraded = await saveScores({ assessorId: assessor.id, enrollmentId: chenEnrollment!, baseRevision: revision, scores: [{ criterionId: p312, level: 3, comment: "" }], faults: null, reason: "申訴複查：改善方案已於評量時繳交，誤記為未繳交。" });
    expect(regraded.status).toBe("saved");
    expect((await result(chen, chenEnrollment!)).data.result.decision).toBe("competent");
  });

  it("asks for a note to sign off with insufficient evidence, and keeps the note", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    await recordEvidence(assessor.id, enrollmentId, { onlyTask: "T1.1" });
    await scoreCriteria(assessor.id, enrollmentId, () => 3);

    expect(await signOff({ assessorId: assessor.id, enrollmentId, note: null })).toEqual({
      status: "note_required",
      problems: ["佐證尚不充分（T1.2、T2.1、T2.2、T3.1、T3.2、T3.3）：請補充佐證，或寫明簽核理由。"],
    });
    expect((await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).signedOffAt).toBeNull();

    const url = `${BASE}/assessor/enrollments/${enrollmentId}`;
    const note = "T1.2 以後的工作產出於評量現場以紙本呈現並已當場檢視，掃描檔將於三日內補上傳。";
    const signed = await answer(async () => workspaceAction(args(await requestAs(assessor.id, url, { method: "POST", body: formOf({ intent: "sign-off", note }) }), { enrollmentId })));
    expect(signed).toMatchObject({ status: 302 });
    expect(signed.response!.headers.get("Location")).toBe(`/assessor/enrollments/${enrollmentId}?signedOff=1`);
    const enrollment = await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } });
    expect(enrollment.signedOffAt).not.toBeNull();
    expect(enrollment.signOffNote).toBe(note);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: enrollmentId, action: "enrollment.signed_off" } });
    expect(audit).toMatchObject({ actorId: assessor.id, reason: note });
  });
});

describe("conflict of interest", () => {
  it("blocks the assignment of an assessor who declares a conflict, and audits the declaration", async () => {
    const { institution, admin, assessors, session, enrollments } = await startedSession({ assessors: 2, assessorsPerCandidate: 1 });
    const trainer = assessors[1]!; // 李淑芬 taught the candidate's course
    const enrollmentId = enrollments[0]!.id;
    const url = `${BASE}/admin/sessions/${session.id}`;
    const form = formOf({ intent: "assign", enrollmentId, assessorId: trainer.id, relationship: "trainer", conflictNote: "受評者曾參加其授課的社群行銷實務班" });
    const assigned = await answer(async () => adminSessionAction(args(await requestAs(admin.id, url, { method: "POST", body: form }), { sessionId: session.id })));

    expect(assigned.status).toBe(409);
    expect(assigned.data).toEqual({ ok: false, errors: ["李淑芬 聲明與受評者有利益衝突（受評者的訓練講師），不可指派。"] });
    expect(await db.assignment.count({ where: { enrollmentId, assessorId: trainer.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "Enrollment", entityId: enrollmentId, action: "assignment.conflict_declared" } });
    expect(audit).toMatchObject({ institutionId: institution.id, actorId: admin.id });
    expect(JSON.parse(audit.afterJson!)).toEqual({ assessorId: trainer.id, relationship: "受評者的訓練講師", note: "受評者曾參加其授課的社群行銷實務班" });
    // And so the candidate's workspace stays closed to her.
    const workspaceUrl = `${BASE}/assessor/enrollments/${enrollmentId}`;
    expect((await answer(async () => workspaceLoader(args(await requestAs(trainer.id, workspaceUrl), { enrollmentId })))).status).toBe(404);
  });
});

describe("the workspace's work per request", () => {
  it("parses a published version once and shares it frozen, but reads a draft afresh every time", async () => {
    const { institution, admin, versionId } = await startedSession();
    const version = await db.assessmentVersion.findUniqueOrThrow({ where: { id: versionId }, select: { id: true, publishedAt: true, contentHash: true, assessmentId: true } });
    const first = await getVersionContent(version);
    expect(first?.criteria).toHaveLength(17);
    expect(await getVersionContent(version)).toBe(first);
    // Shared by every request: a change would throw instead of leaking into the next one.
    expect(Object.isFrozen(first!.criteria[0]!.levels[0])).toBe(true);
    expect(() => (first!.criteria as unknown[]).push({})).toThrow(TypeError);
    // The key includes the hash: another hash is another version, which this one is not.
    expect(await getVersionContent({ ...version, contentHash: "0".repeat(64) })).toBeNull();

    const next = await createNextDraft({ institutionId: institution.id, actorId: admin.id, assessmentId: version.assessmentId });
    const draft = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: version.assessmentId, version: next!.version }, select: { id: true, publishedAt: true, contentHash: true, contentJson: true } });
    const before = await getVersionContent(draft);
    expect(before).not.toBe(first);
    await db.assessmentVersion.update({ where: { id: draft.id }, data: { contentJson: JSON.stringify({ ...JSON.parse(draft.contentJson), scenario: "修訂中的情境說明" }) } });
    expect((await getVersionContent(draft))?.scenario).toBe("修訂中的情境說明");
  });

  it("looks the user up once per request: the root loader and the workspace share it, the next request looks again", async () => {
    const { assessors, enrollments } = await startedSession();
    const enrollmentId = enrollments[0]!.id;
    const url = `${BASE}/assessor/enrollments/${enrollmentId}`;
    const request = await requestAs(assessors[0]!.id, url);
    const context = {};
    expect((await answer(async () => rootLoader({ request, params: {}, context }))).data.user.displayName).toBe(assessors[0]!.displayName);
    // Logged out elsewhere while this request runs: it finishes as it began (one user per request)…
    await db.loginSession.deleteMany({ where: { userId: assessors[0]!.id } });
    expect((await answer(async () => workspaceLoader({ request: new Request(request), params: { enrollmentId }, context }))).status).toBe(200);
    // …and the next request, with its own context, is sent to log in.
    const next = await answer(async () => workspaceLoader({ request: new Request(request), params: { enrollmentId }, context: {} }));
    expect(next.status).toBe(302);
    expect(next.response!.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/assessor/enrollments/${enrollmentId}`)}`);
  });

  it("sends the evidence forms of one task at a time, and none once signed off", async () => {
    const { assessors, enrollments } = await startedSession();
    const [assessor] = assessors;
    const enrollmentId = enrollments[0]!.id;
    const url = `${BASE}/assessor/enrollments/${enrollmentId}`;
    const view = async (query = "") => (await answer(async () => workspaceLoader(args(await requestAs(assessor!.id, url + query), { enrollmentId })))).data;
    const plain = await view();
    expect(plain.openTask).toBeNull();
    expect(plain.scope.tasks).toHaveLength(7);
    expect(plain.scope.criteria).toHaveLength(17);
    const t11 = await view("?task=T1.1");
    expect(t11.openTask.id).toBe(plain.scope.tasks.find((t: { code: string }) => t.code === "T1.1").id);
    expect(t11.openTask.workProducts.map((w: { title: string }) => w.title)).toEqual(["經營社群媒體企畫書"]);
    expect((await view("?task=T9.9")).openTask).toBeNull();

    await recordEvidence(assessor!.id, enrollmentId);
    await scoreCriteria(assessor!.id, enrollmentId, () => 3);
    expect(await signOff({ assessorId: assessor!.id, enrollmentId, note: null })).toEqual({ status: "signed_off" });
    expect((await view("?task=T1.1")).openTask).toBeNull();
  });
});
