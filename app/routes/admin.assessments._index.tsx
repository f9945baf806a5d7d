import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAssessments } from "~/models/assessment.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "評量｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { assessments: await listAssessments({ institutionId: user.institutionId }) };
}

export default function AssessmentsPage() {
  const { assessments } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>評量</h1>
        <Link className="button" to="/admin/assessments/new">
          由職能基準產生評量
        </Link>
      </div>
      {assessments.length === 0 ? (
        <p className="panel muted">尚未建立評量。請先匯入職能基準，再由職能基準產生評量。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">評量</th>
                <th scope="col">職能基準</th>
                <th scope="col">最新版本</th>
                <th scope="col">建立日期</th>
              </tr>
            </thead>
            <tbody>
              {assessments.map((a) => {
                const latest = a.versions[0];
                return (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/admin/assessments/${a.id}`}>{a.title}</Link>
                    </td>
                    <td>
                      {a.standard.code} {a.standard.name}
                    </td>
                    <td>
                      {latest ? `第 ${latest.version} 版` : "—"}{" "}
                      {latest?.publishedAt ? <span className="badge ok">已發布</span> : <span className="badge warn">草稿</span>}
                    </td>
                    <td>{formatDate(a.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
