/**
 * Demo data for a fresh install (`npm start` runs this on every start; it only adds what is missing,
 * so existing data is kept). Texts come from templates/demo/.
 */
import { z } from "zod";
import people from "../templates/demo/people.json" with { type: "json" };
import demoSession from "../templates/demo/session.json" with { type: "json" };
import fs from "node:fs";
import path from "node:path";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import { createAssessmentDraft, publishVersion } from "~/models/assessment.server";
import { seedExamAttempts, seedExamForDraft } from "./seed-exam";
import { Readable } from "node:stream";
import { addEvidence, saveScores, signOff, getAssessorWorkspace } from "~/models/scoring.server";
import { getFileStorage } from "~/utils/storage.server";
import { assignAssessor, confirmChecklist, createSession, enrolCandidates, releaseResults, setCalibrationNote, startSession } from "~/models/session.server";
import { importStandard } from "~/models/standard.server";
import { db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { ROLES } from "~/utils/roles";

const DemoPeopleSchema = z.object({
  password: z.string().min(10),
  institutions: z.array(
    z.object({
      name: z.string(),
      registrationNumber: z.string(),
      users: z.array(
        z.object({
          role: z.enum(ROLES),
          username: z.string(),
          displayName: z.string(),
          candidateNumber: z.string().optional(),
          nationalIdMasked: z.string().optional(),
          qualifications: z.array(z.string()).optional(),
        }),
      ),
    }),
  ),
});

async function seedPeople() {
  const demo = DemoPeopleSchema.parse(people);
  let created = 0;
  for (const inst of demo.institutions) {
    const institution =
      (await db.institution.findFirst({ where: { registrationNumber: inst.registrationNumber } })) ??
      (await db.institution.create({ data: { name: inst.name, registrationNumber: inst.registrationNumber } }));
    for (const user of inst.users) {
      if (await db.user.findUnique({ where: { username: user.username } })) continue;
      await db.user.create({
        data: {
          institutionId: institution.id,
          role: user.role,
          username: user.username,
          displayName: user.displayName,
          candidateNumber: user.candidateNumber,
          nationalIdMasked: user.nationalIdMasked,
          passwordHash: await hashPassword(demo.password),
          passwordSetAt: new Date(),
          qualifications: user.qualifications ? { create: user.qualifications.map((name) => ({ name })) } : undefined,
        },
      });
      created++;
    }
  }
  return { demo, created };
}

const STANDARDS_DIR = path.resolve("templates/demo/standards");

/** The five real iCAP exports, imported into the demo institution through the normal importer. */
async function seedStandards(institutionId: string, adminId: string) {
  for (const file of fs.readdirSync(STANDARDS_DIR).filter((f) => f.endsWith(".txt")).sort()) {
    const sourceText = decodeStandardBytes(fs.readFileSync(path.join(STANDARDS_DIR, file)));
    const parsed = parseStandard(sourceText);
    if (await db.standard.findFirst({ where: { institutionId, code: parsed.code } })) continue;
    await importStandard({ institutionId, actorId: adminId, parsed, sourceText });
  }
}

/** A published assessment on KMC2431-009v2 (all tasks), and a draft on the unit IDC4R2523. */
async function seedAssessments(institutionId: string, adminId: string) {
  const demos = [
    { code: "KMC2431-009v2", title: "社群媒體經營人員職能評量", publish: true },
    { code: "IDC4R2523", title: "製定社群媒體的策略職能評量", publish: false },
  ];
  for (const demo of demos) {
    const standard = await db.standard.findFirst({ where: { institutionId, code: demo.code }, select: { id: true } });
    if (!standard || (await db.assessment.count({ where: { institutionId, standardId: standard.id } })) > 0) continue;
    const created = await createAssessmentDraft({ institutionId, actorId: adminId, standardId: standard.id, title: demo.title });
    if (created && demo.publish) {
      // The published demo assessment has a knowledge exam linked (DESIGN §5) before it is frozen.
      // SEED_DEMO_EXAM=false leaves the bank empty for the e2e test, which builds the exam itself.
      const { revision } = process.env.SEED_DEMO_EXAM === "false" ? { revision: 1 } : await seedExamForDraft({ institutionId, adminId, standardId: standard.id, assessmentId: created.assessmentId });
      const result = await publishVersion({ institutionId, actorId: adminId, assessmentId: created.assessmentId, version: 1, revision });
      if (result.status !== "published") throw new Error(`demo assessment did not publish: ${JSON.stringify(result)}`);
    }
  }
}

/**
 * A scored session on the published assessment: one competent candidate, one not yet competent
 * (both signed off and released), and one double-assigned candidate not yet scored.
 */
async function seedSession(institutionId: string, adminId: string) {
  const demo = demoSession;
  if (await db.assessmentSession.findFirst({ where: { institutionId, title: demo.title } })) return;
  const version = await db.assessmentVersion.findFirst({
    where: { publishedAt: { not: null }, assessment: { institutionId, standard: { code: "KMC2431-009v2" } } },
    select: { id: true },
  });
  if (!version) return;
  const session = await createSession({
    institutionId,
    actorId: adminId,
    input: { assessmentVersionId: version.id, title: demo.title, startsAt: new Date(demo.startsAt), endsAt: new Date(demo.endsAt), place: demo.place, scenario: null, appealDays: 14 },
  });
  if (!session) return;
  const users = await db.user.findMany({ where: { institutionId }, select: { id: true, username: true } });
  const idOf = (username: string) => users.find((u) => u.username === username)!.id;
  await enrolCandidates({ institutionId, actorId: adminId, sessionId: session.id, candidateIds: demo.candidates.map((c) => idOf(c.username)) });
  const enrollments = await db.enrollment.findMany({ where: { sessionId: session.id }, select: { id: true, candidateId: true } });
  for (const candidate of demo.candidates) {
    const enrollment = enrollments.find((e) => e.candidateId === idOf(candidate.username))!;
    for (const assessor of candidate.assessors) {
      await assignAssessor({ institutionId, actorId: adminId, enrollmentId: enrollment.id, assessorId: idOf(assessor), conflict: null });
    }
  }
  await setCalibrationNote({ institutionId, actorId: adminId, sessionId: session.id, note: demo.calibrationNote });
  const resources = JSON.parse((await db.assessmentSession.findUniqueOrThrow({ where: { id: session.id } })).resourcesJson) as string[];
  await confirmChecklist({ institutionId, actorId: adminId, sessionId: session.id, confirmed: resources });
  await startSession({ institutionId, actorId: adminId, sessionId: session.id, overrideReason: null });
  await seedExamAttempts({ institutionId, adminId, sessionId: session.id });

  for (const candidate of demo.candidates.filter((c) => c.levels.length > 0)) {
    const enrollmentId = enrollments.find((e) => e.candidateId === idOf(candidate.username))!.id;
    const assessorId = idOf(candidate.assessors[0]!);
    const workspace = (await getAssessorWorkspace({ assessorId, enrollmentId }))!;
    const { scope } = workspace.result;
    for (const task of scope.tasks) {
      await addEvidence({
        assessorId,
        enrollmentId,
        evidence: {
          kind: "observation",
          taskCode: task.code ?? "",
          title: `${task.code} 實作觀察`,
          body: candidate.observation ?? "",
          criterionIds: scope.criteria.filter((c) => c.taskId === task.id).map((c) => c.id),
          workProductId: null,
        },
      });
      // Each required work product as a small stored file, hashed like any upload.
      for (const product of scope.evidencePlan.find((e) => e.taskId === task.id)?.workProducts ?? []) {
        const text = `${product.title}\n受評者：${candidate.username}\n（示範資料：受評者於模擬職場繳交的工作產出）\n`;
        const stored = await getFileStorage().put(Readable.from([Buffer.from(text, "utf8")]));
        await addEvidence({
          assessorId,
          enrollmentId,
          evidence: {
            kind: "file",
            taskCode: task.code ?? "",
            title: product.title,
            workProductId: product.id,
            criterionIds: scope.criteria.filter((c) => c.taskId === task.id).map((c) => c.id),
            file: { ...stored, fileName: `${product.code ?? task.code}-${product.title}.txt`, mimeType: "text/plain" },
          },
        });
      }
    }
    await saveScores({
      assessorId,
      enrollmentId,
      baseRevision: workspace.assignment.revision,
      scores: scope.criteria.map((c, i) => ({ criterionId: c.id, level: candidate.levels[i] ?? null, comment: (candidate.levels[i] ?? 3) < 3 ? (candidate.comment ?? "") : "" })),
      faults: [],
      reason: null,
    });
    const second = (candidate as { secondLevels?: number[] }).secondLevels;
    if (second && candidate.assessors[1]) {
      const otherId = idOf(candidate.assessors[1]);
      const other = (await getAssessorWorkspace({ assessorId: otherId, enrollmentId }))!;
      await saveScores({
        assessorId: otherId,
        enrollmentId,
        baseRevision: other.assignment.revision,
        scores: scope.criteria.map((c, i) => ({ criterionId: c.id, level: second[i] ?? null, comment: "" })),
        faults: [],
        reason: null,
      });
    }
    if (candidate.signOff) {
      const result = await signOff({ assessorId, enrollmentId, note: null });
      if (result.status !== "signed_off") throw new Error(`demo sign-off failed: ${JSON.stringify(result)}`);
    }
  }
  await releaseResults({ institutionId, actorId: adminId, sessionId: session.id });
}

async function main() {
  const { demo, created } = await seedPeople();
  const mainInstitution = await db.institution.findFirstOrThrow({ where: { registrationNumber: demo.institutions[0]!.registrationNumber } });
  const admin = await db.user.findFirstOrThrow({ where: { institutionId: mainInstitution.id, role: "admin" } });
  await seedStandards(mainInstitution.id, admin.id);
  await seedAssessments(mainInstitution.id, admin.id);
  await seedSession(mainInstitution.id, admin.id);
  await (await import("./seed-certificates")).seedCertificates(mainInstitution.id, admin.id);
  const main = demo.institutions[0];
  console.log(created > 0 ? `示範資料已建立 / Demo data created (${created} accounts).` : "示範資料已存在 / Demo data present.");
  console.log(`\n示範帳號 Demo logins（${main.name}，密碼 password: ${demo.password}）`);
  for (const user of main.users) {
    console.log(`  ${user.username.padEnd(12)} ${user.displayName}（${{ admin: "機構管理者", assessor: "評量人員", candidate: "受評者" }[user.role]}）`);
  }
  console.log("");
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
