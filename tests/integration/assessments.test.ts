import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyDraftEdit } from "~/domain/rubric/edit";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import {
  createAssessmentDraft,
  createNextDraft,
  deleteDraftVersion,
  getAssessmentVersion,
  publishVersion,
  saveDraft,
} from "~/models/assessment.server";
import { importStandard } from "~/models/standard.server";
import { loader as versionLoader } from "~/routes/admin.assessments.$assessmentId.versions.$version/route";
import { db } from "~/utils/db.server";
import { callRoute, createInstitution, createUser, requestAs } from "../support/factories";

async function setup() {
  const inst = await createInstitution();
  const admin = await createUser({ institutionId: inst.id, role: "admin" });
  const sourceText = decodeStandardBytes(fs.readFileSync(path.resolve("templates/demo/standards/000_988f66f990932d6f.txt")));
  const standard = await importStandard({ institutionId: inst.id, actorId: admin.id, parsed: parseStandard(sourceText), sourceText });
  const created = await createAssessmentDraft({ institutionId: inst.id, actorId: admin.id, standardId: standard.id, title: "社群媒體經營人員職能評量" });
  const scope = { institutionId: inst.id, actorId: admin.id, assessmentId: created!.assessmentId };
  return { inst, admin, standard, scope };
}

describe("assessment versions", () => {
  it("generates a draft with one criterion per indicator and no gaps", async () => {
    const { scope } = await setup();
    const version = await getAssessmentVersion({ ...scope, version: 1 });
    expect(version!.content.criteria).toHaveLength(17);
    expect(version!.content.gaps).toEqual([]);
    expect(version!.publishedAt).toBeNull();
  });

  it("refuses a stale save instead of overwriting a newer one", async () => {
    const { scope } = await setup();
    const loaded = (await getAssessmentVersion({ ...scope, version: 1 }))!;
    const taskId = loaded.content.tasks[0]!.id;
    const mine = applyDraftEdit(loaded.content, { intent: "add-question", taskId, code: null, mode: "oral", prompt: "第一位編輯者的問題" });
    const theirs = applyDraftEdit(loaded.content, { intent: "add-question", taskId, code: null, mode: "oral", prompt: "第二位編輯者的問題" });
    expect(await saveDraft({ ...scope, version: 1, revision: loaded.revision, content: mine, reason: "test" })).toEqual({ status: "saved", revision: 2 });
    const second = await saveDraft({ ...scope, version: 1, revision: loaded.revision, content: theirs, reason: "test" });
    expect(second.status).toBe("conflict");
    const stored = (await getAssessmentVersion({ ...scope, version: 1 }))!;
    const prompts = stored.content.evidencePlan.flatMap((e) => e.questions.map((q) => q.prompt));
    expect(prompts).toContain("第一位編輯者的問題");
    expect(prompts).not.toContain("第二位編輯者的問題");
  });

  it("blocks publishing while a gap is unwaived, and publishes once it is waived with a reason", async () => {
    const { scope } = await setup();
    const loaded = (await getAssessmentVersion({ ...scope, version: 1 }))!;
    const k05Questions = loaded.content.evidencePlan.flatMap((e) => e.questions.filter((q) => q.code === "K05"));
    let content = loaded.content;
    for (const q of k05Questions) content = applyDraftEdit(content, { intent: "remove-item", itemId: q.id });
    expect(content.gaps).toContain("K05");
    await saveDraft({ ...scope, version: 1, revision: 1, content, reason: "test" });

    const blocked = await publishVersion({ ...scope, version: 1, revision: 2 });
    expect(blocked.status).toBe("blocked");
    if (blocked.status === "blocked") expect(blocked.blockers.map((b) => b.code)).toEqual(["K05"]);

    const waived = applyDraftEdit(content, { intent: "waive", code: "K05", reason: "以筆試另行評量" });
    await saveDraft({ ...scope, version: 1, revision: 2, content: waived, reason: "test" });
    const published = await publishVersion({ ...scope, version: 1, revision: 3 });
    expect(published.status).toBe("published");
  });

  it("freezes a published version: no save, no delete, not even directly in the database", async () => {
    const { scope } = await setup();
    await publishVersion({ ...scope, version: 1, revision: 1 });
    const published = (await getAssessmentVersion({ ...scope, version: 1 }))!;
    const edited = applyDraftEdit(published.content, { intent: "add-question", taskId: published.content.tasks[0]!.id, code: null, mode: "oral", prompt: "修改已發布版本" });
    expect((await saveDraft({ ...scope, version: 1, revision: published.revision, content: edited, reason: "test" })).status).toBe("published");
    expect(await deleteDraftVersion({ ...scope, version: 1 })).toBe(false);
    await expect(db.assessmentVersion.update({ where: { id: published.id }, data: { contentJson: "{}" } })).rejects.toThrow();
    await expect(db.assessmentVersion.delete({ where: { id: published.id } })).rejects.toThrow();
    const after = (await getAssessmentVersion({ ...scope, version: 1 }))!;
    expect(after.content).toEqual(published.content);
    expect(after.contentHash).toBe(published.contentHash);
  });

  it("starts a new draft version from a published one, leaving the published version as it was", async () => {
    const { scope, inst } = await setup();
    await publishVersion({ ...scope, version: 1, revision: 1 });
    expect(await createNextDraft(scope)).toEqual({ version: 2 });
    expect(await createNextDraft(scope)).toEqual({ version: 2 }); // an open draft is reused
    const v1 = (await getAssessmentVersion({ ...scope, version: 1 }))!;
    const v2 = (await getAssessmentVersion({ ...scope, version: 2 }))!;
    expect(v2.publishedAt).toBeNull();
    expect(v2.content).toEqual(v1.content);

    // A version used by a session can never be deleted.
    await db.assessmentSession.create({ data: { institutionId: inst.id, assessmentVersionId: v1.id, title: "場次", startsAt: new Date(), place: "模擬職場" } });
    await expect(db.assessmentVersion.delete({ where: { id: v1.id } })).rejects.toThrow();
  });

  it("answers 404 for another institution's assessment", async () => {
    const { scope } = await setup();
    const other = await createInstitution("他機構");
    const otherAdmin = await createUser({ institutionId: other.id, role: "admin" });
    const url = `http://localhost/admin/assessments/${scope.assessmentId}/versions/1`;
    const result = await callRoute(async () => versionLoader({ request: await requestAs(otherAdmin.id, url), params: { assessmentId: scope.assessmentId, version: "1" }, context: {} }));
    expect(result.status).toBe(404);
  });
});
