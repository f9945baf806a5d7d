import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateSummary, KIND_LABELS } from "~/components/certificate-summary";
import { CertificateSearchForm, CertificateUploadForm } from "~/components/certificate-verify-forms";
import { parseCertificateNumber } from "~/domain/report/certificate-number";
import { checkVerificationRateLimit, findCertificateForVerification, type CertificateStatus } from "~/models/certificate.server";

export const meta: MetaFunction = () => [{ title: "證書驗證｜職能評量建構平台" }, { name: "robots", content: "noindex" }];

/** Public (no login): what the QR code on every document opens. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const typed = params.number ?? "";
  const limited = await checkVerificationRateLimit({ kind: "lookup", clientAddress: context.clientAddress ?? "local" });
  if (!limited.allowed) {
    return data({ state: "rate_limited" as const, typed, retryMinutes: Math.ceil(limited.retryAfterSeconds / 60) }, { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } });
  }
  const parsed = parseCertificateNumber(typed);
  if (!parsed.ok) return data({ state: "invalid" as const, typed, reason: parsed.reason }, { status: 404 });
  if (parsed.number !== typed) throw redirect(`/verify/${parsed.number}`);
  const certificate = await findCertificateForVerification({ number: parsed.number });
  if (!certificate) return data({ state: "not_found" as const, typed }, { status: 404 });
  return { state: "found" as const, typed, certificate };
}

const STATUS_TEXT: Record<CertificateStatus, { title: string; tone: string; detail: string }> = {
  valid: { title: "有效", tone: "notice", detail: "本平台核發，目前有效。" },
  revoked: { title: "已撤銷", tone: "form-error", detail: "本平台曾核發這份文件，但已撤銷，不再有效。" },
  expired: { title: "已逾有效期限", tone: "warning", detail: "本平台核發，但已超過有效期限。" },
};

export default function VerifyNumberPage() {
  const result = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/verify">← 證書驗證</Link>
      </p>
      {result.state === "found" ? (
        <>
          <h1>
            {KIND_LABELS[result.certificate.kind]} <code>{result.certificate.number}</code>
          </h1>
          <section className={`panel verdict ${STATUS_TEXT[result.certificate.status].tone}`} aria-labelledby="status-title" role="status">
            <h2 id="status-title">狀態：{STATUS_TEXT[result.certificate.status].title}</h2>
            <p>{STATUS_TEXT[result.certificate.status].detail}</p>
            {!result.certificate.recordIntact ? <p>注意：本平台的紀錄與其簽章不符，請聯絡核發機構確認。</p> : null}
          </section>
          <section className="panel" aria-label="文件內容">
            <CertificateSummary certificate={result.certificate} />
            <p className="muted">紙本上的簽章碼應與上列相同。手上有 PDF 檔時，可在下方上傳，確認檔案未被修改。</p>
          </section>
          <section className="panel" aria-labelledby="upload-title">
            <h2 id="upload-title">檢查 PDF 檔</h2>
            <CertificateUploadForm />
          </section>
        </>
      ) : (
        <>
          <h1>證書驗證</h1>
          <section className="panel verdict warning" role="status">
            <h2>
              {result.state === "rate_limited" ? "查詢次數過多" : result.state === "invalid" ? "編號格式不正確" : "查無此編號"}
            </h2>
            <p>
              {result.state === "rate_limited"
                ? `請在 ${result.retryMinutes} 分鐘後再試。`
                : result.state === "invalid"
                  ? result.reason
                  : "本平台沒有核發這個編號的文件。請確認編號是否輸入正確。"}
            </p>
          </section>
          <section className="panel">
            <CertificateSearchForm defaultNumber={result.typed} />
          </section>
        </>
      )}
    </>
  );
}
