import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ActionMessages } from "~/components/action-messages";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { publishBlockers } from "~/domain/rubric/matrix";
import { getAssessmentVersion } from "~/models/assessment.server";
import { listPapers } from "~/models/exam-paper.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { handleEditorAction } from "./editor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.version.assessment.title}（第 ${data.version.version} 版）` : "評量"}｜職能評量建構平台` },
];

function versionParams(params: Record<string, string | undefined>) {
  const version = Number(params.version);
  if (!Number.isInteger(version) || version < 1) notFound();
  return { assessmentId: params.assessmentId ?? "", version };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const version = await getAssessmentVersion({ institutionId: admin.institutionId, ...versionParams(params) });
  if (!version) notFound();
  const papers = version.publishedAt
    ? []
    : (await listPapers({ institutionId: admin.institutionId, standardId: version.assessment.standard.id })).filter((p) => p.publishedAt);
  return { version, papers, blockers: version.publishedAt ? [] : publishBlockers(version.content) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  return handleEditorAction(admin, versionParams(params), await request.formData());
}

const KIND_LABELS = { P: "行為指標", K: "知識", S: "技能", A: "態度" } as const;

export default function AssessmentVersionPage() {
  const { version, papers, blockers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { content } = version;
  const editable = !version.publishedAt;
  const revision = <input type="hidden" name="revision" value={version.revision} />;
  const waived = new Map(content.waivers.map((w) => [w.code, w.reason]));
  const base = `/admin/assessments/${version.assessment.id}`;

  return (
    <>
      <p>
        <Link to={base}>← {version.assessment.title}</Link>
      </p>
      <div className="page-head">
        <h1>
          {version.assessment.title}（第 {version.version} 版）
        </h1>
        {version.publishedAt ? (
          <span className="badge ok">已發布 {formatDateTime(version.publishedAt)}</span>
        ) : (
          <span className="badge warn">草稿</span>
        )}
      </div>
      <p className="muted">
        職能基準 <Link to={`/admin/standards/${version.assessment.standard.id}`}>{content.standard.code}</Link> {content.standard.name}・{content.scale.name}・
        {content.tasks.length} 項工作任務・{content.criteria.length} 項評量規準
        {version.contentHash ? `・內容雜湊 ${version.contentHash.slice(0, 16)}` : ""}
      </p>

      <ActionMessages result={result} />

      {version.publishedAt ? (
        <div className="panel actions">
          <a className="button" href={`${base}/versions/${version.version}/instrument.pdf`}>
            下載評量工具 PDF
          </a>
          <Form method="post" action={`${base}/versions/new`}>
            <button type="submit" className="secondary">
              建立新版本以修改
            </button>
          </Form>
          <span className="muted">已發布的版本不能修改；場次會固定引用它。</span>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="setting-title">
        <h2 id="setting-title">模擬職場情境與評量條件</h2>
        <Form method="post" className="stack" style={{ maxWidth: "none" }}>
          {revision}
          <fieldset disabled={!editable} className="stack" style={{ border: 0, padding: 0, maxWidth: "none" }}>
            <div className="field">
              <label htmlFor="scenario">情境說明</label>
              <textarea id="scenario" name="scenario" rows={4} defaultValue={content.scenario} />
            </div>
            <div className="field">
              <label htmlFor="conditions">評量條件（每行一項）</label>
              <span className="hint">{content.conditionsSource === "assessment_guide" ? "取自職能單元的評量設計參考" : "取自模擬職場範本"}</span>
              <textarea id="conditions" name="conditions" rows={4} defaultValue={content.conditions.join("\n")} />
            </div>
            <div className="field">
              <label htmlFor="resources">資源（每行一項）</label>
              <textarea id="resources" name="resources" rows={4} defaultValue={content.resources.join("\n")} />
            </div>
            <div className="field">
              <label htmlFor="durationMinutes">評量時間（分鐘）</label>
              <input id="durationMinutes" name="durationMinutes" type="number" min={1} defaultValue={content.duration.minutes} />
            </div>
            <div className="field">
              <label htmlFor="durationText">時間說明</label>
              <input id="durationText" name="durationText" type="text" defaultValue={content.duration.text} />
            </div>
            <div className="field">
              <label htmlFor="assessorRequirements">評量人員資格要求（每行一項）</label>
              <textarea id="assessorRequirements" name="assessorRequirements" rows={3} defaultValue={content.assessorRequirements.join("\n")} />
            </div>
            {editable ? (
              <div className="actions">
                <button type="submit" name="intent" value="setting" disabled={busy}>
                  儲存情境與條件
                </button>
              </div>
            ) : null}
          </fieldset>
        </Form>
      </section>

      <section className="panel" aria-labelledby="criteria-title">
        <h2 id="criteria-title">評量規準（每項行為指標一項）</h2>
        <Form method="post">
          {revision}
          <fieldset disabled={!editable} style={{ border: 0, padding: 0 }}>
            {content.tasks.map((task) => (
              <div key={task.id}>
                <h3>
                  <code>{task.code}</code> {task.title}（職能級別 {task.level}）
                </h3>
                {content.criteria
                  .filter((c) => c.taskId === task.id)
                  .map((criterion) => (
                    <div key={criterion.id} className="criterion">
                      <p>
                        <strong>
                          <code>{criterion.code ?? "—"}</code>
                        </strong>{" "}
                        {criterion.text}
                      </p>
                      <p>
                        <input type="checkbox" id={`critical:${criterion.id}`} name={`critical:${criterion.id}`} defaultChecked={criterion.critical} />{" "}
                        <label htmlFor={`critical:${criterion.id}`}>關鍵規準（判定規則會要求達到門檻）</label>
                      </p>
                      <div className="levels">
                        {criterion.levels.map((level) => (
                          <div key={level.score} className="field">
                            <label htmlFor={`descriptor:${criterion.id}:${level.score}`}>
                              {criterion.code ?? criterion.id} 等級 {level.score} {level.label}
                            </label>
                            <textarea
                              id={`descriptor:${criterion.id}:${level.score}`}
                              name={`descriptor:${criterion.id}:${level.score}`}
                              rows={3}
                              defaultValue={level.descriptor}
                            />
                          </div>
                        ))}
                      </div>
                    </div>
                  ))}
              </div>
            ))}
            {editable ? (
              <div className="actions">
                <button type="submit" name="intent" value="criteria" disabled={busy}>
                  儲存評量規準
                </button>
              </div>
            ) : null}
          </fieldset>
        </Form>
      </section>

      <section className="panel" aria-labelledby="plan-title">
        <h2 id="plan-title">佐證計畫</h2>
        {content.evidencePlan.map((entry) => {
          const task = content.tasks.find((t) => t.id === entry.taskId);
          return (
            <div key={entry.taskId} className="plan-task">
              <h3>
                <code>{entry.taskCode}</code> {task?.title}
              </h3>
              <h4>工作產出審查</h4>
              <ul>
                {entry.workProducts.map((w) => (
                  <li key={w.id}>
                    <code>{w.code ?? "—"}</code> {w.title}
                  </li>
                ))}
              </ul>
              <h4>觀察檢核表</h4>
              <ul>
                {entry.checklist.map((item) => (
                  <li key={item.id}>
                    <code>{item.code ?? "—"}</code> {item.text}{" "}
                    {editable ? (
                      <Form method="post" className="inline-form">
                        {revision}
                        <input type="hidden" name="itemId" value={item.id} />
                        <button type="submit" name="intent" value="remove-item" className="link-button" aria-label={`刪除檢核項目 ${item.code ?? ""} ${item.text.slice(0, 20)}`}>
                          刪除
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
              <h4>口試／筆試問題</h4>
              <ul>
                {entry.questions.map((q) => (
                  <li key={q.id}>
                    <code>{q.code ?? "—"}</code> {q.mode === "oral" ? "口試" : "筆試"}：{q.prompt}{" "}
                    {editable ? (
                      <Form method="post" className="inline-form">
                        {revision}
                        <input type="hidden" name="itemId" value={q.id} />
                        <button type="submit" name="intent" value="remove-item" className="link-button" aria-label={`刪除問題 ${entry.taskCode ?? ""} ${q.code ?? ""}`}>
                          刪除
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
              {editable && task ? (
                <details>
                  <summary>新增檢核項目或問題（{entry.taskCode}）</summary>
                  <Form method="post" className="stack">
                    {revision}
                    <input type="hidden" name="taskId" value={entry.taskId} />
                    <div className="field">
                      <label htmlFor={`chk-code-${entry.taskId}`}>檢核項目對應代碼（S 或 A）</label>
                      <select id={`chk-code-${entry.taskId}`} name="code" defaultValue="">
                        <option value="">（不對應代碼）</option>
                        {task.skills.map((code) => (
                          <option key={code}>{code}</option>
                        ))}
                        {content.competencies.attitudes.map((a) => (
                          <option key={a.code}>{a.code}</option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`chk-text-${entry.taskId}`}>檢核項目內容</label>
                      <input id={`chk-text-${entry.taskId}`} name="text" type="text" />
                    </div>
                    <button type="submit" name="intent" value="add-checklist" className="secondary">
                      新增檢核項目
                    </button>
                  </Form>
                  <Form method="post" className="stack">
                    {revision}
                    <input type="hidden" name="taskId" value={entry.taskId} />
                    <div className="field">
                      <label htmlFor={`q-code-${entry.taskId}`}>問題對應知識代碼</label>
                      <select id={`q-code-${entry.taskId}`} name="code" defaultValue={task.knowledge[0] ?? ""}>
                        {task.knowledge.map((code) => (
                          <option key={code}>{code}</option>
                        ))}
                        <option value="">（不對應代碼）</option>
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`q-mode-${entry.taskId}`}>方式</label>
                      <select id={`q-mode-${entry.taskId}`} name="mode" defaultValue="oral">
                        <option value="oral">口試</option>
                        <option value="written">筆試</option>
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`q-prompt-${entry.taskId}`}>問題內容</label>
                      <textarea id={`q-prompt-${entry.taskId}`} name="prompt" rows={2} />
                    </div>
                    <button type="submit" name="intent" value="add-question" className="secondary">
                      新增問題
                    </button>
                  </Form>
                </details>
              ) : null}
            </div>
          );
        })}
      </section>

      <section className="panel" aria-labelledby="exam-title">
        <h2 id="exam-title">知識測驗（筆試）</h2>
        {content.exam ? (
          <p>
            已連結試卷「<Link to={`/admin/exams/papers/${content.exam.paperId}`}>{content.exam.title}</Link>」：{content.exam.formLabels.join("、")} 卷，滿分{" "}
            {content.exam.totalPoints} 分，及格 {content.exam.passMark} 分，作答 {content.exam.durationMinutes} 分鐘
            {content.decisionRule.conditions.some((c) => c.kind === "exam_pass") ? "；判定規則要求筆試及格。" : "；筆試成績僅供參考，不影響判定。"}
          </p>
        ) : (
          <p className="muted">尚未連結筆試。連結後，試卷的試題會計入對照矩陣中各知識項目的評量工具。</p>
        )}
        {editable ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="link-exam" />
            {revision}
            <label>
              試卷（僅列出同一職能基準、已發布的試卷）
              <select name="paperId" defaultValue={content.exam?.paperId ?? ""}>
                <option value="">不連結筆試</option>
                {papers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}（{p.formCount} 份平行試卷・滿分 {p.totalPoints}・及格 {p.passMark}）
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" name="requirePass" defaultChecked={content.exam ? content.decisionRule.conditions.some((c) => c.kind === "exam_pass") : true} />
              判定規則要求筆試達及格分數
            </label>
            <div className="actions">
              <button type="submit" disabled={busy}>
                儲存筆試設定
              </button>
              <Link to="/admin/exams">前往筆試題庫與組卷</Link>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="rule-title">
        <h2 id="rule-title">判定規則</h2>
        <RuleForm content={content} editable={editable} busy={busy} revision={version.revision} />
      </section>

      <section className="panel" aria-labelledby="matrix-title">
        <h2 id="matrix-title">對照矩陣</h2>
        <p className="muted">每一項行為指標、知識、技能與態度，以及評量它的工具。沒有任何工具評量的項目是缺口：補上工具，或寫明理由豁免，才能發布。</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">代碼</th>
                <th scope="col">類別</th>
                <th scope="col">內容</th>
                <th scope="col">評量工具</th>
              </tr>
            </thead>
            <tbody>
              {content.matrix.map((row) => {
                const gap = row.instruments.length === 0;
                return (
                  <tr key={`${row.kind}-${row.code}`} className={gap ? (waived.has(row.code) ? "row-waived" : "row-gap") : undefined}>
                    <td>
                      <code>{row.code}</code>
                    </td>
                    <td>{KIND_LABELS[row.kind]}</td>
                    <td>{row.title}</td>
                    <td>
                      {gap ? (
                        waived.has(row.code) ? (
                          <>
                            <span className="badge warn">已豁免</span> {waived.get(row.code)}
                            {editable ? (
                              <Form method="post" className="inline-form">
                                {revision}
                                <input type="hidden" name="code" value={row.code} />
                                <button type="submit" name="intent" value="unwaive" className="link-button">
                                  取消豁免
                                </button>
                              </Form>
                            ) : null}
                          </>
                        ) : (
                          <>
                            <span className="badge bad">缺口</span>
                            {editable ? (
                              <Form method="post" className="inline-form waive-form">
                                {revision}
                                <input type="hidden" name="code" value={row.code} />
                                <label htmlFor={`waive-${row.code}`}>豁免 {row.code} 的理由</label>
                                <input id={`waive-${row.code}`} name="reason" type="text" />
                                <button type="submit" name="intent" value="waive" className="secondary">
                                  豁免
                                </button>
                              </Form>
                            ) : null}
                          </>
                        )
                      ) : (
                        row.instruments.join("、")
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      {editable ? (
        <section className="panel" aria-labelledby="publish-title">
          <h2 id="publish-title">發布</h2>
          {blockers.length > 0 ? (
            <div className="warning">
              <p>發布前需處理：</p>
              <ul>
                {blockers.map((b) => (
                  <li key={b.message}>{b.message}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p>沒有待處理的缺口。發布後這個版本會凍結，之後的修改會成為新版本。</p>
          )}
          <Form method="post" className="actions">
            {revision}
            <button type="submit" name="intent" value="publish" disabled={busy || blockers.length > 0}>
              發布第 {version.version} 版
            </button>
            <button type="submit" name="intent" value="delete-draft" className="secondary" disabled={busy}>
              刪除這份草稿
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

type Content = ReturnType<typeof useLoaderData<typeof loader>>["version"]["content"];

function RuleForm({ content, editable, busy, revision }: { content: Content; editable: boolean; busy: boolean; revision: number }) {
  const conditions = content.decisionRule.conditions;
  const critical = conditions.find((c) => c.kind === "critical_criteria");
  const every = conditions.find((c) => c.kind === "every_criterion");
  const total = conditions.find((c) => c.kind === "total");
  const scores = content.scale.levels.map((l) => l);
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="revision" value={revision} />
      <fieldset disabled={!editable} className="stack" style={{ border: 0, padding: 0 }}>
        <div className="field">
          <label htmlFor="criticalMinScore">每項關鍵規準至少達到</label>
          <select id="criticalMinScore" name="criticalMinScore" defaultValue={critical && "minScore" in critical ? critical.minScore : content.scale.competentScore}>
            {scores.map((l) => (
              <option key={l.score} value={l.score}>
                {l.score} {l.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="everyMinScore">每項規準至少達到</label>
          <select id="everyMinScore" name="everyMinScore" defaultValue={every && "minScore" in every ? every.minScore : 2}>
            {scores.map((l) => (
              <option key={l.score} value={l.score}>
                {l.score} {l.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="totalPercent">總分至少達到滿分的百分比（選填）</label>
          <input id="totalPercent" name="totalPercent" type="number" min={0} max={100} defaultValue={total && "threshold" in total ? total.threshold.value : ""} />
        </div>
        <div className="field">
          <label htmlFor="criticalFaults">重大缺點（出現任一項即判定未達成，每行一項）</label>
          <textarea id="criticalFaults" name="criticalFaults" rows={3} defaultValue={content.decisionRule.criticalFaults.map((f) => f.text).join("\n")} />
        </div>
        {editable ? (
          <div className="actions">
            <button type="submit" name="intent" value="rule" disabled={busy}>
              儲存判定規則
            </button>
          </div>
        ) : null}
      </fieldset>
    </Form>
  );
}
