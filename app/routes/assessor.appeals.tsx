import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { APPEAL_OUTCOME_LABELS, DecideAppealSchema } from "~/domain/session/appeal";
import { decideAppeal, listReviewerAppeals } from "~/models/appeal.server";
import { notFound, requireAssessor } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "申訴審查｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const assessor = await requireAssessor(request);
  return { appeals: await listReviewerAppeals({ reviewerId: assessor.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const assessor = await requireAssessor(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = DecideAppealSchema.extend({ appealId: z.string().min(1) }).safeParse(form);
  if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join("；") }, { status: 400 });
  const result = await decideAppeal({ reviewerId: assessor.id, ...parsed.data });
  if (result.status === "not_found") notFound();
  return { error: null };
}

export default function ReviewerAppeals() {
  const { appeals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>申訴審查</h1>
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {appeals.length === 0 ? <p className="panel muted">沒有指派給您的申訴。</p> : null}
      {appeals.map((a) => (
        <section key={a.id} className="panel" aria-label={`${a.enrollment.candidate.displayName} 的申訴`}>
          <h2>
            {a.enrollment.candidate.displayName}（{a.enrollment.candidate.candidateNumber}）・{a.enrollment.session.title}
          </h2>
          <p>
            {formatDateTime(a.lodgedAt)}：{a.reason}
          </p>
          {a.outcome ? (
            <p>
              {APPEAL_OUTCOME_LABELS[a.outcome as keyof typeof APPEAL_OUTCOME_LABELS]}：{a.outcomeReason}（{formatDateTime(a.decidedAt)}）
            </p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="appealId" value={a.id} />
              <div className="field">
                <label htmlFor={`outcome-${a.id}`}>審查結果</label>
                <select id={`outcome-${a.id}`} name="outcome">
                  <option value="dismissed">申訴不成立</option>
                  <option value="upheld">申訴成立</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={`outcome-reason-${a.id}`}>理由（受評者會看到）</label>
                <textarea id={`outcome-reason-${a.id}`} name="outcomeReason" rows={3} />
              </div>
              <button type="submit">送出審查結果</button>
            </Form>
          )}
        </section>
      ))}
    </>
  );
}
