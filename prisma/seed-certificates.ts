/**
 * Demo certificates: issues the certificate or result report of every released demo result that
 * has none, as an admin would on the session's certificates page. Runs on every start with the
 * rest of the seed; issuing is idempotent, so existing documents are kept as they are.
 * The QR codes point at PUBLIC_BASE_URL, else http://localhost:<PORT>.
 */
import { issueCertificate } from "~/models/certificate.server";
import { db } from "~/utils/db.server";

export async function seedCertificates(institutionId: string, adminId: string) {
  const released = await db.enrollment.findMany({
    where: { releasedAt: { not: null }, session: { institutionId }, certificates: { none: { revokedAt: null } } },
    orderBy: { candidate: { candidateNumber: "asc" } },
    select: { id: true, candidate: { select: { displayName: true } } },
  });
  for (const enrollment of released) {
    const result = await issueCertificate({ institutionId, actorId: adminId, enrollmentId: enrollment.id });
    if (result.status !== "issued" && result.status !== "existing") {
      throw new Error(`demo certificate for ${enrollment.candidate.displayName} was not issued: ${JSON.stringify(result)}`);
    }
  }
}
