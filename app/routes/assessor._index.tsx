import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAssessorSessions } from "~/models/session.server";
import { requireAssessor } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "我的場次｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAssessor(request);
  return { sessions: await listAssessorSessions({ assessorId: user.id }) };
}

export default function AssessorHome() {
  const { sessions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>我的場次</h1>
      {sessions.length === 0 ? (
        <p className="panel muted">目前沒有指派給您的評量場次。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">場次</th>
                <th scope="col">時間</th>
                <th scope="col">地點（模擬職場）</th>
                <th scope="col">我負責的受評者</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/assessor/sessions/${s.id}`}>{s.title}</Link>
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
