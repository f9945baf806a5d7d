import { db } from "~/utils/db.server";

export function getInstitution({ institutionId }: { institutionId: string }) {
  return db.institution.findUnique({ where: { id: institutionId } });
}

/** Counts for the admin overview, all inside the admin's institution. */
export async function getInstitutionOverview({ institutionId }: { institutionId: string }) {
  const [standards, assessments, sessions, users, certificates] = await Promise.all([
    db.standard.count({ where: { institutionId } }),
    db.assessment.count({ where: { institutionId } }),
    db.assessmentSession.count({ where: { institutionId } }),
    db.user.groupBy({ by: ["role"], where: { institutionId }, _count: { _all: true } }),
    db.certificate.count({ where: { institutionId, revokedAt: null } }),
  ]);
  const usersByRole = Object.fromEntries(users.map((row) => [row.role, row._count._all]));
  return { standards, assessments, sessions, usersByRole, certificates };
}
