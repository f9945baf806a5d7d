import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ActionMessages } from "~/components/action-messages";
import { answersFromForm } from "~/domain/exam/answer-form";
import { ITEM_TYPE_LABELS, OPTION_LETTERS, type ItemType } from "~/domain/exam/types";
import { getCandidateExam, saveExamAnswers, startExamAttempt, submitExamAttempt } from "~/models/exam-attempt.server";
import { actionFail as fail, actionOk } from "~/utils/action-result";
import { notFound, requireCandidate } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? data.exam.title : "筆試"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const candidate = await requireCandidate(request);
  const exam = await getCandidateExam({ candidateId: candidate.id, enrollmentId: params.enrollmentId ?? "" });
  if (!exam) notFound();
  // The page's clock follows the server's: the deadline is the server's, and so is "now".
  return { ...exam, serverNow: new Date() };
}

/** Saving one answer changes nothing else on the page: no reload of the paper after each answer. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction?.endsWith("/answer") ? false : defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  const candidate = await requireCandidate(request);
  const enrollmentId = params.enrollmentId ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "start") {
    const result = await startExamAttempt({ candidateId: candidate.id, enrollmentId });
    if (result.status === "not_found") notFound();
    if (result.status === "refused") return fail([result.message], 409);
    return redirect(`/me/exams/${enrollmentId}`);
  }
  const attemptId = String(form.get("attemptId") ?? "");
  // Without JavaScript the whole paper is posted on 儲存 / 交卷; with it each answer went to ./answer already.
  if (intent === "save" || intent === "submit") {
    const answers = answersFromForm(form);
    if (answers.length > 0) {
      const saved = await saveExamAnswers({ candidateId: candidate.id, attemptId, answers });
      if (saved.status === "not_found") notFound();
      if (saved.status !== "saved") return fail([saved.message], saved.status === "invalid" ? 400 : 409);
    }
    if (intent === "submit") {
      const submitted = await submitExamAttempt({ candidateId: candidate.id, attemptId });
      if (submitted.status === "not_found") notFound();
      if (submitted.status === "already") return fail([submitted.message], 409);
      return actionOk("已交卷。成績將於評量結果公布後顯示。");
    }
    return actionOk(`已儲存 ${answers.length} 題答案。`);
  }
  return data({ ok: false as const, errors: ["無法辨識的操作。"] }, { status: 400 });
}

type Sitting = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["sitting"]>;

function useRemaining(deadline: Date | string | null, serverNow: Date | string) {
  const [offset] = useState(() => new Date(serverNow).getTime() - Date.now());
  const [remaining, setRemaining] = useState(() => (deadline ? new Date(deadline).getTime() - new Date(serverNow).getTime() : null));
  useEffect(() => {
    if (!deadline) return;
    const tick = () => setRemaining(new Date(deadline).getTime() - (Date.now() + offset));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [deadline instanceof Date ? deadline.getTime() : deadline, offset]);
  return remaining;
}

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h > 0 ? `${h}:` : ""}${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/**
 * Sends an item's answer as it is given, one request at a time per item (a later change waits for the
 * earlier one, so the server never ends with an older answer), and keeps trying when the network is
 * gone: what the server acknowledged is stored; what it did not is sent again when it can be.
 */
function useAnswerSaver(url: string, report: (state: string) => void) {
  const queue = useRef<{ pending: FormData | null; busy: boolean; retry: ReturnType<typeof setTimeout> | null }>({ pending: null, busy: false, retry: null });
  useEffect(() => () => {
    if (queue.current.retry) clearTimeout(queue.current.retry);
  }, []);
  const pump = useCallback(async () => {
    const q = queue.current;
    if (q.busy || !q.pending || q.retry) return;
    const form = q.pending;
    q.pending = null;
    q.busy = true;
    report("儲存中…");
    let retry = false;
    try {
      const response = await fetch(url, { method: "POST", body: form, headers: { Accept: "application/json" } });
      if (response.redirected) {
        report("未儲存：登入已逾時，請重新登入後再作答（已儲存的答案都保留）");
      } else if (response.headers.get("Content-Type")?.includes("json")) {
        const result = (await response.json()) as { ok: true; message: string } | { ok: false; errors: string[] };
        // A newer answer already waiting supersedes this one's outcome.
        if (!q.pending) report(result.ok ? `已儲存 ${new Date().toLocaleTimeString("zh-TW", { hour12: false })}` : `未儲存：${result.errors.join("；")}`);
      } else if (response.status >= 500) {
        retry = true;
      } else {
        report(`未儲存：伺服器拒絕了這個答案（HTTP ${response.status}），請重新整理頁面`);
      }
    } catch {
      retry = true; // no answer from the server: the network, or a server restarting
    } finally {
      q.busy = false;
    }
    if (retry) {
      // Keep this answer unless a newer one is waiting, and send it again shortly (or when back online).
      q.pending ??= form;
      report("未儲存：連線中斷，恢復連線後會自動重新送出");
      q.retry = setTimeout(() => {
        q.retry = null;
        void pump();
      }, 3000);
      return;
    }
    if (q.pending) void pump();
  }, [url, report]);
  useEffect(() => {
    const online = () => {
      if (queue.current.retry) clearTimeout(queue.current.retry);
      queue.current.retry = null;
      void pump();
    };
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [pump]);
  return useCallback(
    (form: FormData) => {
      const q = queue.current;
      q.pending = form;
      if (q.retry) {
        clearTimeout(q.retry);
        q.retry = null;
      }
      void pump();
    },
    [pump],
  );
}

/** One item; with JavaScript each change is saved at once (and acknowledged), without it on 儲存 / 交卷. */
function ExamItem({ item, attemptId, enrollmentId, locked }: { item: Sitting["items"][number]; attemptId: string; enrollmentId: string; locked: boolean }) {
  const [state, setState] = useState<string | null>(item.response ? "已作答" : null);
  const saver = useAnswerSaver(`/me/exams/${enrollmentId}/answer`, setState);
  const save = (event: React.FormEvent<HTMLFieldSetElement>) => {
    const form = new FormData();
    form.set("attemptId", attemptId);
    form.set("revisionId", item.revisionId);
    form.append("item", item.revisionId);
    const fieldset = event.currentTarget;
    for (const input of fieldset.querySelectorAll<HTMLInputElement>("input:checked")) form.append(`answer:${item.revisionId}`, input.value);
    const text = fieldset.querySelector("textarea");
    if (text) form.set(`text:${item.revisionId}`, text.value);
    saver(form);
  };
  const selected = item.response?.kind === "choice" ? item.response.selected : [];
  const name = `answer:${item.revisionId}`;
  const legendId = `q-${item.position}`;
  return (
    <div className="exam-item">
      <fieldset onChange={locked ? undefined : save} disabled={locked} aria-describedby={`${legendId}-state`}>
        <legend id={legendId}>
          {item.position}. {item.stem} <span className="muted">（{ITEM_TYPE_LABELS[item.type as ItemType]}{item.type === "multiple" ? "，可複選" : ""}）</span>
        </legend>
        <input type="hidden" name="item" value={item.revisionId} />
        {item.type === "short_answer" ? (
          <label>
            作答
            <textarea name={`text:${item.revisionId}`} rows={4} maxLength={4000} defaultValue={item.response?.kind === "text" ? item.response.text : ""} />
          </label>
        ) : (
          item.options.map((option, i) => (
            <label key={option.index} className="exam-option">
              <input type={item.type === "multiple" ? "checkbox" : "radio"} name={name} value={option.index} defaultChecked={selected.includes(option.index)} />
              <span>
                {item.type === "true_false" ? "" : `(${OPTION_LETTERS[i]}) `}
                {option.text}
              </span>
            </label>
          ))
        )}
      </fieldset>
      <p className="save-state" id={`${legendId}-state`} aria-live="polite">
        {state ?? "尚未作答"}
      </p>
    </div>
  );
}

export default function CandidateExamPage() {
  const exam = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const remaining = useRemaining(exam.sitting?.deadlineAt ?? null, exam.serverNow);
  const timeUp = remaining !== null && remaining <= 0;
  return (
    <>
      <p>
        <Link to="/me">← 我的評量結果</Link>
      </p>
      <h1>{exam.exam.title}</h1>
      <p className="muted">
        {exam.assessmentTitle}・{exam.sessionTitle}・滿分 {exam.exam.totalPoints} 分，及格 {exam.exam.passMark} 分・作答時間 {exam.exam.durationMinutes} 分鐘
        {exam.window.opensAt ? `・開放作答 ${formatDateTime(exam.window.opensAt)}${exam.window.closesAt ? ` 至 ${formatDateTime(exam.window.closesAt)}` : ""}` : ""}
      </p>
      <ActionMessages result={result} />

      {exam.state === "open" ? (
        <div className="panel">
          <p>
            按下「開始作答」後開始計時 {exam.exam.durationMinutes} 分鐘，計時以伺服器時間為準，重新整理或關閉頁面時間仍會繼續。每一題作答後會立即儲存。
            {exam.attemptsUsed > 0 ? `（這是第 ${exam.attemptsUsed + 1} 次應試，經承辦人員核准。）` : ""}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" disabled={busy}>
              開始作答
            </button>
          </Form>
        </div>
      ) : null}
      {exam.state === "not_open" || exam.state === "not_scheduled" ? <p className="panel muted">{exam.state === "not_open" ? "筆試尚未開放作答。" : "承辦人員尚未安排筆試時間。"}</p> : null}
      {exam.state === "closed" ? <p className="panel muted">筆試作答時間已結束，你沒有作答紀錄。如有疑問請洽承辦人員。</p> : null}
      {exam.state === "paper" ? <p className="panel muted">本場次筆試以紙本進行，請於現場作答；評量人員會將答案卡登錄到系統。</p> : null}

      {exam.sitting ? (
        <Form method="post">
          <input type="hidden" name="attemptId" value={exam.sitting.attemptId} />
          <div className="exam-timer" role="timer" aria-live="off">
            <span>
              剩餘時間 <span className="remaining">{remaining === null ? "—" : timeUp ? "時間到" : formatRemaining(remaining)}</span>
            </span>
            <span className="muted">截止 {formatDateTime(exam.sitting.deadlineAt)}（伺服器時間）</span>
            <button type="submit" name="intent" value="save" className="secondary" disabled={busy || timeUp}>
              儲存答案
            </button>
            <button type="submit" name="intent" value="submit" disabled={busy || timeUp}>
              交卷
            </button>
          </div>
          {timeUp ? <p className="warning">作答時間已到。時間到之前儲存的答案都已保留，系統將依此計分。</p> : null}
          {exam.sitting.items.map((item) => (
            <ExamItem key={item.revisionId} item={item} attemptId={exam.sitting!.attemptId} enrollmentId={exam.enrollmentId} locked={timeUp} />
          ))}
          <div className="actions">
            <button type="submit" name="intent" value="submit" disabled={busy || timeUp}>
              交卷
            </button>
            <span className="muted">交卷後不能再修改答案。</span>
          </div>
        </Form>
      ) : null}

      {exam.state === "finished" ? (
        <section className="panel" aria-labelledby="score-title">
          <h2 id="score-title">筆試成績</h2>
          {exam.review ? (
            <>
              <p>
                得分 <strong>{exam.review.earned === null ? "評閱中" : `${exam.review.earned} / ${exam.review.max}`}</strong>
                {exam.review.percent !== null ? `（${exam.review.percent} 分，以 100 分計）` : ""}・
                {exam.review.passed === null ? "簡答題評閱中" : exam.review.passed ? "及格" : "未達及格標準"}
              </p>
              <ol className="exam-review">
                {exam.review.items.map((item) => (
                  <li key={item.position}>
                    <p>
                      {item.stem}
                      <span className="muted">（得 {item.earned ?? "—"} / {item.max} 分）</span>
                    </p>
                    {item.type === "short_answer" ? (
                      <>
                        <p>你的作答：{item.response?.kind === "text" && item.response.text ? item.response.text : "（未作答）"}</p>
                        {item.modelAnswer ? <p className="muted">參考答案：{item.modelAnswer}</p> : null}
                      </>
                    ) : (
                      <p>
                        你的答案：
                        {item.response?.kind === "choice" && item.response.selected.length > 0
                          ? item.options.map((o, i) => (item.response?.kind === "choice" && item.response.selected.includes(o.index) ? (item.type === "true_false" ? o.text : OPTION_LETTERS[i]) : "")).join("")
                          : "（未作答）"}
                        ・正確答案：{item.options.map((o, i) => (item.key.includes(o.index) ? (item.type === "true_false" ? o.text : OPTION_LETTERS[i]) : "")).join("")}
                      </p>
                    )}
                    {item.explanation ? <p className="muted">解析：{item.explanation}</p> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p>你已於 {formatDateTime(exam.submittedAt)} 完成筆試。成績將於評量結果公布後顯示。</p>
          )}
        </section>
      ) : null}
    </>
  );
}
