import { describe, expect, it } from "vitest";

import { canonicalJson } from "~/domain/canonical-json";
import { generateCertificateNumber } from "./certificate-number";
import { buildReportPayload, maskNationalId, PayloadError, type PayloadExam, type ReleasedResultInput } from "./certificate-payload";
import { demoReleasedResult } from "./sample-data";
import { generateSigningKeyPair, signPayload, verifySignedRecord } from "./signature";

const fixedBytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 53 + 7) & 0xff);
const competent = () => demoReleasedResult(0, fixedBytes);
const notYetCompetent = () => demoReleasedResult(2, fixedBytes);

describe("maskNationalId", () => {
  it("keeps the first three and last three characters of a Taiwanese ID", () => {
    expect(maskNationalId("A123456789")).toBe("A12****789");
    expect(maskNationalId(" a123456789 ")).toBe("A12****789");
    expect(maskNationalId("Ａ１２３４５６７８９")).toBe("A12****789"); // full-width input
  });

  it("keeps only the first character of short IDs", () => {
    expect(maskNationalId("AB1234")).toBe("A*****");
    expect(maskNationalId("")).toBe("");
  });
});

describe("buildReportPayload", () => {
  it("builds a certificate for a competent candidate", () => {
    const input = competent();
    const payload = buildReportPayload(input);
    expect(payload.kind).toBe("certificate");
    expect(payload.decision).toBe("competent");
    expect(payload.number).toMatch(/^CERT-/);
    expect(payload.candidate).toEqual({ name: "林雅婷", maskedNationalId: "A22****789" });
    expect(JSON.stringify(payload)).not.toContain("A223456789");
    expect(payload.institution).toEqual({ name: "青禾數位職能學院", registrationNo: "訓字第 1130215 號" });
    expect(payload.standard).toEqual({ code: "KMC2431-009v2", name: "社群媒體經營人員", version: "V2", level: 4 });
    expect(payload.tasks.map((task) => task.code)).toEqual(["T1.1", "T1.2", "T2.1", "T2.2", "T3.1", "T3.2", "T3.3"]);
    expect(payload.tasks.flatMap((task) => task.criteria)).toHaveLength(17);
    expect(payload.tasks[0]).toEqual({
      code: "T1.1",
      title: "確立經營目標、受眾群與選擇社群平台",
      level: 4,
      decision: "competent",
      criteria: [
        { code: "P1.1.1", level: 4 },
        { code: "P1.1.2", level: 3 },
        { code: "P1.1.3", level: 4 },
      ],
    });
    expect(payload.evidence[0]).toEqual({
      taskCode: "T1.1",
      title: "O1.1.1 經營社群媒體企畫書",
      sha256Short: input.evidence[0].sha256.slice(0, 12),
    });
    expect(payload.assessors).toEqual([
      { name: "陳志明", role: "主評量人員" },
      { name: "黃美玲", role: "評量人員" },
    ]);
    expect(payload.session.date).toBe("2025-03-14");
    expect(payload.issueDate).toBe("2025-03-21");
    if (payload.kind !== "certificate") throw new Error("expected a certificate");
    expect(payload.validUntil).toBe("2028-03-20");
    expect(payload.verificationUrl).toBe(`https://assess.example.org/verify/${payload.number}`);
    expect(payload.scale.levels.map((level) => level.value)).toEqual([4, 3, 2, 1]);
    expect(() => canonicalJson(payload)).not.toThrow();
  });

  it("builds a result report with the gaps and feedback for a not-yet-competent candidate", () => {
    const payload = buildReportPayload(notYetCompetent());
    expect(payload.kind).toBe("result_report");
    if (payload.kind !== "result_report") throw new Error("expected a result report");
    expect(payload.number).toMatch(/^REPT-/);
    expect(payload.decision).toBe("not_yet_competent");
    expect(payload.gaps.map((gap) => [gap.taskCode, gap.criterionCode, gap.level, gap.requiredLevel])).toEqual([
      ["T3.1", "P3.1.2", 2, 3],
      ["T3.2", "P3.2.2", 2, 3],
      ["T3.2", "P3.2.3", 1, 3],
    ]);
    expect(payload.gaps[2].comment).toContain("分眾分析");
    expect(payload.feedback).toHaveLength(3);
    expect(payload.tasks.filter((task) => task.decision === "not_yet_competent").map((task) => task.code)).toEqual(["T3.1", "T3.2"]);
    expect("validUntil" in payload).toBe(false);
  });

  it("omits the ID when the institution does not keep one", () => {
    const input = competent();
    input.candidate.nationalId = null;
    expect(buildReportPayload(input).candidate.maskedNationalId).toBeNull();
  });

  it("refuses inputs that would make an untrustworthy document", () => {
    const cases: [string, (input: ReleasedResultInput) => void, RegExp][] = [
      ["report number on a certificate", (i) => (i.number = generateCertificateNumber("result_report", fixedBytes)), /result_report/],
      ["non-canonical number", (i) => (i.number = i.number.toLowerCase()), /canonical/],
      ["impossible date", (i) => (i.issueDate = "2025-02-30"), /issueDate/],
      ["issue before session", (i) => (i.issueDate = "2025-03-01"), /before the session/],
      ["validity ending before issue", (i) => (i.validUntil = "2025-03-21"), /validUntil/],
      ["level off the scale", (i) => (i.tasks[0].criteria[0].level = 5), /P1\.1\.1 has level 5/],
      ["short hash", (i) => (i.evidence[0].sha256 = "abc123"), /SHA-256/],
      ["URL without placeholder", (i) => (i.verificationUrlTemplate = "https://assess.example.org/verify"), /\{number\}/],
      ["non-web URL", (i) => (i.verificationUrlTemplate = "javascript:alert({number})"), /http/],
      ["blank candidate", (i) => (i.candidate.name = "  "), /candidate name/],
      ["no assessors", (i) => (i.assessors = []), /assessor/],
      ["task without criteria", (i) => (i.tasks[1].criteria = []), /T1\.2 has no criteria/],
    ];
    for (const [label, change, message] of cases) {
      const input = competent();
      change(input);
      expect(() => buildReportPayload(input), label).toThrow(PayloadError);
      expect(() => buildReportPayload(input), label).toThrow(message);
    }
  });
});

describe("buildReportPayload: the knowledge exam (筆試)", () => {
  const exam = (): PayloadExam => ({ title: "社群媒體經營人員學科測驗", earned: 82, max: 100, percent: 82, passMark: 60, passed: true });
  // The keys a payload had before exams existed: a document without an exam must keep exactly these.
  const COMMON_KEYS = ["format", "formatVersion", "number", "institution", "candidate", "standard", "assessment", "session", "scale", "tasks", "evidence", "assessors", "issueDate", "verificationUrl", "kind", "decision"];

  it("leaves the key out entirely without an exam, so earlier payloads and their signatures are unchanged", () => {
    expect(Object.keys(buildReportPayload(competent()))).toEqual([...COMMON_KEYS, "validUntil"]);
    expect(Object.keys(buildReportPayload(notYetCompetent()))).toEqual([...COMMON_KEYS, "gaps", "feedback"]);
    // Given as undefined (as an optional property may be) it is still absent, not null.
    const payload = buildReportPayload({ ...competent(), exam: undefined });
    expect("exam" in payload).toBe(false);
    expect(canonicalJson(payload)).toBe(canonicalJson(buildReportPayload(competent())));
    expect(canonicalJson(payload)).not.toContain('"exam"');
  });

  it("carries the exam on a certificate and on a result report, covered by the signature", () => {
    const keys = generateSigningKeyPair();
    const certificate = buildReportPayload({ ...competent(), exam: exam() });
    expect(certificate.exam).toEqual(exam());
    const failed = { ...exam(), earned: 55, percent: 55, passed: false };
    const report = buildReportPayload({ ...notYetCompetent(), exam: failed });
    expect(report.exam).toEqual(failed);

    const record = signPayload(certificate, keys.privateKey);
    expect(verifySignedRecord(record, keys.publicKey)).toBe(true);
    const raised = { ...record, payload: { ...record.payload, exam: { ...exam(), earned: 92, percent: 92 } } };
    expect(verifySignedRecord(raised, keys.publicKey)).toBe(false);
  });

  it("carries an exam that was not sat as nulls, and a paper not out of 100 with its percentage", () => {
    const notTaken = { ...exam(), earned: null, percent: null, passed: null };
    expect(buildReportPayload({ ...competent(), exam: notTaken }).exam).toEqual(notTaken);
    const fifty = { ...exam(), earned: 45.5, max: 50, percent: 91 };
    expect(buildReportPayload({ ...competent(), exam: fifty }).exam).toEqual(fifty);
    expect(buildReportPayload({ ...competent(), exam: { ...exam(), title: "  學科測驗 A 卷 " } }).exam?.title).toBe("學科測驗 A 卷");
  });

  it("refuses exam figures that are not numbers in range, rather than clamping them", () => {
    const cases: [string, Partial<PayloadExam>, RegExp][] = [
      ["NaN earned", { earned: Number.NaN }, /exam earned/],
      ["earned above max", { earned: 101 }, /exam earned must be a number from 0 to 100/],
      ["negative earned", { earned: -1 }, /exam earned/],
      ["zero max", { max: 0 }, /exam max/],
      ["infinite max", { max: Number.POSITIVE_INFINITY }, /exam max/],
      ["percent above 100", { percent: 120 }, /exam percent/],
      ["pass mark above 100", { passMark: 160 }, /exam passMark/],
      ["score without a verdict", { passed: null }, /all null/],
      ["verdict without a score", { earned: null, percent: null }, /all null/],
      ["blank title", { title: " " }, /exam title/],
    ];
    for (const [label, change, message] of cases) {
      const input = { ...competent(), exam: { ...exam(), ...change } };
      expect(() => buildReportPayload(input), label).toThrow(PayloadError);
      expect(() => buildReportPayload(input), label).toThrow(message);
    }
  });
});
