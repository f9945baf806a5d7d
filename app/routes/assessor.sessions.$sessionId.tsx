import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAssessorEnrollments } from "~/models/scoring.server";
import { notFound, requireAssessor } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? "場次"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const assessor = await requireAssessor(request);
  const session = await listAssessorEnrollments({ assessorId: assessor.id, sessionId: params.sessionId ?? "" });
  if (!session) notFound();
  return { session };
}

export default function AssessorSessionPage() {
  const { session } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/assessor">← 我的場次</Link>
      </p>
      <h1>{session.title}</h1>
      <p className="muted">
        {session.assessmentVersion.assessment.title}（第 {session.assessmentVersion.version} 版）・{formatDateTime(session.startsAt)}・{session.place}
      </p>
      {session.calibrationNote ? <p className="notice">評分前校準：{session.calibrationNote}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">受評者</th>
              <th scope="col">佐證</th>
              <th scope="col">我已評</th>
              <th scope="col">狀態</th>
              {session.hasExam ? <th scope="col">筆試</th> : null}
            </tr>
          </thead>
          <tbody>
            {session.enrollments.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/assessor/enrollments/${e.id}`}>
                    {e.candidate.displayName}（{e.candidate.candidateNumber}）
                  </Link>
                </td>
                <td>{e._count.evidence} 項</td>
                <td>{e._count.scores} 項規準</td>
                <td>{e.releasedAt ? <span className="badge ok">已公布</span> : e.signedOffAt ? <span className="badge ok">已簽核</span> : <span className="badge">評量中</span>}</td>
                {session.hasExam ? (
                  <td>
                    <Link to={`/assessor/exams/${e.id}`}>答案卡與閱卷</Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
