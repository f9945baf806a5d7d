import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { actionFail as fail, actionOk as ok } from "~/utils/action-result";
import { ActionMessages } from "~/components/action-messages";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { listSessionAudit } from "~/models/audit.server";
import { reenrolForFailedTasks } from "~/models/reassessment.server";
import { getSessionResults } from "~/models/scoring.server";
import {
  assignAssessor,
  confirmChecklist,
  enrolCandidates,
  getSessionForAdmin,
  listAssessors,
  listCandidates,
  listInstitutionSessions,
  releaseResults,
  setCalibrationNote,
  startSession,
} from "~/models/session.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? "場次"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const session = await getSessionForAdmin({ institutionId: admin.institutionId, id: params.sessionId ?? "" });
  if (!session) notFound();
  const [candidates, assessors, audit, results, sessions] = await Promise.all([
    listCandidates({ institutionId: admin.institutionId }),
    listAssessors({ institutionId: admin.institutionId }),
    listSessionAudit({ institutionId: admin.institutionId, sessionId: session.id }),
    getSessionResults({ institutionId: admin.institutionId, sessionId: session.id }),
    listInstitutionSessions({ institutionId: admin.institutionId }),
  ]);
  const enrolledIds = new Set(session.enrollments.map((e) => e.candidate.id));
  return {
    session,
    candidates: candidates.filter((c) => !enrolledIds.has(c.id)),
    assessors,
    audit,
    results,
    otherSessions: sessions.filter((s) => s.id !== session.id).map((s) => ({ id: s.id, title: s.title })),
    imported: importNotice(new URL(request.url).searchParams),
  };
}

/** The CSV import's outcome, from counts only: the address never carries text to show. */
function importNotice(params: URLSearchParams): string | null {
  const count = (name: string) => Number.parseInt(params.get(name) ?? "", 10);
  const [enrolled, created, already] = [count("enrolled"), count("created"), count("already")];
  if (!Number.isInteger(enrolled) || !Number.isInteger(created)) return null;
  return `已報名 ${enrolled} 位（新建立 ${created} 個受評者帳號${already > 0 ? `，${already} 位原已報名` : ""}）`;
}

const RELATIONSHIPS = { trainer: "受評者的訓練講師", relative: "受評者的親屬", colleague: "受評者的同事", other: "其他利害關係" } as const;

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm-checklist") }),
  z.object({ intent: z.literal("start"), overrideReason: z.string().trim().max(1000).optional() }),
  z.object({ intent: z.literal("enrol") }),
  z.object({
    intent: z.literal("assign"),
    enrollmentId: z.string().min(1),
    assessorId: z.string().min(1, "請選擇評量人員"),
    relationship: z.enum(["none", "trainer", "relative", "colleague", "other"]),
    conflictNote: z.string().trim().max(500).optional(),
  }),
  z.object({ intent: z.literal("calibration"), note: z.string().trim().min(1, "請輸入校準紀錄").max(5000, "校準紀錄不可超過 5000 字") }),
  z.object({ intent: z.literal("release") }),
  z.object({ intent: z.literal("reassess"), enrollmentId: z.string().min(1), targetSessionId: z.string().min(1, "請選擇重新評量的場次") }),
]);


export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message));
  const scope = { institutionId: admin.institutionId, actorId: admin.id, sessionId: params.sessionId ?? "" };
  const input = parsed.data;
  switch (input.intent) {
    case "confirm-checklist": {
      const result = await confirmChecklist({ ...scope, confirmed: form.getAll("resource").map(String) });
      if (result.status === "not_found") notFound();
      if (result.status === "incomplete") return fail([`尚未確認：${result.missing.join("、")}`]);
      return ok("資源檢核表已確認。");
    }
    case "start": {
      const result = await startSession({ ...scope, overrideReason: input.overrideReason || null });
      if (result.status === "not_found") notFound();
      if (result.status === "blocked") return fail([...result.problems.map((p) => `無法開始：${p}`), "如確需開始，請填寫理由以管理者身分覆核（會記錄於稽核紀錄）。"], 409);
      if (result.status === "already_started") return fail(["場次已經開始。"], 409);
      return ok("場次已開始。");
    }
    case "enrol": {
      const result = await enrolCandidates({ ...scope, candidateIds: form.getAll("candidateId").map(String) });
      if (!result) notFound();
      return result.enrolled > 0 ? ok(`已報名 ${result.enrolled} 位受評者。`) : fail(["請勾選要報名的受評者。"]);
    }
    case "assign": {
      const conflict = input.relationship === "none" ? null : { relationship: RELATIONSHIPS[input.relationship], note: input.conflictNote ?? "" };
      const session = await getSessionForAdmin({ institutionId: admin.institutionId, id: scope.sessionId });
      if (!session?.enrollments.some((e) => e.id === input.enrollmentId)) notFound();
      const result = await assignAssessor({ institutionId: admin.institutionId, actorId: admin.id, enrollmentId: input.enrollmentId, assessorId: input.assessorId, conflict });
      if (result.status === "not_found") notFound();
      if (result.status === "blocked") return fail([result.message], 409);
      return ok("已指派評量人員。");
    }
    case "calibration": {
      if (!(await setCalibrationNote({ ...scope, note: input.note }))) notFound();
      return ok("已記錄評分前校準說明。");
    }
    case "reassess": {
      const session = await getSessionForAdmin({ institutionId: admin.institutionId, id: scope.sessionId });
      if (!session?.enrollments.some((e) => e.id === input.enrollmentId)) notFound();
      const result = await reenrolForFailedTasks({ institutionId: admin.institutionId, actorId: admin.id, enrollmentId: input.enrollmentId, targetSessionId: input.targetSessionId });
      if (result.status === "not_found") notFound();
      if (result.status === "refused") return fail([result.message], 409);
      return ok("已安排重新評量（只評未達成的工作任務），並連結到這次的結果。");
    }
    case "release": {
      const result = await releaseResults(scope);
      if (!result) notFound();
      return result.released > 0 ? ok(`已公布 ${result.released} 位受評者的結果。`) : fail(["沒有已簽核、尚未公布的結果。"]);
    }
  }
}

export default function AdminSessionPage() {
  const { session, candidates, assessors, audit, results, otherSessions, imported } = useLoaderData<typeof loader>();
  const resultOf = new Map(results.rows.map((r) => [r.enrollmentId, r]));
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const content = session.assessmentVersion.content;
  const doubleScored = session.enrollments.some((e) => e.assignments.length === 2);
  return (
    <>
      <p>
        <Link to="/admin/sessions">← 場次</Link>
      </p>
      <h1>{session.title}</h1>
      <p className="muted">
        {session.assessmentVersion.assessment.title}（第 {session.assessmentVersion.version} 版，內容雜湊 {session.assessmentVersion.contentHash?.slice(0, 12)}）・
        {formatDateTime(session.startsAt)}・{session.place}
      </p>
      <ActionMessages result={result} notice={imported} />

      <section className="panel" aria-labelledby="scenario-title">
        <h2 id="scenario-title">模擬職場情境</h2>
        <p>{session.scenario}</p>
        <h3>評量條件</h3>
        <ul>
          {content.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <h3>評量人員資格要求</h3>
        <ul>
          {content.assessorRequirements.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="checklist-title">
        <h2 id="checklist-title">開始前：資源檢核</h2>
        {session.checklistConfirmedAt ? (
          <p>
            <span className="badge ok">已確認</span> {formatDateTime(session.checklistConfirmedAt)}
          </p>
        ) : (
          <Form method="post" className="stack">
            <fieldset className="field">
              <legend>逐項確認已備妥</legend>
              {session.resources.map((r, i) => (
                <div key={r}>
                  <input type="checkbox" id={`resource-${i}`} name="resource" value={r} /> <label htmlFor={`resource-${i}`}>{r}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" name="intent" value="confirm-checklist" disabled={busy}>
              確認資源已備妥
            </button>
          </Form>
        )}
        {session.startedAt ? (
          <p>
            <span className="badge ok">場次已開始</span> {formatDateTime(session.startedAt)}
            {session.startOverrideReason ? `（管理者覆核：${session.startOverrideReason}）` : ""}
          </p>
        ) : (
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="overrideReason">覆核理由（條件未齊備而仍要開始時填寫）</label>
              <input id="overrideReason" name="overrideReason" type="text" />
            </div>
            <button type="submit" name="intent" value="start" disabled={busy}>
              開始場次
            </button>
          </Form>
        )}
      </section>

      <section className="panel" aria-labelledby="candidates-title">
        <h2 id="candidates-title">受評者與評量人員</h2>
        {session.enrollments.length === 0 ? <p className="muted">尚未報名受評者。</p> : null}
        {session.enrollments.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">受評者</th>
                  <th scope="col">評量人員</th>
                  <th scope="col">指派</th>
                  <th scope="col">狀態</th>
                  <th scope="col">判定</th>
                  <th scope="col">評分一致性</th>
                </tr>
              </thead>
              <tbody>
                {session.enrollments.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {e.candidate.displayName}（{e.candidate.candidateNumber}）
                    </td>
                    <td>{e.assignments.length ? e.assignments.map((a) => a.assessor.displayName).join("、") : <span className="badge warn">未指派</span>}</td>
                    <td>
                      {e.assignments.length < 2 && !e.signedOffAt ? (
                        <Form method="post" className="assign-form">
                          <input type="hidden" name="enrollmentId" value={e.id} />
                          <label htmlFor={`assessor-${e.id}`}>{e.candidate.displayName} 的評量人員</label>
                          <select id={`assessor-${e.id}`} name="assessorId">
                            {assessors
                              .filter((a) => !e.assignments.some((x) => x.assessorId === a.id))
                              .map((a) => (
                                <option key={a.id} value={a.id}>
                                  {a.displayName}
                                </option>
                              ))}
                          </select>
                          <label htmlFor={`relationship-${e.id}`}>利益衝突聲明</label>
                          <select id={`relationship-${e.id}`} name="relationship" defaultValue="none">
                            <option value="none">無利益衝突</option>
                            {Object.entries(RELATIONSHIPS).map(([value, label]) => (
                              <option key={value} value={value}>
                                {label}
                              </option>
                            ))}
                          </select>
                          <button type="submit" name="intent" value="assign" className="secondary" disabled={busy}>
                            指派
                          </button>
                        </Form>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      <span className={`badge ${e.signedOffAt ? "ok" : ""}`}>{resultOf.get(e.id)?.status ?? "—"}</span>
                      {e.taskCodesJson ? <span className="badge">重新評量：{(JSON.parse(e.taskCodesJson) as string[]).join("、")}</span> : null}
                    </td>
                    <td>
                      <DecisionCell row={resultOf.get(e.id)} />
                      {e.releasedAt && resultOf.get(e.id)?.decision === "not_yet_competent" && otherSessions.length > 0 ? (
                        <Form method="post" className="assign-form">
                          <input type="hidden" name="enrollmentId" value={e.id} />
                          <label htmlFor={`reassess-${e.id}`}>{e.candidate.displayName} 重新評量場次</label>
                          <select id={`reassess-${e.id}`} name="targetSessionId">
                            {otherSessions.map((s) => (
                              <option key={s.id} value={s.id}>
                                {s.title}
                              </option>
                            ))}
                          </select>
                          <button type="submit" name="intent" value="reassess" className="secondary" disabled={busy}>
                            安排重新評量
                          </button>
                        </Form>
                      ) : null}
                    </td>
                    <td>{resultOf.get(e.id)?.agreement ? `${resultOf.get(e.id)!.agreement!.percent}%・κ ${resultOf.get(e.id)!.agreement!.kappa?.toFixed(2) ?? "—"}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {results.pooled ? (
          <p>
            雙評量人員整體一致性：一致 {results.pooled.percent}%（{results.pooled.compared} 項規準），Cohen's κ = {results.pooled.kappa?.toFixed(2) ?? "—"}（{results.pooled.label}）
          </p>
        ) : null}
        {results.perCriterion.length > 0 ? (
          <details>
            <summary>各規準的評分一致性</summary>
            <ul className="agreement-list">
              {results.perCriterion.map((c) => (
                <li key={c.code}>
                  <code>{c.code}</code> {c.agreed}/{c.compared} 一致
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {candidates.length > 0 ? (
          <Form method="post" className="stack" style={{ marginTop: "1rem" }}>
            <fieldset className="field">
              <legend>報名既有的受評者</legend>
              {candidates.map((c) => (
                <div key={c.id}>
                  <input type="checkbox" id={`cand-${c.id}`} name="candidateId" value={c.id} />{" "}
                  <label htmlFor={`cand-${c.id}`}>
                    {c.displayName}（{c.candidateNumber}）
                  </label>
                </div>
              ))}
            </fieldset>
            <button type="submit" name="intent" value="enrol" className="secondary" disabled={busy}>
              報名
            </button>
          </Form>
        ) : null}
        <p>
          <Link to={`/admin/sessions/${session.id}/enrol-csv`}>以 CSV 匯入受評者名單</Link>
        </p>
      </section>

      {doubleScored ? (
        <section className="panel" aria-labelledby="calibration-title">
          <h2 id="calibration-title">評分前校準</h2>
          <p className="muted">兩位評量人員評分同一位受評者時，評分前須記錄校準說明（比照技能檢定）。</p>
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="calibration-note">校準紀錄</label>
              <textarea id="calibration-note" name="note" rows={3} defaultValue={session.calibrationNote ?? ""} />
            </div>
            <button type="submit" name="intent" value="calibration" className="secondary" disabled={busy}>
              儲存校準紀錄
            </button>
          </Form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">稽核紀錄</h2>
        <p className="muted">只能新增、不能修改或刪除：誰、何時、做了什麼、修改前後與理由。</p>
        <details>
          <summary>顯示 {audit.length} 筆紀錄</summary>
          <div className="table-wrap">
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">時間</th>
                  <th scope="col">人員</th>
                  <th scope="col">動作</th>
                  <th scope="col">受評者</th>
                  <th scope="col">修改前</th>
                  <th scope="col">修改後</th>
                  <th scope="col">理由</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.createdAt)}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.candidate ?? "—"}</td>
                    <td>
                      <code>{e.before ?? ""}</code>
                    </td>
                    <td>
                      <code>{e.after ?? ""}</code>
                    </td>
                    <td>{e.reason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section className="panel" aria-labelledby="release-title">
        <h2 id="release-title">公布結果</h2>
        <p>已簽核的結果公布後，受評者即可看到判定與各工作任務的回饋。</p>
        <Form method="post" className="actions">
          <button type="submit" name="intent" value="release" disabled={busy}>
            公布已簽核的結果
          </button>
          <Link to={`/admin/sessions/${session.id}/certificates`}>核發與下載證書</Link>
          <Link to={`/admin/sessions/${session.id}/exam`}>筆試時間、成績與再次應試</Link>
        </Form>
      </section>
    </>
  );
}

const DECISION_LABELS = { competent: "達成", not_yet_competent: "尚未達成", incomplete: "評分中" } as const;

function DecisionCell({ row }: { row: { decision: keyof typeof DECISION_LABELS; total: { earned: number | null; max: number }; exam: { percent: number | null; passed: boolean | null } | null } | undefined }) {
  if (!row) return <>—</>;
  const badge = row.decision === "competent" ? "ok" : row.decision === "not_yet_competent" ? "bad" : "";
  return (
    <>
      <span className={`badge ${badge}`}>
        {DECISION_LABELS[row.decision]}
        {row.total.earned !== null ? ` ${row.total.earned}/${row.total.max}` : ""}
      </span>
      {row.exam ? (
        <span className="muted">
          {" "}
          筆試 {row.exam.percent === null ? "未完成" : `${row.exam.percent} 分${row.exam.passed ? "" : "（未及格）"}`}
        </span>
      ) : null}
    </>
  );
}
