import { db } from "~/utils/db.server";

export function listCertificates({ institutionId }: { institutionId: string }) {
  return db.certificate.findMany({
    where: { institutionId },
    orderBy: { issuedAt: "desc" },
    select: {
      id: true,
      number: true,
      kind: true,
      issuedAt: true,
      validUntil: true,
      revokedAt: true,
      enrollment: { select: { candidate: { select: { displayName: true, candidateNumber: true } } } },
    },
  });
}
