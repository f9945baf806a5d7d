/**
 * Steps of the exam e2e that belong to other pages' own tests (opening a session, scoring the rubric,
 * signing off, releasing), done through the models in a child process: Playwright's loader cannot
 * import the models' JSON templates. `tsx tests/e2e/support/exam-session.ts open <versionId> <candidate>`
 * or `… release <enrollmentId>`; prints one JSON line.
 */
import { getExamMarking, scoreShortAnswer, setExamWindow, examOutcomeOf, examAttemptsSelect } from "~/models/exam-attempt.server";
import { getAssessorWorkspace, saveScores, signOff } from "~/models/scoring.server";
import { assignAssessor, createSession, enrolCandidates, releaseResults } from "~/models/session.server";
import { AssessmentContentSchema } from "~/domain/rubric/content";
import { db } from "~/utils/db.server";

const [step, id, username] = process.argv.slice(2);
const admin = await db.user.findUniqueOrThrow({ where: { username: "admin" } });
const assessor = await db.user.findUniqueOrThrow({ where: { username: "assessor1" } });
const scope = { institutionId: admin.institutionId, actorId: admin.id };

if (step === "open") {
  const session = (await createSession({ ...scope, input: { assessmentVersionId: id!, title: "e2e 筆試場次", startsAt: new Date(), endsAt: null, place: "電腦教室", scenario: null, appealDays: 14 } }))!;
  const candidate = await db.user.findUniqueOrThrow({ where: { username } });
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds: [candidate.id] });
  const enrollment = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId: candidate.id } });
  await assignAssessor({ ...scope, enrollmentId: enrollment.id, assessorId: assessor.id, conflict: null });
  await setExamWindow({ ...scope, sessionId: session.id, opensAt: new Date(Date.now() - 60_000), closesAt: new Date(Date.now() + 3600_000), mode: "online" });
  console.log(JSON.stringify({ sessionId: session.id, enrollmentId: enrollment.id }));
} else if (step === "release") {
  const enrollmentId = id!;
  const marking = (await getExamMarking({ assessorId: assessor.id, enrollmentId }))!;
  for (const item of marking.items.filter((i) => i.type === "short_answer")) {
    await scoreShortAnswer({ assessorId: assessor.id, enrollmentId, revisionId: item.revisionId, points: item.points, comment: null });
  }
  const workspace = (await getAssessorWorkspace({ assessorId: assessor.id, enrollmentId }))!;
  await saveScores({ assessorId: assessor.id, enrollmentId, baseRevision: workspace.assignment.revision, scores: workspace.result.scope.criteria.map((c) => ({ criterionId: c.id, level: 3, comment: "" })), faults: [], reason: null });
  const signed = await signOff({ assessorId: assessor.id, enrollmentId, note: "e2e：實作佐證另以紙本存檔" });
  if (signed.status !== "signed_off") throw new Error(`sign-off refused: ${JSON.stringify(signed)}`);
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { sessionId: true, examAttempts: examAttemptsSelect, session: { select: { assessmentVersion: { select: { contentJson: true } } } } } });
  await releaseResults({ ...scope, sessionId: enrollment.sessionId });
  const content = AssessmentContentSchema.parse(JSON.parse(enrollment.session.assessmentVersion.contentJson));
  console.log(JSON.stringify(examOutcomeOf(content, enrollment.examAttempts)));
}
await db.$disconnect();
