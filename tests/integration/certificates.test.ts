import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createZipEntryCounter, ZIP_ENTRY_COUNT_HEADER } from "~/components/certificate-batch-download";
import { generateCertificateNumber } from "~/domain/report/certificate-number";
import type { ReportPayload } from "~/domain/report/certificate-payload";
import { buildReportLayout } from "~/domain/report/report-layout";
import { generateSigningKeyPair, signPayload, type SignedRecord } from "~/domain/report/signature";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import { createAssessmentDraft, publishVersion } from "~/models/assessment.server";
import {
  certificateStatus,
  findCertificateForVerification,
  getInstitutionCertificatePdf,
  issueCertificate,
  issueSessionCertificates,
  lastDayOfTerm,
  listCertificates,
  revokeCertificate,
  verifyCertificateFile,
} from "~/models/certificate.server";
import { addEvidence, getAssessorWorkspace, saveScores, signOff } from "~/models/scoring.server";
import { assignAssessor, confirmChecklist, createSession, enrolCandidates, parseContent, releaseResults, startSession } from "~/models/session.server";
import { importStandard } from "~/models/standard.server";
import { extractEmbeddedFiles } from "~/pdf/verify-pdf.server";
import { renderReportPdf } from "~/pdf/render-report.server";
import { loader as adminPdfLoader } from "~/routes/admin.certificates.$number_.pdf";
import { action as adminCertificateAction, loader as adminCertificateLoader } from "~/routes/admin.certificates.$number";
import { action as sessionCertificatesAction, loader as sessionCertificatesLoader } from "~/routes/admin.sessions.$sessionId_.certificates";
import { loader as zipLoader } from "~/routes/admin.sessions.$sessionId_.certificates[.zip]/route";
import { crc32, ZipWriter } from "~/utils/zip-writer.server";
import { loader as candidatePdfLoader } from "~/routes/me.certificates.$number";
import { loader as candidateResultLoader } from "~/routes/me.results.$enrollmentId";
import { loader as verifyNumberLoader } from "~/routes/verify.$number";
import { action as verifyUploadAction, loader as verifySearchLoader } from "~/routes/verify._index";
import { db } from "~/utils/db.server";
import { getFileStorage } from "~/utils/storage.server";
import { createInstitution, createUser, requestAs } from "../support/factories";

/*
 * Certificates against a real database: a session on the published KMC2431-009v2 assessment
 * (7 tasks, 17 criteria, competent needs 3 or more everywhere), scored, signed off and released
 * through the models, then issued, downloaded, verified and revoked as the admin, the candidate
 * and the public would.
 */

const BASE = "http://localhost";
const args = (request: Request, params: Record<string, string> = {}, context: Record<string, unknown> = {}) => ({ request, params, context });
type Answer = { status: number; data?: any; response?: Response };

async function answer(fn: () => Promise<unknown>): Promise<Answer> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, response: result };
    if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
      const { data, init } = result as { data: unknown; init: ResponseInit | null };
      return { status: init?.status ?? 200, data };
    }
    return { status: 200, data: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, response: thrown };
    throw thrown;
  }
}

function formOf(entries: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.append(name, value);
  return form;
}

const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");
const hasTool = (name: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const COMPETENT = [4, 3, 3, 3, 4, 3, 3, 3, 4, 3, 3, 3, 3, 4, 3, 3, 3];
const NOT_YET = COMPETENT.map((level, index) => (index === 7 ? 1 : index === 8 ? 2 : level)); // P2.1.3 at 1, P2.2.1 at 2

/**
 * An institution with a released session: 林怡君 competent, 陳冠宇 not yet competent, each with an
 * observation and one stored work-product file per task, scored by 王志明, signed off, released.
 */
async function releasedSession(institutionName = "臺北職能訓練中心", beforePublish?: (draft: { institutionId: string; standardId: string; versionId: string }) => Promise<void>) {
  const institution = await createInstitution(institutionName);
  const admin = await createUser({ institutionId: institution.id, role: "admin", displayName: "周美玲" });
  const assessor = await createUser({ institutionId: institution.id, role: "assessor", displayName: "王志明" });
  await db.assessorQualification.create({ data: { userId: assessor.id, name: "職能評量人員研習證明" } });
  const lin = await createUser({ institutionId: institution.id, role: "candidate", displayName: "林怡君" });
  const chen = await createUser({ institutionId: institution.id, role: "candidate", displayName: "陳冠宇" });
  await db.user.update({ where: { id: lin.id }, data: { nationalIdMasked: "A22****789" } });

  const sourceText = decodeStandardBytes(fs.readFileSync(path.resolve("templates/demo/standards/000_988f66f990932d6f.txt")));
  const standard = await importStandard({ institutionId: institution.id, actorId: admin.id, parsed: parseStandard(sourceText), sourceText });
  const draft = await createAssessmentDraft({ institutionId: institution.id, actorId: admin.id, standardId: standard.id, title: "社群媒體經營人員職能評量" });
  if (beforePublish) await beforePublish({ institutionId: institution.id, standardId: standard.id, versionId: (await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: draft!.assessmentId, version: 1 } })).id });
  expect((await publishVersion({ institutionId: institution.id, actorId: admin.id, assessmentId: draft!.assessmentId, version: 1, revision: 1 })).status).toBe("published");
  const version = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: draft!.assessmentId, version: 1 } });
  const scope = { institutionId: institution.id, actorId: admin.id };
  const session = (await createSession({
    ...scope,
    input: { assessmentVersionId: version.id, title: "115 年度第 1 梯次 社群媒體經營人員職能評量", startsAt: new Date("2026-11-10T09:00:00+08:00"), endsAt: null, place: "本中心 3 樓模擬職場（社群行銷工作室）", scenario: null, appealDays: 14 },
  }))!;
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds: [lin.id, chen.id] });
  const enrollmentOf = async (candidateId: string) => (await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId } })).id;
  const linEnrollment = await enrollmentOf(lin.id);
  const chenEnrollment = await enrollmentOf(chen.id);
  for (const enrollmentId of [linEnrollment, chenEnrollment]) {
    expect(await assignAssessor({ ...scope, enrollmentId, assessorId: assessor.id, conflict: null })).toEqual({ status: "assigned" });
  }
  const resources = JSON.parse((await db.assessmentSession.findUniqueOrThrow({ where: { id: session.id } })).resourcesJson) as string[];
  await confirmChecklist({ ...scope, sessionId: session.id, confirmed: resources });
  expect(await startSession({ ...scope, sessionId: session.id, overrideReason: null })).toEqual({ status: "started" });

  for (const [enrollmentId, levels] of [[linEnrollment, COMPETENT], [chenEnrollment, NOT_YET]] as const) {
    const workspace = (await getAssessorWorkspace({ assessorId: assessor.id, enrollmentId }))!;
    const { scope: candidateScope } = workspace.result;
    for (const task of candidateScope.tasks) {
      const criterionIds = candidateScope.criteria.filter((c) => c.taskId === task.id).map((c) => c.id);
      await addEvidence({ assessorId: assessor.id, enrollmentId, evidence: { kind: "observation", taskCode: task.code!, title: `${task.code} 實作觀察`, body: "依情境完成工作。", criterionIds, workProductId: null } });
      for (const product of candidateScope.evidencePlan.find((e) => e.taskId === task.id)?.workProducts ?? []) {
        const stored = await getFileStorage().put(Readable.from([Buffer.from(`${product.title}／${enrollmentId}`, "utf8")]));
        const added = await addEvidence({ assessorId: assessor.id, enrollmentId, evidence: { kind: "file", taskCode: task.code!, title: product.title, workProductId: product.id, criterionIds, file: { ...stored, fileName: `${product.title}.txt`, mimeType: "text/plain" } } });
        expect(added.status).toBe("added");
      }
    }
    const comment = (level: number) => (level < 3 ? "成效分析未以數據支持結論。" : "");
    const saved = await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: workspace.assignment.revision, scores: candidateScope.criteria.map((c, i) => ({ criterionId: c.id, level: levels[i]!, comment: comment(levels[i]!) })), faults: [], reason: null });
    expect(saved.status).toBe("saved");
    expect(await signOff({ assessorId: assessor.id, enrollmentId, note: null })).toEqual({ status: "signed_off" });
  }
  expect(await releaseResults({ ...scope, sessionId: session.id })).toEqual({ released: 2 });
  return { institution, admin, assessor, lin, chen, session, version, linEnrollment, chenEnrollment };
}

type Fixture = Awaited<ReturnType<typeof releasedSession>>;
const ISSUED_AT = new Date("2026-11-20T10:00:00+08:00");

async function issue(f: Fixture, enrollmentId: string, now = ISSUED_AT) {
  const result = await issueCertificate({ institutionId: f.institution.id, actorId: f.admin.id, enrollmentId, baseUrl: "https://verify.example.org/", now });
  if (result.status !== "issued" && result.status !== "existing") throw new Error(`not issued: ${JSON.stringify(result)}`);
  return result;
}

async function storedRecord(number: string) {
  const row = await db.certificate.findUniqueOrThrow({ where: { number } });
  return { row, payload: JSON.parse(row.payloadJson) as ReportPayload };
}

/** Renders a (possibly forged) record the way the issuer does, with the assessment's indicator texts. */
async function renderForged(record: SignedRecord<ReportPayload>, versionId: string, editText?: (text: string) => string) {
  const content = parseContent((await db.assessmentVersion.findUniqueOrThrow({ where: { id: versionId } })).contentJson);
  const texts = new Map(content.criteria.map((c) => [c.code!, editText ? editText(c.text) : c.text]));
  return renderReportPdf(buildReportLayout(record, texts));
}

async function download(loader: typeof candidatePdfLoader, userId: string, url: string, params: Record<string, string>) {
  return answer(async () => loader(args(await requestAs(userId, url), params)));
}

let fixture: Fixture;
beforeAll(async () => {
  fixture = await releasedSession();
});

describe("issuing", () => {
  it("issues a signed certificate with what DESIGN §7 asks for, and its PDF re-downloads byte-identical", async () => {
    const f = fixture;
    const issued = await issue(f, f.linEnrollment);
    expect(issued.status).toBe("issued");
    expect(issued.certificate.kind).toBe("certificate");
    expect(issued.certificate.number).toMatch(/^CERT(-[0-9A-Z]{4}){4}-[0-9A-Z]$/);
    const { row, payload } = await storedRecord(issued.certificate.number);
    expect(payload).toMatchObject({
      kind: "certificate",
      decision: "competent",
      number: row.number,
      institution: { name: "臺北職能訓練中心", registrationNo: f.institution.registrationNumber },
      candidate: { name: "林怡君", maskedNationalId: "A22****789" },
      standard: { code: "KMC2431-009v2", name: "社群媒體經營人員", version: "V2", level: 4 },
      assessment: { title: "社群媒體經營人員職能評量", version: 1 },
      session: { date: "2026-11-10", place: "本中心 3 樓模擬職場（社群行銷工作室）", workplace: "模擬職場" },
      issueDate: "2026-11-20",
      validUntil: "2029-11-19",
      verificationUrl: `https://verify.example.org/verify/${row.number}`,
      assessors: [{ name: "王志明", role: "評量人員" }],
    });
    expect(payload.tasks.map((t) => [t.code, t.decision, t.criteria.length])).toEqual([
      ["T1.1", "competent", 3], ["T1.2", "competent", 2], ["T2.1", "competent", 3], ["T2.2", "competent", 2], ["T3.1", "competent", 2], ["T3.2", "competent", 3], ["T3.3", "competent", 2],
    ]);
    expect(payload.tasks.flatMap((t) => t.criteria.map((c) => c.level))).toEqual(COMPETENT);
    // Every stored work-product file, with the first 12 hex digits of its SHA-256; observations are not files.
    const files = await db.evidence.findMany({ where: { enrollmentId: f.linEnrollment, kind: "file" }, orderBy: { createdAt: "asc" } });
    expect(payload.evidence).toEqual(files.map((e) => ({ taskCode: e.taskCode, title: e.title, sha256Short: e.sha256!.slice(0, 12) })));
    expect(row.validUntil?.toISOString()).toBe("2029-11-18T16:00:00.000Z"); // midnight 2029-11-19 in Taiwan

    // The private key is stored encrypted, never as PEM; the key id on the row is the institution's key.
    const keys = await db.signingKey.findMany({ where: { institutionId: f.institution.id } });
    expect(keys).toHaveLength(1);
    expect(keys[0]!.privateKeyEncrypted).toMatch(/^ed25519-key\.v1\./);
    expect(keys[0]!.privateKeyEncrypted).not.toContain("PRIVATE KEY");
    expect(row.keyId).toBe(keys[0]!.keyId);

    // The PDF is rendered again on download: the same bytes as at issue time.
    const pdf = (await getInstitutionCertificatePdf({ institutionId: f.institution.id, number: row.number }))!;
    expect(pdf.matchesIssued).toBe(true);
    expect(sha256(pdf.pdf)).toBe(row.pdfSha256);
    const embedded = JSON.parse(extractEmbeddedFiles(pdf.pdf)[0]!.toString("utf8"));
    expect(embedded.payload).toEqual(payload);
    expect(embedded.signature).toEqual({ alg: "Ed25519", keyId: row.keyId, value: row.signature });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "certificate.issued", entityId: f.linEnrollment } });
    expect(JSON.parse(audit.afterJson!)).toMatchObject({ number: row.number, kind: "certificate" });
  });

  it.skipIf(!hasTool("pdftotext"))("prints the candidate, number, standard and masked ID as extractable text in an embedded subset font", async () => {
    const f = fixture;
    const { certificate } = await issue(f, f.linEnrollment);
    const pdf = (await getInstitutionCertificatePdf({ institutionId: f.institution.id, number: certificate.number }))!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certificate-"));
    const file = path.join(dir, "c.pdf");
    fs.writeFileSync(file, pdf.pdf);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    for (const expected of ["職能評量合格證書", "林怡君", "A22****789", certificate.number, "KMC2431-009v2", "臺北職能訓練中心", "2029年11月19日", `verify.example.org/verify/${certificate.number}`]) {
      expect(text).toContain(expected.replace(/\s+/g, ""));
    }
    expect(execFileSync("pdffonts", [file], { encoding: "utf8" })).toMatch(/[A-Z]{6}\+NotoSansHant-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives a not-yet-competent candidate a result report with the gaps and feedback, without a validity", async () => {
    const f = fixture;
    const { certificate } = await issue(f, f.chenEnrollment);
    expect(certificate.kind).toBe("result_report");
    expect(certificate.number).toMatch(/^REPT-/);
    const { row, payload } = await storedRecord(certificate.number);
    expect(row.validUntil).toBeNull();
    if (payload.kind !== "result_report") throw new Error("expected a result report");
    expect(payload.decision).toBe("not_yet_competent");
    expect(payload.gaps).toEqual([
      { taskCode: "T2.1", criterionCode: "P2.1.3", level: 1, requiredLevel: 3, comment: "成效分析未以數據支持結論。" },
      { taskCode: "T2.2", criterionCode: "P2.2.1", level: 2, requiredLevel: 3, comment: "成效分析未以數據支持結論。" },
    ]);
    expect(payload.tasks.filter((t) => t.decision === "not_yet_competent").map((t) => t.code)).toEqual(["T2.1", "T2.2"]);
    expect(payload.feedback).toEqual(["未通過的工作任務：T2.1、T2.2。完成補強後，可申請這些工作任務的補評量。"]);
  });

  it("is idempotent: issuing again, or twice at once, leaves one document", async () => {
    const f = await releasedSession("新竹職能學院");
    const [a, b] = await Promise.all([issue(f, f.linEnrollment), issue(f, f.linEnrollment)]);
    expect(a.certificate.number).toBe(b.certificate.number);
    expect([a.status, b.status].sort()).toEqual(["existing", "issued"]);
    const again = await issue(f, f.linEnrollment);
    expect(again).toEqual({ status: "existing", certificate: a.certificate });
    expect(await db.certificate.count({ where: { enrollmentId: f.linEnrollment } })).toBe(1);
    expect(await db.signingKey.count({ where: { institutionId: f.institution.id } })).toBe(1);

    // The session-wide issue then adds only the missing one.
    expect(await issueSessionCertificates({ institutionId: f.institution.id, actorId: f.admin.id, sessionId: f.session.id })).toEqual({ issued: 1, existing: 1, refused: [] });
    expect(await issueSessionCertificates({ institutionId: f.institution.id, actorId: f.admin.id, sessionId: f.session.id })).toEqual({ issued: 0, existing: 2, refused: [] });
  });

  it("refuses unreleased results and another institution's enrolment", async () => {
    const f = await releasedSession("桃園職能中心");
    await db.enrollment.update({ where: { id: f.chenEnrollment }, data: { releasedAt: null } });
    expect(await issueCertificate({ institutionId: f.institution.id, actorId: f.admin.id, enrollmentId: f.chenEnrollment })).toEqual({ status: "not_released" });
    expect(await issueCertificate({ institutionId: fixture.institution.id, actorId: fixture.admin.id, enrollmentId: f.linEnrollment })).toEqual({ status: "not_found" });
    expect(await db.certificate.count({ where: { enrollmentId: { in: [f.linEnrollment, f.chenEnrollment] } } })).toBe(0);
    // An admin of another institution cannot issue through the session page either.
    const url = `${BASE}/admin/sessions/${f.session.id}/certificates`;
    const other = await answer(async () => sessionCertificatesAction(args(await requestAs(fixture.admin.id, url, { method: "POST", body: formOf({ intent: "issue-all" }) }), { sessionId: f.session.id })));
    expect(other.status).toBe(404);

    // A key that no longer decrypts (the app secret changed, or the row was altered) refuses, it does not crash.
    const { getOrCreateSigningKey } = await import("~/models/signing-key.server");
    const { keyId } = await getOrCreateSigningKey({ institutionId: f.institution.id });
    const row = await db.signingKey.findUniqueOrThrow({ where: { keyId } });
    const parts = row.privateKeyEncrypted.split(".");
    parts[5] = Buffer.alloc(16).toString("base64url"); // a wrong authentication tag
    await db.signingKey.update({ where: { keyId }, data: { privateKeyEncrypted: parts.join(".") } });
    expect(await issueCertificate({ institutionId: f.institution.id, actorId: f.admin.id, enrollmentId: f.linEnrollment })).toMatchObject({ status: "refused", message: expect.stringContaining("簽章金鑰") });
  });

  it("issues from the admin's session page, pointing the QR code at the address in use", async () => {
    const f = await releasedSession("臺中職能學苑");
    const url = `https://certs.example.net/admin/sessions/${f.session.id}/certificates`;
    const issued = await answer(async () => sessionCertificatesAction(args(await requestAs(f.admin.id, url, { method: "POST", body: formOf({ intent: "issue-all" }) }), { sessionId: f.session.id })));
    expect(issued).toMatchObject({ status: 200, data: { ok: true, message: "已核發 2 份。" } });
    const page = await answer(async () => sessionCertificatesLoader(args(await requestAs(f.admin.id, url), { sessionId: f.session.id })));
    const rows = page.data.session.enrollments;
    expect(rows.map((r: any) => [r.candidate.displayName, r.certificate.kind, r.certificate.status])).toEqual(
      expect.arrayContaining([["林怡君", "certificate", "valid"], ["陳冠宇", "result_report", "valid"]]),
    );
    const { payload } = await storedRecord(rows[0].certificate.number);
    expect(payload.verificationUrl).toBe(`https://certs.example.net/verify/${payload.number}`);
  });
});

describe("downloads", () => {
  it("lets a candidate download only their own document; others' numbers answer 404", async () => {
    const f = fixture;
    const lin = (await issue(f, f.linEnrollment)).certificate.number;
    const chen = (await issue(f, f.chenEnrollment)).certificate.number;
    const own = await download(candidatePdfLoader, f.lin.id, `${BASE}/me/certificates/${lin}`, { number: lin });
    expect(own.status).toBe(200);
    const headers = own.response!.headers;
    expect(headers.get("Content-Type")).toBe("application/pdf");
    expect(headers.get("Content-Disposition")).toBe(`attachment; filename="${lin}.pdf"`);
    expect(headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await own.response!.arrayBuffer());
    expect(sha256(bytes)).toBe((await storedRecord(lin)).row.pdfSha256);
    // Typed loosely (lower case, .pdf): the same file.
    expect((await download(candidatePdfLoader, f.lin.id, `${BASE}/me/certificates/x`, { number: `${lin.toLowerCase()}.pdf` })).status).toBe(200);

    expect((await download(candidatePdfLoader, f.lin.id, `${BASE}/me/certificates/${chen}`, { number: chen })).status).toBe(404);
    expect((await download(candidatePdfLoader, f.chen.id, `${BASE}/me/certificates/${lin}`, { number: lin })).status).toBe(404);
    expect((await download(candidatePdfLoader, f.lin.id, `${BASE}/me/certificates/nonsense`, { number: "nonsense" })).status).toBe(404);
    // Staff are not candidates: the candidate URL does not exist for them.
    expect((await download(candidatePdfLoader, f.admin.id, `${BASE}/me/certificates/${lin}`, { number: lin })).status).toBe(404);

    // The result page links the candidate's own document.
    const page = await answer(async () => candidateResultLoader(args(await requestAs(f.lin.id, `${BASE}/me/results/${f.linEnrollment}`), { enrollmentId: f.linEnrollment })));
    expect(page.data.certificate.current).toMatchObject({ number: lin, kind: "certificate", status: "valid" });
  });

  it("lets an admin download any document of their institution, and nobody else's", async () => {
    const f = fixture;
    const lin = (await issue(f, f.linEnrollment)).certificate.number;
    expect((await download(adminPdfLoader, f.admin.id, `${BASE}/admin/certificates/${lin}/pdf`, { number: lin })).status).toBe(200);
    const other = await createInstitution("高雄職能發展協會");
    const otherAdmin = await createUser({ institutionId: other.id, role: "admin" });
    expect((await download(adminPdfLoader, otherAdmin.id, `${BASE}/admin/certificates/${lin}/pdf`, { number: lin })).status).toBe(404);
    expect((await answer(async () => adminCertificateLoader(args(await requestAs(otherAdmin.id, `${BASE}/admin/certificates/${lin}`), { number: lin })))).status).toBe(404);
    expect((await download(adminPdfLoader, f.assessor.id, `${BASE}/admin/certificates/${lin}/pdf`, { number: lin })).status).toBe(404);
    expect((await download(adminPdfLoader, f.lin.id, `${BASE}/admin/certificates/${lin}/pdf`, { number: lin })).status).toBe(404);
    expect(await listCertificates({ institutionId: other.id })).toEqual([]);
    expect((await listCertificates({ institutionId: f.institution.id })).map((c) => c.number)).toContain(lin);
  });
});

describe("revocation", () => {
  it("revokes with a reason (audited), stops the candidate's download, shows revoked publicly, and allows a new document", async () => {
    const f = await releasedSession("宜蘭職能學院");
    const { certificate } = await issue(f, f.linEnrollment);
    const url = `${BASE}/admin/certificates/${certificate.number}`;
    const tooShort = await answer(async () => adminCertificateAction(args(await requestAs(f.admin.id, url, { method: "POST", body: formOf({ intent: "revoke", reason: "錯" }) }), { number: certificate.number })));
    expect(tooShort.status).toBe(400);
    const reason = "申訴複查後評量結果變更，改發新證書。";
    const revoked = await answer(async () => adminCertificateAction(args(await requestAs(f.admin.id, url, { method: "POST", body: formOf({ intent: "revoke", reason }) }), { number: certificate.number })));
    expect(revoked.status).toBe(200);
    expect(await revokeCertificate({ institutionId: f.institution.id, actorId: f.admin.id, number: certificate.number, reason })).toEqual({ status: "already_revoked" });
    expect(await revokeCertificate({ institutionId: fixture.institution.id, actorId: fixture.admin.id, number: certificate.number, reason })).toEqual({ status: "not_found" });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "certificate.revoked", entityId: f.linEnrollment } });
    expect(audit).toMatchObject({ actorId: f.admin.id, reason });
    expect(JSON.parse(audit.afterJson!)).toMatchObject({ number: certificate.number, status: "revoked" });

    expect((await download(candidatePdfLoader, f.lin.id, `${BASE}/me/certificates/${certificate.number}`, { number: certificate.number })).status).toBe(404);
    const view = await findCertificateForVerification({ number: certificate.number });
    expect(view).toMatchObject({ status: "revoked", revokedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(JSON.stringify(view)).not.toContain(reason); // the reason stays with the institution

    const reissued = await issue(f, f.linEnrollment);
    expect(reissued.status).toBe("issued");
    expect(reissued.certificate.number).not.toBe(certificate.number);
  });
});

describe("public verification", () => {
  it("answers valid, expired, revoked and not found by number, showing only the masked ID", async () => {
    const f = fixture;
    const { certificate } = await issue(f, f.linEnrollment);
    const view = await findCertificateForVerification({ number: certificate.number.toLowerCase().replaceAll("-", " ") });
    expect(view).toMatchObject({
      number: certificate.number,
      status: "valid",
      recordIntact: true,
      candidate: { name: "林怡君", maskedNationalId: "A22****789" },
      standard: { code: "KMC2431-009v2" },
      decision: "competent",
      issueDate: "2026-11-20",
      validUntil: "2029-11-19",
    });
    // Valid through the last day of the term, expired the day after (Taiwan time).
    expect((await findCertificateForVerification({ number: certificate.number, now: new Date("2029-11-19T23:59:00+08:00") }))!.status).toBe("valid");
    expect((await findCertificateForVerification({ number: certificate.number, now: new Date("2029-11-20T00:00:00+08:00") }))!.status).toBe("expired");

    const unknown = generateCertificateNumber("certificate", crypto.randomBytes);
    expect(await findCertificateForVerification({ number: unknown })).toBeNull();

    // The pages: /verify/<number> with no login; a loosely typed number redirects to the canonical one.
    const page = await answer(() => verifyNumberLoader(args(new Request(`${BASE}/verify/${certificate.number}`), { number: certificate.number }, { clientAddress: "198.51.100.1" })));
    expect(page).toMatchObject({ status: 200, data: { state: "found", certificate: { status: "valid" } } });
    expect(page.data.certificate.candidate).toEqual({ name: "林怡君", maskedNationalId: "A22****789" });
    const loose = await answer(() => verifyNumberLoader(args(new Request(`${BASE}/verify/x`), { number: certificate.number.toLowerCase() }, { clientAddress: "198.51.100.1" })));
    expect(loose.status).toBe(302);
    expect(loose.response!.headers.get("Location")).toBe(`/verify/${certificate.number}`);
    expect((await answer(() => verifyNumberLoader(args(new Request(`${BASE}/verify/${unknown}`), { number: unknown }, { clientAddress: "198.51.100.1" })))).data.state).toBe("not_found");
    const typo = certificate.number.slice(0, -1) + (certificate.number.endsWith("0") ? "1" : "0");
    expect((await answer(() => verifyNumberLoader(args(new Request(`${BASE}/verify/${typo}`), { number: typo }, { clientAddress: "198.51.100.1" })))).data).toMatchObject({ state: "invalid", reason: expect.stringContaining("檢查碼") });
    const search = await answer(() => verifySearchLoader(args(new Request(`${BASE}/verify?number=${encodeURIComponent(certificate.number.toLowerCase())}`))));
    expect(search.response!.headers.get("Location")).toBe(`/verify/${certificate.number}`);
  });

  it("rate limits lookups per client address, in the database", async () => {
    const lookup = (address: string) => answer(() => verifyNumberLoader(args(new Request(`${BASE}/verify/x`), { number: "CERT-0000" }, { clientAddress: address })));
    for (let i = 0; i < 60; i++) expect((await lookup("203.0.113.9")).status).toBe(404);
    const limited = await lookup("203.0.113.9");
    expect(limited.status).toBe(429);
    expect(limited.data.state).toBe("rate_limited");
    expect((await lookup("203.0.113.10")).status).toBe(404); // another address is not affected
  });

  it("checks an uploaded PDF: authentic, altered pages, altered record, forged, not ours, unreadable", async () => {
    const f = fixture;
    const { certificate } = await issue(f, f.linEnrollment);
    const issuedPdf = (await getInstitutionCertificatePdf({ institutionId: f.institution.id, number: certificate.number }))!.pdf;
    const { row, payload } = await storedRecord(certificate.number);
    const record: SignedRecord<ReportPayload> = { payload, signature: { alg: "Ed25519", keyId: row.keyId, value: row.signature } };

    expect(await verifyCertificateFile({ bytes: issuedPdf })).toMatchObject({ verdict: "authentic", number: certificate.number, certificate: { status: "valid" } });

    // The record intact, the pages not: a changed indicator text, or bytes appended to the file.
    const editedPages = await renderForged(record, f.version.id, (text) => text.replace("。", "，並獲主管肯定。"));
    expect(await verifyCertificateFile({ bytes: editedPages })).toMatchObject({ verdict: "altered", number: certificate.number, certificate: { candidate: { name: "林怡君" } } });
    expect((await verifyCertificateFile({ bytes: Buffer.concat([issuedPdf, Buffer.from("\n% edited\n")]) })).verdict).toBe("altered");

    // One character of the name, the decision, a date changed in the embedded record: the signature fails.
    for (const forged of [
      { ...payload, candidate: { ...payload.candidate, name: "林怡均" } },
      { ...payload, validUntil: "2039-11-19" },
      { ...payload, tasks: payload.tasks.map((t, i) => (i === 0 ? { ...t, criteria: t.criteria.map((c) => ({ ...c, level: 4 })) } : t)) },
    ] as ReportPayload[]) {
      const result = await verifyCertificateFile({ bytes: await renderForged({ ...record, payload: forged }, f.version.id) });
      expect(result.verdict).toBe("altered");
      expect(result.certificate?.candidate.name).toBe("林怡君"); // what we really issued under that number
    }

    // Forged: a fresh key claiming our key id fails the signature; a fresh key under its own id is not ours.
    const forger = generateSigningKeyPair();
    const forgedSignature = signPayload(payload, forger.privateKey).signature;
    expect((await verifyCertificateFile({ bytes: await renderForged({ payload, signature: { ...forgedSignature, keyId: row.keyId } }, f.version.id) })).verdict).toBe("altered");
    expect((await verifyCertificateFile({ bytes: await renderForged({ payload, signature: forgedSignature }, f.version.id) })).verdict).toBe("not_ours");

    // Signed with our key but never issued (a number we have no record of): not ours.
    const key = await import("~/models/signing-key.server").then((m) => m.getOrCreateSigningKey({ institutionId: f.institution.id }));
    const phantom = { ...payload, number: generateCertificateNumber("certificate", crypto.randomBytes) };
    expect(await verifyCertificateFile({ bytes: await renderForged(signPayload(phantom, key.privateKey) as SignedRecord<ReportPayload>, f.version.id) })).toMatchObject({ verdict: "not_ours", certificate: null });

    // Someone else's PDF, and something that is not a PDF.
    const PDFDocument = (await import("pdfkit")).default;
    const foreign = await new Promise<Buffer>((resolve) => {
      const doc = new PDFDocument();
      const chunks: Buffer[] = [];
      doc.on("data", (c: Buffer) => chunks.push(c));
      doc.on("end", () => resolve(Buffer.concat(chunks)));
      doc.text("Certificate of attendance");
      doc.end();
    });
    expect((await verifyCertificateFile({ bytes: foreign })).verdict).toBe("not_ours");
    expect((await verifyCertificateFile({ bytes: Buffer.from("GIF89a not a pdf") })).verdict).toBe("unreadable");
  });

  it("accepts the upload on /verify without a login and tells the verdict", async () => {
    const f = fixture;
    const { certificate } = await issue(f, f.linEnrollment);
    const pdf = (await getInstitutionCertificatePdf({ institutionId: f.institution.id, number: certificate.number }))!.pdf;
    const form = new FormData();
    form.append("file", new File([new Uint8Array(pdf)], `${certificate.number}.pdf`, { type: "application/pdf" }));
    const result = await answer(() => verifyUploadAction(args(new Request(`${BASE}/verify`, { method: "POST", body: form }), {}, { clientAddress: "192.0.2.77" })));
    expect(result).toMatchObject({ status: 200, data: { check: { verdict: "authentic", number: certificate.number } } });
    const empty = new FormData();
    empty.append("file", new File([], "empty.pdf", { type: "application/pdf" }));
    expect((await answer(() => verifyUploadAction(args(new Request(`${BASE}/verify`, { method: "POST", body: empty }), {}, { clientAddress: "192.0.2.77" })))).status).toBe(400);
  });
});

describe("CLI against the database", () => {
  it("`certificate verify <file> --db` exits 0 with the number for the issued file and 3 for an altered copy", async () => {
    const f = fixture;
    const { certificate } = await issue(f, f.linEnrollment);
    const pdf = (await getInstitutionCertificatePdf({ institutionId: f.institution.id, number: certificate.number }))!.pdf;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-verify-"));
    const issuedFile = path.join(dir, "issued.pdf");
    const alteredFile = path.join(dir, "altered.pdf");
    fs.writeFileSync(issuedFile, pdf);
    fs.writeFileSync(alteredFile, Buffer.concat([pdf, Buffer.from("\n% edited\n")]));
    const cli = (file: string) => spawnSync(path.resolve("node_modules/.bin/tsx"), ["app/cli/main.ts", "certificate", "verify", file, "--db"], { encoding: "utf8", env: process.env });
    const ok = cli(issuedFile);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${certificate.number}\tvalid\n`);
    const altered = cli(alteredFile);
    expect(altered.status).toBe(3);
    expect(altered.stderr).toContain(`altered ${certificate.number}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("batch ZIP", () => {
  async function readAll(response: Response, abortAfterFirstChunk?: AbortController) {
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      if (abortAfterFirstChunk && chunks.length === 1) abortAfterFirstChunk.abort();
    }
    return Buffer.concat(chunks);
  }

  it("streams every document of the session as a valid ZIP whose entries are the issued files", async () => {
    const f = await releasedSession("花蓮職能學院");
    await issueSessionCertificates({ institutionId: f.institution.id, actorId: f.admin.id, sessionId: f.session.id });
    const url = `${BASE}/admin/sessions/${f.session.id}/certificates.zip`;
    const result = await answer(async () => zipLoader(args(await requestAs(f.admin.id, url), { sessionId: f.session.id })));
    expect(result.status).toBe(200);
    const response = result.response!;
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get(ZIP_ENTRY_COUNT_HEADER)).toBe("2");
    expect(response.headers.get("Content-Disposition")).toContain("filename*=UTF-8''");
    const zip = await readAll(response);

    // Walk it as the page's progress counter does, in uneven chunks.
    const counter = createZipEntryCounter();
    let counted = 0;
    for (let offset = 0; offset < zip.length; offset += 997) counted = counter.push(zip.subarray(offset, offset + 997));
    expect(counted).toBe(2);

    // Read it back independently: central directory → local headers → stored data.
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    let position = zip.readUInt32LE(end + 16);
    const issued = await db.certificate.findMany({ where: { enrollment: { sessionId: f.session.id } } });
    for (let index = 0; index < 2; index++) {
      expect(zip.readUInt32LE(position)).toBe(0x02014b50);
      const nameLength = zip.readUInt16LE(position + 28);
      const name = zip.subarray(position + 46, position + 46 + nameLength).toString("utf8");
      const local = zip.readUInt32LE(position + 42);
      const size = zip.readUInt32LE(local + 22);
      const data = zip.subarray(local + 30 + zip.readUInt16LE(local + 26), local + 30 + zip.readUInt16LE(local + 26) + size);
      expect(crc32(data)).toBe(zip.readUInt32LE(local + 14));
      const number = name.split("_")[0]!;
      expect(name).toMatch(/^(CERT|REPT)-[0-9A-Z-]+_C-[0-9a-f]{8}_(林怡君|陳冠宇)\.pdf$/);
      expect(sha256(data)).toBe(issued.find((c) => c.number === number)!.pdfSha256);
      position += 46 + nameLength;
    }
    if (hasTool("unzip")) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batch-"));
      fs.writeFileSync(path.join(dir, "batch.zip"), zip);
      expect(execFileSync("unzip", ["-t", path.join(dir, "batch.zip")], { encoding: "utf8" })).toMatch(/No errors detected/);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops rendering when the download is cancelled, and answers 404 to another institution", async () => {
    const f = await releasedSession("屏東職能中心");
    await issueSessionCertificates({ institutionId: f.institution.id, actorId: f.admin.id, sessionId: f.session.id });
    const url = `${BASE}/admin/sessions/${f.session.id}/certificates.zip`;
    const cancel = new AbortController();
    const request = await requestAs(f.admin.id, url, { signal: cancel.signal });
    const response = (await answer(() => zipLoader(args(request, { sessionId: f.session.id })))).response!;
    const partial = await readAll(response, cancel);
    expect(createZipEntryCounter().push(partial)).toBe(1); // the first document, then nothing more
    expect(partial.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);

    expect((await answer(async () => zipLoader(args(await requestAs(fixture.admin.id, url), { sessionId: f.session.id })))).status).toBe(404);
    expect((await answer(async () => zipLoader(args(await requestAs(f.lin.id, url), { sessionId: f.session.id })))).status).toBe(404);
  });

  it("writes entries whose sizes and CRC-32 any reader agrees with", () => {
    const writer = new ZipWriter();
    const data = Buffer.from("證書 certificate", "utf8");
    const parts = writer.entry("林怡君.pdf", data, new Date("2026-11-20T10:00:00+08:00"));
    const header = Buffer.from(parts[0]!);
    expect(header.readUInt32LE(14)).toBe(crc32(data));
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926); // the CRC-32 check value
    expect(header.readUInt16LE(6) & 0x0800).toBe(0x0800); // UTF-8 names
    expect(() => writer.entry("林怡君.pdf", data, new Date())).toThrow(/Duplicate/);
  });
});

describe("the knowledge exam (筆試) on the document", () => {
  /**
   * A released session whose version links a two-item paper worth 100 points: a single-answer item
   * (60) and a short answer (40) marked by an assessor. The link is written into the draft's content
   * before it is published, in the shape ExamLinkSchema fixes; the rule has no exam_pass condition,
   * so the decisions are the ones released without the exam.
   */
  async function sessionWithExam() {
    let paperId = "";
    let shortId = "";
    const f = await releasedSession("桃園職能評量中心", async ({ institutionId, standardId, versionId }) => {
      const item = async (number: number, revision: { type: string; stem: string; optionsJson: string; keyJson: string }) =>
        (
          await db.examItem.create({
            data: { institutionId, standardId, number, revisions: { create: { revision: 1, ...revision, codesJson: JSON.stringify(["K01"]), cognitiveLevel: "understand", difficulty: "medium" } } },
            select: { revisions: { select: { id: true } } },
          })
        ).revisions[0]!.id;
      const single = await item(1, { type: "single", stem: "社群平台的觸及率是指？", optionsJson: JSON.stringify(["按讚數", "看到貼文的人數", "留言數", "分享數"]), keyJson: "[1]" });
      shortId = await item(2, { type: "short_answer", stem: "說明如何訂定社群經營的績效目標。", optionsJson: "[]", keyJson: "[]" });
      // Items go in while the paper is a draft; the database refuses them once it is published.
      const paper = await db.examPaper.create({
        data: {
          institutionId,
          standardId,
          title: "社群媒體經營人員學科測驗",
          seed: "seed",
          cellsJson: "[]",
          totalPoints: 100,
          passMark: 60,
          items: { create: [{ form: "A", position: 1, revisionId: single, code: "K01", level: "understand", points: 60 }, { form: "A", position: 2, revisionId: shortId, code: "K01", level: "understand", points: 40 }] },
        },
      });
      await db.examPaper.update({ where: { id: paper.id }, data: { contentHash: "paper-hash", publishedAt: new Date("2026-11-01T00:00:00+08:00") } });
      paperId = paper.id;
      const version = await db.assessmentVersion.findUniqueOrThrow({ where: { id: versionId } });
      const content = JSON.parse(version.contentJson) as Record<string, unknown>;
      content.exam = { paperId, title: paper.title, contentHash: "paper-hash", formLabels: ["A"], totalPoints: 100, passMark: 60, durationMinutes: 60, itemsByCode: { K01: 2 } };
      await db.assessmentVersion.update({ where: { id: versionId }, data: { contentJson: JSON.stringify(content) } });
    });
    // 林怡君 sat it online and submitted: the single answer is right, the short answer awaits marking.
    const attempt = await db.examAttempt.create({
      data: {
        enrollmentId: f.linEnrollment,
        paperId,
        form: "A",
        attemptNumber: 1,
        mode: "online",
        orderJson: "[]",
        startedAt: new Date("2026-11-10T13:00:00+08:00"),
        deadlineAt: new Date("2026-11-10T14:00:00+08:00"),
        submittedAt: new Date("2026-11-10T13:40:00+08:00"),
        answers: {
          create: [
            { revisionId: (await db.examPaperItem.findFirstOrThrow({ where: { paperId, position: 1 } })).revisionId, responseJson: JSON.stringify({ kind: "choice", selected: [1] }) },
            { revisionId: shortId, responseJson: JSON.stringify({ kind: "text", text: "依組織目標訂定可量化的觸及與互動指標。" }) },
          ],
        },
      },
    });
    return { ...f, attempt, shortId };
  }

  it("shows the score on the result page, refuses to issue while it is being marked, then prints and states it", async () => {
    const f = await sessionWithExam();
    const resultPage = async (candidateId: string, enrollmentId: string) =>
      (await answer(async () => candidateResultLoader(args(await requestAs(candidateId, `${BASE}/me/results/${enrollmentId}`), { enrollmentId })))).data.result;
    expect((await resultPage(f.lin.id, f.linEnrollment)).exam).toEqual({ earned: null, max: 100, percent: null, passMark: 60, passed: null, standing: "marking" });
    expect((await resultPage(f.chen.id, f.chenEnrollment)).exam).toMatchObject({ earned: null, standing: "not_taken" });
    const refused = await issueCertificate({ institutionId: f.institution.id, actorId: f.admin.id, enrollmentId: f.linEnrollment, baseUrl: "https://verify.example.org/", now: ISSUED_AT });
    expect(refused).toEqual({ status: "refused", message: "筆試尚有試題待評閱，不能核發。" });

    await db.examAnswer.update({ where: { attemptId_revisionId: { attemptId: f.attempt.id, revisionId: f.shortId } }, data: { manualPoints: 22 } });
    expect((await resultPage(f.lin.id, f.linEnrollment)).exam).toEqual({ earned: 82, max: 100, percent: 82, passMark: 60, passed: true, standing: "scored" });
    const { certificate } = await issue(f, f.linEnrollment);
    const { payload } = await storedRecord(certificate.number);
    expect(payload.exam).toEqual({ title: "社群媒體經營人員學科測驗", earned: 82, max: 100, percent: 82, passMark: 60, passed: true });
    const view = await findCertificateForVerification({ number: certificate.number });
    expect(view).toMatchObject({ recordIntact: true, exam: payload.exam });

    // 陳冠宇 never sat it: his report says so rather than leaving the exam out.
    const report = await storedRecord((await issue(f, f.chenEnrollment)).certificate.number);
    expect(report.payload.exam).toEqual({ title: "社群媒體經營人員學科測驗", earned: null, max: 100, percent: null, passMark: 60, passed: null });

    if (!hasTool("pdftotext")) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certificate-exam-"));
    for (const [number, line] of [[certificate.number, "筆試82／100分，及格標準60分，及格"], [report.payload.number, "筆試未應試"]] as const) {
      const pdf = (await getInstitutionCertificatePdf({ institutionId: f.institution.id, number }))!;
      expect(pdf.matchesIssued).toBe(true);
      const file = path.join(dir, `${number}.pdf`);
      fs.writeFileSync(file, pdf.pdf);
      expect(execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, "")).toContain(line);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves the exam out of a document whose version links none", async () => {
    const { certificate } = await issue(fixture, fixture.linEnrollment);
    const { row, payload } = await storedRecord(certificate.number);
    expect("exam" in payload).toBe(false);
    expect(row.payloadJson).not.toContain('"exam"');
    expect((await findCertificateForVerification({ number: certificate.number }))!.exam).toBeNull();
  });
});

describe("status and terms", () => {
  it.each([
    { revokedAt: null, validUntil: null, now: "2040-01-01T00:00:00+08:00", status: "valid" },
    { revokedAt: null, validUntil: "2029-11-19", now: "2029-11-19T23:59:59+08:00", status: "valid" },
    { revokedAt: null, validUntil: "2029-11-19", now: "2029-11-20T00:00:00+08:00", status: "expired" },
    { revokedAt: "2027-01-01T00:00:00Z", validUntil: "2029-11-19", now: "2027-06-01T00:00:00+08:00", status: "revoked" },
    { revokedAt: "2027-01-01T00:00:00Z", validUntil: "2029-11-19", now: "2031-06-01T00:00:00+08:00", status: "revoked" },
  ])("revoked $revokedAt, valid until $validUntil, on $now: $status", ({ revokedAt, validUntil, now, status }) => {
    const row = { revokedAt: revokedAt ? new Date(revokedAt) : null, validUntil: validUntil ? new Date(`${validUntil}T00:00:00+08:00`) : null };
    expect(certificateStatus(row, new Date(now))).toBe(status);
  });

  it.each([
    ["2026-11-20", 3, "2029-11-19"],
    ["2024-02-29", 3, "2027-02-28"],
    ["2024-03-01", 3, "2027-02-28"],
    ["2025-01-01", 1, "2025-12-31"],
  ])("a %s term of %i years ends on %s", (start, years, last) => {
    expect(lastDayOfTerm(start, years)).toBe(last);
  });
});
