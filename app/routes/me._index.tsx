import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listCandidateEnrollments } from "~/models/enrollment.server";
import { requireCandidate } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "我的評量結果｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCandidate(request);
  return { enrollments: await listCandidateEnrollments({ candidateId: user.id }) };
}

export default function CandidateHome() {
  const { enrollments } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>我的評量結果</h1>
      {enrollments.length === 0 ? (
        <p className="panel muted">您目前沒有報名任何評量場次。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">評量</th>
                <th scope="col">場次</th>
                <th scope="col">時間</th>
                <th scope="col">筆試</th>
                <th scope="col">結果</th>
              </tr>
            </thead>
            <tbody>
              {enrollments.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/me/results/${e.id}`}>{e.session.assessmentVersion.assessment.title}</Link>
                  </td>
                  <td>{e.session.title}</td>
                  <td>{formatDateTime(e.session.startsAt)}</td>
                  <td>
                    {e.hasExam ? (
                      <Link to={`/me/exams/${e.id}`}>{e.session.examMode === "paper" ? "紙本筆試" : e.session.examOpensAt ? `線上筆試（${formatDateTime(e.session.examOpensAt)} 起）` : "線上筆試"}</Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{e.releasedAt ? <span className="badge ok">已公布</span> : <span className="badge">尚未公布</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
