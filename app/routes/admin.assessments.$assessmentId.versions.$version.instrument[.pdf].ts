import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAssessmentVersion } from "~/models/assessment.server";
import { renderInstrumentPdf } from "~/pdf/render-instrument.server";
import { notFound, requireAdmin } from "~/utils/auth.server";

/** The published version's instrument as a PDF; a draft has none (it may still change). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const version = await getAssessmentVersion({ institutionId: admin.institutionId, assessmentId: params.assessmentId ?? "", version: Number(params.version) });
  if (!version || !version.publishedAt) notFound();
  const pdf = await renderInstrumentPdf({
    title: version.assessment.title,
    version: version.version,
    contentHash: version.contentHash,
    publishedAt: version.publishedAt,
    institutionName: admin.institution.name,
    content: version.content,
  });
  const fileName = `${version.content.standard.code}-v${version.version}-instrument.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(`${version.assessment.title}-第${version.version}版-評量工具.pdf`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
