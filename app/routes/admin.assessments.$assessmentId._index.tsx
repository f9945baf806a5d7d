import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getAssessment } from "~/models/assessment.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.assessment.title ?? "評量"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const assessment = await getAssessment({ institutionId: admin.institutionId, id: params.assessmentId ?? "" });
  if (!assessment) notFound();
  return { assessment };
}

export default function AssessmentPage() {
  const { assessment } = useLoaderData<typeof loader>();
  const hasDraft = assessment.versions.some((v) => !v.publishedAt);
  return (
    <>
      <p>
        <Link to="/admin/assessments">← 評量</Link>
      </p>
      <h1>{assessment.title}</h1>
      <p className="muted">
        職能基準 <Link to={`/admin/standards/${assessment.standard.id}`}>{assessment.standard.code}</Link> {assessment.standard.name}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="muted">版本（已發布的版本不會再變；修改會成為新版本）</caption>
          <thead>
            <tr>
              <th scope="col">版本</th>
              <th scope="col">狀態</th>
              <th scope="col">內容雜湊</th>
              <th scope="col">使用的場次</th>
              <th scope="col">最後修改</th>
            </tr>
          </thead>
          <tbody>
            {assessment.versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/admin/assessments/${assessment.id}/versions/${v.version}`}>第 {v.version} 版</Link>
                </td>
                <td>{v.publishedAt ? <span className="badge ok">已發布 {formatDateTime(v.publishedAt)}</span> : <span className="badge warn">草稿</span>}</td>
                <td>{v.contentHash ? <code>{v.contentHash.slice(0, 16)}</code> : "—"}</td>
                <td>{v._count.sessions}</td>
                <td>{formatDateTime(v.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!hasDraft ? (
        <Form method="post" action={`/admin/assessments/${assessment.id}/versions/new`} className="actions" style={{ marginTop: "1rem" }}>
          <button type="submit">建立新版本以修改</button>
        </Form>
      ) : null}
    </>
  );
}
