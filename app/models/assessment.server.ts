import { db } from "~/utils/db.server";

export function listAssessments({ institutionId }: { institutionId: string }) {
  return db.assessment.findMany({
    where: { institutionId, archivedAt: null },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      createdAt: true,
      standard: { select: { code: true, name: true } },
      versions: { select: { version: true, publishedAt: true }, orderBy: { version: "desc" } },
    },
  });
}
