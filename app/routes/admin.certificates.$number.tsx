import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CertificateStatusBadge, CertificateSummary, KIND_LABELS } from "~/components/certificate-summary";
import { FormErrors, TextareaField } from "~/components/forms";
import { getInstitutionCertificate, revokeCertificate } from "~/models/certificate.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.number ?? "證書"}｜職能評量建構平台` }];

const RevokeSchema = z.object({
  intent: z.literal("revoke"),
  reason: z.string({ error: "請寫明撤銷理由" }).trim().min(4, "撤銷理由至少 4 個字").max(500, "撤銷理由不可超過 500 字"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const certificate = await getInstitutionCertificate({ institutionId: admin.institutionId, number: params.number ?? "" });
  if (!certificate) notFound();
  return certificate;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: RevokeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await revokeCertificate({ institutionId: admin.institutionId, actorId: admin.id, number: params.number ?? "", reason: submission.value.reason });
  if (result.status === "not_found") notFound();
  if (result.status === "already_revoked") return data({ result: submission.reply({ formErrors: ["這份文件已經撤銷。"] }) }, { status: 409 });
  return { result: submission.reply({ resetForm: true }) };
}

export default function CertificatePage() {
  const { view, issuedAt, revokedReason, revokedBy, candidateNumber, session } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "revoke",
    lastResult: actionData?.result,
    constraint: getZodConstraint(RevokeSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeSchema }),
  });
  return (
    <>
      <p>
        <Link to="/admin/certificates">← 證書與評量結果報告</Link>
      </p>
      <h1>
        {KIND_LABELS[view.kind]} <code>{view.number}</code> <CertificateStatusBadge status={view.status} />
      </h1>
      <p className="actions">
        <a className="button" href={`/admin/certificates/${view.number}/pdf`} download>
          下載 PDF
        </a>
        <a className="button secondary" href={`/verify/${view.number}`}>
          公開驗證頁
        </a>
        <Link className="button secondary" to={`/admin/sessions/${session.id}/certificates`}>
          場次的證書
        </Link>
      </p>
      {!view.recordIntact ? (
        <p className="form-error" role="alert">
          這份文件在資料庫中的紀錄與其簽章不符，可能遭到竄改。請勿再發給他人，並檢查資料庫存取紀錄。
        </p>
      ) : null}
      <section className="panel">
        <CertificateSummary certificate={view} />
        <p className="muted">
          學員編號 {candidateNumber ?? "—"}・場次 {session.title}・核發於 {formatDateTime(issuedAt)}
        </p>
      </section>
      {view.status === "revoked" ? (
        <section className="panel" aria-labelledby="revoked-title">
          <h2 id="revoked-title">已撤銷</h2>
          <p>
            {revokedBy ?? "—"} 於 {view.revokedOn} 撤銷，理由：{revokedReason}
          </p>
          <p className="muted">公開驗證頁只顯示撤銷日期，不顯示理由。如需重新核發，請到場次的證書頁核發新的文件（新的編號）。</p>
        </section>
      ) : (
        <section className="panel" aria-labelledby="revoke-title">
          <h2 id="revoke-title">撤銷</h2>
          <p className="muted">撤銷後公開驗證頁會顯示「已撤銷」，受評者不能再下載；撤銷無法復原，會記錄於稽核紀錄。</p>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <FormErrors errors={form.errors} id={form.errorId} />
            <input type="hidden" name="intent" value="revoke" />
            <TextareaField label="撤銷理由" hint="例如：申訴複查後評量結果變更" meta={fields.reason} rows={2} />
            <div className="actions">
              <button type="submit" className="danger">
                撤銷這份文件
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
