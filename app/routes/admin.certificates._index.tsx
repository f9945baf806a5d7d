import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateStatusBadge, KIND_LABELS } from "~/components/certificate-summary";
import { certificateStatus, listCertificates, listSessionsWithReleasedResults } from "~/models/certificate.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "證書｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const [certificates, sessions] = await Promise.all([
    listCertificates({ institutionId: user.institutionId }),
    listSessionsWithReleasedResults({ institutionId: user.institutionId }),
  ]);
  const now = new Date();
  return { certificates: certificates.map((c) => ({ ...c, status: certificateStatus(c, now) })), sessions };
}

export default function CertificatesPage() {
  const { certificates, sessions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>證書與評量結果報告</h1>
      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">依場次核發與批次下載</h2>
        {sessions.length === 0 ? (
          <p className="muted">尚無已公布結果的場次。受評者的評量結果簽核並公布後，即可在此核發。</p>
        ) : (
          <ul>
            {sessions.map((s) => (
              <li key={s.id}>
                <Link to={`/admin/sessions/${s.id}/certificates`}>{s.title}</Link>（{formatDate(s.startsAt)}，已公布 {s._count.enrollments} 位）
              </li>
            ))}
          </ul>
        )}
      </section>
      {certificates.length === 0 ? (
        <p className="panel muted">尚未核發任何證書。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">編號</th>
                <th scope="col">受評者</th>
                <th scope="col">類型</th>
                <th scope="col">場次</th>
                <th scope="col">核發日期</th>
                <th scope="col">有效期限</th>
                <th scope="col">狀態</th>
                <th scope="col">PDF</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/certificates/${c.number}`}>
                      <code>{c.number}</code>
                    </Link>
                  </td>
                  <td>{c.enrollment.candidate.displayName}</td>
                  <td>{KIND_LABELS[c.kind as keyof typeof KIND_LABELS] ?? c.kind}</td>
                  <td>
                    <Link to={`/admin/sessions/${c.enrollment.session.id}/certificates`}>{c.enrollment.session.title}</Link>
                  </td>
                  <td>{formatDate(c.issuedAt)}</td>
                  <td>{formatDate(c.validUntil)}</td>
                  <td>
                    <CertificateStatusBadge status={c.status} />
                  </td>
                  <td>
                    <a href={`/admin/certificates/${c.number}/pdf`} download aria-label={`下載 ${c.number} 的 PDF`}>
                      下載
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
