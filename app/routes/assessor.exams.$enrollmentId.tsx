import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessages } from "~/components/action-messages";
import { z } from "zod";
import { formatPoints } from "~/domain/exam/blueprint";
import { ITEM_TYPE_LABELS, OPTION_LETTERS } from "~/domain/exam/types";
import { getExamMarking, savePaperAnswers, scoreShortAnswer } from "~/models/exam-attempt.server";
import { notFound, requireAssessor } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.enrollment.candidate.displayName} 筆試` : "筆試"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const assessor = await requireAssessor(request);
  const marking = await getExamMarking({ assessorId: assessor.id, enrollmentId: params.enrollmentId ?? "" });
  if (!marking) notFound();
  return marking;
}

type ActionResult = { ok: true; message: string } | { ok: false; errors: string[]; fieldErrors?: Record<string, string> };

const ShortScoreSchema = z.object({
  revisionId: z.string({ error: "請選擇要評分的試題" }).min(1, { error: "請選擇要評分的試題" }),
  points: z
    .string()
    .trim()
    .min(1, { error: "請輸入分數" })
    .transform(Number)
    .pipe(z.number({ error: "分數須為數字" }).finite({ error: "分數須為數字" })),
  comment: z
    .string()
    .trim()
    .max(1000, { error: "評語不可超過 1000 字" })
    .transform((v) => v || null),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const assessor = await requireAssessor(request);
  const enrollmentId = params.enrollmentId ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "paper") {
    const typed: Record<string, string> = {};
    const texts: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value !== "string") continue;
      if (name.startsWith("typed:")) typed[name.slice(6)] = value;
      if (name.startsWith("text:")) texts[name.slice(5)] = value;
    }
    const result = await savePaperAnswers({ assessorId: assessor.id, enrollmentId, form: String(form.get("form") ?? ""), typed, texts });
    if (result.status === "not_found") notFound();
    if (result.status === "refused") return data<ActionResult>({ ok: false, errors: [result.message] }, { status: 409 });
    if (result.status === "invalid") {
      return data<ActionResult>({ ok: false, errors: result.errors.map((e) => e.message), fieldErrors: Object.fromEntries(result.errors.map((e) => [e.revisionId, e.message])) }, { status: 400 });
    }
    return data<ActionResult>({ ok: true, message: "已登錄答案卡，選擇題已自動計分。" });
  }
  if (intent === "score") {
    const parsed = ShortScoreSchema.safeParse({ revisionId: form.get("revisionId"), points: form.get("points") ?? "", comment: form.get("comment") ?? "" });
    if (!parsed.success) return data<ActionResult>({ ok: false, errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    const result = await scoreShortAnswer({ assessorId: assessor.id, enrollmentId, ...parsed.data });
    if (result.status === "not_found") notFound();
    if (result.status === "refused") return data<ActionResult>({ ok: false, errors: [result.message] }, { status: 409 });
    return data<ActionResult>({ ok: true, message: "已儲存簡答題分數。" });
  }
  return data<ActionResult>({ ok: false, errors: ["無法辨識的操作。"] }, { status: 400 });
}

/** Chosen options as letters in the order they were shown (`shown`: original indexes as displayed). */
const typedOf = (response: { kind: string; selected?: number[] } | null, type: string, shown: number[]) => {
  if (!response || response.kind !== "choice" || !response.selected) return "";
  if (type === "true_false") return response.selected[0] === 0 ? "O" : response.selected[0] === 1 ? "X" : "";
  return response.selected
    .map((i) => shown.indexOf(i))
    .sort((a, b) => a - b)
    .map((i) => OPTION_LETTERS[i])
    .join("");
};

export default function ExamMarkingPage() {
  const marking = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { enrollment, paper, score } = marking;
  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const choices = marking.items.filter((i) => i.type !== "short_answer");
  const shortAnswers = marking.items.filter((i) => i.type === "short_answer");
  const canEnterPaper = !enrollment.signedOff && !marking.inProgress && marking.counted?.mode !== "online";
  return (
    <>
      <p>
        <Link to="/assessor/exams">← 筆試閱卷</Link>
      </p>
      <h1>
        {enrollment.candidate.displayName}（{enrollment.candidate.candidateNumber}）：{paper.title}
      </h1>
      <p className="muted">
        {enrollment.sessionTitle}・{marking.counted ? `${marking.counted.mode === "paper" ? "紙本" : "線上"}作答，${marking.counted.form} 卷` : marking.inProgress ? "線上作答進行中" : "尚無作答紀錄"}
        {score ? `・得分 ${score.earned === null ? `評分中（${score.pendingManual} 題簡答待評）` : `${score.earned} / ${score.max}（${score.percent} 分）`}${score.passed === null ? "" : score.passed ? "・及格" : "・未達及格標準"}` : ""}
      </p>
      <ActionMessages result={result} />

      {canEnterPaper ? (
        <section className="panel" aria-labelledby="sheet-title">
          <h2 id="sheet-title">登錄紙本答案卡</h2>
          <p className="muted">依答案卡上的題號輸入考生的答案：選擇題填字母（如 B、AC），是非題填 O 或 X，未作答留白。按 Tab 移到下一題，Enter 送出。</p>
          <Form method="post">
            <input type="hidden" name="intent" value="paper" />
            <label>
              試卷
              <select name="form" defaultValue={marking.counted?.form ?? paper.formLabels[0]}>
                {paper.formLabels.map((l) => (
                  <option key={l} value={l}>
                    {l} 卷
                  </option>
                ))}
              </select>
            </label>
            {paper.formLabels.length > 1 ? <p className="muted">題號依所選試卷；若考生作答的是另一份試卷，請先切換試卷並儲存後再輸入。</p> : null}
            <div className="answer-grid">
              {choices.map((item) => (
                <label key={item.revisionId} title={item.stem}>
                  <span>第 {item.position} 題</span>
                  <input
                    name={`typed:${item.revisionId}`}
                    defaultValue={typedOf(item.response, item.type, item.shownOptions)}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={16}
                    aria-invalid={fieldErrors[item.revisionId] ? true : undefined}
                    aria-label={`第 ${item.position} 題（${ITEM_TYPE_LABELS[item.type]}）`}
                  />
                </label>
              ))}
            </div>
            {shortAnswers.map((item) => (
              <label key={item.revisionId}>
                第 {item.position} 題（簡答）考生作答內容
                <textarea name={`text:${item.revisionId}`} rows={3} maxLength={4000} defaultValue={item.response?.kind === "text" ? item.response.text : ""} />
              </label>
            ))}
            <div className="actions">
              <button type="submit" disabled={busy}>
                儲存答案卡
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {canEnterPaper && !marking.counted ? (
        <section className="panel" aria-labelledby="absent-title">
          <h2 id="absent-title">缺考</h2>
          <p className="muted">考生未應試時，記錄一份空白答案卡：筆試以 0 分計，評量才能依判定規則簽核。</p>
          <Form method="post">
            <input type="hidden" name="intent" value="paper" />
            <input type="hidden" name="form" value={paper.formLabels[0]} />
            <button type="submit" className="secondary" disabled={busy}>
              記錄缺考（筆試 0 分）
            </button>
          </Form>
        </section>
      ) : null}

      {marking.counted && shortAnswers.length > 0 ? (
        <section className="panel" aria-labelledby="short-title">
          <h2 id="short-title">簡答題評分</h2>
          {shortAnswers.map((item) => (
            <Form method="post" key={item.revisionId} className="stack exam-item">
              <input type="hidden" name="intent" value="score" />
              <input type="hidden" name="revisionId" value={item.revisionId} />
              <p>
                <strong>第 {item.position} 題</strong>（{formatPoints(item.points)} 分）{item.stem}
              </p>
              <p>考生作答：{item.response?.kind === "text" && item.response.text ? item.response.text : "（未作答）"}</p>
              {item.modelAnswer ? <p className="muted">參考答案：{item.modelAnswer}</p> : null}
              <label>
                分數（0–{formatPoints(item.points)}）
                <input type="number" name="points" min={0} max={item.points} step="any" required defaultValue={item.manualPoints ?? undefined} disabled={enrollment.signedOff} />
              </label>
              <label>
                評語（選填）
                <input name="comment" maxLength={1000} disabled={enrollment.signedOff} />
              </label>
              <div className="actions">
                <button type="submit" disabled={busy || enrollment.signedOff}>
                  儲存分數
                </button>
                {item.manualPoints !== null ? <span className="muted">目前 {item.manualPoints} 分</span> : <span className="badge warn">待評分</span>}
              </div>
            </Form>
          ))}
        </section>
      ) : null}

      {marking.counted ? (
        <section className="panel" aria-labelledby="answers-title">
          <h2 id="answers-title">作答與計分</h2>
          {marking.counted.mode === "online" ? <p className="muted">依考生作答時看到的題目與選項順序顯示（每位考生的順序不同）。</p> : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">題</th>
                  <th scope="col">題型</th>
                  <th scope="col">考生答案</th>
                  <th scope="col">正確答案</th>
                  <th scope="col">得分</th>
                </tr>
              </thead>
              <tbody>
                {marking.items.map((item) => (
                  <tr key={item.revisionId}>
                    <td>{item.position}</td>
                    <td>{ITEM_TYPE_LABELS[item.type]}</td>
                    <td>{item.type === "short_answer" ? (item.response?.kind === "text" ? item.response.text : "") : typedOf(item.response, item.type, item.shownOptions) || "（未答）"}</td>
                    <td>{item.type === "short_answer" ? "依參考答案" : typedOf({ kind: "choice", selected: item.key }, item.type, item.shownOptions)}</td>
                    <td>
                      {item.earned ?? "待評"} / {formatPoints(item.points)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
