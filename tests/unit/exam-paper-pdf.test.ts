/**
 * The printed knowledge exam, read back with poppler as a candidate's or assessor's tools would:
 * the paper shows every question and no answer, the key is a separate file, text extracts, the font
 * is an embedded subset, no item is split across pages. Needs poppler-utils (`npm test` installs it);
 * without it these tests are skipped with a message. Set EXAM_PAPER_PDF_DIR to keep the PDFs.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { COGNITIVE_LEVEL_LABELS, ITEM_TYPE_LABELS, TRUE_FALSE_OPTIONS, type CognitiveLevel } from "~/domain/exam/types";
import { getReportFonts, type ReportFonts } from "~/pdf/fonts.server";
import { renderExamKeyPdf, renderExamPaperPdf, type ExamPaperDocument, type ExamPaperItem } from "~/pdf/render-exam-paper.server";

function hasTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const POPPLER = ["pdffonts", "pdftotext", "pdfinfo"].every(hasTool);
if (!POPPLER) {
  console.warn("Skipping exam paper PDF tests: poppler-utils (pdffonts, pdftotext, pdfinfo) is not installed. Install it with: apt-get install -y poppler-utils");
}

// ---- a 40-item 社群行銷 paper for KMC2431-009v2 社群媒體經營人員 -----------------------------------

type Choice = [code: string, level: CognitiveLevel, stem: string, options: string[], key: string, explanation: string | null];

const SINGLE: Choice[] = [
  ["K04", "remember", "下列哪一項指標最能直接反映社群貼文被多少不同的人看見？", ["按讚數", "留言數", "觸及人數", "分享次數"], "C", "觸及人數是看過貼文的不重複帳號數；按讚、留言與分享屬於互動指標。"],
  ["K02", "understand", "品牌舉辦留言抽獎並蒐集得獎者的姓名、電話與地址，依個人資料保護法，下列敘述何者正確？", ["只要在活動貼文中公告，即可將個資用於其他行銷活動", "蒐集時應告知蒐集目的、個資類別、利用期間、地區、對象及方式等事項", "得獎者是自願提供個資，品牌無須告知任何事項", "抽獎結束後個資可永久保存，以備日後查核"], "B", "個資法第 8 條：直接向當事人蒐集個資時應明確告知法定應告知事項。"],
  ["K03", "understand", "小編想在貼文中使用網路上找到的他人攝影作品，下列何種做法最符合著作權法？", ["註明出處即可使用", "不用於商業目的即可使用", "裁切變形後即不侵權", "取得著作財產權人的授權"], "D", "攝影作品受著作權保護，註明出處不等於取得授權。"],
  ["K09", "remember", "社群貼文中的「行動呼籲」（CTA）主要作用為何？", ["增加貼文的字數與篇幅", "引導受眾採取特定行動，例如點擊連結或報名", "降低廣告投放的單次點擊成本", "避免貼文被平台判定為垃圾訊息"], "B", "CTA 告訴受眾下一步要做什麼，是導流與轉換的關鍵。"],
  ["K07", "apply", "某貼文觸及 8,000 人，獲得 240 次互動（按讚、留言、分享合計），以觸及為基礎的互動率為何？", ["1.5%", "3%", "6%", "30%"], "B", "240 ÷ 8,000 = 0.03，即 3%。"],
  ["K05", "understand", "社群上常見「大家都在買」的文案，主要運用了下列哪一種心理效應？", ["錨定效應", "稟賦效應", "社會認同", "損失規避"], "C", "人們傾向參考他人的行為作為自己的判斷依據，即社會認同。"],
  ["K04", "remember", "下列哪一種社群平台功能的內容，預設於發布 24 小時後自動消失？", ["限時動態", "社團貼文", "粉絲專頁置頂貼文", "直播回放"], "A", null],
  ["K06", "understand", "消費者購買決策歷程中，「比較不同品牌的評價與價格」屬於哪一個階段？", ["需求確認", "資訊蒐集", "方案評估", "購後行為"], "C", "比較各品牌屬性與價格以做選擇，屬方案評估階段。"],
  ["K01", "remember", "廣電三法所規範的對象，不包括下列何者？", ["無線廣播電視", "衛星廣播電視", "有線廣播電視", "個人經營的社群粉絲專頁"], "D", "廣電三法為廣播電視法、有線廣播電視法、衛星廣播電視法。"],
  ["K08", "understand", "近年品牌與「微型網紅」（粉絲數較少的創作者）合作的主要原因為何？", ["微型網紅的粉絲總數通常最多", "受眾較聚焦且互動率與信任度往往較高", "合作內容不需要揭露業配", "平台會自動提高其貼文的廣告預算"], "B", "微型網紅的受眾精準、互動高，合作成本也較低。"],
  ["K09", "apply", "某品牌的目標是在一個月內增加官方 LINE 好友數，下列哪一項 KPI 最適合衡量？", ["貼文按讚數", "網站跳出率", "影片平均觀看秒數", "新增好友數與封鎖率"], "D", "KPI 應直接對應目標：新增好友數，並以封鎖率檢視好友品質。"],
  ["K07", "remember", "進行 A/B 測試時，下列做法何者正確？", ["一次同時改變多個變因以節省時間", "每次只改變一個變因，其餘條件保持一致", "只要有一組成效較好就立即全面採用", "兩組分別投放給不同國家的受眾"], "B", "控制變因，才能歸因成效差異。"],
  ["K05", "understand", "社群小編回覆負評時，下列哪一種做法最能降低負面情緒擴散？", ["刪除負評並封鎖留言者", "以制式罐頭訊息回覆所有留言", "儘速公開回應、表達理解並提供私訊處理管道", "不予理會，等待討論熱度自然下降"], "C", "公開、即時且具同理心的回應能讓旁觀者看見品牌的處理態度。"],
  ["K04", "understand", "社群平台的演算法排序，一般最重視下列哪一項因素？", ["受眾與內容的互動與相關程度", "貼文發布的字數", "粉絲專頁成立的年資", "貼文使用的字型"], "A", "演算法依預測的互動與相關性排序動態消息。"],
  ["K03", "apply", "品牌要在短影音中使用一段流行歌曲作為背景音樂，最應先確認下列何者？", ["歌曲是否為熱門排行榜歌曲", "該音樂的授權範圍是否包含商業使用", "影片長度是否少於 30 秒", "是否已標註歌手名稱"], "B", "平台音樂庫的授權常限個人使用，商業帳號須確認授權範圍。"],
  ["K06", "apply", "電商在購物車頁面顯示「再買 120 元即享免運」，主要是利用消費者的哪一種心理？", ["從眾心理", "月暈效應", "損失規避與目標接近效應", "認知失調"], "C", "越接近目標越有動力完成，並避免「損失」免運優惠。"],
  ["K07", "understand", "下列何者屬於「質化」的社群成效資料？", ["粉絲人數成長率", "貼文點擊率", "留言內容的情緒與主題", "每千次曝光成本"], "C", null],
  ["K08", "remember", "下列哪一項是近年社群內容形式的主要趨勢？", ["純文字長文", "短影音", "傳真廣告", "紙本型錄"], "B", "各平台皆以短影音為推播重點。"],
  ["K02", "apply", "下列哪一種情形，品牌在社群上公開會員資料最可能違反個人資料保護法？", ["公布得獎者姓名並將中間字遮蔽", "經會員書面同意後公布其推薦心得", "將完整會員名單與手機號碼貼在社團中供查詢", "公布活動參與的總人數"], "C", "完整公開姓名與手機號碼超出蒐集目的，且未經同意。"],
  ["K09", "analyse", "某品牌貼文觸及高但導購轉換低，最應優先檢視下列哪一個環節？", ["粉絲專頁的封面照片", "貼文發布的星期", "小編的個人帳號", "貼文連結的到達頁面與購買流程"], "D", "觸及高表示曝光足夠，轉換低應先檢查點擊後的到達頁與購買流程。"],
];

const MULTIPLE: Choice[] = [
  ["K04", "remember", "下列哪些屬於社群貼文的「互動」指標？", ["按讚數", "留言數", "分享數", "粉絲專頁成立日期"], "ABC", "成立日期與單則貼文的互動無關。"],
  ["K02", "understand", "依個人資料保護法，下列哪些屬於個人資料？", ["產品的建議售價", "姓名", "手機號碼", "電子郵件地址"], "BCD", "得以直接或間接識別特定個人的資料皆屬個人資料。"],
  ["K03", "understand", "下列哪些情形可能侵害他人著作權？", ["直接轉貼他人部落格全文並作為品牌貼文", "使用已取得商業授權的圖庫照片", "擷取電影片段剪輯成品牌廣告", "引用公開發表的政府法令條文"], "AC", "法令條文不得為著作權標的；已授權圖庫照片可在授權範圍內使用。"],
  ["K09", "apply", "規劃社群廣告受眾時，下列哪些資料可作為設定依據？", ["年齡與地區", "興趣與行為", "網站訪客的再行銷名單", "競爭對手的會員密碼", "既有顧客的類似受眾"], "ABCE", "取得他人帳號密碼屬違法行為，不得作為受眾資料。"],
  ["K05", "understand", "下列哪些做法有助於建立品牌社群的歸屬感？", ["固定舉辦粉絲專屬活動", "回應並採納粉絲的建議", "刪除所有不同意見的留言", "建立社團並鼓勵成員分享經驗"], "ABD", "壓制不同意見會破壞信任，反而降低歸屬感。"],
  ["K07", "apply", "分析貼文成效時，下列哪些比較方式較為合理？", ["以相同期間、相同格式的貼文互相比較", "以互動率而非僅以互動總數比較不同觸及的貼文", "把有廣告加成與無廣告加成的貼文直接比較總觸及", "同時參考質化的留言內容"], "ABD", "有無廣告加成的觸及基礎不同，不宜直接比較總數。"],
  ["K01", "remember", "在社群直播中介紹商品時，下列哪些內容須特別注意相關法規？", ["食品宣稱具有醫療效能", "化粧品誇大不實的功效", "說明商品的尺寸與材質", "未揭露的業配合作"], "ABD", "醫療效能宣稱、誇大功效與未揭露的業配皆可能違法。"],
  ["K06", "understand", "下列哪些屬於影響消費者購買決策的「外在」因素？", ["家人與朋友的推薦", "社群網紅的評價", "個人的價值觀", "季節性促銷活動"], "ABD", "個人價值觀屬內在（心理）因素。"],
  ["K08", "analyse", "品牌評估是否經營新興社群平台時，下列哪些因素應納入考量？", ["目標受眾是否活躍於該平台", "團隊產製該平台內容形式的能力", "平台使用者的成長趨勢", "主管個人是否喜歡該平台"], "ABC", "決策應依受眾、能力與趨勢，而非個人喜好。"],
  ["K04", "apply", "粉絲專頁遭遇大量不實負評（洗負評）時，下列哪些是適當的處理方式？", ["保存留言截圖與時間等紀錄", "向平台檢舉違反社群守則的內容", "發布澄清聲明說明事實", "以分身帳號大量留言反擊"], "ABC", "以分身帳號反擊會擴大爭議並損害品牌信譽。"],
];

const TRUE_FALSE: [code: string, level: CognitiveLevel, stem: string, key: "O" | "X", explanation: string][] = [
  ["K03", "remember", "在社群貼文中註明圖片來源，即可不經著作財產權人同意而使用該圖片。", "X", "註明來源不能取代授權，仍須取得同意或符合合理使用。"],
  ["K02", "remember", "蒐集個人資料時，應明確告知當事人蒐集的目的。", "O", "告知蒐集目的是個資法規定的告知事項之一。"],
  ["K07", "understand", "互動率的計算，通常以互動次數除以觸及人數或曝光次數。", "O", "互動率以觸及或曝光為分母，須在報告中註明採用何者。"],
  ["K04", "understand", "同一則貼文在不同社群平台發布時，應一字不改，才能維持品牌一致性。", "X", "各平台受眾與格式不同，應在一致的品牌調性下調整內容。"],
  ["K05", "remember", "社群危機發生時，拖延回應有助於讓事件自然平息，是最佳的處理策略。", "X", "拖延常使猜測與負面情緒擴大，應把握黃金回應時間。"],
  ["K09", "understand", "再行銷廣告是針對曾與品牌互動過的使用者再次投放廣告。", "O", "再行銷以網站訪客、影片觀看者等互動過的受眾為對象。"],
];

const SHORT: [code: string, level: CognitiveLevel, points: number, stem: string, modelAnswer: string, explanation: string][] = [
  ["K09", "apply", 5, "某手搖飲品牌預計推出夏季新品，請擬定一則社群貼文的發布規劃，至少說明目標受眾、貼文形式與成效衡量指標各一項。", "目標受眾：18–30 歲、常在社群分享飲品的學生與上班族；貼文形式：15 秒短影音搭配限時動態投票；成效指標：互動率、投票參與數與門市兌換券使用率。", "三項各 1 分，三項彼此呼應、可執行者再給 2 分。"],
  ["K02", "analyse", 5, "品牌擬以社群抽獎蒐集參加者的電子郵件，作為日後寄送電子報之用。請說明依個人資料保護法應注意的兩項事項。", "一、蒐集時告知蒐集目的（抽獎與寄送電子報）、個資類別、利用期間、地區、對象與方式及當事人權利；二、取得當事人同意並提供拒絕接收行銷的方式；並應採取適當安全措施防止外洩。", "每答對一項得 2 分，說明完整再加 1 分。"],
  ["K07", "apply", 4, "請說明「觸及人數」與「曝光次數」的差異，並舉一例說明兩者數值為何不同。", "觸及人數為看到內容的不重複帳號數，曝光次數為內容被顯示的總次數；例如同一人看了三次，觸及計 1、曝光計 3，所以曝光次數大於或等於觸及人數。", "定義正確 2 分，舉例正確 2 分。"],
  ["K05", "understand", 4, "請列舉兩項社群小編回覆負面留言時應把握的原則。", "儘速回應；先同理再說明事實；不與留言者爭辯；必要時轉私訊處理並公開說明後續結果。", "每項原則 2 分。"],
];

/** Bank numbers out of order, as assembly draws them. */
const bankNumberAt = (index: number) => ((index * 17) % 61) + 1;

function buildItems(): ExamPaperItem[] {
  const items: Omit<ExamPaperItem, "position" | "number">[] = [
    ...SINGLE.map(([code, level, stem, options, key, explanation]) => ({ type: "single" as const, stem, options, points: 2, codes: [code], cognitiveLevel: level, keyLetters: key, explanation, modelAnswer: null })),
    ...MULTIPLE.map(([code, level, stem, options, key, explanation]) => ({ type: "multiple" as const, stem, options, points: 3, codes: [code], cognitiveLevel: level, keyLetters: key, explanation, modelAnswer: null })),
    ...TRUE_FALSE.map(([code, level, stem, key, explanation]) => ({ type: "true_false" as const, stem, options: [...TRUE_FALSE_OPTIONS], points: 2, codes: [code], cognitiveLevel: level, keyLetters: key, explanation, modelAnswer: null })),
    ...SHORT.map(([code, level, points, stem, modelAnswer, explanation]) => ({ type: "short_answer" as const, stem, options: [], points, codes: [code, "S03"], cognitiveLevel: level, keyLetters: "", explanation, modelAnswer })),
  ];
  return items.map((item, index) => ({ ...item, position: index + 1, number: bankNumberAt(index) }));
}

function buildDocument(overrides: Partial<ExamPaperDocument["paper"]> = {}, items = buildItems()): ExamPaperDocument {
  return {
    institution: { name: "青禾數位職能學院", registrationNumber: "訓字第 1130215 號" },
    standard: { code: "KMC2431-009v2", name: "社群媒體經營人員" },
    assessmentTitle: "社群媒體經營人員職能評量（第 3 版）",
    paper: {
      title: "社群媒體經營人員學科測驗",
      formLabel: "A",
      durationMinutes: 60,
      passMark: 60,
      totalPoints: items.reduce((sum, item) => sum + item.points, 0),
      multipleScoring: "all_or_nothing",
      seed: "2025-spring-7f3a",
      publishedAt: new Date("2025-03-15T10:00:00+08:00"),
      ...overrides,
    },
    session: { title: "114 年第 2 梯次", startsAt: new Date("2025-03-22T09:30:00+08:00"), place: "青禾數位職能學院 301 教室" },
    items,
  };
}

/** 100 items: the 40 above repeated with their stems marked, to fill several pages. */
function buildLargeItems(): ExamPaperItem[] {
  const base = buildItems();
  const byType = (round: number) => base.map((item) => ({ ...item, stem: `${item.stem}（情境 ${round + 1}）` }));
  const rounds = [0, 1, 2].flatMap((round) => byType(round));
  const ordered = ["single", "multiple", "true_false", "short_answer"].flatMap((type) => rounds.filter((item) => item.type === type));
  const chosen = [...ordered.filter((item) => item.type !== "short_answer").slice(0, 94), ...ordered.filter((item) => item.type === "short_answer").slice(0, 6)];
  return chosen.map((item, index) => ({ ...item, position: index + 1, number: bankNumberAt(index) + 100 }));
}

// ---- reading PDFs back -------------------------------------------------------------------------

let fonts: ReportFonts;
let dir: string;

beforeAll(async () => {
  fonts = await getReportFonts();
  dir = mkdtempSync(path.join(tmpdir(), "exam-paper-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, pdf: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  const keep = process.env.EXAM_PAPER_PDF_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    copyFileSync(file, path.join(keep, name));
  }
  return file;
}

const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: "utf8" });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", file))?.[1]);
/** Content-stream order (-raw): a stem comes whole, before the points printed beside it. */
const pageTexts = (file: string) => Array.from({ length: pageCount(file) }, (_, index) => compact(run("pdftotext", "-raw", "-f", String(index + 1), "-l", String(index + 1), file, "-")));
const compact = (text: string) => text.replace(/\s+/g, "");

async function renderBoth(doc: ExamPaperDocument, name: string) {
  const paper = save(`${name}-paper.pdf`, await renderExamPaperPdf(doc, fonts));
  const key = save(`${name}-key.pdf`, await renderExamKeyPdf(doc, fonts));
  return { paper, key, paperPages: pageTexts(paper), keyPages: pageTexts(key) };
}

function expectEmbeddedSubset(file: string) {
  const fontLines = run("pdffonts", file).split("\n").slice(2).filter(Boolean);
  expect(fontLines).toHaveLength(1);
  expect(fontLines[0]).toMatch(/^[A-Z]{6}\+NotoSansHant-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
}

/** Each page numbered 「第 n 頁／共 N 頁」. */
function expectPageNumbers(pages: string[]) {
  pages.forEach((text, index) => expect(text).toContain(`第${index + 1}頁／共${pages.length}頁`));
}

/** Every item's stem and all its options on one page, the items in order of position. */
function expectItemsWhole(pages: string[], items: ExamPaperItem[]) {
  const questionPages = pages.slice(1, -1);
  let last = { page: 0, at: -1 };
  for (const item of [...items].sort((a, b) => a.position - b.position)) {
    const stem = compact(item.stem);
    const page = questionPages.findIndex((text) => text.includes(stem));
    expect(page, `item ${item.position}'s stem is printed`).toBeGreaterThanOrEqual(0);
    const at = questionPages[page].indexOf(stem);
    expect(page > last.page || (page === last.page && at > last.at), `item ${item.position} follows item ${item.position - 1}`).toBe(true);
    last = { page, at };
    expect(questionPages[page]).toContain(`${item.position}.${stem}`);
    if (item.type === "single" || item.type === "multiple") {
      item.options.forEach((option, index) => {
        expect(questionPages[page], `item ${item.position} option ${index + 1} on the stem's page`).toContain(`(${"ABCDEFGH"[index]})${compact(option)}`);
      });
    }
  }
}

describe.skipIf(!POPPLER)("renderExamPaperPdf: the candidate's paper", () => {
  it("has a cover with the paper's facts, every question by type, and an answer sheet, as extractable text", async () => {
    const doc = buildDocument();
    const { paper, paperPages } = await renderBoth(doc, "exam-40");
    expectEmbeddedSubset(paper);
    expect(run("pdfinfo", paper)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    // Cover, questions on a few pages, answer sheet.
    expect(paperPages.length).toBeGreaterThanOrEqual(5);
    expect(paperPages.length).toBeLessThanOrEqual(10);
    expectPageNumbers(paperPages);

    const cover = paperPages[0];
    for (const fact of [
      "青禾數位職能學院",
      "訓字第1130215號",
      "KMC2431-009v2",
      "社群媒體經營人員",
      "社群媒體經營人員學科測驗",
      "A卷",
      "60分鐘",
      "40題",
      "100分",
      "及格分數60分",
      "單選題20題每題2分40分",
      "複選題10題每題3分30分",
      "是非題6題每題2分12分",
      "簡答題4題每題4～5分18分",
      "作答說明",
      "複選題每題3分，每題有一個或一個以上正確答案，須全部選項皆答對才給分",
      "不倒扣",
      "114年第2梯次",
      "2025年3月22日（六）09:30",
      "姓名：",
      "學員編號／准考證號：",
      "座號：",
      "日期：",
    ]) {
      expect(cover, fact).toContain(compact(fact));
    }

    const questions = paperPages.slice(1, -1).join("");
    for (const heading of ["一、單選題（第1–20題，每題2分，共40分）", "二、複選題（第21–30題", "三、是非題（第31–36題", "四、簡答題（第37–40題，每題4～5分，共18分）"]) {
      expect(questions).toContain(heading);
    }
    expect(questions).toContain("（3分）");
    expectItemsWhole(paperPages, doc.items);
    // Question pages start with their section and carry the paper's title and form in the header.
    expect(paperPages[1]).toMatch(/^一、單選題/);
    for (const page of paperPages.slice(1)) expect(page).toContain("社群媒體經營人員學科測驗A卷KMC2431-009v2社群媒體經營人員");

    const sheet = paperPages[paperPages.length - 1];
    expect(sheet).toContain("答案卡A卷");
    for (const field of ["姓名：", "學員編號／准考證號：", "座號：", "日期：", "閱卷欄（考生請勿填寫）"]) expect(sheet).toContain(field);
    for (let position = 1; position <= 36; position++) expect(sheet).toContain(String(position));
    expect(sheet).toContain("四、簡答題（第37–40題）：請直接作答於試題的作答欄內");
  });

  it("never reveals the key: no answers, explanations or model answers anywhere in the paper", async () => {
    const doc = buildDocument();
    const { paper, paperPages } = await renderBoth(doc, "exam-40-leak");
    const all = paperPages.join("");
    expect(all).not.toContain("答案卷");
    expect(all).not.toContain("解析");
    expect(all).not.toContain("參考答案");
    for (const item of doc.items) {
      if (item.explanation) expect(all).not.toContain(compact(item.explanation));
      if (item.modelAnswer) expect(all).not.toContain(compact(item.modelAnswer));
    }
    expect(run("pdfinfo", paper)).not.toMatch(/答案|解析/);

    // The answer sheet: once its fixed words are taken out, no option letter and no O / X is left,
    // so nothing on it can be a pre-filled answer.
    const sheet = paperPages[paperPages.length - 1];
    const blank = ["KMC2431-009v2", "A卷", "如BD", "寫O或X", "填O或X"].reduce((text, fixed) => text.split(fixed).join(""), sheet);
    expect(blank).not.toMatch(/[A-HOX]/);
  });

  it("prints the partial-credit rule when multiple-response items are scored partially", async () => {
    const { paperPages } = await renderBoth(buildDocument({ multipleScoring: "partial" }), "exam-40-partial");
    expect(paperPages[0]).toContain(compact("答錯 k 個選項者，得該題 (n−2k)/n 的分數"));
    expect(paperPages[0]).not.toContain("須全部選項皆答對才給分");
  });

  it("is byte-for-byte deterministic and dated by the paper's publication", async () => {
    const doc = buildDocument();
    const first = await renderExamPaperPdf(doc, fonts);
    expect((await renderExamPaperPdf(doc, fonts)).equals(first)).toBe(true);
    const key = await renderExamKeyPdf(doc, fonts);
    expect((await renderExamKeyPdf(doc, fonts)).equals(key)).toBe(true);
    const file = save("exam-40-dated.pdf", first);
    expect(run("pdfinfo", "-isodates", file)).toContain("CreationDate:    2025-03-15T02:00:00Z");

    const draft = buildDocument({ publishedAt: null });
    expect((await renderExamPaperPdf(draft, fonts)).equals(await renderExamPaperPdf(draft, fonts))).toBe(true);
  });

  it("numbers a form whose types are interleaved in the printed order, the same on paper and key", async () => {
    // Positions reversed: the form's last single-answer item is printed first, as 第 1 題.
    const items = buildItems().map((item, index, all) => ({ ...item, position: all.length - index }));
    const { paperPages, keyPages } = await renderBoth(buildDocument({}, items), "exam-40-interleaved");
    const printed = [...items].sort((a, b) => ["single", "multiple", "true_false", "short_answer"].indexOf(a.type) - ["single", "multiple", "true_false", "short_answer"].indexOf(b.type) || a.position - b.position);
    const questions = paperPages.slice(1, -1).join("");
    const key = keyPages.join("");
    printed.forEach((item, index) => {
      expect(questions).toContain(`${index + 1}.${compact(item.stem)}`);
      expect(key).toContain(`${index + 1}Q${String(item.number).padStart(3, "0")}${ITEM_TYPE_LABELS[item.type]}${item.keyLetters || "—"}`);
    });
    expect(questions).toContain("一、單選題（第1–20題");
  });

  it("lays out 100 items on whole pages with every number on the answer sheet", async () => {
    const items = buildLargeItems();
    const { paper, paperPages, keyPages } = await renderBoth(buildDocument({}, items), "exam-100");
    expectEmbeddedSubset(paper);
    expect(paperPages.length).toBeGreaterThanOrEqual(10);
    expect(paperPages.length).toBeLessThanOrEqual(22);
    expectPageNumbers(paperPages);
    expectItemsWhole(paperPages, items);
    const sheet = paperPages[paperPages.length - 1];
    expect(sheet).toContain("答案卡A卷");
    const choiceItems = items.filter((item) => item.type !== "short_answer");
    // Numbers are printed one after another in the grid; check the run of them, in order.
    expect(sheet).toContain(choiceItems.slice(0, 5).map((item) => item.position).join(""));
    expect(sheet).toContain(choiceItems.slice(-4).map((item) => item.position).join(""));
    expectPageNumbers(keyPages);
    for (const item of items) expect(keyPages.join("")).toContain(compact(`Q${String(item.number).padStart(3, "0")}`));
  });
});

describe.skipIf(!POPPLER)("renderExamKeyPdf: the assessor's key", () => {
  it("marks every page as the key and lists each item's answer, points, codes, level and explanation", async () => {
    const doc = buildDocument();
    const { key, keyPages } = await renderBoth(doc, "exam-40-key");
    expectEmbeddedSubset(key);
    expect(keyPages.length).toBeGreaterThanOrEqual(2);
    expect(keyPages.length).toBeLessThanOrEqual(6);
    expectPageNumbers(keyPages);
    for (const page of keyPages) expect(page).toContain("答案卷（閱卷用，請勿發給考生）");
    expect(run("pdfinfo", key)).toContain("答案卷");

    const all = keyPages.join("");
    for (const fact of ["社群媒體經營人員學科測驗A卷", "組卷種子2025-spring-7f3a", "發布日期2025-03-15", "及格60分", "全對才給分"]) expect(all).toContain(fact);
    for (const item of doc.items) {
      const bank = `Q${String(item.number).padStart(3, "0")}`;
      const row = `${item.position}${bank}${ITEM_TYPE_LABELS[item.type]}${item.keyLetters || "—"}${item.points}${item.codes.join("、")}${COGNITIVE_LEVEL_LABELS[item.cognitiveLevel]}`;
      expect(all, `row of item ${item.position}`).toContain(row);
      if (item.explanation) expect(all).toContain(compact(`解析：${item.explanation}`));
      if (item.modelAnswer) expect(all).toContain(compact(`參考答案：${item.modelAnswer}`));
    }
    // The quick grid: position then key, for the choice and true/false items.
    const grid = doc.items.filter((item) => item.type !== "short_answer").slice(0, 10).map((item) => `${item.position}${item.keyLetters}`).join("");
    expect(all).toContain(grid);
  });
});
