import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateDownloadHeaders, getCandidateCertificatePdf } from "~/models/certificate.server";
import { notFound, requireCandidate } from "~/utils/auth.server";

/**
 * /me/certificates/<number> (also with .pdf): the candidate's own certificate or result report.
 * Another candidate's number, a revoked document or a mistyped number all answer 404 alike.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const candidate = await requireCandidate(request);
  const certificate = await getCandidateCertificatePdf({ candidateId: candidate.id, number: params.number ?? "" });
  if (!certificate) notFound();
  return new Response(new Uint8Array(certificate.pdf), { headers: certificateDownloadHeaders(certificate) });
}
