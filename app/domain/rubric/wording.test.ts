import { describe, expect, it } from "vitest";
import { BandSchema } from "./templates";
import {
  adaptIndicator,
  attitudeChecklistText,
  describeLevel,
  questionPrompt,
  skillChecklistText,
  workProductFallbackTitle,
} from "./wording";

describe("adaptIndicator", () => {
  // Real indicators from the five fixtures; each must read well after 能 / 才能 / 無法.
  it.each([
    // Verb or preposition first: only the final 。 goes.
    ["依據組織目標及品牌經營策略選定適合的社群媒體。", "依據組織目標及品牌經營策略選定適合的社群媒體"],
    ["因應產業環境、時事與競爭對手，蒐集資料。", "因應產業環境、時事與競爭對手，蒐集資料"],
    ["即時回覆客戶來信或訊息，解答媒體廣告投放與帳務相關問題。", "即時回覆客戶來信或訊息，解答媒體廣告投放與帳務相關問題"],
    ["進入數位媒體廣告平台後台，根據媒體廣告期望目標撈取各項成效數據。", "進入數位媒體廣告平台後台，根據媒體廣告期望目標撈取各項成效數據"],
    ["持續追蹤比對優化後的後台數據，確認優化策略是否生效。", "持續追蹤比對優化後的後台數據，確認優化策略是否生效"],
    ["運用影片剪輯後製技術，建立平臺特色。", "運用影片剪輯後製技術，建立平臺特色"],
    ["於媒體廣告專案結束後，彙整所有數據變化至結案報告書。", "於媒體廣告專案結束後，彙整所有數據變化至結案報告書"],
    // A modal subject: "發文應有創意" is something the candidate makes happen.
    ["發文應有創意，可搭配時事、社會議題或時下主流。", "讓發文有創意，可搭配時事、社會議題或時下主流"],
    // A leading "X後" clause needs 於.
    ["媒體廣告上線後截圖，提供組織 / 客戶確認。", "於媒體廣告上線後截圖，提供組織 / 客戶確認"],
    // A nominalised verb at the end becomes the verb.
    ["社群媒體參與度、活動與觸及率的追蹤。", "追蹤社群媒體參與度、活動與觸及率"],
    // A topic becomes something grasped.
    ["關於目標市場的來源與資訊分析，其在社群媒體的使用、行為與所喜好的平台。", "掌握目標市場的來源與資訊分析，其在社群媒體的使用、行為與所喜好的平台"],
    // The template already says 能.
    ["透過社群媒體的活動能提高公司的曝光機會。", "透過社群媒體的活動提高公司的曝光機會"],
    ["能運用統計工具分析數據。", "運用統計工具分析數據"],
    // Footnote markers and inner full stops.
    ["完成測試【註2】。並記錄結果。", "完成測試，並記錄結果"],
  ])("%s", (text, expected) => {
    expect(adaptIndicator(text)).toBe(expected);
  });

  it("keeps 應 where it is part of a word", () => {
    expect(adaptIndicator("因應不同的經營目標及社群平台，確立目標網路群眾。")).toBe("因應不同的經營目標及社群平台，確立目標網路群眾");
    expect(adaptIndicator("即時回應網友問題。")).toBe("即時回應網友問題");
  });

  it("never returns an empty phrase", () => {
    expect(adaptIndicator("。")).toBe("。");
  });
});

describe("describeLevel", () => {
  const indicator = "依據組織目標及品牌經營策略選定適合的社群媒體。";

  it.each([1, 2, 3, 4, 5, 6])("words every band differently at 職能級別 %i", (level) => {
    const descriptors = BandSchema.options.map((band) => describeLevel(indicator, level, band));
    expect(new Set(descriptors).size).toBe(BandSchema.options.length);
    for (const d of descriptors) expect(d).toContain("依據組織目標及品牌經營策略選定適合的社群媒體");
  });

  it("words the same band differently at each 職能級別", () => {
    for (const band of BandSchema.options) {
      const byLevel = [1, 2, 3, 4, 5, 6].map((level) => describeLevel(indicator, level, band));
      expect(new Set(byLevel).size).toBe(6);
    }
  });

  it("follows the iCAP definitions of supervision and independence", () => {
    expect(describeLevel(indicator, 1, "meets")).toContain("密切督導");
    expect(describeLevel(indicator, 2, "meets")).toContain("定期督導");
    expect(describeLevel(indicator, 3, "meets")).toContain("一般督導下獨立");
    expect(describeLevel(indicator, 4, "meets")).toContain("少量督導下獨立規劃");
    expect(describeLevel(indicator, 5, "meets")).toContain("極少督導下自主");
    expect(describeLevel(indicator, 6, "meets")).toContain("策略與決策");
  });

  it("refuses a level outside 1–6", () => {
    expect(() => describeLevel(indicator, 7, "meets")).toThrow(RangeError);
  });
});

describe("evidence wording", () => {
  it("turns a skill noun into an observable checklist item", () => {
    expect(skillChecklistText("網路社群敏感力", "確立經營目標、受眾群與選擇社群平台")).toBe(
      "展現網路社群敏感力：在「確立經營目標、受眾群與選擇社群平台」的實作中能適時運用，且運用得當、合乎任務要求",
    );
    // A skill title without 能力 gets it, so that 展現 has an ability to show.
    expect(skillChecklistText("數位媒體操作", "統整媒體廣告素材")).toMatch(/^展現數位媒體操作能力：/u);
    expect(skillChecklistText("提案技巧", "規劃網路廣告")).toMatch(/^展現提案技巧：/u);
  });

  it("keeps a unit's sentence-like skill as a sentence", () => {
    expect(skillChecklistText("管控與檢視社群媒體數據，以檢視社群媒體在為期一個月的績效，並對未來改善提出建議。", "評估社群媒體的績效")).toBe(
      "在「評估社群媒體的績效」的實作中，能管控與檢視社群媒體數據，以檢視社群媒體在為期一個月的績效，並對未來改善提出建議",
    );
  });

  it("states an attitude with its description", () => {
    expect(attitudeChecklistText("彈性", "能夠敞開心胸，調整行為或工作方法以適應新資訊。")).toBe(
      "表現彈性：能夠敞開心胸，調整行為或工作方法以適應新資訊",
    );
    expect(attitudeChecklistText("團隊意識", "")).toBe("於實作過程中表現團隊意識的態度");
  });

  it.each([
    ["廣電三法", "請說明廣電三法中與「確立經營目標」相關的規定，並舉例說明執行時應注意哪些事項。"],
    ["網路安全與法規", "請說明網路安全與法規中與「確立經營目標」相關的規定，並舉例說明執行時應注意哪些事項。"],
    ["廣告法規相關知識概念", "請說明廣告法規中與「確立經營目標」相關的規定，並舉例說明執行時應注意哪些事項。"],
    ["統計分析概論", "請說明統計分析的基本觀念，並舉例說明如何運用於「確立經營目標」。"],
    ["社群平台相關知識", "請說明社群平台的基本觀念，並舉例說明如何運用於「確立經營目標」。"],
    ["追蹤社群媒體活動的工具與方法", "請說明追蹤社群媒體活動的工具與方法的要點，並舉例說明它與「確立經營目標」的關係。"],
    ["產業趨勢", "請說明產業趨勢的要點，並舉例說明它與「確立經營目標」的關係。"],
    [
      "透過社群媒體的使用技巧能達到的效果如下：包含客戶參與度、品牌知名度...等。",
      "請說明下列知識的重點，並舉例說明如何應用於「確立經營目標」：透過社群媒體的使用技巧能達到的效果，包含客戶參與度、品牌知名度...等。",
    ],
  ])("asks about %s", (knowledge, prompt) => {
    expect(questionPrompt(knowledge, "確立經營目標")).toBe(prompt);
  });

  it("names a work record for a task without outputs", () => {
    expect(workProductFallbackTitle("監督社群媒體的使用")).toBe("「監督社群媒體的使用」之工作成果（文件、紀錄或檔案）");
  });
});
