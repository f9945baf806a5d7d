import { db } from "~/utils/db.server";

/** A candidate's own enrolments, newest session first. */
export function listCandidateEnrollments({ candidateId }: { candidateId: string }) {
  return db.enrollment.findMany({
    where: { candidateId },
    orderBy: { session: { startsAt: "desc" } },
    select: {
      id: true,
      signedOffAt: true,
      releasedAt: true,
      session: {
        select: {
          title: true,
          startsAt: true,
          place: true,
          assessmentVersion: { select: { version: true, assessment: { select: { title: true } } } },
        },
      },
    },
  });
}

/** One enrolment of this candidate; another candidate's id is simply not found. */
export function getCandidateEnrollment({ candidateId, id }: { candidateId: string; id: string }) {
  return db.enrollment.findFirst({
    where: { id, candidateId },
    select: {
      id: true,
      signedOffAt: true,
      releasedAt: true,
      session: {
        select: {
          title: true,
          startsAt: true,
          place: true,
          assessmentVersion: {
            select: { version: true, assessment: { select: { title: true, standard: { select: { code: true, name: true } } } } },
          },
        },
      },
    },
  });
}
