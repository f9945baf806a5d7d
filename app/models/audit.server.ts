import { db } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";

export type AuditInput = {
  institutionId: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Appends one event; pass a transaction client to make it part of the change it records. */
export async function recordAudit(input: AuditInput, tx: Prisma.TransactionClient = db) {
  await tx.auditEvent.create({
    data: {
      institutionId: input.institutionId,
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      beforeJson: input.before === undefined ? null : JSON.stringify(input.before),
      afterJson: input.after === undefined ? null : JSON.stringify(input.after),
      reason: input.reason ?? null,
    },
  });
}

export function listAuditEvents({ institutionId, entityType, entityId, take = 200 }: {
  institutionId: string;
  entityType?: string;
  entityId?: string;
  take?: number;
}) {
  return db.auditEvent.findMany({
    where: { institutionId, ...(entityType ? { entityType } : {}), ...(entityId ? { entityId } : {}) },
    orderBy: { createdAt: "desc" },
    take,
  });
}

const ACTION_LABELS: Record<string, string> = {
  "session.created": "建立場次",
  "session.checklist_confirmed": "確認資源檢核表",
  "session.started": "開始場次",
  "session.start_override": "管理者覆核開始場次",
  "session.calibration_note": "記錄評分前校準",
  "enrollment.created": "報名",
  "assignment.created": "指派評量人員",
  "assignment.conflict_declared": "聲明利益衝突（未指派）",
  "evidence.added": "新增佐證",
  "score.changed": "評分",
  "score.changed_after_signoff": "簽核後修改評分",
  "score.moderated": "協調評分差異",
  "faults.changed": "記錄重大缺點",
  "enrollment.signed_off": "簽核",
  "result.released": "公布結果",
  "certificate.issued": "核發證書／評量結果報告",
  "certificate.revoked": "撤銷證書",
  "appeal.lodged": "提出申訴",
  "appeal.reviewer_assigned": "指派申訴審查人",
  "appeal.decided": "申訴決定",
  "enrollment.reassessment": "安排重新評量",
  "session.exam_window_set": "設定筆試時間與作答方式",
  "exam_attempt.started": "開始筆試",
  "exam_attempt.submitted": "筆試交卷",
  "exam_attempt.paper_entered": "登錄紙本答案卡",
  "exam_attempt.paper_reentered": "重新登錄紙本答案卡",
  "exam_attempt.granted": "核准再次應試",
  "exam_answer.scored": "簡答題評分",
};

/** The session's audit trail (the session and its enrolments), newest first, with actors' names. */
export async function listSessionAudit({ institutionId, sessionId }: { institutionId: string; sessionId: string }) {
  const enrollments = await db.enrollment.findMany({
    where: { sessionId, session: { institutionId } },
    select: { id: true, candidate: { select: { displayName: true } }, examAttempts: { select: { id: true } } },
  });
  const candidateOf = new Map(enrollments.map((e) => [e.id, e.candidate.displayName]));
  // Exam attempts are audited on themselves; they belong to the trail of their candidate.
  for (const e of enrollments) for (const a of e.examAttempts) candidateOf.set(a.id, e.candidate.displayName);
  const events = await db.auditEvent.findMany({
    where: {
      institutionId,
      OR: [
        { entityType: "AssessmentSession", entityId: sessionId },
        { entityType: "Enrollment", entityId: { in: enrollments.map((e) => e.id) } },
        { entityType: "ExamAttempt", entityId: { in: enrollments.flatMap((e) => e.examAttempts.map((a) => a.id)) } },
      ],
    },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const actors = new Map((await db.user.findMany({ where: { id: { in: actorIds }, institutionId }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  return events.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    action: ACTION_LABELS[e.action] ?? e.action,
    actor: e.actorId ? (actors.get(e.actorId) ?? "（已刪除的使用者）") : "系統",
    candidate: e.entityType === "Enrollment" || e.entityType === "ExamAttempt" ? (candidateOf.get(e.entityId) ?? null) : null,
    before: e.beforeJson,
    after: e.afterJson,
    reason: e.reason,
  }));
}
