/**
 * A session on the KMC2431-009v2 社群媒體經營人員 assessment with its knowledge exam (筆試), built through
 * the models the way an institution would: a bank of real items on the standard's K codes, a 雙向細目表
 * blueprint, a paper assembled from it and published, the paper linked to a draft version (with or
 * without "exam passed" in the decision rule) and the version published, then a session with its
 * exam window opened a day ago, enrolled candidates and assigned assessors.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { BANK_COLUMNS } from "~/domain/exam/bank-file";
import { TRUE_FALSE_OPTIONS, type BlueprintCell, type ItemContent, type Response } from "~/domain/exam/types";
import { decodeStandardBytes } from "~/domain/standard/decode";
import { parseStandard } from "~/domain/standard/parse";
import { createAssessmentDraft, publishVersion } from "~/models/assessment.server";
import { saveExamAnswers, setExamWindow, startExamAttempt, submitExamAttempt } from "~/models/exam-attempt.server";
import { writeBankItems } from "~/models/exam-bank.server";
import { assembleFromBlueprint, createBlueprint, getPaper, linkExamToDraft, publishPaper, saveBlueprintCells } from "~/models/exam-paper.server";
import { assignAssessor, enrolCandidates } from "~/models/session.server";
import { importStandard } from "~/models/standard.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "./factories";
import { ASSESSOR_NAMES, CANDIDATE_NAMES, scheduledSession, startScheduled } from "./session-scenario";

type Labelled = ItemContent & { label: string };

/**
 * The bank, one item per blueprint cell plus one no cell asks for (Q006). Q002's key is mistyped in
 * the bank on purpose (B; the law says C): the key-correction test corrects it, as happens after a
 * real sitting. Everything else is as an item writer would have it.
 */
export const BANK: Labelled[] = [
  {
    label: "Q001",
    type: "single",
    stem: "下列何者屬於俗稱「廣電三法」的法律之一？",
    options: ["衛星廣播電視法", "電信管理法", "公平交易法", "消費者保護法"],
    key: [0],
    modelAnswer: null,
    explanation: "廣電三法指廣播電視法、有線廣播電視法及衛星廣播電視法；電信管理法規範的是電信事業。",
    codes: ["K01"],
    cognitiveLevel: "remember",
    difficulty: "easy",
  },
  {
    label: "Q002",
    type: "single",
    stem: "品牌在粉絲專頁舉辦抽獎，蒐集參加者的姓名與電子郵件。依個人資料保護法，下列做法何者正確？",
    options: [
      "可直接將名單提供給合作廠商寄送廣告",
      "活動結束後可無限期保存並用於任何用途",
      "蒐集時應告知蒐集目的與利用範圍，並在特定目的內利用",
      "參加者按讚粉絲專頁即視為同意一切利用",
    ],
    key: [1],
    modelAnswer: null,
    explanation: "個人資料保護法第 8 條：蒐集時應明確告知蒐集目的、資料類別與利用期間、地區、對象及方式。",
    codes: ["K02"],
    cognitiveLevel: "understand",
    difficulty: "medium",
  },
  {
    label: "Q003",
    type: "multiple",
    stem: "小編為品牌粉絲專頁製作貼文，下列哪些情況須先取得著作財產權人的授權？",
    options: [
      "將他人的攝影作品截圖後加上品牌標誌發布",
      "轉貼政府機關公布的法律條文全文",
      "以串流平台上的流行歌曲作為短影音背景音樂並公開發布",
      "分享官方貼文的連結而未複製其內容",
    ],
    key: [0, 2],
    modelAnswer: null,
    explanation: "法律條文依著作權法第 9 條不得為著作權之標的，單純分享連結也不涉及重製；截圖重製攝影作品與以歌曲配樂公開傳輸則須取得授權。",
    codes: ["K03", "S13"],
    cognitiveLevel: "apply",
    difficulty: "medium",
  },
  {
    label: "Q004",
    type: "true_false",
    stem: "Instagram 的限時動態（Stories）預設在發布 24 小時後自動從動態中消失。",
    options: [...TRUE_FALSE_OPTIONS],
    key: [0],
    modelAnswer: null,
    explanation: "限時動態預設 24 小時後消失，可另存為精選動態長期保留。",
    codes: ["K04"],
    cognitiveLevel: "remember",
    difficulty: "easy",
  },
  {
    label: "Q005",
    type: "short_answer",
    stem: "某手搖飲品牌的 Instagram 帳號近三個月觸及人數下降 30%，請列出兩個可能原因，並各提出一項對應的改善做法。",
    options: [],
    key: [],
    modelAnswer: "評分要點：原因合理（如發文頻率降低、未經營短影音、發文時段與受眾上線時間不符），改善做法須與原因對應（如固定發文排程、增加 Reels、依洞察報告調整發文時段）。",
    explanation: null,
    codes: ["K04"],
    cognitiveLevel: "analyse",
    difficulty: "hard",
  },
  {
    label: "Q006",
    type: "single",
    stem: "網友看到一則貼文已有上萬個讚，於是也跟著按讚留言。這最接近下列哪一種心理現象？",
    options: ["從眾效應", "月暈效應", "錨定效應", "稟賦效應"],
    key: [0],
    modelAnswer: null,
    explanation: "從眾效應：個人受群體行為影響而調整自己的行為。",
    codes: ["K05"],
    cognitiveLevel: "understand",
    difficulty: "easy",
  },
];

/** 雙向細目表: five cells of one item and 20 points each, 100 points in all (Q006's K05 has no cell). */
export const CELLS: BlueprintCell[] = [
  { code: "K01", level: "remember", count: 1, points: 20 },
  { code: "K02", level: "understand", count: 1, points: 20 },
  { code: "K03", level: "apply", count: 1, points: 20 },
  { code: "K04", level: "remember", count: 1, points: 20 },
  { code: "K04", level: "analyse", count: 1, points: 20 },
];

export const PAPER_TITLE = "115 年度社群媒體經營人員 知識測驗";
export const DURATION_MINUTES = 40;

export const SHORT_ANSWER_TEXT =
  "原因一：近三個月發文頻率由每週三篇降為一篇，改善：訂定固定發文排程。原因二：未經營短影音，觸及受演算法影響，改善：每週至少發布一支 Reels。";

const label = (content: ItemContent) => BANK.find((b) => b.stem === content.stem)!.label;

/**
 * One institution, the bank, a published paper linked to the published assessment version, and a
 * started session whose exam window opened a day ago: `candidates` enrolled, each assigned the first
 * of `assessors` assessors.
 */
export async function examSession({ candidates = 1, assessors = 1, mode = "online" as "online" | "paper", requirePass = true } = {}) {
  const institution = await createInstitution("臺北職能訓練中心");
  const admin = await createUser({ institutionId: institution.id, role: "admin", displayName: "周美玲" });
  const scope = { institutionId: institution.id, actorId: admin.id };
  const assessorUsers = [];
  for (const name of ASSESSOR_NAMES.slice(0, assessors)) {
    const user = await createUser({ institutionId: institution.id, role: "assessor", displayName: name });
    await db.assessorQualification.create({ data: { userId: user.id, name: "職能評量人員研習證明", issuer: "勞動部勞動力發展署" } });
    assessorUsers.push(user);
  }
  const candidateUsers = [];
  for (const name of CANDIDATE_NAMES.slice(0, candidates)) candidateUsers.push(await createUser({ institutionId: institution.id, role: "candidate", displayName: name }));

  const sourceText = decodeStandardBytes(fs.readFileSync(path.resolve("templates/demo/standards/000_988f66f990932d6f.txt")));
  const standard = await importStandard({ ...scope, parsed: parseStandard(sourceText), sourceText });

  // The bank, blueprint and paper.
  const written = await writeBankItems({
    ...scope,
    standardId: standard.id,
    source: "import",
    rows: BANK.map(({ label: _label, ...content }) => ({ number: null, status: "active" as const, content })),
  });
  expect(written).toMatchObject({ created: BANK.length });
  const blueprint = (await createBlueprint({ ...scope, standardId: standard.id, title: "社群媒體經營人員 知識測驗 雙向細目表" }))!;
  expect(await saveBlueprintCells({ ...scope, blueprintId: blueprint.id, revision: 1, title: "社群媒體經營人員 知識測驗 雙向細目表", cells: CELLS })).toEqual({ status: "saved", revision: 2 });
  const assembled = await assembleFromBlueprint({
    ...scope,
    blueprintId: blueprint.id,
    settings: {
      title: PAPER_TITLE,
      formCount: 1,
      passMark: 60,
      durationMinutes: DURATION_MINUTES,
      multipleScoring: "all_or_nothing",
      shuffleItems: true,
      shuffleOptions: true,
      seed: "exam-test-115-1",
    },
  });
  if (assembled.status !== "assembled") throw new Error(`paper not assembled: ${JSON.stringify(assembled)}`);
  expect(assembled.shortfalls).toEqual([]);
  const paperId = assembled.paperId;
  expect((await publishPaper({ ...scope, paperId })).status).toBe("published");

  // The assessment: a draft linked to the paper, then published.
  const created = (await createAssessmentDraft({ ...scope, standardId: standard.id, title: "社群媒體經營人員職能評量" }))!;
  const draft = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: created.assessmentId, version: 1 }, select: { id: true, revision: true } });
  const linked = await linkExamToDraft({ ...scope, assessmentId: created.assessmentId, version: 1, revision: draft.revision, paperId, requirePass });
  expect(linked).toEqual({ status: "saved", revision: draft.revision + 1 });
  expect((await publishVersion({ ...scope, assessmentId: created.assessmentId, version: 1, revision: draft.revision + 1 })).status).toBe("published");

  // The session.
  const session = await scheduledSession(scope, draft.id, "115 年度第 1 梯次 社群媒體經營人員職能評量");
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds: candidateUsers.map((c) => c.id) });
  const enrollments = [];
  for (const candidate of candidateUsers) {
    const enrollment = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId: candidate.id }, select: { id: true } });
    for (const assessor of assessorUsers.slice(0, 1)) {
      expect(await assignAssessor({ ...scope, enrollmentId: enrollment.id, assessorId: assessor.id, conflict: null })).toEqual({ status: "assigned" });
    }
    enrollments.push(enrollment);
  }
  await startScheduled(scope, session.id);
  expect(await setExamWindow({ ...scope, sessionId: session.id, opensAt: new Date(Date.now() - 24 * 3600_000), closesAt: null, mode })).not.toBeNull();

  const paper = (await getPaper({ institutionId: institution.id, paperId }))!;
  const onPaper = Object.fromEntries(paper.forms[0]!.items.map((i) => [label(i.content), { revisionId: i.revisionId, itemId: i.itemId, key: i.key, content: i.content }]));
  const bankItems = await db.examItem.findMany({ where: { standardId: standard.id }, select: { id: true, number: true } });
  return {
    institution,
    admin,
    scope,
    assessors: assessorUsers,
    candidates: candidateUsers,
    enrollments,
    session,
    standardId: standard.id,
    blueprintId: blueprint.id,
    paperId,
    assessmentId: created.assessmentId,
    versionId: draft.id,
    /** The paper's items by bank label (Q001–Q005): revision, item and the key in force. */
    onPaper: onPaper as Record<"Q001" | "Q002" | "Q003" | "Q004" | "Q005", { revisionId: string; itemId: string; key: number[]; content: ItemContent }>,
    /** Every bank item's id by label (Q001–Q006). */
    itemIdOf: (itemLabel: string) => bankItems.find((i) => `Q${String(i.number).padStart(3, "0")}` === itemLabel)!.id,
  };
}

export type ExamWorld = Awaited<ReturnType<typeof examSession>>;

/** A bank-file row (in BANK_COLUMNS order) from the columns named by their zh-TW header. */
export function bankFileRow(values: Partial<Record<string, string>>): string[] {
  return BANK_COLUMNS.map((c) => values[c.label] ?? "");
}

export const bankFileHeader = () => BANK_COLUMNS.map((c) => c.label);

/**
 * The exam added to a world built elsewhere (the security tests' two institutions), on the demo
 * standard the caller imported: the bank (BANK), the blueprint (CELLS) and a paper assembled from it
 * and published, as in examSession; then an assessment of its own linked to the paper and published
 * (without "exam passed" in the decision rule unless asked), and a started session on it whose exam
 * window opened a day ago, with `candidateIds` enrolled and each assigned `assessorId`. The caller's
 * own assessment, session and results are left exactly as they were.
 */
export async function examBeside({ institutionId, actorId, standardId, candidateIds, assessorId, title, requirePass = false }: {
  institutionId: string;
  actorId: string;
  standardId: string;
  candidateIds: string[];
  assessorId: string;
  title: string;
  requirePass?: boolean;
}) {
  const scope = { institutionId, actorId };
  expect(
    await writeBankItems({ ...scope, standardId, source: "import", rows: BANK.map(({ label: _label, ...content }) => ({ number: null, status: "active" as const, content })) }),
  ).toMatchObject({ created: BANK.length });
  const blueprintTitle = "社群媒體經營人員 知識測驗 雙向細目表";
  const blueprint = (await createBlueprint({ ...scope, standardId, title: blueprintTitle }))!;
  expect(await saveBlueprintCells({ ...scope, blueprintId: blueprint.id, revision: 1, title: blueprintTitle, cells: CELLS })).toEqual({ status: "saved", revision: 2 });
  const assembled = await assembleFromBlueprint({
    ...scope,
    blueprintId: blueprint.id,
    settings: { title: PAPER_TITLE, formCount: 1, passMark: 60, durationMinutes: DURATION_MINUTES, multipleScoring: "all_or_nothing", shuffleItems: true, shuffleOptions: true, seed: "exam-beside-115-1" },
  });
  if (assembled.status !== "assembled") throw new Error(`paper not assembled: ${JSON.stringify(assembled)}`);
  const paperId = assembled.paperId;
  expect((await publishPaper({ ...scope, paperId })).status).toBe("published");

  const created = (await createAssessmentDraft({ ...scope, standardId, title: "社群媒體經營人員職能評量（含筆試）" }))!;
  const draft = await db.assessmentVersion.findFirstOrThrow({ where: { assessmentId: created.assessmentId, version: 1 }, select: { id: true, revision: true } });
  expect(await linkExamToDraft({ ...scope, assessmentId: created.assessmentId, version: 1, revision: draft.revision, paperId, requirePass })).toEqual({ status: "saved", revision: draft.revision + 1 });
  expect((await publishVersion({ ...scope, assessmentId: created.assessmentId, version: 1, revision: draft.revision + 1 })).status).toBe("published");

  const session = await scheduledSession(scope, draft.id, title);
  await enrolCandidates({ ...scope, sessionId: session.id, candidateIds });
  const enrollmentIds: string[] = [];
  for (const candidateId of candidateIds) {
    const { id } = await db.enrollment.findFirstOrThrow({ where: { sessionId: session.id, candidateId }, select: { id: true } });
    expect(await assignAssessor({ ...scope, enrollmentId: id, assessorId, conflict: null })).toEqual({ status: "assigned" });
    enrollmentIds.push(id);
  }
  await startScheduled(scope, session.id);
  expect(await setExamWindow({ ...scope, sessionId: session.id, opensAt: new Date(Date.now() - 24 * 3600_000), closesAt: null, mode: "online" })).not.toBeNull();

  const paper = (await getPaper({ institutionId, paperId }))!;
  const onPaper = Object.fromEntries(paper.forms[0]!.items.map((i) => [label(i.content), { revisionId: i.revisionId, itemId: i.itemId, key: i.key, content: i.content }]));
  return {
    standardId,
    blueprintId: blueprint.id,
    paperId,
    assessmentId: created.assessmentId,
    versionId: draft.id,
    session,
    /** In the order of `candidateIds`. */
    enrollmentIds,
    onPaper: onPaper as ExamWorld["onPaper"],
  };
}

/**
 * A candidate starts the online exam and answers every choice item with the key in force and the
 * short answer with SHORT_ANSWER_TEXT; submitted unless `submit` is false (then still in progress).
 * The short answer is left for the assessor to score.
 */
export async function sitExam({ candidateId, enrollmentId, onPaper, submit = true }: { candidateId: string; enrollmentId: string; onPaper: ExamWorld["onPaper"]; submit?: boolean }) {
  const started = await startExamAttempt({ candidateId, enrollmentId });
  if (started.status !== "started") throw new Error(`exam not started: ${JSON.stringify(started)}`);
  const answers: { revisionId: string; response: Response }[] = (["Q001", "Q002", "Q003", "Q004"] as const).map((l) => ({
    revisionId: onPaper[l].revisionId,
    response: { kind: "choice", selected: onPaper[l].key },
  }));
  answers.push({ revisionId: onPaper.Q005.revisionId, response: { kind: "text", text: SHORT_ANSWER_TEXT } });
  expect(await saveExamAnswers({ candidateId, attemptId: started.attemptId, answers })).toMatchObject({ status: "saved" });
  if (submit) expect(await submitExamAttempt({ candidateId, attemptId: started.attemptId })).toEqual({ status: "submitted" });
  return started.attemptId;
}
