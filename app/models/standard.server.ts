import { db } from "~/utils/db.server";

export function listStandards({ institutionId }: { institutionId: string }) {
  return db.standard.findMany({
    where: { institutionId },
    orderBy: [{ baseCode: "asc" }, { versionNumber: "desc" }],
    select: {
      id: true,
      kind: true,
      code: true,
      name: true,
      level: true,
      versionNumber: true,
      importedAt: true,
      _count: { select: { tasks: true } },
    },
  });
}
