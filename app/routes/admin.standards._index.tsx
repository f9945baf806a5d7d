import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listStandards } from "~/models/standard.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "職能基準｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { standards: await listStandards({ institutionId: user.institutionId }) };
}

export default function StandardsPage() {
  const { standards } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>職能基準與職能單元</h1>
        <Link className="button" to="/admin/standards/import">
          匯入
        </Link>
      </div>
      {standards.length === 0 ? (
        <p className="panel muted">尚未匯入職能基準。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">代碼</th>
                <th scope="col">名稱</th>
                <th scope="col">類型</th>
                <th scope="col">級別</th>
                <th scope="col">版本</th>
                <th scope="col">工作任務</th>
                <th scope="col">行為指標</th>
                <th scope="col">匯入日期</th>
              </tr>
            </thead>
            <tbody>
              {standards.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/admin/standards/${s.id}`}>
                      <code>{s.code}</code>
                    </Link>
                  </td>
                  <td>{s.name}</td>
                  <td>{s.kind === "unit" ? "職能單元" : "職能基準"}</td>
                  <td>{s.level}</td>
                  <td>v{s.versionNumber}</td>
                  <td>{s._count.tasks}</td>
                  <td>{s.tasks.reduce((sum, t) => sum + t._count.indicators, 0)}</td>
                  <td>{formatDate(s.importedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
