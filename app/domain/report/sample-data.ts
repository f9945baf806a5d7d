/**
 * Demo results for the PDF certificate before the database exists: the CLI's `certificate demo`,
 * the renderer tests and the bench document (DESIGN §9) all use them.
 *
 * The standard is the real KMC2431-009v2 社群媒體經營人員 (templates/demo/standards/000_…txt):
 * its 7 tasks and 17 behaviour indicators are copied as written, with P1.1.3 joined across the
 * page break that splits it in the export. People, institution, places and hashes are fictional;
 * the national IDs fail the ID checksum on purpose, so none can belong to a real person.
 */
import { createHash } from "node:crypto";

import { generateCertificateNumber, type RandomBytes } from "./certificate-number";
import type { Decision, ReleasedResultInput } from "./certificate-payload";

interface DemoTask {
  code: string;
  title: string;
  level: number;
  criteria: { code: string; text: string }[];
}

export const DEMO_STANDARD = {
  code: "KMC2431-009v2",
  name: "社群媒體經營人員",
  version: "V2",
  level: 4,
  tasks: [
    {
      code: "T1.1",
      title: "確立經營目標、受眾群與選擇社群平台",
      level: 4,
      criteria: [
        { code: "P1.1.1", text: "依據組織目標及品牌經營策略選定適合的社群媒體。" },
        { code: "P1.1.2", text: "確立經營社群媒體的主要目的與需要達成之績效目標，及完成期限。" },
        {
          code: "P1.1.3",
          text: "因應不同的經營目標及社群平台，確立目標網路群眾，經由觀察、調查、分析、統計，了解網路群眾的特質、喜好或在網路上展現的行為，發想經營策略並產出經營社群媒體企畫書。",
        },
      ],
    },
    {
      code: "T1.2",
      title: "協調跨部門資源",
      level: 3,
      criteria: [
        { code: "P1.2.1", text: "進行跨部門的溝通與協調，產出專案時間表。" },
        { code: "P1.2.2", text: "依專案時程，定期開會檢討，確認執行進度，若遇特殊或緊急狀況，立即回報主管。" },
      ],
    },
    {
      code: "T2.1",
      title: "規劃與執行主題內容",
      level: 3,
      criteria: [
        { code: "P2.1.1", text: "因應產業環境、時事與競爭對手，蒐集資料，研究與規劃發文策略，擬定發文要項。" },
        { code: "P2.1.2", text: "發文應有創意，可搭配時事、社會議題或時下主流，並協助產出需要之文字、圖片及影片等素材。" },
        { code: "P2.1.3", text: "依發文策略舉辦適合的各類活動，營造社群氛圍，藉以提升社群熱度與話題性。" },
      ],
    },
    {
      code: "T2.2",
      title: "掌握社群反映營造氛圍",
      level: 4,
      criteria: [
        {
          code: "P2.2.1",
          text: "確立快速即時回覆或每天固定時間回覆的經營社群應對方式，即時回應網友問題，與網友保持互動。",
        },
        {
          code: "P2.2.2",
          text: "把關網友留言，遇到不恰當或攻擊性言論時，即時制止與處理，導正大眾觀點與氛圍，並視需求回報主管。",
        },
      ],
    },
    {
      code: "T3.1",
      title: "進行社群經營成效分析",
      level: 4,
      criteria: [
        { code: "P3.1.1", text: "觀察平台趨勢，運用統計分析工具，統計相關數據。" },
        { code: "P3.1.2", text: "觀察和檢討數據的變化，追蹤成效並提出精進改善方案。" },
      ],
    },
    {
      code: "T3.2",
      title: "調整與優化社群策略",
      level: 4,
      criteria: [
        { code: "P3.2.1", text: "定期追蹤和品牌有關的產業環境或競爭對手之近況。" },
        { code: "P3.2.2", text: "檢視行銷策略是否符合行銷目標，透過數據進行滾動式調整。" },
        {
          code: "P3.2.3",
          text: "透過數據分析，驗證社群網友的喜好、需求及消費習慣，了解社群大眾接受度與意識形態的分眾行銷。",
        },
      ],
    },
    {
      code: "T3.3",
      title: "調整社群媒體目標與確認各階段指標",
      level: 4,
      criteria: [
        {
          code: "P3.3.1",
          text: "檢視每日/週/月/季的工作任務，由統計數據檢視社群經營成效，規劃調整下一季的新目標。",
        },
        { code: "P3.3.2", text: "檢視各項關鍵指標數據，找出重要成功因素，以規劃與執行未來行銷活動。" },
      ],
    },
  ] satisfies DemoTask[],
};

/** The indicator texts the PDF prints beside each criterion code (the payload carries codes only). */
export function demoIndicatorTexts(): Map<string, string> {
  return new Map(DEMO_STANDARD.tasks.flatMap((task) => task.criteria.map((criterion) => [criterion.code, criterion.text])));
}

/** Work products (O…) and records collected as evidence, one line each on the PDF. */
const DEMO_EVIDENCE = [
  { taskCode: "T1.1", title: "O1.1.1 經營社群媒體企畫書" },
  { taskCode: "T1.2", title: "O1.2.1 專案時間表" },
  { taskCode: "T2.1", title: "O2.1.1 發文策略報告書" },
  { taskCode: "T2.2", title: "社群互動觀察表" },
  { taskCode: "T3.1", title: "O3.1.1 數據分析報表" },
  { taskCode: "T3.1", title: "O3.1.2 改善方案" },
  { taskCode: "T3.2", title: "O3.2.1 成效優化檢討報告" },
  { taskCode: "T3.3", title: "O3.3.1 成效報告書" },
];

interface DemoCandidate {
  name: string;
  nationalId: string;
  /** One level per criterion, in the standard's order (17). */
  levels: number[];
  /** Assessor comments on the criteria scored below the pass level. */
  comments?: Record<string, string>;
  feedback?: string[];
}

/** Candidate 0 is the bench document's competent candidate; 張家豪 (index 2) is not yet competent. */
export const DEMO_CANDIDATES: DemoCandidate[] = [
  { name: "林雅婷", nationalId: "A223456789", levels: [4, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3] },
  { name: "陳冠宇", nationalId: "F128374650", levels: [3, 3, 3, 4, 3, 3, 4, 3, 3, 3, 4, 3, 3, 3, 3, 4, 3] },
  {
    name: "張家豪",
    nationalId: "E125063918",
    levels: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 1, 3, 3],
    comments: {
      "P3.1.2": "能描述數據變化，但改善方案未連結追蹤指標，缺乏具體執行步驟與時程。",
      "P3.2.2": "調整建議僅依單月數據，未說明與行銷目標的對應，滾動式調整的依據不足。",
      "P3.2.3": "未進行分眾分析，無法由數據推論社群網友的喜好與消費習慣。",
    },
    feedback: [
      "T1、T2 各項表現穩定，企畫書與發文策略完整，互動應對得宜。",
      "建議加強數據分析實務：練習以樞紐分析整理互動率與轉換率，並依分眾結果提出可追蹤的改善方案。",
      "完成補強後，可申請 T3.1、T3.2 兩項工作任務的補評量。",
    ],
  },
  { name: "王思涵", nationalId: "H224519037", levels: [4, 4, 3, 3, 4, 3, 3, 4, 4, 4, 3, 3, 4, 3, 3, 3, 4] },
  { name: "劉建廷", nationalId: "B120846573", levels: [3, 3, 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3] },
];

const DEMO_SCALE = {
  passLevel: 3,
  levels: [
    { value: 4, label: "優異" },
    { value: 3, label: "達成" },
    { value: 2, label: "部分達成" },
    { value: 1, label: "未達成" },
  ],
};

/** The demo candidate for index i (cycling through DEMO_CANDIDATES), with its derived decision. */
export function demoCandidate(index: number): DemoCandidate & { decision: Decision } {
  const candidate = DEMO_CANDIDATES[index % DEMO_CANDIDATES.length];
  const competent = candidate.levels.every((level) => level >= DEMO_SCALE.passLevel);
  return { ...candidate, decision: competent ? "competent" : "not_yet_competent" };
}

/**
 * A released result for demo candidate `index`: the shape the models layer will produce from the
 * database. The number is drawn from `randomBytes`, so a test can pin it and the CLI can randomise it.
 */
export function demoReleasedResult(index: number, randomBytes: RandomBytes): ReleasedResultInput {
  const candidate = demoCandidate(index);
  const passLevel = DEMO_SCALE.passLevel;
  let criterionIndex = 0;
  const tasks = DEMO_STANDARD.tasks.map((task) => {
    const criteria = task.criteria.map((criterion) => {
      const level = candidate.levels[criterionIndex++];
      return { code: criterion.code, level, comment: candidate.comments?.[criterion.code] ?? null };
    });
    const decision: Decision = criteria.every((criterion) => criterion.level >= passLevel)
      ? "competent"
      : "not_yet_competent";
    return { code: task.code, title: task.title, level: task.level, decision, criteria };
  });

  return {
    institution: { name: "青禾數位職能學院", registrationNo: "訓字第 1130215 號" },
    candidate: { name: candidate.name, nationalId: candidate.nationalId },
    number: generateCertificateNumber(
      candidate.decision === "competent" ? "certificate" : "result_report",
      randomBytes,
    ),
    standard: {
      code: DEMO_STANDARD.code,
      name: DEMO_STANDARD.name,
      version: DEMO_STANDARD.version,
      level: DEMO_STANDARD.level,
    },
    assessment: { title: "社群媒體經營人員職能評量", version: 2 },
    session: {
      date: "2025-03-14",
      place: "青禾數位職能學院 502 室",
      workplace: "模擬職場：品牌社群經營工作室",
    },
    scale: DEMO_SCALE,
    tasks,
    evidence: DEMO_EVIDENCE.map((item) => ({
      ...item,
      // Stand-in for the stored file's hash: stable per candidate and item, different across them.
      sha256: createHash("sha256").update(`${candidate.name}/${item.title}`).digest("hex"),
    })),
    decision: candidate.decision,
    feedback: candidate.feedback ?? [],
    assessors: [
      { name: "陳志明", role: "主評量人員" },
      { name: "黃美玲", role: "評量人員" },
    ],
    issueDate: "2025-03-21",
    validUntil: candidate.decision === "competent" ? "2028-03-20" : null,
    verificationUrlTemplate: "https://assess.example.org/verify/{number}",
  };
}
