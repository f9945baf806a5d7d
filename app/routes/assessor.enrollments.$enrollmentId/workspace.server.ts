import { redirect } from "@remix-run/node";
import { actionFail as fail, actionOk as ok } from "~/utils/action-result";
import { z } from "zod";
import { addEvidence, getAssessorWorkspace, resolveDisagreement, saveScores, signOff, type NewEvidence } from "~/models/scoring.server";
import { notFound, type AuthUser } from "~/utils/auth.server";

type Workspace = NonNullable<Awaited<ReturnType<typeof getAssessorWorkspace>>>;

/**
 * What the page shows, and nothing more: the loader's answer is rendered and also sent along in the
 * document for hydration, so every unused field (the standard's outputs and indicators, the whole
 * evidence plan, the other assessor's ids) would cost twice on every request. The evidence forms
 * are rendered only for the task being worked on (`?task=<code>`), so only that task's work products
 * and questions are sent.
 */
export function workspaceView({ enrollment, content, result, ownView, assignment }: Workspace, assessorId: string, taskParam: string | null) {
  const { scope } = result;
  const assessorIds = enrollment.assignments.map((a) => a.assessorId);
  const myIndex = assessorIds.indexOf(assessorId);
  const bothComplete = result.levels.progress.assessors === 2 && result.levels.progress.assessorsComplete === 2;
  const myScores = Object.fromEntries(enrollment.scores.filter((s) => s.assessorId === assessorId).map((s) => [s.criterionKey, { level: s.level, comment: s.comment ?? "" }]));
  const openTask = enrollment.signedOffAt ? undefined : scope.tasks.find((t) => t.code === taskParam || t.id === taskParam);
  const plan = openTask && scope.evidencePlan.find((e) => e.taskId === openTask.id);
  return {
    enrollmentId: enrollment.id,
    candidate: enrollment.candidate,
    session: { id: enrollment.session.id, title: enrollment.session.title, place: enrollment.session.place, scenario: enrollment.session.scenario, calibrationNote: enrollment.session.calibrationNote },
    assessment: { title: enrollment.session.assessmentVersion.assessment.title, version: enrollment.session.assessmentVersion.version },
    signedOffAt: enrollment.signedOffAt,
    revision: assignment.revision,
    conditions: content.conditions,
    resources: content.resources,
    duration: content.duration.text,
    scale: { levels: content.scale.levels.map((l) => ({ score: l.score, label: l.label })) },
    faults: content.decisionRule.criticalFaults.map((f) => ({ id: f.id, text: f.text })),
    observedFaults: JSON.parse(enrollment.observedFaultsJson) as string[],
    scope: {
      tasks: scope.tasks.map((t) => ({ id: t.id, code: t.code, title: t.title, level: t.level })),
      criteria: scope.criteria.map((c) => ({ id: c.id, code: c.code, taskId: c.taskId, taskCode: c.taskCode, critical: c.critical, text: c.text, levels: c.levels })),
    },
    /** The task whose evidence forms are open, with what its forms offer to link to. */
    openTask: openTask
      ? {
          id: openTask.id,
          workProducts: (plan?.workProducts ?? []).map((w) => ({ id: w.id, code: w.code, title: w.title })),
          questions: (plan?.questions ?? []).map((q) => ({ id: q.id, code: q.code, prompt: q.prompt.slice(0, 40) })),
        }
      : null,
    myScores,
    otherAssessors: enrollment.assignments.filter((a) => a.assessorId !== assessorId).map((a) => a.assessor.displayName),
    // Blind scoring: the other assessor's levels appear only once both have scored everything.
    disagreements: bothComplete
      ? result.levels.criteria
          .filter((c) => c.state === "unresolved" || c.state === "resolved")
          .map((c) => {
            const resolution = enrollment.resolutions.find((r) => r.criterionKey === c.criterionId);
            return { criterionId: c.criterionId, code: c.code, mine: c.assessorLevels[myIndex], theirs: c.assessorLevels[1 - myIndex], resolution: resolution ? { level: resolution.level, reason: resolution.reason } : null };
          })
      : [],
    progress: ownView.levels.progress,
    decision: { decision: ownView.decision.decision, total: ownView.decision.total, reasons: ownView.decision.reasons },
    sufficiency: {
      tasks: result.sufficiency.tasks.map((t) => ({
        taskId: t.taskId,
        taskCode: t.taskCode,
        sufficient: t.sufficient,
        evidenceCount: t.evidenceCount,
        criteriaWithoutEvidence: t.criteriaWithoutEvidence.map((c) => c.code ?? c.id),
        missingWorkProducts: t.missingWorkProducts.map((w) => w.code ?? w.title),
      })),
    },
    evidence: enrollment.evidence.map((e) => ({
      id: e.id,
      taskCode: e.taskCode,
      kind: e.kind,
      title: e.title,
      body: e.body,
      url: e.url,
      fileName: e.fileName,
      sizeBytes: e.sizeBytes,
      sha256: e.sha256?.slice(0, 12) ?? null,
      createdAt: e.createdAt,
      criterionIds: JSON.parse(e.criterionKeysJson) as string[],
      mine: e.createdById === assessorId,
    })),
  };
}


const text = (max: number, message: string) => z.string().trim().min(1, message).max(max, `內容不可超過 ${max} 字`);

const TextEvidenceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["observation", "note", "third_party"]), taskCode: z.string().min(1), title: text(200, "請輸入標題"), body: text(10_000, "請輸入內容"), workProductId: z.string().optional() }),
  z.object({ kind: z.literal("qa"), taskCode: z.string().min(1), title: text(200, "請輸入標題"), body: text(10_000, "請輸入問答紀錄"), questionId: z.string().min(1, "請選擇問題") }),
  z.object({
    kind: z.literal("link"),
    taskCode: z.string().min(1),
    title: text(200, "請輸入標題"),
    url: z.url({ protocol: /^https?$/, error: "連結須為 http(s) 網址" }),
    workProductId: z.string().optional(),
  }),
]);

/** The workspace's one action: evidence notes, scores, moderation and sign-off, told apart by intent. */
export async function handleWorkspaceAction(assessor: AuthUser, enrollmentId: string, form: FormData) {
  const intent = String(form.get("intent") ?? "");
  const scope = { assessorId: assessor.id, enrollmentId };
  switch (intent) {
    case "evidence": {
      const parsed = TextEvidenceSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message));
      const criterionIds = form.getAll("criterionId").map(String);
      const input = parsed.data;
      const evidence: NewEvidence =
        input.kind === "qa"
          ? { ...input, criterionIds }
          : input.kind === "link"
            ? { ...input, criterionIds, workProductId: input.workProductId || null }
            : { ...input, criterionIds, workProductId: input.workProductId || null };
      const result = await addEvidence({ ...scope, evidence });
      if (result.status === "not_found") notFound();
      if (result.status === "invalid") return fail([result.message]);
      return ok("已記錄佐證。");
    }
    case "scores": {
      const revision = Number(form.get("revision"));
      if (!Number.isInteger(revision)) return fail(["表單已過期，請重新載入頁面。"]);
      const criterionIds = form.getAll("criterionId").map(String);
      const scores = criterionIds.map((criterionId) => {
        const level = form.get(`level:${criterionId}`);
        return { criterionId, level: level === null || level === "" ? null : Number(level), comment: String(form.get(`comment:${criterionId}`) ?? "").trim() };
      });
      if (scores.some((s) => s.level !== null && !Number.isInteger(s.level))) return fail(["等級格式不正確。"]);
      if (scores.some((s) => s.comment.length > 2000)) return fail(["評語不可超過 2000 字。"]);
      const faults = form.has("faultsPresent") ? form.getAll("fault").map(String) : null;
      const result = await saveScores({
        ...scope,
        baseRevision: revision,
        baseline: Object.fromEntries(criterionIds.map((id) => [id, form.get(`base:${id}`) ? Number(form.get(`base:${id}`)) : null])),
        scores,
        faults,
        reason: String(form.get("reason") ?? "").trim() || null,
      });
      switch (result.status) {
        case "saved":
          return ok(result.changed > 0 ? `已儲存 ${result.changed} 項評分。` : "沒有變更。");
        case "not_found":
          notFound();
        case "invalid":
          return fail([result.message]);
        case "reason_required":
          return fail(["這位受評者已簽核：修改評分必須寫明理由，並會記錄在稽核紀錄中。"], 409);
        case "conflict":
          return fail(
            [
              "儲存失敗：您的評分在開啟此頁之後已在其他地方被修改，為避免覆蓋，這次的修改沒有儲存。請重新載入頁面確認後再修改。",
              ...result.changedSince.map((c) => `${c.code ?? c.criterionId}：${c.before ?? "未評"} → ${c.now ?? "未評"}`),
            ],
            409,
          );
      }
      break;
    }
    case "resolve": {
      const parsed = z
        .object({ criterionId: z.string().min(1), level: z.coerce.number().int(), reason: text(1000, "請寫明協調後等級的理由") })
        .safeParse(Object.fromEntries(form));
      if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message));
      const result = await resolveDisagreement({ ...scope, ...parsed.data });
      if (result.status === "not_found") notFound();
      if (result.status === "invalid") return fail([result.message]);
      return ok("已記錄協調結果。");
    }
    case "sign-off": {
      const note = String(form.get("note") ?? "").trim() || null;
      if (note && note.length > 2000) return fail(["簽核說明不可超過 2000 字。"]);
      const result = await signOff({ ...scope, note });
      if (result.status === "not_found") notFound();
      if (result.status !== "signed_off") return fail(result.problems, 409);
      return redirect(`/assessor/enrollments/${enrollmentId}?signedOff=1`);
    }
  }
  return fail(["無法辨識的操作。"]);
}
