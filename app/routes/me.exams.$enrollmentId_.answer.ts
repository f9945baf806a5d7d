import type { ActionFunctionArgs } from "@remix-run/node";
import { answersFromForm } from "~/domain/exam/answer-form";
import { saveExamAnswers } from "~/models/exam-attempt.server";
import { notFound, requireCandidate } from "~/utils/auth.server";

/**
 * Saves one answer as the candidate gives it (the exam page's fetcher posts here). A resource route:
 * it answers with the acknowledgement only, and the page does not reload anything after it.
 */
export async function action({ request }: ActionFunctionArgs) {
  const candidate = await requireCandidate(request);
  const form = await request.formData();
  const revisionId = String(form.get("revisionId") ?? "");
  const answers = answersFromForm(form, revisionId);
  if (answers.length !== 1) return Response.json({ ok: false, errors: ["沒有收到答案。"] }, { status: 400 });
  const saved = await saveExamAnswers({ candidateId: candidate.id, attemptId: String(form.get("attemptId") ?? ""), answers });
  if (saved.status === "not_found") notFound();
  if (saved.status !== "saved") return Response.json({ ok: false, errors: [saved.message] }, { status: saved.status === "invalid" ? 400 : 409 });
  return Response.json({ ok: true, message: "已儲存", savedAt: saved.savedAt.toISOString() });
}
