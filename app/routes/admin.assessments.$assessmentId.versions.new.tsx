import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { createNextDraft } from "~/models/assessment.server";
import { notFound, requireAdmin } from "~/utils/auth.server";

export async function loader() {
  notFound();
}

/** Editing a published assessment: a new draft version copied from the newest one. */
export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const assessmentId = params.assessmentId ?? "";
  const draft = await createNextDraft({ institutionId: admin.institutionId, actorId: admin.id, assessmentId });
  if (!draft) notFound();
  return redirect(`/admin/assessments/${assessmentId}/versions/${draft.version}`);
}
