import { CertificateStatusBadge, KIND_LABELS } from "~/components/certificate-summary";
import type { CertificateStatus } from "~/models/certificate.server";
import { formatDate } from "~/utils/format";

type CandidateCertificate = {
  current: { number: string; kind: keyof typeof KIND_LABELS; issuedAt: Date | string; validUntil: Date | string | null; status: CertificateStatus } | null;
  revokedCount: number;
};

/** The candidate's certificate or result report on their result page: download and verification link. */
export function CertificateDownloadPanel({ certificate }: { certificate: CandidateCertificate | null }) {
  if (!certificate) return null;
  const { current } = certificate;
  return (
    <section className="panel" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{current ? KIND_LABELS[current.kind] : "證書與評量結果報告"}</h2>
      {current ? (
        <>
          <p>
            編號 <code>{current.number}</code> <CertificateStatusBadge status={current.status} />・核發日期 {formatDate(current.issuedAt)}
            {current.validUntil ? `・有效期限至 ${formatDate(current.validUntil)}` : null}
          </p>
          <p className="actions">
            <a className="button" href={`/me/certificates/${current.number}`} download>
              下載{KIND_LABELS[current.kind]}（PDF）
            </a>
            <a className="button secondary" href={`/verify/${current.number}`}>
              開啟驗證頁
            </a>
          </p>
          <p className="muted">文件上的 QR Code 與驗證頁可讓任何人確認文件真偽與是否有效；驗證頁不顯示完整身分證字號。</p>
        </>
      ) : (
        <p className="muted">
          {certificate.revokedCount > 0 ? "先前核發的文件已撤銷，新的文件核發後會顯示在這裡。" : "評量機構核發證書或評量結果報告後，可在這裡下載。"}
        </p>
      )}
    </section>
  );
}
