import type { LoaderFunctionArgs } from "@remix-run/node";
import { printedOrder } from "~/domain/exam/printed-order";
import { OPTION_LETTERS } from "~/domain/exam/types";
import { getInstitution } from "~/models/institution.server";
import { getPaper } from "~/models/exam-paper.server";
import { renderExamKeyPdf, renderExamPaperPdf, type ExamPaperDocument } from "~/pdf/render-exam-paper.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { attachmentHeader } from "~/utils/download.server";

/** One form of a paper as a printable PDF (`?form=A`), or its separate answer key (`&key=1`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const paper = await getPaper({ institutionId: admin.institutionId, paperId: params.paperId ?? "" });
  if (!paper) notFound();
  const url = new URL(request.url);
  const form = paper.forms.find((f) => f.label === (url.searchParams.get("form") ?? paper.formLabels[0]));
  if (!form) notFound();
  const institution = await getInstitution({ institutionId: admin.institutionId });
  const isKey = url.searchParams.get("key") === "1";
  const document: ExamPaperDocument = {
    institution: { name: institution?.name ?? admin.institution.name, registrationNumber: institution?.registrationNumber ?? "" },
    standard: { code: paper.standard.code, name: paper.standard.name },
    assessmentTitle: null,
    paper: {
      title: paper.title,
      formLabel: form.label,
      durationMinutes: paper.durationMinutes,
      passMark: paper.passMark,
      totalPoints: paper.totalPoints,
      multipleScoring: paper.multipleScoring,
      seed: paper.seed,
      publishedAt: paper.publishedAt,
    },
    // Printed without shuffling, in the order assessors key answer sheets in (printedOrder).
    items: printedOrder(form.items.map((i) => ({ ...i, type: i.content.type }))).map((item) => ({
      position: item.printed,
      number: item.number,
      type: item.content.type,
      stem: item.content.stem,
      options: item.content.options,
      points: item.points,
      codes: item.content.codes,
      cognitiveLevel: item.content.cognitiveLevel,
      keyLetters: item.content.type === "short_answer" ? "" : item.content.type === "true_false" ? (item.key[0] === 0 ? "O" : "X") : item.key.map((k) => OPTION_LETTERS[k]).join(""),
      explanation: item.content.explanation,
      modelAnswer: item.content.modelAnswer,
    })),
  };
  const pdf = isKey ? await renderExamKeyPdf(document) : await renderExamPaperPdf(document);
  const name = `${paper.title}-${form.label}卷${isKey ? "-答案卷" : ""}${paper.publishedAt ? "" : "-草稿"}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": attachmentHeader(name), "Cache-Control": "private, no-store" },
  });
}
