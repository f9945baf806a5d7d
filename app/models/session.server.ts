import { db } from "~/utils/db.server";

/** Sessions in which the assessor is assigned to at least one candidate. */
export function listAssessorSessions({ assessorId }: { assessorId: string }) {
  return db.assessmentSession.findMany({
    where: { enrollments: { some: { assignments: { some: { assessorId } } } } },
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      title: true,
      startsAt: true,
      place: true,
      _count: { select: { enrollments: { where: { assignments: { some: { assessorId } } } } } },
    },
  });
}

export function listInstitutionSessions({ institutionId }: { institutionId: string }) {
  return db.assessmentSession.findMany({
    where: { institutionId },
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      title: true,
      startsAt: true,
      place: true,
      startedAt: true,
      closedAt: true,
      assessmentVersion: { select: { version: true, assessment: { select: { title: true } } } },
      _count: { select: { enrollments: true } },
    },
  });
}
