import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ActionMessages } from "~/components/action-messages";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getAssessorWorkspace } from "~/models/scoring.server";
import { notFound, requireAssessor } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { handleWorkspaceAction, workspaceView } from "./workspace.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.candidate.displayName ?? "受評者"}｜評分｜職能評量建構平台` }];

const KIND_LABELS: Record<string, string> = { file: "檔案", observation: "觀察紀錄", qa: "問答紀錄", third_party: "第三方報告", link: "連結", note: "備註" };
const DECISION_LABELS = { competent: "達成（具備職能）", not_yet_competent: "尚未達成", incomplete: "尚未完成評分" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const assessor = await requireAssessor(request, context);
  const workspace = await getAssessorWorkspace({ assessorId: assessor.id, enrollmentId: params.enrollmentId ?? "" });
  if (!workspace) notFound();
  return workspaceView(workspace, assessor.id, new URL(request.url).searchParams.get("task"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const assessor = await requireAssessor(request);
  return handleWorkspaceAction(assessor, params.enrollmentId ?? "", await request.formData());
}

export default function AssessorWorkspace() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const signedOff = Boolean(d.signedOffAt);
  return (
    <>
      <p>
        <Link to={`/assessor/sessions/${d.session.id}`}>← {d.session.title}</Link>
      </p>
      <div className="page-head">
        <h1>
          {d.candidate.displayName}（{d.candidate.candidateNumber}）
        </h1>
        {signedOff ? <span className="badge ok">已簽核 {formatDateTime(d.signedOffAt)}</span> : <span className="badge">評量中</span>}
      </div>
      <p className="muted">
        {d.assessment.title}（第 {d.assessment.version} 版）・{d.session.place}
        {d.otherAssessors.length ? `・共同評量：${d.otherAssessors.join("、")}（盲評）` : ""}
      </p>

      <ActionMessages result={result} sticky />

      <details className="panel">
        <summary>情境、條件與資源</summary>
        <p>{d.session.scenario}</p>
        <ul>
          {d.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p className="muted">資源：{d.resources.join("；")}</p>
        <p className="muted">{d.duration}</p>
        {d.session.calibrationNote ? <p>評分前校準：{d.session.calibrationNote}</p> : null}
      </details>

      <section className="panel" aria-labelledby="sufficiency-title">
        <h2 id="sufficiency-title">佐證充分性</h2>
        <ul className="sufficiency">
          {d.sufficiency.tasks.map((t) => (
            <li key={t.taskId}>
              {t.sufficient ? <span className="badge ok">充分</span> : <span className="badge warn">不足</span>} <code>{t.taskCode}</code>{" "}
              {t.sufficient
                ? `${t.evidenceCount} 項佐證`
                : [
                    t.criteriaWithoutEvidence.length ? `尚無佐證的規準：${t.criteriaWithoutEvidence.join("、")}` : "",
                    t.missingWorkProducts.length ? `尚缺工作產出：${t.missingWorkProducts.join("、")}` : "",
                  ]
                    .filter(Boolean)
                    .join("；")}
            </li>
          ))}
        </ul>
      </section>

      {d.scope.tasks.map((task) => {
        const criteria = d.scope.criteria.filter((c) => c.taskId === task.id);
        const plan = d.openTask?.id === task.id ? d.openTask : null;
        const evidence = d.evidence.filter((e) => e.taskCode === task.code);
        return (
          <section key={task.id} className="panel task-panel" aria-labelledby={`task-${task.id}`}>
            <h2 id={`task-${task.id}`}>
              <code>{task.code}</code> {task.title}
              <span className="badge">職能級別 {task.level}</span>
            </h2>

            <h3>佐證</h3>
            {evidence.length === 0 ? <p className="muted">尚未記錄佐證。</p> : null}
            <ul className="evidence-list">
              {evidence.map((e) => (
                <li key={e.id} id={`evidence-${e.id}`}>
                  <span className="badge">{KIND_LABELS[e.kind] ?? e.kind}</span> <strong>{e.title}</strong>
                  {e.kind === "file" ? (
                    <>
                      {" "}
                      <a href={`/evidence/${e.id}/file`}>{e.fileName}</a>（{Math.ceil((e.sizeBytes ?? 0) / 1024)} KB，SHA-256 <code>{e.sha256}</code>）
                    </>
                  ) : null}
                  {e.kind === "link" && e.url ? (
                    <>
                      {" "}
                      <a href={e.url} rel="noopener noreferrer nofollow" target="_blank">
                        {e.url}
                      </a>
                    </>
                  ) : null}
                  {e.body ? <p className="evidence-body">{e.body}</p> : null}
                  <span className="muted">
                    {formatDateTime(e.createdAt)}・{e.mine ? "我" : "其他評量人員"}記錄・對應 {e.criterionIds.map((id) => criteria.find((c) => c.id === id)?.code ?? id).join("、") || "（未連結規準）"}
                  </span>
                </li>
              ))}
            </ul>
            {signedOff ? null : !plan ? (
              // The forms of one task at a time: a plain link, so it works without JavaScript too.
              <p>
                <Link to={`?task=${encodeURIComponent(task.code ?? task.id)}#add-evidence-${task.id}`} preventScrollReset>
                  新增佐證（{task.code}）
                </Link>
              </p>
            ) : (
              <details open id={`add-evidence-${task.id}`}>
                <summary>新增佐證（{task.code}）</summary>
                <div className="evidence-forms">
                  <Form method="post" encType="multipart/form-data" action={`/assessor/enrollments/${d.enrollmentId}/evidence`} className="stack">
                    <h4>上傳檔案</h4>
                    <input type="hidden" name="taskCode" value={task.code ?? ""} />
                    <div className="field">
                      <label htmlFor={`file-${task.id}`}>檔案（{task.code}）</label>
                      <input id={`file-${task.id}`} name="file" type="file" required />
                    </div>
                    <div className="field">
                      <label htmlFor={`file-title-${task.id}`}>檔案說明（{task.code}）</label>
                      <input id={`file-title-${task.id}`} name="title" type="text" required />
                    </div>
                    <WorkProductSelect id={`file-wp-${task.id}`} taskCode={task.code} products={plan.workProducts} />
                    <CriteriaChecks prefix={`file-${task.id}`} criteria={criteria} />
                    <button type="submit" className="secondary" disabled={busy}>
                      上傳
                    </button>
                  </Form>
                  <Form method="post" className="stack">
                    <h4>文字紀錄</h4>
                    <input type="hidden" name="taskCode" value={task.code ?? ""} />
                    <div className="field">
                      <label htmlFor={`kind-${task.id}`}>類型（{task.code}）</label>
                      <select id={`kind-${task.id}`} name="kind" defaultValue="observation">
                        <option value="observation">觀察紀錄</option>
                        <option value="qa">問答紀錄</option>
                        <option value="third_party">第三方報告</option>
                        <option value="link">連結</option>
                        <option value="note">備註</option>
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`question-${task.id}`}>問答紀錄對應的問題（{task.code}）</label>
                      <select id={`question-${task.id}`} name="questionId" defaultValue="">
                        <option value="">（非問答紀錄）</option>
                        {plan.questions.map((q) => (
                          <option key={q.id} value={q.id}>
                            {q.code} {q.prompt}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`title-${task.id}`}>標題（{task.code}）</label>
                      <input id={`title-${task.id}`} name="title" type="text" required />
                    </div>
                    <div className="field">
                      <label htmlFor={`body-${task.id}`}>內容（{task.code}）</label>
                      <textarea id={`body-${task.id}`} name="body" rows={3} />
                    </div>
                    <div className="field">
                      <label htmlFor={`url-${task.id}`}>連結網址（類型為連結時，{task.code}）</label>
                      <input id={`url-${task.id}`} name="url" type="url" />
                    </div>
                    <WorkProductSelect id={`text-wp-${task.id}`} taskCode={task.code} products={plan.workProducts} />
                    <CriteriaChecks prefix={`text-${task.id}`} criteria={criteria} />
                    <button type="submit" name="intent" value="evidence" className="secondary" disabled={busy}>
                      記錄
                    </button>
                  </Form>
                </div>
              </details>
            )}

            <h3>評分</h3>
            <Form method="post" className="rubric-form">
              <input type="hidden" name="revision" value={d.revision} />
              <table className="rubric">
                <thead>
                  <tr>
                    <th scope="col">規準</th>
                    {d.scale.levels.map((l) => (
                      <th key={l.score} scope="col">
                        {l.score} {l.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {criteria.map((c) => {
                    const mine = d.myScores[c.id];
                    return (
                      <tr key={c.id}>
                        <th scope="row">
                          <input type="hidden" name="criterionId" value={c.id} />
                          <input type="hidden" name={`base:${c.id}`} value={mine?.level ?? ""} />
                          <code>{c.code}</code>
                          {c.critical ? <span className="badge">關鍵</span> : null} {c.text}
                          <label className="comment-label" htmlFor={`comment:${c.id}`}>
                            {c.code} 評語
                          </label>
                          <input id={`comment:${c.id}`} name={`comment:${c.id}`} type="text" defaultValue={mine?.comment ?? ""} />
                        </th>
                        {c.levels.map((level) => (
                          <td key={level.score}>
                            <label className="level-choice">
                              <input type="radio" name={`level:${c.id}`} value={level.score} defaultChecked={mine?.level === level.score} aria-label={`${c.code} 等級 ${level.score} ${level.label}`} />
                              <span>{level.descriptor}</span>
                            </label>
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {signedOff ? (
                <div className="field">
                  <label htmlFor={`reason-${task.id}`}>簽核後修改評分的理由（{task.code}）</label>
                  <input id={`reason-${task.id}`} name="reason" type="text" />
                </div>
              ) : null}
              <button type="submit" name="intent" value="scores" disabled={busy}>
                儲存 {task.code} 的評分
              </button>
            </Form>
          </section>
        );
      })}

      {d.faults.length > 0 ? (
        <section className="panel" aria-labelledby="faults-title">
          <h2 id="faults-title">重大缺點</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="revision" value={d.revision} />
            <input type="hidden" name="faultsPresent" value="1" />
            {d.faults.map((f) => (
              <div key={f.id}>
                <input type="checkbox" id={`fault-${f.id}`} name="fault" value={f.id} defaultChecked={d.observedFaults.includes(f.id)} /> <label htmlFor={`fault-${f.id}`}>{f.text}</label>
              </div>
            ))}
            {signedOff ? (
              <div className="field">
                <label htmlFor="fault-reason">簽核後修改的理由</label>
                <input id="fault-reason" name="reason" type="text" />
              </div>
            ) : null}
            <button type="submit" name="intent" value="scores" className="secondary" disabled={busy}>
              儲存重大缺點紀錄
            </button>
          </Form>
        </section>
      ) : null}

      {d.disagreements.length > 0 ? (
        <section className="panel" aria-labelledby="moderation-title">
          <h2 id="moderation-title">評分差異協調</h2>
          <ul>
            {d.disagreements.map((c) => (
              <li key={c.criterionId}>
                <code>{c.code}</code>：我評 {c.mine}，另一位評 {c.theirs}
                {c.resolution ? `；協調為 ${c.resolution.level}（${c.resolution.reason}）` : ""}
                {!signedOff ? (
                  <Form method="post" className="assign-form">
                    <input type="hidden" name="criterionId" value={c.criterionId} />
                    <label htmlFor={`resolve-level-${c.criterionId}`}>{c.code} 協調後等級</label>
                    <select id={`resolve-level-${c.criterionId}`} name="level" defaultValue={c.resolution?.level ?? c.mine ?? undefined}>
                      {d.scale.levels.map((l) => (
                        <option key={l.score} value={l.score}>
                          {l.score} {l.label}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={`resolve-reason-${c.criterionId}`}>{c.code} 理由</label>
                    <input id={`resolve-reason-${c.criterionId}`} name="reason" type="text" defaultValue={c.resolution?.reason ?? ""} />
                    <button type="submit" name="intent" value="resolve" className="secondary">
                      記錄協調
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="signoff-title">
        <h2 id="signoff-title">判定與簽核</h2>
        <p>
          依判定規則推導：<strong>{DECISION_LABELS[d.decision.decision]}</strong>
          {d.decision.total.earned !== null ? `（總分 ${d.decision.total.earned} / ${d.decision.total.max}）` : `（已評 ${d.progress.final} / ${d.progress.criteria} 項）`}
        </p>
        {d.decision.reasons.length ? (
          <ul>
            {d.decision.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
        {signedOff ? (
          <p className="muted">評分已鎖定。如需修改，請在評分處寫明理由；修改會記錄在稽核紀錄。</p>
        ) : (
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="signoff-note">簽核說明（佐證不充分時必填）</label>
              <textarea id="signoff-note" name="note" rows={2} />
            </div>
            <button type="submit" name="intent" value="sign-off" disabled={busy}>
              簽核並鎖定評分
            </button>
          </Form>
        )}
      </section>
    </>
  );
}

function WorkProductSelect({ id, taskCode, products }: { id: string; taskCode: string | null; products: { id: string; code: string | null; title: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>對應的工作產出（{taskCode}）</label>
      <select id={id} name="workProductId" defaultValue="">
        <option value="">（不是工作產出）</option>
        {products.map((w) => (
          <option key={w.id} value={w.id}>
            {w.code ?? ""} {w.title}
          </option>
        ))}
      </select>
    </div>
  );
}

function CriteriaChecks({ prefix, criteria }: { prefix: string; criteria: { id: string; code: string | null }[] }) {
  return (
    <fieldset className="field criteria-checks">
      <legend>對應的評量規準</legend>
      {criteria.map((c) => (
        <span key={c.id}>
          <input type="checkbox" id={`${prefix}-${c.id}`} name="criterionId" value={c.id} defaultChecked /> <label htmlFor={`${prefix}-${c.id}`}>{c.code ?? c.id}</label>{" "}
        </span>
      ))}
    </fieldset>
  );
}
