import { db } from "~/utils/db.server";

/** A candidate's own enrolments, newest session first. */
export async function listCandidateEnrollments({ candidateId }: { candidateId: string }) {
  const rows = await db.enrollment.findMany({
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
          examOpensAt: true,
          examClosesAt: true,
          examMode: true,
          assessmentVersion: { select: { version: true, contentJson: true, assessment: { select: { title: true } } } },
        },
      },
    },
  });
  return rows.map(({ session: { assessmentVersion: { contentJson, ...version }, ...session }, ...rest }) => ({
    ...rest,
    // Only whether a knowledge exam is linked; the content itself stays on the server.
    hasExam: (JSON.parse(contentJson) as { exam?: unknown }).exam !== undefined,
    session: { ...session, assessmentVersion: version },
  }));
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
