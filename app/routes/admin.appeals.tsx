import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { APPEAL_OUTCOME_LABELS } from "~/domain/session/appeal";
import { assignAppealReviewer, listAppeals } from "~/models/appeal.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "申訴｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { appeals: await listAppeals({ institutionId: admin.institutionId }) };
}

const AssignSchema = z.object({ appealId: z.string({ error: "找不到這件申訴" }).min(1), reviewerId: z.string({ error: "請選擇審查人" }).min(1, "請選擇審查人") });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = AssignSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join("；"), ok: null }, { status: 400 });
  const result = await assignAppealReviewer({ institutionId: admin.institutionId, actorId: admin.id, ...parsed.data });
  if (result.status === "not_found") notFound();
  if (result.status === "refused") return data({ error: result.message, ok: null }, { status: 409 });
  return { error: null, ok: "已指派申訴審查人。" };
}

export default function AppealsPage() {
  const { appeals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>申訴</h1>
      {result?.ok ? <p className="notice" role="status">{result.ok}</p> : null}
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {appeals.length === 0 ? <p className="panel muted">目前沒有申訴。</p> : null}
      {appeals.map((a) => (
        <section key={a.id} className="panel" aria-label={`${a.enrollment.candidate.displayName} 的申訴`}>
          <h2>
            {a.enrollment.candidate.displayName}（{a.enrollment.candidate.candidateNumber}）・
            <Link to={`/admin/sessions/${a.enrollment.session.id}`}>{a.enrollment.session.title}</Link>
          </h2>
          <p>
            {formatDateTime(a.lodgedAt)}：{a.reason}
          </p>
          {a.outcome ? (
            <p>
              <span className="badge">{APPEAL_OUTCOME_LABELS[a.outcome as keyof typeof APPEAL_OUTCOME_LABELS]}</span> {a.outcomeReason}（審查人 {a.reviewerName}，{formatDateTime(a.decidedAt)}）
            </p>
          ) : (
            <Form method="post" className="assign-form">
              <input type="hidden" name="appealId" value={a.id} />
              <label htmlFor={`reviewer-${a.id}`}>審查人（不含原評量人員）</label>
              <select id={`reviewer-${a.id}`} name="reviewerId" defaultValue={a.reviewerId ?? ""}>
                <option value="" disabled>
                  請選擇
                </option>
                {a.eligibleReviewers.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.displayName}
                  </option>
                ))}
              </select>
              <button type="submit" className="secondary">
                {a.reviewerId ? "改派" : "指派"}
              </button>
              {a.reviewerName ? <span className="muted">目前：{a.reviewerName}</span> : null}
            </Form>
          )}
        </section>
      ))}
    </>
  );
}
