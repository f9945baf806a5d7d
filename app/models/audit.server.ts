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
