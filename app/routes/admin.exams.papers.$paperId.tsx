import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessages } from "~/components/action-messages";
import { formatPoints } from "~/domain/exam/blueprint";
import { parsePaperAnswer } from "~/domain/exam/scoring";
import { COGNITIVE_LEVEL_LABELS, ITEM_TYPE_LABELS, OPTION_LETTERS } from "~/domain/exam/types";
import { correctPaperKey } from "~/models/exam-attempt.server";
import { deleteDraftPaper, getPaper, KeyCorrectionSchema, publishPaper } from "~/models/exam-paper.server";
import { actionFail as fail, actionOk } from "~/utils/action-result";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.paper.title ?? "試卷"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const paper = await getPaper({ institutionId: admin.institutionId, paperId: params.paperId ?? "" });
  if (!paper) notFound();
  return { paper };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const scope = { institutionId: admin.institutionId, actorId: admin.id, paperId: params.paperId ?? "" };
  const form = await request.formData();
  switch (form.get("intent")) {
    case "publish": {
      const result = await publishPaper(scope);
      if (result.status === "not_found") notFound();
      if (result.status === "blocked") return fail([result.message], 409);
      if (result.status === "already_published") return fail(["這份試卷已經發布。"], 409);
      return actionOk(`已發布，試卷內容已凍結（內容雜湊 ${result.contentHash.slice(0, 12)}…）。現在可以在評量版本中連結這份試卷。`);
    }
    case "delete": {
      const result = await deleteDraftPaper(scope);
      if (result === "not_found") notFound();
      if (result === "published") return fail(["已發布的試卷不能刪除。"], 409);
      return redirect("/admin/exams");
    }
    case "correct-key": {
      const paper = await getPaper(scope);
      if (!paper) notFound();
      const revisionId = String(form.get("revisionId") ?? "");
      const item = paper.forms.flatMap((f) => f.items).find((i) => i.revisionId === revisionId);
      if (!item) return fail(["請選擇要更正答案的試題。"]);
      const parsed = parsePaperAnswer(String(form.get("key") ?? ""), item.content.type, item.content.options.length);
      if (!parsed.ok) return fail([parsed.message]);
      const correction = KeyCorrectionSchema.safeParse({ revisionId, key: parsed.selected, reason: form.get("reason") ?? "" });
      if (!correction.success) return fail(correction.error.issues.map((i) => i.message));
      const result = await correctPaperKey({ ...scope, ...correction.data });
      if (result.status === "not_found") notFound();
      if (result.status === "refused") return fail([result.message]);
      return actionOk(`已更正答案並重新計分 ${result.rescored} 份作答，其中 ${result.changed} 份分數改變；已記錄於稽核紀錄。`);
    }
    default:
      return fail(["無法辨識的操作。"]);
  }
}

const letters = (key: number[], type: string) => (type === "true_false" ? (key[0] === 0 ? "O" : "X") : key.map((k) => OPTION_LETTERS[k]).join(""));

export default function PaperPage() {
  const { paper } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const base = `/admin/exams/papers/${paper.id}`;
  const choiceItems = paper.forms.flatMap((f) => f.items.map((i) => ({ ...i, form: f.label }))).filter((i) => i.content.type !== "short_answer");
  return (
    <>
      <p>
        <Link to={`/admin/exams/${paper.standard.id}`}>← {paper.standard.code} 題庫</Link>
      </p>
      <div className="page-head">
        <h1>{paper.title}</h1>
        {paper.publishedAt ? <span className="badge ok">已發布 {formatDateTime(paper.publishedAt)}</span> : <span className="badge warn">草稿</span>}
      </div>
      <p className="muted">
        {paper.standard.code} {paper.standard.name}・{paper.formLabels.map((l) => `${l} 卷`).join("、")}・每卷 {paper.forms[0]?.items.length ?? 0} 題・滿分 {formatPoints(paper.totalPoints)} 分・及格 {paper.passMark} 分（以 100 分計）・作答 {paper.durationMinutes} 分鐘・複選題
        {paper.multipleScoring === "partial" ? "部分給分" : "全對才給分"}・亂數種子 <code>{paper.seed}</code>
        {paper.blueprint ? (
          <>
            ・細目表 <Link to={`/admin/exams/blueprints/${paper.blueprint.id}`}>{paper.blueprint.title}</Link>
          </>
        ) : null}
        {paper.contentHash ? `・內容雜湊 ${paper.contentHash.slice(0, 16)}` : ""}
      </p>
      <ActionMessages result={result} />

      {paper.shortfalls.length > 0 ? (
        <div className="warning">
          <p>
            <strong>題庫不足之處：</strong>
          </p>
          <ul>
            {paper.shortfalls.map((s, i) => (
              <li key={i}>{s.message}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="notice">每一格都依細目表抽足題數{paper.formCount > 1 ? "，各平行試卷沒有共用試題" : ""}。</p>
      )}

      <div className="panel actions">
        {paper.formLabels.map((label) => (
          <a key={label} className="button" href={`${base}/pdf?form=${label}`}>
            下載 {label} 卷 PDF
          </a>
        ))}
        {paper.formLabels.map((label) => (
          <a key={`key-${label}`} href={`${base}/pdf?form=${label}&key=1`}>
            {label} 卷答案卷 PDF
          </a>
        ))}
        {paper.publishedAt ? <Link to={`${base}/analysis`}>試題分析</Link> : null}
        {!paper.publishedAt ? (
          <>
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" disabled={busy}>
                發布試卷
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="secondary" disabled={busy}>
                刪除草稿（可重新組卷）
              </button>
            </Form>
          </>
        ) : null}
      </div>

      {paper.forms.map((form) => (
        <section key={form.label} className="panel" aria-labelledby={`form-${form.label}`}>
          <h2 id={`form-${form.label}`}>{form.label} 卷</h2>
          <div className="table-wrap">
            <table className="exam-table">
              <thead>
                <tr>
                  <th scope="col">序</th>
                  <th scope="col">題號</th>
                  <th scope="col">題型</th>
                  <th scope="col">題幹與選項</th>
                  <th scope="col">答案</th>
                  <th scope="col">配分</th>
                  <th scope="col">細目表格</th>
                </tr>
              </thead>
              <tbody>
                {form.items.map((item) => (
                  <tr key={item.revisionId}>
                    <td>{item.position}</td>
                    <td>
                      <Link to={`/admin/exams/${paper.standard.id}/items/${item.itemId}`}>Q{String(item.number).padStart(3, "0")}</Link>
                      <span className="muted">（第 {item.revision} 版）</span>
                    </td>
                    <td>{ITEM_TYPE_LABELS[item.content.type]}</td>
                    <td className="text">
                      {item.content.stem}
                      {item.content.options.length > 0 && item.content.type !== "true_false" ? (
                        <ol type="A">
                          {item.content.options.map((o, i) => (
                            <li key={i}>{o}</li>
                          ))}
                        </ol>
                      ) : null}
                    </td>
                    <td>
                      {item.content.type === "short_answer" ? <span className="muted">評分人員依參考答案評分</span> : letters(item.key, item.content.type)}
                      {item.corrected ? <span className="badge warn">已更正</span> : null}
                    </td>
                    <td>{formatPoints(item.points)}</td>
                    <td>
                      {item.code} × {COGNITIVE_LEVEL_LABELS[item.level]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {paper.publishedAt && choiceItems.length > 0 ? (
        <section className="panel" aria-labelledby="correct-title">
          <h2 id="correct-title">更正答案</h2>
          <p className="muted">考試後發現答案有誤時使用。所有已作答的試卷會依更正後的答案重新計分，分數變動記錄於稽核紀錄；試卷內容本身不變。</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="correct-key" />
            <label>
              試題
              <select name="revisionId" required>
                {choiceItems.map((i) => (
                  <option key={`${i.form}-${i.revisionId}`} value={i.revisionId}>
                    {i.form} 卷第 {i.position} 題（Q{String(i.number).padStart(3, "0")}，目前答案 {letters(i.key, i.content.type)}）
                  </option>
                ))}
              </select>
            </label>
            <label>
              正確答案（選項字母，如 C 或 AD；是非題填 O 或 X）
              <input name="key" required maxLength={10} />
            </label>
            <label>
              更正理由
              <textarea name="reason" required minLength={5} maxLength={1000} rows={2} />
            </label>
            <div className="actions">
              <button type="submit" disabled={busy}>
                更正答案並重新計分
              </button>
            </div>
          </Form>
          {paper.corrections.length > 0 ? (
            <ul>
              {paper.corrections.map((c) => (
                <li key={c.id}>
                  {formatDateTime(c.createdAt)}：{c.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
