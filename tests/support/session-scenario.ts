/**
 * A session on the published KMC2431-009v2 社群媒體經營人員 assessment, built through the models the way
 * an institution would (schedule, enrol, assign, calibrate, confirm the checklist, start), plus the
 * helpers that call routes as a browser would. Shared by the session, appeal and related tests.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import { createAssessmentDraft, publishVersion } from "~/models/assessment.server";
import { addEvidence, getAssessorWorkspace, saveScores } from "~/models/scoring.server";
import { assignAssessor, confirmChecklist, createSession, enrolCandidates, setCalibrationNote, startSession } from "~/models/session.server";
import { importStandard } from "~/models/standard.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "./factories";

export const BASE = "http://localhost";

export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

export type Answer = { status: number; data?: any; response?: Response };

/** What a loader or action answered: a returned or thrown Response, Remix's `data(…, { status })`, or plain data. */
export async function answer(fn: () => Promise<unknown>): Promise<Answer> {
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

export function formOf(entries: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form;
}

export const post = (body: FormData) => ({ method: "POST", body });

export async function publishedAssessment(institutionId: string, adminId: string) {
  const sourceText = decodeStandardBytes(fs.readFileSync(path.resolve("templates/demo/standards/000_988f66f990932d6f.txt")));
  const standard = await importStandard({ institutionId, actorId: adminId, parsed: parseStandard(sourceText), sourceText });
  const created = await createAssessmentDraft({ institutionId, actorId: adminId, standardId: standard.id, title: "社群媒體經營人員職能評量" });
  const published = await publishVersion({ institutionId, actorId: adminId, assessmentId: created!.assessmentId, version: 1, revision: 1 });
  expect(published.status).toBe("published");
  return db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: created!.assessmentId, version: 1 }, select: { id: true } });
}

export const CANDIDATE_NAMES = ["林怡君", "陳冠宇", "張雅婷"];

export const ASSESSOR_NAMES = ["王志明", "李淑芬", "黃建國"];

/**
 * One institution with a started session: `candidates` enrolled, each assigned the first
 * `assessorsPerCandidate` of `assessors` assessors (the rest exist but are not assigned).
 */
export async function startedSession({ candidates = 1, assessors = 1, assessorsPerCandidate = 1 } = {}) {
  const institution = await createInstitution("臺北職能訓練中心");
  const admin = await createUser({ institutionId: institution.id, role: "admin", displayName: "周美玲" });
  const assessorUsers = [];
  for (const name of ASSESSOR_NAMES.slice(0, assessors)) {
    const user = await createUser({ institutionId: institution.id, role: "assessor", displayName: name });
    await db.assessorQualification.create({ data: { userId: user.id, name: "職能評量人員研習證明", issuer: "勞動部勞動力發展署" } });
    assessorUsers.push(user);
  }
  const candidateUsers = [];
  for (const name of CANDIDATE_NAMES.slice(0, candidates)) candidateUsers.push(await createUser({ institutionId: institution.id, role: "candidate", displayName: name }));

  const version = await publishedAssessment(institution.id, admin.id);
  const scope = { institutionId: institution.id, actorId: admin.id };
  const session = await scheduledSession(scope, version.id, "115 年度第 1 梯次 社群媒體經營人員職能評量");
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds: candidateUsers.map((c) => c.id) });
  const enrollments = [];
  for (const candidate of candidateUsers) {
    const enrollment = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId: candidate.id }, select: { id: true } });
    for (const assessor of assessorUsers.slice(0, assessorsPerCandidate)) {
      expect(await assignAssessor({ ...scope, enrollmentId: enrollment.id, assessorId: assessor.id, conflict: null })).toEqual({ status: "assigned" });
    }
    enrollments.push(enrollment);
  }
  await startScheduled(scope, session.id);
  return { institution, admin, assessors: assessorUsers, candidates: candidateUsers, session, enrollments, versionId: version.id };
}

export async function scheduledSession(scope: { institutionId: string; actorId: string }, assessmentVersionId: string, title: string) {
  return (await createSession({
    ...scope,
    input: {
      assessmentVersionId,
      title,
      startsAt: new Date("2026-11-10T09:00:00+08:00"),
      endsAt: new Date("2026-11-10T17:30:00+08:00"),
      place: "本中心 3 樓模擬職場（社群行銷工作室）",
      scenario: null,
      appealDays: 14,
    },
  }))!;
}

export async function startScheduled(scope: { institutionId: string; actorId: string }, sessionId: string) {
  await setCalibrationNote({ ...scope, sessionId, note: "評分前兩位評量人員以範例作品對照四級描述校準：「達成」須在未經提示下完成並能說明依據。" });
  const resources = JSON.parse((await db.assessmentSession.findUniqueOrThrow({ where: { id: sessionId } })).resourcesJson) as string[];
  await confirmChecklist({ ...scope, sessionId, confirmed: resources });
  expect(await startSession({ ...scope, sessionId, overrideReason: null })).toEqual({ status: "started" });
}

export async function workspace(assessorId: string, enrollmentId: string) {
  const found = await getAssessorWorkspace({ assessorId, enrollmentId });
  if (!found) throw new Error("assessor is not assigned");
  return found;
}

/** For every task: an observation linked to all its criteria, and a link to each required work product. */
export async function recordEvidence(assessorId: string, enrollmentId: string, { onlyTask }: { onlyTask?: string } = {}) {
  const { scope } = (await workspace(assessorId, enrollmentId)).result;
  for (const task of scope.tasks.filter((t) => !onlyTask || t.code === onlyTask)) {
    const criterionIds = scope.criteria.filter((c) => c.taskId === task.id).map((c) => c.id);
    const observed = await addEvidence({
      assessorId,
      enrollmentId,
      evidence: { kind: "observation", taskCode: task.code!, title: `${task.code} 實作觀察`, body: "受評者依情境完成工作並繳交產出，說明依據清楚。", criterionIds, workProductId: null },
    });
    expect(observed.status).toBe("added");
    for (const product of scope.evidencePlan.find((e) => e.taskId === task.id)?.workProducts ?? []) {
      const linked = await addEvidence({
        assessorId,
        enrollmentId,
        evidence: { kind: "link", taskCode: task.code!, title: product.title, url: `https://drive.example.org/${enrollmentId}/${product.id}`, criterionIds, workProductId: product.id },
      });
      expect(linked.status).toBe("added");
    }
  }
}

/** Saves one level per criterion (by code) from the assessor's current sheet version. */
export async function scoreCriteria(assessorId: string, enrollmentId: string, levelOf: (code: string, index: number) => number | null, comment = () => "") {
  const { result, assignment } = await workspace(assessorId, enrollmentId);
  const scores = result.scope.criteria.map((c, i) => ({ criterionId: c.id, level: levelOf(c.code!, i), comment: comment() }));
  const saved = await saveScores({ assessorId, enrollmentId, baseRevision: assignment.revision, scores: scores.filter((s) => s.level !== null), faults: [], reason: null });
  expect(saved.status).toBe("saved");
}
