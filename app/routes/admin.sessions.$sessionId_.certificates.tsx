import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CertificateBatchDownload } from "~/components/certificate-batch-download";
import { CertificateStatusBadge, KIND_LABELS } from "~/components/certificate-summary";
import { getSessionCertificates, ISSUANCE, issueCertificate, issueSessionCertificates } from "~/models/certificate.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { publicUrl } from "~/utils/url.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `證書・${data?.session.title ?? "場次"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const session = await getSessionCertificates({ institutionId: admin.institutionId, sessionId: params.sessionId ?? "" });
  if (!session) notFound();
  return { session, validityYears: ISSUANCE.validityYears };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issue"), enrollmentId: z.string().min(1) }),
  z.object({ intent: z.literal("issue-all") }),
]);

type Result = { ok: true; message: string } | { ok: false; errors: string[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const sessionId = params.sessionId ?? "";
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<Result>({ ok: false, errors: ["無法辨識的操作。"] }, { status: 400 });
  // The verification address printed and in the QR code: PUBLIC_BASE_URL, else the address in use.
  const baseUrl = publicUrl(request, "/");
  const scope = { institutionId: admin.institutionId, actorId: admin.id, baseUrl };
  if (parsed.data.intent === "issue-all") {
    const summary = await issueSessionCertificates({ ...scope, sessionId });
    if (!summary) notFound();
    const errors = summary.refused.map((r) => `${r.candidate}：${r.message}`);
    const message = `已核發 ${summary.issued} 份${summary.existing ? `，${summary.existing} 份先前已核發` : ""}。`;
    return errors.length ? data<Result>({ ok: false, errors: [message, ...errors] }, { status: 409 }) : data<Result>({ ok: true, message });
  }
  const { enrollmentId } = parsed.data;
  const session = await getSessionCertificates({ institutionId: admin.institutionId, sessionId });
  if (!session?.enrollments.some((e) => e.id === enrollmentId)) notFound();
  const result = await issueCertificate({ ...scope, enrollmentId });
  if (result.status === "not_found") notFound();
  switch (result.status) {
    case "not_released":
      return data<Result>({ ok: false, errors: ["結果尚未公布，不能核發。"] }, { status: 409 });
    case "refused":
      return data<Result>({ ok: false, errors: [result.message] }, { status: 409 });
    case "existing":
      return data<Result>({ ok: true, message: `已有 ${KIND_LABELS[result.certificate.kind]} ${result.certificate.number}。` });
    case "issued":
      return data<Result>({ ok: true, message: `已核發 ${KIND_LABELS[result.certificate.kind]} ${result.certificate.number}。` });
  }
}

export default function SessionCertificatesPage() {
  const { session, validityYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const released = session.enrollments.filter((e) => e.releasedAt);
  const issued = released.filter((e) => e.certificate);
  const date = formatDate(session.startsAt).replaceAll("/", "");
  return (
    <>
      <p>
        <Link to={`/admin/sessions/${session.id}`}>← {session.title}</Link>
      </p>
      <h1>證書與評量結果報告</h1>
      <p className="muted">
        {session.title}・{formatDateTime(session.startsAt)}・{session.place}
      </p>
      {result ? (
        result.ok ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : (
          <div className="form-error" role="alert">
            {result.errors.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        )
      ) : null}

      <section className="panel" aria-labelledby="issue-title">
        <h2 id="issue-title">核發</h2>
        <p>
          已公布結果 {released.length} 位，已核發 {issued.length} 位。合格者核發證書（有效期限 {validityYears} 年），尚未具備職能者核發評量結果報告（列出待補強項目與回饋）。
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="issue-all" />
          <button type="submit" disabled={busy || issued.length === released.length}>
            核發全部已公布的結果
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="batch-title">
        <h2 id="batch-title">批次下載</h2>
        <p className="muted">所有未撤銷的文件打包成一個 ZIP，逐份產生並即時傳送；可隨時取消。</p>
        <CertificateBatchDownload href={`/admin/sessions/${session.id}/certificates.zip`} total={issued.length} fileName={`certificates-${date}.zip`} />
      </section>

      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">學員編號</th>
              <th scope="col">受評者</th>
              <th scope="col">結果</th>
              <th scope="col">文件</th>
              <th scope="col">狀態</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {session.enrollments.map((e) => (
              <tr key={e.id}>
                <td>{e.candidate.candidateNumber ?? "—"}</td>
                <td>{e.candidate.displayName}</td>
                <td>{e.releasedAt ? `已公布 ${formatDate(e.releasedAt)}` : e.signedOffAt ? "已簽核，尚未公布" : "評量中"}</td>
                <td>
                  {e.certificate ? (
                    <>
                      {KIND_LABELS[e.certificate.kind as keyof typeof KIND_LABELS]} <Link to={`/admin/certificates/${e.certificate.number}`}><code>{e.certificate.number}</code></Link>
                    </>
                  ) : (
                    "—"
                  )}
                  {e.revoked.length ? <div className="muted">已撤銷：{e.revoked.join("、")}</div> : null}
                </td>
                <td>{e.certificate ? <CertificateStatusBadge status={e.certificate.status} /> : null}</td>
                <td>
                  {e.certificate ? (
                    <a href={`/admin/certificates/${e.certificate.number}/pdf`} download>
                      下載 PDF
                    </a>
                  ) : e.releasedAt ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="issue" />
                      <input type="hidden" name="enrollmentId" value={e.id} />
                      <button type="submit" className="secondary" disabled={busy}>
                        核發
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
