import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countStandardRows } from "~/models/standard.server";
import { action as importAction } from "~/routes/admin.standards.import";
import { action as standardAction, loader as standardLoader } from "~/routes/admin.standards.$standardId";
import { db } from "~/utils/db.server";
import { callRoute, createInstitution, createUser, requestAs } from "../support/factories";

const BASE = "http://localhost";
const FIXTURE_DIR = path.resolve("templates/demo/standards");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURE_DIR, name));
const SOCIAL_MEDIA = "000_988f66f990932d6f.txt";

async function adminOf(name = "匯入測試中心") {
  const inst = await createInstitution(name);
  return createUser({ institutionId: inst.id, role: "admin" });
}

async function postImport(userId: string, fields: { intent: string; file?: { bytes: Uint8Array; name: string; type?: string }; text?: string }) {
  const form = new FormData();
  form.set("intent", fields.intent);
  if (fields.file) form.set("file", new File([Buffer.from(fields.file.bytes)], fields.file.name, { type: fields.file.type ?? "text/plain" }));
  if (fields.text !== undefined) form.set("text", fields.text);
  const request = await requestAs(userId, `${BASE}/admin/standards/import`, { method: "POST", body: form });
  const response = await importAction({ request, params: {}, context: {} });
  return response as unknown as { init: { status?: number } | null; data: any } | Response;
}

function statusOf(result: Awaited<ReturnType<typeof postImport>>) {
  if (result instanceof Response) return result.status;
  return result.init?.status ?? 200;
}

describe("importing a standard", () => {
  it("previews without storing, then stores everything on confirm", async () => {
    const admin = await adminOf();
    const before = await countStandardRows();
    const preview = await postImport(admin.id, { intent: "preview", file: { bytes: fixture(SOCIAL_MEDIA), name: SOCIAL_MEDIA } });
    expect(statusOf(preview)).toBe(200);
    const previewData = (preview as { data: any }).data;
    expect(previewData.kind).toBe("preview");
    expect(previewData.counts).toMatchObject({ tasks: 7, indicators: 17 });
    expect(await countStandardRows()).toEqual(before);

    const confirm = await postImport(admin.id, { intent: "confirm", text: previewData.sourceText });
    expect(confirm).toBeInstanceOf(Response);
    expect((confirm as Response).status).toBe(302);
    const after = await countStandardRows();
    expect(after.standards - before.standards).toBe(1);
    expect(after.tasks - before.tasks).toBe(7);
    expect(after.indicators - before.indicators).toBe(17);
    const stored = await db.standard.findFirstOrThrow({ where: { institutionId: admin.institutionId } });
    expect(stored).toMatchObject({ code: "KMC2431-009v2", baseCode: "KMC2431-009", versionNumber: 2, kind: "occupational", level: 4 });
    expect(stored.sourceSha256).toBe(crypto.createHash("sha256").update(stored.sourceText).digest("hex"));
  });

  it("refuses the same version twice with a message and stores nothing more", async () => {
    const admin = await adminOf();
    const text = fixture(SOCIAL_MEDIA).toString("utf8");
    await postImport(admin.id, { intent: "confirm", text });
    const before = await countStandardRows();
    const again = await postImport(admin.id, { intent: "confirm", text });
    expect(statusOf(again)).toBe(409);
    expect((again as { data: any }).data.message).toContain("已經匯入過");
    expect(await countStandardRows()).toEqual(before);
  });

  it("links a newer version to the older one and shows which indicators changed", async () => {
    const admin = await adminOf();
    const v2 = fixture(SOCIAL_MEDIA).toString("utf8");
    const v1 = v2
      .replaceAll("KMC2431-009v2", "KMC2431-009v1")
      .replace("依據組織目標及品牌經營策略選定適合的社群媒體。", "依據組織目標選定社群媒體。");
    expect(statusOf(await postImport(admin.id, { intent: "confirm", text: v1 }))).toBe(302);
    const preview = await postImport(admin.id, { intent: "preview", text: v2 });
    expect((preview as { data: any }).data.check).toMatchObject({ status: "new_version", diff: { reworded: [{ code: "P1.1.1" }] } });
    expect(statusOf(await postImport(admin.id, { intent: "confirm", text: v2 }))).toBe(302);

    const newer = await db.standard.findFirstOrThrow({ where: { institutionId: admin.institutionId, code: "KMC2431-009v2" } });
    const older = await db.standard.findFirstOrThrow({ where: { institutionId: admin.institutionId, code: "KMC2431-009v1" } });
    expect(newer.previousVersionId).toBe(older.id);
    const page = await callRoute(async () => standardLoader({ request: await requestAs(admin.id, `${BASE}/admin/standards/${newer.id}`), params: { standardId: newer.id }, context: {} }));
    expect(page.data!.standard.changesFromPrevious).toMatchObject({
      added: [],
      removed: [],
      reworded: [{ code: "P1.1.1", before: "依據組織目標選定社群媒體。", after: "依據組織目標及品牌經營策略選定適合的社群媒體。" }],
    });
  });

  it("parses every fixture through the import and stores its structure", async () => {
    const admin = await adminOf();
    for (const name of fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith(".txt"))) {
      expect(statusOf(await postImport(admin.id, { intent: "confirm", file: { bytes: fixture(name), name } }))).toBe(302);
    }
    const unit = await db.standard.findFirstOrThrow({ where: { institutionId: admin.institutionId, code: "IDC4R2523" }, include: { tasks: true } });
    expect(unit.kind).toBe("unit");
    expect(unit.tasks.map((t) => t.code)).toEqual(["T1", "T2", "T3", "T4", "T5"]);
  });
});

describe("bad input is refused with a clear message and stores nothing", () => {
  const noise = (bytes: number) => crypto.randomBytes(bytes);
  const truncated = fixture(SOCIAL_MEDIA).toString("utf8").split("\n").slice(0, 12).join("\n");
  const cases: Array<[string, Parameters<typeof postImport>[1], number, RegExp]> = [
    ["an empty file", { intent: "preview", file: { bytes: new Uint8Array(), name: "empty.txt" } }, 422, /空/],
    ["blank text", { intent: "preview", text: "   \n\n  " }, 400, /請選擇檔案/],
    ["a binary file", { intent: "preview", file: { bytes: noise(4096), name: "data.bin", type: "application/octet-stream" } }, 422, /./],
    ["an image", { intent: "preview", file: { bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), noise(2000)]), name: "photo.jpg", type: "image/jpeg" } }, 422, /JPEG/],
    ["a random text", { intent: "preview", text: "會議紀錄\n出席：王小明、李大華\n決議：下週再議。" }, 422, /第 \d+ 行/],
    ["a standard truncated before its main table", { intent: "preview", text: truncated }, 422, /第 \d+ 行/],
    ["10 MB of noise", { intent: "preview", file: { bytes: noise(10 * 1024 * 1024), name: "noise.txt" } }, 413, /2 MB/],
    ["a text file over the 2 MB limit", { intent: "preview", file: { bytes: Buffer.alloc(3 * 1024 * 1024 + 10, "職"), name: "big.txt" } }, 413, /2 MB/],
  ];
  for (const [label, input, status, message] of cases) {
    it(`refuses ${label}`, async () => {
      const admin = await adminOf();
      const before = await countStandardRows();
      const result = await postImport(admin.id, input);
      expect(statusOf(result)).toBe(status);
      expect((result as { data: any }).data.message).toMatch(message);
      expect(await countStandardRows()).toEqual(before);
      // Confirming the same input does not store it either.
      await postImport(admin.id, { ...input, intent: "confirm" });
      expect(await countStandardRows()).toEqual(before);
    });
  }
});

describe("standards and tenancy", () => {
  it("answers 404 for another institution's standard, and refuses to delete one an assessment uses", async () => {
    const adminA = await adminOf("甲");
    const adminB = await adminOf("乙");
    await postImport(adminA.id, { intent: "confirm", text: fixture(SOCIAL_MEDIA).toString("utf8") });
    const standard = await db.standard.findFirstOrThrow({ where: { institutionId: adminA.institutionId } });

    const asB = await callRoute(async () => standardLoader({ request: await requestAs(adminB.id, `${BASE}/admin/standards/${standard.id}`), params: { standardId: standard.id }, context: {} }));
    expect(asB.status).toBe(404);
    const deleteAsB = await callRoute(async () =>
      standardAction({ request: await requestAs(adminB.id, `${BASE}/admin/standards/${standard.id}`, { method: "POST", body: new FormData() }), params: { standardId: standard.id }, context: {} }),
    );
    expect(deleteAsB.status).toBe(404);

    await db.assessment.create({ data: { institutionId: adminA.institutionId, standardId: standard.id, title: "社群媒體經營評量" } });
    const before = await countStandardRows();
    const refused = (await standardAction({
      request: await requestAs(adminA.id, `${BASE}/admin/standards/${standard.id}`, { method: "POST", body: new FormData() }),
      params: { standardId: standard.id },
      context: {},
    })) as unknown as { init: { status: number }; data: { error: string } };
    expect(refused.init.status).toBe(409);
    expect(refused.data.error).toContain("社群媒體經營評量");
    expect(await countStandardRows()).toEqual(before);
  });
});
