import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMarkingQueue } from "~/models/exam-attempt.server";
import { requireAssessor } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "筆試閱卷｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const assessor = await requireAssessor(request);
  return { rows: await listMarkingQueue({ assessorId: assessor.id }) };
}

export default function MarkingQueuePage() {
  const { rows } = useLoaderData<typeof loader>();
  const pending = rows.filter((r) => r.pendingManual > 0);
  return (
    <>
      <h1>筆試閱卷</h1>
      <p className="muted">你負責的考生中已交卷的筆試。選擇題由系統依答案自動計分；簡答題由評量人員依參考答案評分。紙本作答的答案卡請在考生的筆試頁登錄。</p>
      <section className="panel" aria-labelledby="pending-title">
        <h2 id="pending-title">待評分的簡答題（{pending.reduce((sum, r) => sum + r.pendingManual, 0)} 題）</h2>
        {pending.length === 0 ? <p className="muted">目前沒有待評分的簡答題。</p> : null}
        <ul>
          {pending.map((r) => (
            <li key={r.enrollmentId}>
              <Link to={`/assessor/exams/${r.enrollmentId}`}>
                {r.candidate.displayName}（{r.candidate.candidateNumber}）
              </Link>{" "}
              <span className="muted">
                {r.sessionTitle}・{r.pendingManual} 題待評分
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="done-title">
        <h2 id="done-title">已交卷</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">考生</th>
                <th scope="col">場次</th>
                <th scope="col">得分</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.enrollmentId}>
                  <td>
                    <Link to={`/assessor/exams/${r.enrollmentId}`}>
                      {r.candidate.displayName}（{r.candidate.candidateNumber}）
                    </Link>
                  </td>
                  <td>{r.sessionTitle}</td>
                  <td>{r.earned === null ? "評分中" : `${r.earned} / ${r.max}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
