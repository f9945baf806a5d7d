import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { computeEnrollmentResult, resultInputSelect } from "./scoring.server";
import { parseContent } from "./session.server";

const enrollmentSelect = {
  id: true,
  releasedAt: true,
  candidateId: true,
  taskCodesJson: true,
  observedFaultsJson: true,
  ...resultInputSelect,
  session: { select: { institutionId: true, assessmentVersion: { select: { contentJson: true } } } },
} as const;

/** The tasks a released, not-yet-competent result failed: what a reassessment covers. */
export async function failedTasksOf({ institutionId, enrollmentId }: { institutionId: string; enrollmentId: string }) {
  const enrollment = await db.enrollment.findFirst({ where: { id: enrollmentId, session: { institutionId } }, select: enrollmentSelect });
  if (!enrollment?.releasedAt) return null;
  const content = parseContent(enrollment.session.assessmentVersion.contentJson);
  const { decision, scope } = computeEnrollmentResult(content, enrollment);
  if (decision.decision !== "not_yet_competent") return [];
  const failed = decision.tasks.filter((t) => t.status !== "competent").map((t) => t.taskId);
  // Failed on a critical fault or a total threshold, not on one task: every task is assessed again.
  const again = failed.length > 0 ? scope.tasks.filter((task) => failed.includes(task.id)) : scope.tasks;
  return again.map((t) => ({ code: t.code, title: t.title }));
}

export type ReenrolResult = { status: "enrolled"; enrollmentId: string } | { status: "not_found" } | { status: "refused"; message: string };

/** Enrols the candidate again for the failed tasks only, in another session, linked to the first attempt. */
export async function reenrolForFailedTasks({ institutionId, actorId, enrollmentId, targetSessionId }: { institutionId: string; actorId: string; enrollmentId: string; targetSessionId: string }): Promise<ReenrolResult> {
  const failed = await failedTasksOf({ institutionId, enrollmentId });
  const original = await db.enrollment.findFirst({ where: { id: enrollmentId, session: { institutionId } }, select: { id: true, candidateId: true, sessionId: true } });
  const target = await db.assessmentSession.findFirst({ where: { id: targetSessionId, institutionId }, select: { id: true, assessmentVersion: { select: { contentJson: true } } } });
  if (!original || !target) return { status: "not_found" };
  if (failed === null) return { status: "refused", message: "結果公布後才能安排重新評量。" };
  if (failed.length === 0) return { status: "refused", message: "只有已公布且「尚未達成」的結果可以安排重新評量。" };
  if (target.id === original.sessionId) return { status: "refused", message: "請選擇另一個場次進行重新評量。" };
  const targetCodes = new Set(parseContent(target.assessmentVersion.contentJson).tasks.map((t) => t.code));
  const missing = failed.filter((t) => !targetCodes.has(t.code));
  if (missing.length > 0) return { status: "refused", message: `目標場次的評量不包含工作任務 ${missing.map((t) => t.code).join("、")}。` };
  if (await db.enrollment.findFirst({ where: { sessionId: target.id, candidateId: original.candidateId }, select: { id: true } })) {
    return { status: "refused", message: "這位受評者已報名目標場次。" };
  }
  const created = await db.$transaction(async (tx) => {
    const row = await tx.enrollment.create({
      data: { sessionId: target.id, candidateId: original.candidateId, previousEnrollmentId: original.id, taskCodesJson: JSON.stringify(failed.map((t) => t.code)) },
      select: { id: true },
    });
    await recordAudit({ institutionId, actorId, action: "enrollment.reassessment", entityType: "Enrollment", entityId: row.id, after: { previousEnrollmentId: original.id, tasks: failed.map((t) => t.code) } }, tx);
    return row;
  });
  return { status: "enrolled", enrollmentId: created.id };
}
