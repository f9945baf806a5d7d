import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listCertificates } from "~/models/certificate.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "證書｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { certificates: await listCertificates({ institutionId: user.institutionId }) };
}

export default function CertificatesPage() {
  const { certificates } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>證書與評量結果報告</h1>
      {certificates.length === 0 ? (
        <p className="panel muted">尚未核發任何證書。受評者的評量結果簽核並公布後，即可在此核發。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">編號</th>
                <th scope="col">受評者</th>
                <th scope="col">類型</th>
                <th scope="col">核發日期</th>
                <th scope="col">有效期限</th>
                <th scope="col">狀態</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>{c.number}</code>
                  </td>
                  <td>{c.enrollment.candidate.displayName}</td>
                  <td>{c.kind === "certificate" ? "證書" : "評量結果報告"}</td>
                  <td>{formatDate(c.issuedAt)}</td>
                  <td>{formatDate(c.validUntil)}</td>
                  <td>{c.revokedAt ? <span className="badge bad">已撤銷</span> : <span className="badge ok">有效</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
