import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { StandardCounts, StandardTree, StandardWarnings } from "~/components/standard-tree";
import { countStandard } from "~/domain/standard/versioning";
import { deleteStandard, getStandard } from "~/models/standard.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.standard.code} ${data.standard.name}` : "職能基準"}｜職能評量建構平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const standard = await getStandard({ institutionId: admin.institutionId, id: params.standardId ?? "" });
  if (!standard) notFound();
  return { standard, counts: countStandard(standard.parsed) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const result = await deleteStandard({ institutionId: admin.institutionId, id: params.standardId ?? "", actorId: admin.id });
  if (result.status === "not_found") notFound();
  if (result.status === "in_use") {
    return data({ error: `這個職能基準已被評量使用（${result.assessments.join("、")}），不可刪除。` }, { status: 409 });
  }
  return redirect("/admin/standards");
}

export default function StandardPage() {
  const { standard, counts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { parsed } = standard;
  const changes = standard.changesFromPrevious;
  return (
    <>
      <p>
        <Link to="/admin/standards">← 職能基準</Link>
      </p>
      <div className="page-head">
        <h1>
          <code>{parsed.code}</code> {parsed.name}
        </h1>
        <Link className="button" to={`/admin/assessments/new?standardId=${standard.id}`}>
          由此產生評量
        </Link>
      </div>
      <div className="panel">
        <p>
          {parsed.kind === "unit" ? "職能單元" : "職能基準"}・級別 {parsed.level}・匯入於 {formatDateTime(standard.importedAt)}
        </p>
        {parsed.description ? <p>{parsed.description}</p> : null}
        <StandardCounts counts={counts} />
        <p className="muted">
          版本：
          {standard.previousVersion ? (
            <>
              前一版 <Link to={`/admin/standards/${standard.previousVersion.id}`}>{standard.previousVersion.code}</Link>
            </>
          ) : (
            "無較早的已匯入版本"
          )}
          {standard.laterVersions.map((v) => (
            <span key={v.id}>
              ；新版 <Link to={`/admin/standards/${v.id}`}>{v.code}</Link>
            </span>
          ))}
        </p>
        <StandardWarnings warnings={parsed.warnings} />
      </div>

      {changes && standard.previousVersion ? (
        <section className="panel" aria-labelledby="changes-title">
          <h2 id="changes-title">與 {standard.previousVersion.code} 相比，行為指標的變更</h2>
          {changes.added.length + changes.removed.length + changes.reworded.length === 0 ? (
            <p>行為指標沒有變更（{changes.unchanged} 項相同）。</p>
          ) : (
            <ul>
              {changes.added.map((c, i) => (
                <li key={`a${i}`} className="diff-added">
                  新增 <code>{c.code ?? "—"}</code> {c.after}
                </li>
              ))}
              {changes.removed.map((c, i) => (
                <li key={`r${i}`}>
                  刪除 <code>{c.code ?? "—"}</code> <span className="diff-removed">{c.before}</span>
                </li>
              ))}
              {changes.reworded.map((c, i) => (
                <li key={`w${i}`}>
                  修改 <code>{c.code}</code>：<span className="diff-removed">{c.before}</span> → <span className="diff-added">{c.after}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="structure-title">
        <h2 id="structure-title">內容</h2>
        <StandardTree standard={parsed} />
        {parsed.notes.length > 0 ? (
          <>
            <h3>說明與補充事項</h3>
            <ul>
              {parsed.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="danger-title">
        <h2 id="danger-title">刪除</h2>
        {actionData?.error ? (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        {standard.assessments.length > 0 ? (
          <p className="muted">已有 {standard.assessments.length} 個評量使用這個職能基準，因此不能刪除。</p>
        ) : null}
        <Form method="post">
          <button type="submit" className="danger">
            刪除這個職能基準
          </button>
        </Form>
      </section>
    </>
  );
}
