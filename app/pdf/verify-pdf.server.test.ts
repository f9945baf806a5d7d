import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildReportPayload, type ReportPayload } from "~/domain/report/certificate-payload";
import { buildReportLayout } from "~/domain/report/report-layout";
import { demoIndicatorTexts, demoReleasedResult } from "~/domain/report/sample-data";
import { generateSigningKeyPair, signPayload, type SignedRecord } from "~/domain/report/signature";

import { getReportFonts, type ReportFonts } from "./fonts.server";
import { renderReportPdf } from "./render-report.server";
import { extractEmbeddedFiles, verifyPdf } from "./verify-pdf.server";

const QPDF = (() => {
  try {
    execFileSync("sh", ["-c", "command -v qpdf"], { stdio: "ignore" });
    return true;
  } catch {
    console.warn("Skipping the qpdf rewrite tests: qpdf is not installed. Install it with: apt-get install -y qpdf");
    return false;
  }
})();

const ours = generateSigningKeyPair();
const lookup = (keyId: string) => (keyId === ours.keyId ? ours.publicKey : null);
const fixedBytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + 17) & 0xff);
let fonts: ReportFonts;
let dir: string;

beforeAll(async () => {
  fonts = await getReportFonts();
  dir = mkdtempSync(path.join(tmpdir(), "verify-pdf-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function signedRecord(privateKey = ours.privateKey): SignedRecord<ReportPayload> {
  return signPayload(buildReportPayload(demoReleasedResult(0, fixedBytes)), privateKey);
}

const renderRecord = (record: SignedRecord<ReportPayload>) => renderReportPdf(buildReportLayout(record, demoIndicatorTexts()), fonts);

/** Runs qpdf on PDF bytes: qpdf exits 3 for warnings, which still writes the file. */
function qpdf(pdf: Buffer, ...args: string[]): Buffer {
  const input = path.join(dir, "in.pdf");
  const output = path.join(dir, "out.pdf");
  writeFileSync(input, pdf);
  try {
    execFileSync("qpdf", [...args, input, output], { stdio: "ignore" });
  } catch (error) {
    if ((error as { status?: number }).status !== 3) throw error;
  }
  return readFileSync(output);
}

describe("verifyPdf", () => {
  it("finds our signature intact in a PDF we rendered", async () => {
    const record = signedRecord();
    const result = await verifyPdf(await renderRecord(record), lookup);
    expect(result).toMatchObject({ status: "authentic", number: record.payload.number, keyId: ours.keyId });
  });

  it("reads the attachment back byte for byte", async () => {
    const record = signedRecord();
    const files = extractEmbeddedFiles(await renderRecord(record));
    expect(files).toHaveLength(1);
    expect(JSON.parse(files[0].toString("utf8"))).toEqual(record);
  });

  it("reports altered when the payload changed but the old signature was kept", async () => {
    const record = signedRecord();
    const forged = { ...record, payload: { ...record.payload, candidate: { ...record.payload.candidate, name: "林雅亭" } } };
    const result = await verifyPdf(await renderRecord(forged), lookup);
    expect(result).toMatchObject({ status: "altered", number: record.payload.number });
  });

  it("reports altered when the decision or a date was edited", async () => {
    const record = signedRecord();
    for (const payload of [
      { ...record.payload, issueDate: "2025-03-28" },
      { ...record.payload, validUntil: "2030-03-20" },
      { ...record.payload, tasks: record.payload.tasks.map((task, i) => (i === 0 ? { ...task, decision: "not_yet_competent" as const } : task)) },
    ]) {
      const result = await verifyPdf(await renderRecord({ ...record, payload: payload as ReportPayload }), lookup);
      expect(result.status).toBe("altered");
    }
  });

  it("verifies a record carrying the knowledge exam, and catches an edited exam score", async () => {
    // formatVersion stays 1 with the optional `exam`: the verifier needs no change to accept it.
    const exam = { title: "社群媒體經營人員學科測驗", earned: 82, max: 100, percent: 82, passMark: 60, passed: true };
    const record = signPayload(buildReportPayload({ ...demoReleasedResult(0, fixedBytes), exam }), ours.privateKey);
    expect(record.payload.formatVersion).toBe(1);
    expect(await verifyPdf(await renderRecord(record), lookup)).toMatchObject({ status: "authentic", number: record.payload.number });
    const raised = { ...record, payload: { ...record.payload, exam: { ...exam, earned: 95, percent: 95 } } };
    expect((await verifyPdf(await renderRecord(raised), lookup)).status).toBe("altered");
    const dropped = { ...record, payload: { ...record.payload, exam: undefined } };
    expect((await verifyPdf(await renderRecord(JSON.parse(JSON.stringify(dropped))), lookup)).status).toBe("altered");
  });

  it("reports not_ours for a PDF signed by another key", async () => {
    const stranger = generateSigningKeyPair();
    const result = await verifyPdf(await renderRecord(signedRecord(stranger.privateKey)), lookup);
    expect(result).toMatchObject({ status: "not_ours", keyId: stranger.keyId });
  });

  it("reports not_ours for a PDF without our record", async () => {
    const plain = await new Promise<Buffer>((resolve) => {
      const doc = new PDFDocument({ compress: true });
      const chunks: Buffer[] = [];
      doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      doc.on("end", () => resolve(Buffer.concat(chunks)));
      doc.text("職能評量合格證書 (a lookalike without a record)");
      doc.file(Buffer.from('{"hello":"world"}'), { name: "notes.json" });
      doc.end();
    });
    expect(await verifyPdf(plain, lookup)).toMatchObject({ status: "not_ours" });
  });

  it("reports not_ours for someone else's certificate.json", async () => {
    const other = await new Promise<Buffer>((resolve) => {
      const doc = new PDFDocument();
      const chunks: Buffer[] = [];
      doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      doc.on("end", () => resolve(Buffer.concat(chunks)));
      doc.file(Buffer.from('{"payload":{"format":"other"},"signature":{}}'), { name: "certificate.json" });
      doc.end();
    });
    expect(await verifyPdf(other, lookup)).toMatchObject({ status: "not_ours" });
  });

  it("reports invalid for bytes that are not a PDF", async () => {
    expect(await verifyPdf(Buffer.from("hello, I am not a PDF"), lookup)).toMatchObject({ status: "invalid", reason: expect.stringContaining("Not a PDF") });
    expect(await verifyPdf(new Uint8Array(0), lookup)).toMatchObject({ status: "invalid" });
  });

  it("survives hostile structure without a stack overflow", async () => {
    const nested = Buffer.from(`%PDF-1.3\n1 0 obj\n<< /EF ${"[".repeat(100_000)} >>\nendobj\n`);
    expect(await verifyPdf(nested, lookup)).toMatchObject({ status: "not_ours" });
  });
});

describe.skipIf(!QPDF)("verifyPdf after rewriting tools", () => {
  it("still finds an authentic record after qpdf packs objects into object streams", async () => {
    const record = signedRecord();
    const packed = qpdf(await renderRecord(record), "--object-streams=generate");
    expect(packed.toString("latin1")).toContain("/ObjStm");
    expect(await verifyPdf(packed, lookup)).toMatchObject({ status: "authentic", number: record.payload.number });
  });

  it("detects one character of the name changed inside the attachment itself", async () => {
    const record = signedRecord();
    // QDF mode writes streams uncompressed, so the attachment's bytes can be edited in place.
    const qdf = qpdf(await renderRecord(record), "--qdf", "--object-streams=disable");
    const text = qdf.toString("latin1");
    const name = Buffer.from('"name":"林雅婷"').toString("latin1");
    expect(text.split(name)).toHaveLength(2);
    const edited = Buffer.from(text.replace(name, Buffer.from('"name":"林雅亭"').toString("latin1")), "latin1");
    expect(await verifyPdf(qdf, lookup)).toMatchObject({ status: "authentic" });
    expect(await verifyPdf(edited, lookup)).toMatchObject({ status: "altered", number: record.payload.number });
  });

  it("reports invalid when the attachment is no longer JSON", async () => {
    const qdf = qpdf(await renderRecord(signedRecord()), "--qdf", "--object-streams=disable");
    const broken = Buffer.from(qdf.toString("latin1").replace('{"payload":', '{"payload";'), "latin1");
    expect(await verifyPdf(broken, lookup)).toMatchObject({ status: "invalid", reason: expect.stringContaining("not valid JSON") });
  });
});
