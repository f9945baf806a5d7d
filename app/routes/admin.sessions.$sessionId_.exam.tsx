import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessages } from "~/components/action-messages";
import { grantExamAttempt, listSessionExam, setExamWindow } from "~/models/exam-attempt.server";
import { actionFail as fail, actionOk } from "~/utils/action-result";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { taipeiDateTime, toTaipeiInput } from "~/utils/taipei-time";

export const meta: MetaFunction = () => [{ title: "場次筆試｜職能評量建構平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const view = await listSessionExam({ institutionId: admin.institutionId, sessionId: params.sessionId ?? "" });
  if (!view) notFound();
  return { ...view, sessionId: params.sessionId! };
}

const WindowSchema = z
  .object({
    opensAt: taipeiDateTime("開放時間"),
    // Blank is "no closing time"; otherwise a time, whose own message names the field (a union would not).
    closesAt: z.preprocess((v) => (v === "" ? null : v), taipeiDateTime("截止時間").nullable()),
    mode: z.enum(["online", "paper"], { error: "請選擇作答方式" }),
  })
  // Only two valid times are compared: a time refused above has its own message already.
  .refine((w) => !(w.closesAt instanceof Date && w.opensAt instanceof Date) || w.closesAt > w.opensAt, { error: "截止時間須晚於開放時間" });

const GrantSchema = z.object({
  enrollmentId: z.string({ error: "請選擇考生" }).min(1, { error: "請選擇考生" }),
  reason: z.string().trim().min(5, { error: "請寫明再次應試的理由（至少 5 個字）" }).max(1000, { error: "理由不可超過 1000 字" }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const sessionId = params.sessionId ?? "";
  // A field left out reads as blank, so that its own message (not a type error) answers.
  const form: Record<string, FormDataEntryValue> = { opensAt: "", closesAt: "", reason: "", ...Object.fromEntries(await request.formData()) };
  if (form.intent === "window") {
    const parsed = WindowSchema.safeParse(form);
    if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message));
    const saved = await setExamWindow({ institutionId: admin.institutionId, actorId: admin.id, sessionId, ...parsed.data });
    if (!saved) notFound();
    return actionOk("已儲存筆試時間與作答方式。");
  }
  if (form.intent === "grant") {
    const parsed = GrantSchema.safeParse(form);
    if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message));
    const view = await listSessionExam({ institutionId: admin.institutionId, sessionId });
    if (!view || !view.rows.some((r) => r.enrollmentId === parsed.data.enrollmentId)) notFound();
    const granted = await grantExamAttempt({ institutionId: admin.institutionId, actorId: admin.id, ...parsed.data });
    if (granted === "not_found") notFound();
    if (granted === "signed_off") return fail(["這位考生的評量已簽核，不能再安排應試。"], 409);
    return actionOk("已核准再次應試，並記錄於稽核紀錄。");
  }
  return fail(["無法辨識的操作。"]);
}

export default function SessionExamPage() {
  const { exam, window, rows, sessionId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p>
        <Link to={`/admin/sessions/${sessionId}`}>← 場次</Link>
      </p>
      <h1>場次筆試</h1>
      <ActionMessages result={result} />
      {!exam ? (
        <p className="panel muted">這個場次的評量版本沒有連結筆試。請在評量版本中連結已發布的試卷後，以新版本開設場次。</p>
      ) : (
        <>
          <p className="muted">
            試卷「<Link to={`/admin/exams/papers/${exam.paperId}`}>{exam.title}</Link>」・{exam.formLabels.join("、")} 卷・作答 {exam.durationMinutes} 分鐘・及格 {exam.passMark} 分
          </p>
          <section className="panel" aria-labelledby="window-title">
            <h2 id="window-title">筆試時間與作答方式</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="window" />
              <label>
                開放作答（臺灣時間）
                <input type="datetime-local" name="opensAt" required defaultValue={toTaipeiInput(window.examOpensAt)} />
              </label>
              <label>
                截止（選填；考生的作答時間不會超過截止時間）
                <input type="datetime-local" name="closesAt" defaultValue={toTaipeiInput(window.examClosesAt)} />
              </label>
              <fieldset>
                <legend>作答方式</legend>
                <label className="checkbox">
                  <input type="radio" name="mode" value="online" defaultChecked={window.examMode !== "paper"} /> 線上作答（伺服器計時，逐題儲存）
                </label>
                <label className="checkbox">
                  <input type="radio" name="mode" value="paper" defaultChecked={window.examMode === "paper"} /> 紙本作答（評量人員登錄答案卡）
                </label>
              </fieldset>
              <div className="actions">
                <button type="submit" disabled={busy}>
                  儲存
                </button>
              </div>
            </Form>
          </section>
          <section className="panel" aria-labelledby="candidates-title">
            <h2 id="candidates-title">考生</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">考生</th>
                    <th scope="col">作答紀錄</th>
                    <th scope="col">得分</th>
                    <th scope="col">再次應試</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.enrollmentId}>
                      <td>
                        {r.candidate.displayName}（{r.candidate.candidateNumber}）
                      </td>
                      <td>
                        {r.attempts.length === 0
                          ? "尚未應試"
                          : r.attempts.map((a) => `第 ${a.attemptNumber} 次（${a.form} 卷，${a.mode === "paper" ? "紙本" : "線上"}，${a.finalAt ? `${formatDateTime(a.finalAt)} 完成` : "作答中"}）`).join("；")}
                      </td>
                      <td>
                        {r.outcome.percent === null ? (r.pendingManual > 0 ? `簡答題 ${r.pendingManual} 題待評` : "—") : `${r.outcome.percent} 分${r.outcome.passed ? "（及格）" : "（未及格）"}`}
                      </td>
                      <td>
                        {r.grants.map((g, i) => (
                          <p key={i} className="muted">
                            {formatDateTime(g.createdAt)} 核准：{g.reason}
                          </p>
                        ))}
                        {r.attempts.length > 0 ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="grant" />
                            <input type="hidden" name="enrollmentId" value={r.enrollmentId} />
                            <label>
                              理由
                              <input name="reason" required minLength={5} maxLength={1000} />
                            </label>
                            <button type="submit" className="secondary" disabled={busy}>
                              核准再次應試
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
