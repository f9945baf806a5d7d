/**
 * Simulated exam sittings on the demo paper, for item analysis on a realistic cohort and for the
 * exam load bench: `count` candidates enrolled in a new session of the published demo assessment,
 * each with an online attempt. Answers follow a simple IRT model (2PL, ability ~ N(0,1), item
 * difficulty from the author's estimate; one item in ten not discriminating and one working backwards,
 * so that the analysis has something to flag),
 * seeded so two runs agree. Everything goes through the models, so the data is what the app makes.
 *
 * CLI: `DATABASE_URL=… npx tsx scripts/exam-cohort.ts [count]` adds a past, submitted cohort.
 */
import { createRandom } from "~/domain/exam/random";
import { hashPassword } from "~/utils/password.server";
import { getCandidateExam, saveExamAnswers, scoreShortAnswer, setExamWindow, startExamAttempt, submitExamAttempt } from "~/models/exam-attempt.server";
import { getPaper } from "~/models/exam-paper.server";
import { assignAssessor, createSession, enrolCandidates } from "~/models/session.server";
import { db } from "~/utils/db.server";

export interface CohortOptions {
  count: number;
  /** "past": sat and submitted at a past sitting; "open": started now, window open for two hours. */
  mode: "past" | "open";
  title: string;
  usernamePrefix: string;
  password: string;
  seed?: string;
}

export async function generateExamCohort(opts: CohortOptions) {
  const admin = await db.user.findFirstOrThrow({ where: { role: "admin", username: "admin" }, select: { id: true, institutionId: true } });
  const institutionId = admin.institutionId;
  const version = await db.assessmentVersion.findFirstOrThrow({
    where: { publishedAt: { not: null }, assessment: { institutionId, standard: { code: "KMC2431-009v2" } } },
    orderBy: { version: "desc" },
    select: { id: true, contentJson: true },
  });
  const paperId = (JSON.parse(version.contentJson) as { exam?: { paperId: string } }).exam?.paperId;
  if (!paperId) throw new Error("the demo assessment has no exam linked: run the demo seed first");
  const paper = (await getPaper({ institutionId, paperId }))!;
  const items = new Map(paper.forms.flatMap((f) => f.items).map((i) => [i.revisionId, i]));
  const assessor = await db.user.findFirstOrThrow({ where: { institutionId, username: "assessor1" }, select: { id: true } });

  const now = new Date();
  const opensAt = opts.mode === "past" ? new Date(now.getTime() - 7 * 86_400_000) : new Date(now.getTime() - 60_000);
  const session = (await createSession({
    institutionId,
    actorId: admin.id,
    input: { assessmentVersionId: version.id, title: opts.title, startsAt: opensAt, endsAt: null, place: "本中心電腦教室（線上筆試）", scenario: null, appealDays: 14 },
  }))!;
  await setExamWindow({ institutionId, actorId: admin.id, sessionId: session.id, opensAt, closesAt: new Date(opensAt.getTime() + 2 * 3600_000), mode: "online" });

  const passwordHash = await hashPassword(opts.password);
  const random = createRandom(opts.seed ?? `${opts.title}:${opts.count}`);
  const users = [];
  for (let i = 1; i <= opts.count; i++) {
    const n = String(i).padStart(4, "0");
    users.push(
      await db.user.create({
        data: { institutionId, role: "candidate", username: `${opts.usernamePrefix}${n}`, displayName: `模擬考生 ${n}`, candidateNumber: `${opts.usernamePrefix.toUpperCase()}${n}`, passwordHash, passwordSetAt: now },
        select: { id: true },
      }),
    );
  }
  await enrolCandidates({ institutionId, actorId: admin.id, sessionId: session.id, candidateIds: users.map((u) => u.id) });
  const enrollments = await db.enrollment.findMany({ where: { sessionId: session.id }, orderBy: { candidate: { username: "asc" } }, select: { id: true, candidateId: true, candidate: { select: { username: true } } } });
  for (const e of enrollments) await assignAssessor({ institutionId, actorId: admin.id, enrollmentId: e.id, assessorId: assessor.id, conflict: null });

  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const difficulty = { easy: -1.2, medium: 0, hard: 1.1 } as const;
  const attempts: { enrollmentId: string; candidateId: string; username: string; attemptId: string; items: { revisionId: string; type: string; option: number | null }[] }[] = [];
  for (const [index, e] of enrollments.entries()) {
    const ability = normal();
    const at = (minutes: number) => (opts.mode === "past" ? new Date(opensAt.getTime() + (index % 60) * 1000 + minutes * 60_000) : new Date());
    const started = await startExamAttempt({ candidateId: e.candidateId, enrollmentId: e.id, now: at(1) });
    if (started.status !== "started") throw new Error(`cohort attempt did not start: ${JSON.stringify(started)}`);
    const view = (await getCandidateExam({ candidateId: e.candidateId, enrollmentId: e.id, now: at(2) }))!;
    const sitting = view.sitting!;
    attempts.push({
      enrollmentId: e.id,
      candidateId: e.candidateId,
      username: e.candidate.username,
      attemptId: started.attemptId,
      items: sitting.items.map((i) => ({ revisionId: i.revisionId, type: i.type, option: i.options[0]?.index ?? null })),
    });
    if (opts.mode === "open") continue;
    const answers = sitting.items.map((item) => {
      const paperItem = items.get(item.revisionId)!;
      // Most items discriminate; one in ten does not (answered by guesswork whatever the ability), and
      // one works backwards (a key that looks wrong), as item analysis meets on real sittings.
      const slope = paperItem.position % 10 === 7 ? 0 : paperItem.position === 13 ? -0.8 : 1.7;
      const p = 1 / (1 + Math.exp(-slope * (ability - difficulty[paperItem.content.difficulty])));
      if (item.type === "short_answer") return { revisionId: item.revisionId, response: { kind: "text" as const, text: ability > 0 ? "依題意說明重點並舉出合理的例子。" : "不清楚。" } };
      const right = random.next() < p;
      const wrong = item.options.filter((o) => !paperItem.key.includes(o.index));
      const selected = right ? paperItem.key : [wrong[random.int(wrong.length)]!.index];
      // A few blanks, as on any real sitting.
      return { revisionId: item.revisionId, response: { kind: "choice" as const, selected: random.next() < 0.02 ? [] : selected } };
    });
    const saved = await saveExamAnswers({ candidateId: e.candidateId, attemptId: started.attemptId, answers, now: at(30) });
    if (saved.status !== "saved") throw new Error(`cohort answers not saved: ${JSON.stringify(saved)}`);
    await submitExamAttempt({ candidateId: e.candidateId, attemptId: started.attemptId, now: at(45) });
    for (const item of sitting.items.filter((i) => i.type === "short_answer")) {
      const max = items.get(item.revisionId)!.points;
      const share = Math.min(1, Math.max(0, 0.5 + ability / 3 + (random.next() - 0.5) * 0.4));
      await scoreShortAnswer({ assessorId: assessor.id, enrollmentId: e.id, revisionId: item.revisionId, points: Math.round(max * share * 2) / 2, comment: null });
    }
  }
  return { sessionId: session.id, paperId, attempts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--open N`: N candidates mid-exam now (for the load bench), printed as one JSON line.
  const open = process.argv[2] === "--open";
  const count = Number(open ? process.argv[3] : (process.argv[2] ?? 200));
  const started = Date.now();
  const result = await generateExamCohort(
    open
      ? { count, mode: "open", title: `線上筆試負載測試（${count} 名考生）`, usernamePrefix: "load", password: "icap-demo-2026" }
      : { count, mode: "past", title: `模擬筆試梯次（${count} 名模擬考生）`, usernamePrefix: "sim", password: "icap-demo-2026" },
  );
  if (open) console.log(JSON.stringify(result));
  else console.log(`${count} 份模擬作答已建立（${((Date.now() - started) / 1000).toFixed(1)} s）；試題分析：/admin/exams/papers/${result.paperId}/analysis`);
  await db.$disconnect();
}
