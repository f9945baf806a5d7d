import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listBanks } from "~/models/exam-bank.server";
import { listPapers } from "~/models/exam-paper.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "筆試題庫與試卷｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [banks, papers] = await Promise.all([listBanks({ institutionId: admin.institutionId }), listPapers({ institutionId: admin.institutionId })]);
  return { banks, papers };
}

export default function ExamsPage() {
  const { banks, papers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>筆試題庫與試卷</h1>
      </div>
      <p className="muted">每個職能基準有自己的題庫；試題依知識代碼（K）與認知層次分類，依雙向細目表組成試卷，再連結到評量版本。</p>
      <section className="panel" aria-labelledby="banks-title">
        <h2 id="banks-title">題庫</h2>
        {banks.length === 0 ? (
          <p className="muted">
            尚未匯入職能基準。請先<Link to="/admin/standards/import">匯入職能基準</Link>。
          </p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">職能基準</th>
                  <th scope="col">啟用試題</th>
                  <th scope="col">草稿</th>
                  <th scope="col">停用</th>
                </tr>
              </thead>
              <tbody>
                {banks.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/admin/exams/${b.id}`}>
                        <code>{b.code}</code> {b.name}
                      </Link>
                    </td>
                    <td>{b.active}</td>
                    <td>{b.draft}</td>
                    <td>{b.retired}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="papers-title">
        <h2 id="papers-title">試卷</h2>
        {papers.length === 0 ? (
          <p className="muted">尚未組卷。在題庫頁面建立雙向細目表後即可組卷。</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">試卷</th>
                  <th scope="col">職能基準</th>
                  <th scope="col">平行試卷</th>
                  <th scope="col">滿分／及格</th>
                  <th scope="col">狀態</th>
                  <th scope="col">作答人次</th>
                </tr>
              </thead>
              <tbody>
                {papers.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/admin/exams/papers/${p.id}`}>{p.title}</Link>
                    </td>
                    <td>
                      <code>{p.standard.code}</code>
                    </td>
                    <td>{p.formCount}</td>
                    <td>
                      {p.totalPoints}／{p.passMark}
                    </td>
                    <td>{p.publishedAt ? <span className="badge ok">已發布 {formatDate(p.publishedAt)}</span> : <span className="badge warn">草稿</span>}</td>
                    <td>{p._count.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
