/**
 * The demo knowledge exam: the KMC2431-009v2 bank imported from its demo file (the same file the e2e
 * test imports), a 雙向細目表, a published paper linked to the demo assessment before it is published,
 * and the demo candidates' online attempts (one short answer left for the assessors' queue).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseBankCsv } from "~/domain/exam/bank-file";
import type { BlueprintCell, MultipleScoring } from "~/domain/exam/types";
import { getBankContext, writeBankItems } from "~/models/exam-bank.server";
import { getCandidateExam, saveExamAnswers, scoreShortAnswer, setExamWindow, startExamAttempt, submitExamAttempt } from "~/models/exam-attempt.server";
import { assembleFromBlueprint, createBlueprint, getPaper, linkExamToDraft, publishPaper, saveBlueprintCells } from "~/models/exam-paper.server";
import { db } from "~/utils/db.server";

const DEMO_DIR = path.join(process.cwd(), "templates/demo");

interface DemoExam {
  bankFile: string;
  blueprint: { title: string; cells: BlueprintCell[] };
  paper: { title: string; formCount: number; passMark: number; durationMinutes: number; multipleScoring: MultipleScoring; shuffleItems: boolean; shuffleOptions: boolean; seed: string };
  window: { opensAt: string; closesAt: string; mode: "online" | "paper" };
  attempts: { username: string; correctShare: number; shortAnswerShare: number | null; shortAnswerText: string; scoredBy: string | null }[];
}

export const demoExam = JSON.parse(readFileSync(path.join(DEMO_DIR, "exam.json"), "utf8")) as DemoExam;

/** Bank, blueprint and published paper, linked to the draft version 1 of the demo assessment. */
export async function seedExamForDraft({ institutionId, adminId, standardId, assessmentId }: { institutionId: string; adminId: string; standardId: string; assessmentId: string }) {
  const bank = (await getBankContext({ institutionId, standardId }))!;
  const parsed = parseBankCsv(readFileSync(path.join(DEMO_DIR, demoExam.bankFile)), bank.context);
  if (!parsed.ok) throw new Error(`demo bank file does not import: ${parsed.errors.map((e) => e.message).join("; ")}`);
  await writeBankItems({ institutionId, actorId: adminId, standardId, rows: parsed.items, source: "import" });

  const blueprint = (await createBlueprint({ institutionId, actorId: adminId, standardId, title: demoExam.blueprint.title }))!;
  await saveBlueprintCells({ institutionId, actorId: adminId, blueprintId: blueprint.id, revision: 1, title: demoExam.blueprint.title, cells: demoExam.blueprint.cells });
  const assembled = await assembleFromBlueprint({ institutionId, actorId: adminId, blueprintId: blueprint.id, settings: demoExam.paper });
  if (assembled.status !== "assembled") throw new Error(`demo paper did not assemble: ${JSON.stringify(assembled)}`);
  if (assembled.shortfalls.length > 0) throw new Error(`demo bank cannot fill the demo blueprint: ${assembled.shortfalls.map((s) => s.message).join("; ")}`);
  await publishPaper({ institutionId, actorId: adminId, paperId: assembled.paperId });
  const linked = await linkExamToDraft({ institutionId, actorId: adminId, assessmentId, version: 1, revision: 1, paperId: assembled.paperId, requirePass: true });
  if (linked.status !== "saved") throw new Error(`demo paper did not link: ${JSON.stringify(linked)}`);
  return { paperId: assembled.paperId, revision: linked.revision };
}

/**
 * The window of the demo session's exam, and each demo candidate's attempt, sat at the session's
 * time (the models take `now`): a share of the items answered right, short answers scored or not.
 */
export async function seedExamAttempts({ institutionId, adminId, sessionId }: { institutionId: string; adminId: string; sessionId: string }) {
  const version = await db.assessmentSession.findUniqueOrThrow({ where: { id: sessionId }, select: { assessmentVersion: { select: { contentJson: true } } } });
  const paperId = (JSON.parse(version.assessmentVersion.contentJson) as { exam?: { paperId: string } }).exam?.paperId;
  if (!paperId) return;
  const opensAt = new Date(demoExam.window.opensAt);
  await setExamWindow({ institutionId, actorId: adminId, sessionId, opensAt, closesAt: new Date(demoExam.window.closesAt), mode: demoExam.window.mode });
  const enrollments = await db.enrollment.findMany({ where: { sessionId }, select: { id: true, candidateId: true, candidate: { select: { username: true } } } });
  const paper = (await getPaper({ institutionId, paperId }))!;
  const keys = new Map(paper.forms.flatMap((f) => f.items).map((i) => [i.revisionId, i]));

  for (const [index, spec] of demoExam.attempts.entries()) {
    const enrollment = enrollments.find((e) => e.candidate.username === spec.username);
    if (!enrollment) continue;
    const at = (minutes: number) => new Date(opensAt.getTime() + (index * 3 + minutes) * 60_000);
    const started = await startExamAttempt({ candidateId: enrollment.candidateId, enrollmentId: enrollment.id, now: at(2) });
    if (started.status !== "started") throw new Error(`demo exam did not start: ${JSON.stringify(started)}`);
    const view = (await getCandidateExam({ candidateId: enrollment.candidateId, enrollmentId: enrollment.id, now: at(3) }))!;
    const items = view.sitting!.items;
    // Right on the first share of the choice items in the paper's order (not the candidate's shuffled
    // one, so the demo scores are the same on every fresh start), wrong (a distractor) after.
    const choices = items.filter((i) => i.type !== "short_answer").sort((a, b) => keys.get(a.revisionId)!.position - keys.get(b.revisionId)!.position);
    const rightCount = Math.round(choices.length * spec.correctShare);
    const answers = items.map((item) => {
      if (item.type === "short_answer") return { revisionId: item.revisionId, response: { kind: "text" as const, text: spec.shortAnswerText } };
      const key = keys.get(item.revisionId)!.key;
      const right = choices.indexOf(item) < rightCount;
      const wrong = item.options.find((o) => !key.includes(o.index))!.index;
      return { revisionId: item.revisionId, response: { kind: "choice" as const, selected: right ? key : [wrong] } };
    });
    const saved = await saveExamAnswers({ candidateId: enrollment.candidateId, attemptId: started.attemptId, answers, now: at(25) });
    if (saved.status !== "saved") throw new Error(`demo answers not saved: ${JSON.stringify(saved)}`);
    await submitExamAttempt({ candidateId: enrollment.candidateId, attemptId: started.attemptId, now: at(40) });
    if (spec.shortAnswerShare !== null && spec.scoredBy) {
      const assessor = await db.user.findFirstOrThrow({ where: { institutionId, username: spec.scoredBy }, select: { id: true } });
      for (const item of items.filter((i) => i.type === "short_answer")) {
        const points = keys.get(item.revisionId)!.points;
        await scoreShortAnswer({ assessorId: assessor.id, enrollmentId: enrollment.id, revisionId: item.revisionId, points: Math.round(points * spec.shortAnswerShare * 2) / 2, comment: null });
      }
    }
  }
}
