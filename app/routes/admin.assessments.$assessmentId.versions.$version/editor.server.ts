import { redirect } from "@remix-run/node";
import { actionFail as fail, actionOk } from "~/utils/action-result";
import { applyDraftEdit, criteriaEditFromForm, describeEdit, DraftEditError, DraftEditSchema } from "~/domain/rubric/edit";
import { deleteDraftVersion, getAssessmentVersion, publishVersion, saveDraft } from "~/models/assessment.server";
import { linkExamToDraft } from "~/models/exam-paper.server";
import { notFound, type AuthUser } from "~/utils/auth.server";


/** The editor's one action: every form on the page says what it is with `intent`. */
export async function handleEditorAction(admin: AuthUser, params: { assessmentId: string; version: number }, form: FormData) {
  const scope = { institutionId: admin.institutionId, assessmentId: params.assessmentId, version: params.version };
  const current = await getAssessmentVersion(scope);
  if (!current) notFound();
  const intent = String(form.get("intent") ?? "");
  const revision = Number(form.get("revision"));

  if (intent === "publish") {
    const result = await publishVersion({ ...scope, actorId: admin.id, revision });
    switch (result.status) {
      case "published":
        return actionOk(`已發布第 ${params.version} 版，內容已凍結（內容雜湊 ${result.contentHash.slice(0, 12)}…）。`);
      case "blocked":
        return fail(result.blockers.map((b) => b.message), 409);
      case "conflict":
        return fail(["這份草稿在您開啟後已被修改，請重新載入頁面確認內容後再發布。"], 409);
      case "already_published":
        return fail(["這個版本已經發布。"], 409);
      default:
        notFound();
    }
  }
  if (intent === "delete-draft") {
    if (!(await deleteDraftVersion({ ...scope, actorId: admin.id }))) return fail(["已發布的版本不能刪除。"], 409);
    return redirect(`/admin/assessments/${params.assessmentId}`);
  }

  if (current.publishedAt) return fail(["已發布的版本不能修改；請建立新版本後再編輯。"], 409);
  if (intent === "link-exam") {
    const paperId = String(form.get("paperId") ?? "").trim() || null;
    const linked = await linkExamToDraft({ ...scope, actorId: admin.id, revision, paperId, requirePass: form.get("requirePass") === "on" });
    switch (linked.status) {
      case "saved":
        return actionOk(paperId ? "已連結筆試試卷，對照矩陣已計入筆試試題。" : "已取消連結筆試。");
      case "refused":
        return fail([linked.message]);
      case "conflict":
        return fail(["這份草稿在您開啟後已被修改，請重新載入頁面後再連結。"], 409);
      case "published":
        return fail(["已發布的版本不能修改；請建立新版本後再編輯。"], 409);
      default:
        notFound();
    }
  }
  const raw = intent === "criteria" ? criteriaEditFromForm(current.content, form) : Object.fromEntries(form);
  const parsed = DraftEditSchema.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => issue.message));
  let content;
  try {
    content = applyDraftEdit(current.content, parsed.data);
  } catch (error) {
    if (error instanceof DraftEditError) return fail([error.message]);
    throw error;
  }
  const saved = await saveDraft({ ...scope, actorId: admin.id, revision, content, reason: describeEdit(parsed.data) });
  switch (saved.status) {
    case "saved":
      return actionOk(`已儲存：${describeEdit(parsed.data)}。`);
    case "conflict":
      return fail([
        `儲存失敗：這份草稿在您開啟後，已由他人於 ${saved.updatedAt.toLocaleString("zh-TW", { timeZone: "Asia/Taipei" })} 儲存了新的內容。為避免覆蓋對方的修改，請重新載入頁面後再修改。`,
      ], 409);
    case "published":
      return fail(["已發布的版本不能修改；請建立新版本後再編輯。"], 409);
    default:
      notFound();
  }
}
