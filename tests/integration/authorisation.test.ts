import { describe, expect, it } from "vitest";
import { loader as adminHomeLoader } from "~/routes/admin._index";
import { loader as userLoader, action as userAction } from "~/routes/admin.users.$userId";
import { loader as usersLoader } from "~/routes/admin.users._index";
import { loader as candidateResultLoader } from "~/routes/me.results.$enrollmentId";
import { loader as assessorHomeLoader } from "~/routes/assessor._index";
import { db } from "~/utils/db.server";
import { callRoute, createInstitution, createUser, requestAs } from "../support/factories";

const BASE = "http://localhost";
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function twoInstitutions() {
  const a = await createInstitution("甲訓練中心");
  const b = await createInstitution("乙訓練中心");
  return {
    a,
    b,
    adminA: await createUser({ institutionId: a.id, role: "admin" }),
    adminB: await createUser({ institutionId: b.id, role: "admin" }),
    assessorA: await createUser({ institutionId: a.id, role: "assessor" }),
    candidateA: await createUser({ institutionId: a.id, role: "candidate" }),
    candidateA2: await createUser({ institutionId: a.id, role: "candidate" }),
    candidateB: await createUser({ institutionId: b.id, role: "candidate" }),
  };
}

describe("role pages", () => {
  it("sends an anonymous visitor to the login page and back", async () => {
    const result = await callRoute(() => adminHomeLoader(args(new Request(`${BASE}/admin`))));
    expect(result).toMatchObject({ status: 302, location: "/login?redirectTo=%2Fadmin" });
  });

  it("answers 404 to a candidate or an assessor opening an admin page", async () => {
    const { candidateA, assessorA, adminA } = await twoInstitutions();
    for (const user of [candidateA, assessorA]) {
      const result = await callRoute(async () => usersLoader(args(await requestAs(user.id, `${BASE}/admin/users`))));
      expect(result.status).toBe(404);
    }
    expect((await callRoute(async () => usersLoader(args(await requestAs(adminA.id, `${BASE}/admin/users`))))).status).toBe(200);
    expect((await callRoute(async () => assessorHomeLoader(args(await requestAs(adminA.id, `${BASE}/assessor`))))).status).toBe(404);
  });
});

describe("tenancy", () => {
  it("shows an admin only their own institution's users", async () => {
    const { adminA, candidateA, candidateB } = await twoInstitutions();
    const list = await callRoute(async () => usersLoader(args(await requestAs(adminA.id, `${BASE}/admin/users`))));
    const ids = list.data!.users.map((u) => u.id);
    expect(ids).toContain(candidateA.id);
    expect(ids).not.toContain(candidateB.id);
  });

  it("answers 404 for another institution's user, in the loader and the action", async () => {
    const { adminA, candidateA, candidateB } = await twoInstitutions();
    const own = await callRoute(async () => userLoader(args(await requestAs(adminA.id, `${BASE}/admin/users/${candidateA.id}`), { userId: candidateA.id })));
    expect(own.status).toBe(200);
    const other = await callRoute(async () => userLoader(args(await requestAs(adminA.id, `${BASE}/admin/users/${candidateB.id}`), { userId: candidateB.id })));
    expect(other.status).toBe(404);
    const issue = await callRoute(async () =>
      userAction(args(await requestAs(adminA.id, `${BASE}/admin/users/${candidateB.id}`, { method: "POST", body: new FormData() }), { userId: candidateB.id })),
    );
    expect(issue.status).toBe(404);
    expect(await db.passwordSetupToken.count({ where: { userId: candidateB.id } })).toBe(0);
  });

  it("answers 404 to a candidate opening another candidate's result", async () => {
    const { a, adminA, candidateA, candidateA2 } = await twoInstitutions();
    const standard = await db.standard.create({
      data: {
        institutionId: a.id, kind: "occupational", code: "TEST-001v1", baseCode: "TEST-001", versionNumber: 1, name: "測試基準", level: 3,
        categoryJson: "{}", versionsJson: "[]", notesJson: "[]", warningsJson: "[]", parsedJson: "{}", sourceText: "", sourceSha256: "0",
      },
    });
    const assessment = await db.assessment.create({
      data: { institutionId: a.id, standardId: standard.id, title: "測試評量", versions: { create: { version: 1, contentJson: "{}", publishedAt: new Date() } } },
      include: { versions: true },
    });
    const session = await db.assessmentSession.create({
      data: { institutionId: a.id, assessmentVersionId: assessment.versions[0]!.id, title: "第一梯次", startsAt: new Date(), place: "模擬職場", createdById: adminA.id },
    });
    const mine = await db.enrollment.create({ data: { sessionId: session.id, candidateId: candidateA.id } });
    const theirs = await db.enrollment.create({ data: { sessionId: session.id, candidateId: candidateA2.id } });
    const own = await callRoute(async () => candidateResultLoader(args(await requestAs(candidateA.id, `${BASE}/me/results/${mine.id}`), { enrollmentId: mine.id })));
    expect(own.status).toBe(200);
    const other = await callRoute(async () => candidateResultLoader(args(await requestAs(candidateA.id, `${BASE}/me/results/${theirs.id}`), { enrollmentId: theirs.id })));
    expect(other.status).toBe(404);
  });
});
