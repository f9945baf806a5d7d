import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateDownloadHeaders, getInstitutionCertificatePdf } from "~/models/certificate.server";
import { notFound, requireAdmin } from "~/utils/auth.server";

/** /admin/certificates/<number>/pdf: any document of the admin's institution, revoked ones too. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const certificate = await getInstitutionCertificatePdf({ institutionId: admin.institutionId, number: params.number ?? "" });
  if (!certificate) notFound();
  return new Response(new Uint8Array(certificate.pdf), { headers: certificateDownloadHeaders(certificate) });
}
