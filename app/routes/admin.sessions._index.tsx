import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listInstitutionSessions } from "~/models/session.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "場次｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { sessions: await listInstitutionSessions({ institutionId: user.institutionId }) };
}

export default function SessionsPage() {
  const { sessions } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>評量場次</h1>
        <Link className="button" to="/admin/sessions/new">
          新增場次
        </Link>
      </div>
      {sessions.length === 0 ? (
        <p className="panel muted">尚未建立評量場次。場次由已發布的評量建立。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">場次</th>
                <th scope="col">評量</th>
                <th scope="col">時間</th>
                <th scope="col">地點（模擬職場）</th>
                <th scope="col">受評者</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/admin/sessions/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>
                    {s.assessmentVersion.assessment.title}（第 {s.assessmentVersion.version} 版）
                  </td>
                  <td>{formatDateTime(s.startsAt)}</td>
                  <td>{s.place}</td>
                  <td>{s._count.enrollments} 位</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
