import type { PayloadExam } from "~/domain/report/certificate-payload";
import type { CertificateStatus, PublicCertificateView } from "~/models/certificate.server";

export const KIND_LABELS = { certificate: "證書", result_report: "評量結果報告" } as const;
export const DECISION_LABELS = { competent: "合格", not_yet_competent: "尚未具備職能" } as const;
const TASK_DECISION_LABELS = { competent: "通過", not_yet_competent: "未通過" } as const;

const STATUS: Record<CertificateStatus, { label: string; tone: string }> = {
  valid: { label: "有效", tone: "ok" },
  revoked: { label: "已撤銷", tone: "bad" },
  expired: { label: "已逾有效期限", tone: "warn" },
};

export function CertificateStatusBadge({ status }: { status: CertificateStatus }) {
  return <span className={`badge ${STATUS[status].tone}`}>{STATUS[status].label}</span>;
}

/** 2029-11-21 → 2029年11月21日, as the document prints it. */
export function printedDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${year}年${month}月${day}日`;
}

/** The exam line as the document prints it: 82／100 分，及格標準 60 分，及格 (or 未應試). */
export function examSummary(exam: PayloadExam): string {
  if (exam.earned === null) return "未應試";
  const percent = exam.max === 100 || exam.percent === null ? "" : `（${exam.percent} 分）`;
  return `${exam.earned}／${exam.max} 分${percent}，及格標準 ${exam.passMark} 分，${exam.passed ? "及格" : "未達及格標準"}`;
}

/** What a certificate or result report states, as the verification page and the admin show it. */
export function CertificateSummary({ certificate }: { certificate: PublicCertificateView }) {
  const c = certificate;
  return (
    <dl className="certificate-summary">
      <dt>文件</dt>
      <dd>
        {KIND_LABELS[c.kind]}・<code>{c.number}</code>
      </dd>
      <dt>核發機構</dt>
      <dd>
        {c.institution.name}（{c.institution.registrationNo}）
      </dd>
      <dt>受評者</dt>
      <dd>
        {c.candidate.name}
        {c.candidate.maskedNationalId ? `（身分證字號 ${c.candidate.maskedNationalId}）` : null}
      </dd>
      <dt>職能基準</dt>
      <dd>
        {c.standard.code}「{c.standard.name}」（{c.standard.version}，基準級別 {c.standard.level}）
      </dd>
      <dt>評量</dt>
      <dd>
        {c.assessment.title}（第 {c.assessment.version} 版）
      </dd>
      <dt>評量日期與地點</dt>
      <dd>
        {printedDate(c.session.date)}・{c.session.place}（{c.session.workplace}）
      </dd>
      <dt>評量結果</dt>
      <dd>
        <strong>{DECISION_LABELS[c.decision]}</strong>
        <ul className="task-decisions">
          {c.tasks.map((task) => (
            <li key={task.code}>
              <code>{task.code}</code> {task.title}：{TASK_DECISION_LABELS[task.decision]}
            </li>
          ))}
        </ul>
      </dd>
      {c.exam ? (
        <>
          <dt>筆試</dt>
          <dd>
            {c.exam.title}：{examSummary(c.exam)}
          </dd>
        </>
      ) : null}
      <dt>評量人員</dt>
      <dd>{c.assessors.map((a) => `${a.name}（${a.role}）`).join("、")}</dd>
      <dt>發證日期</dt>
      <dd>{printedDate(c.issueDate)}</dd>
      {c.kind === "certificate" ? (
        <>
          <dt>有效期限</dt>
          <dd>{c.validUntil ? printedDate(c.validUntil) : "無期限"}</dd>
        </>
      ) : null}
      {c.revokedOn ? (
        <>
          <dt>撤銷日期</dt>
          <dd>{printedDate(c.revokedOn)}</dd>
        </>
      ) : null}
      <dt>簽章碼</dt>
      <dd>
        <code>{c.signatureCode}</code>（Ed25519，金鑰 <code>{c.keyId}</code>）
      </dd>
    </dl>
  );
}
