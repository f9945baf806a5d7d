import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { examStanding, type ExamStanding } from "~/domain/report/exam-standing";
import { APPEAL_OUTCOME_LABELS, LodgeAppealSchema } from "~/domain/session/appeal";
import { getAppealState, lodgeAppeal } from "~/models/appeal.server";
import { CertificateDownloadPanel } from "~/components/certificate-download-panel";
import { findCandidateCertificate } from "~/models/certificate.server";
import { getCandidateEnrollment } from "~/models/enrollment.server";
import { getReleasedResult } from "~/models/scoring.server";
import { notFound, requireCandidate } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "評量結果｜職能評量建構平台" }];

const DECISION_LABELS = { competent: "達成：具備此職能", not_yet_competent: "尚未達成", incomplete: "評分尚未完成" } as const;

interface ExamLine {
  earned: number | null;
  max: number;
  percent: number | null;
  passMark: number;
  passed: boolean | null;
  standing: ExamStanding;
}

/** 得分 82／100（82 分），及格標準 60 分：及格 — or why there is no score yet. */
function examText(exam: ExamLine): string {
  if (exam.earned === null) return exam.standing === "marking" ? "評閱中" : "未應試";
  return `得分 ${exam.earned}／${exam.max}（${exam.percent ?? "—"} 分），及格標準 ${exam.passMark} 分：${exam.passed ? "及格" : "未達及格標準"}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCandidate(request);
  const id = params.enrollmentId ?? "";
  const enrollment = await getCandidateEnrollment({ candidateId: user.id, id });
  if (!enrollment) notFound();
  const released = await getReleasedResult({ candidateId: user.id, enrollmentId: id });
  if (!released) return { enrollment, result: null, appeal: null, certificate: null };
  const appealState = await getAppealState({ candidateId: user.id, enrollmentId: id });
  const { content, result, enrollment: full } = released;
  const outcome = result.decision.exam;
  const exam: ExamLine | null =
    content.exam && outcome ? { ...outcome, standing: examStanding(outcome, content.exam.paperId, full.examAttempts) } : null;
  // What a candidate sees: the decision and, per task, each criterion's final level and the comments.
  const comments = new Map<string, string[]>();
  for (const s of full.scores) if (s.comment) comments.set(s.criterionKey, [...(comments.get(s.criterionKey) ?? []), s.comment]);
  return {
    enrollment,
    certificate: await findCandidateCertificate({ candidateId: user.id, enrollmentId: id }),
    appeal: appealState && {
      allowed: appealState.check.allowed,
      message: appealState.check.allowed ? null : appealState.check.message,
      deadline: appealState.check.deadline,
      appeals: appealState.appeals.map((a) => ({ id: a.id, reason: a.reason, lodgedAt: a.lodgedAt, outcome: a.outcome, outcomeReason: a.outcomeReason, decidedAt: a.decidedAt })),
    },
    result: {
      decision: result.decision.decision,
      total: result.decision.total,
      reasons: result.decision.reasons,
      exam,
      scale: content.scale.levels,
      tasks: result.scope.tasks.map((task) => ({
        id: task.id,
        code: task.code,
        title: task.title,
        status: result.decision.tasks.find((t) => t.taskId === task.id)?.status ?? "incomplete",
        criteria: result.levels.criteria
          .filter((c) => c.taskId === task.id)
          .map((c) => ({ id: c.criterionId, code: c.code, text: result.scope.criteria.find((x) => x.id === c.criterionId)?.text ?? "", level: c.level, comments: comments.get(c.criterionId) ?? [] })),
      })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCandidate(request);
  const parsed = LodgeAppealSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join("；") }, { status: 400 });
  const result = await lodgeAppeal({ candidateId: user.id, enrollmentId: params.enrollmentId ?? "", reason: parsed.data.reason });
  if (result.status === "not_found") notFound();
  if (result.status === "refused") return data({ error: result.message }, { status: 409 });
  return { error: null };
}

export default function CandidateResult() {
  const { enrollment, result, appeal, certificate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { session } = enrollment;
  const standard = session.assessmentVersion.assessment.standard;
  const label = (score: number | null) => (score === null ? "—" : `${score} ${result?.scale.find((l) => l.score === score)?.label ?? ""}`);
  return (
    <>
      <p>
        <Link to="/me">← 我的評量結果</Link>
      </p>
      <h1>{session.assessmentVersion.assessment.title}</h1>
      <div className="panel">
        <dl>
          <dt>職能基準</dt>
          <dd>
            {standard.code} {standard.name}
          </dd>
          <dt>場次</dt>
          <dd>
            {session.title}・{formatDateTime(session.startsAt)}・{session.place}
          </dd>
        </dl>
      </div>
      {result ? (
        <>
          <section className="panel" aria-labelledby="decision-title">
            <h2 id="decision-title">評量結果：{DECISION_LABELS[result.decision]}</h2>
            {result.total.earned !== null ? (
              <p>
                總分 {result.total.earned} / {result.total.max}
              </p>
            ) : null}
            {result.exam ? (
              <p>
                筆試：{examText(result.exam)}　<Link to={`/me/exams/${enrollment.id}`}>查看筆試作答</Link>
              </p>
            ) : null}
            {result.reasons.length ? (
              <ul>
                {result.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
          </section>
          <CertificateDownloadPanel certificate={certificate} />
          {result.tasks.map((task) => (
            <section key={task.id} className="panel" aria-labelledby={`result-${task.id}`}>
              <h2 id={`result-${task.id}`}>
                <code>{task.code}</code> {task.title}・{task.status === "competent" ? "達成" : task.status === "not_yet_competent" ? "尚未達成" : "未完成"}
              </h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">規準</th>
                      <th scope="col">等級</th>
                      <th scope="col">回饋</th>
                    </tr>
                  </thead>
                  <tbody>
                    {task.criteria.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <code>{c.code}</code> {c.text}
                        </td>
                        <td>{label(c.level)}</td>
                        <td>{c.comments.join("；") || "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          {appeal ? (
            <section className="panel" aria-labelledby="appeal-title">
              <h2 id="appeal-title">申訴</h2>
              {appeal.appeals.map((a) => (
                <div key={a.id} className="notice">
                  <p>
                    {formatDateTime(a.lodgedAt)} 提出申訴：{a.reason}
                  </p>
                  <p>
                    {a.outcome ? `${APPEAL_OUTCOME_LABELS[a.outcome as keyof typeof APPEAL_OUTCOME_LABELS]}（${formatDateTime(a.decidedAt)}）：${a.outcomeReason}` : "審查中。"}
                  </p>
                </div>
              ))}
              {appeal.allowed ? (
                <Form method="post" className="stack">
                  {actionData?.error ? (
                    <p className="form-error" role="alert">
                      {actionData.error}
                    </p>
                  ) : null}
                  <div className="field">
                    <label htmlFor="appeal-reason">申訴理由（申訴期限：{formatDateTime(appeal.deadline)}）</label>
                    <textarea id="appeal-reason" name="reason" rows={4} />
                  </div>
                  <button type="submit">提出申訴</button>
                </Form>
              ) : appeal.appeals.length === 0 ? (
                <p className="muted">{appeal.message}</p>
              ) : null}
            </section>
          ) : null}
        </>
      ) : (
        <p className="panel">評量結果尚未公布。公布後會顯示在這裡。</p>
      )}
    </>
  );
}
