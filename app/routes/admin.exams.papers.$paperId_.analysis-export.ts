import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/csv";
import { DISCRIMINATION_BAND_LABELS, ITEM_FLAG_LABELS } from "~/domain/exam/item-analysis";
import { COGNITIVE_LEVEL_LABELS, ITEM_TYPE_LABELS, OPTION_LETTERS } from "~/domain/exam/types";
import { getItemAnalysis } from "~/models/exam-analysis.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { spreadsheetResponse } from "~/utils/download.server";

const num = (value: number | null, digits = 4) => (value === null ? "" : value.toFixed(digits));

/** The item analysis table as XLSX or CSV, one row per item, for the institution's records. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const url = new URL(request.url);
  const view = await getItemAnalysis({ institutionId: admin.institutionId, paperId: params.paperId ?? "", form: url.searchParams.get("form") });
  if (!view) notFound();
  const optionCount = Math.max(0, ...view.analysis.items.map((s) => s.options.length));
  const letters = [...OPTION_LETTERS.slice(0, optionCount)];
  const header = ["題序", "題庫編號", "題型", "知識代碼", "認知層次", "配分", "平均得分", "難度P", "高分組P", "低分組P", "鑑別度D", "點二系列相關r", "刪題後信度", "鑑別度評等", "旗標", ...letters.map((l) => `選項${l}比例`), "正確答案", "未作答比例"];
  const rows = view.items.map((item) => {
    const s = view.analysis.items.find((x) => x.key === item.revisionId)!;
    return [
      String(item.position),
      `Q${String(item.number).padStart(3, "0")}`,
      ITEM_TYPE_LABELS[item.type],
      item.code,
      COGNITIVE_LEVEL_LABELS[item.level],
      String(s.max),
      num(s.meanScore),
      num(s.difficulty),
      num(s.upperDifficulty),
      num(s.lowerDifficulty),
      num(s.discrimination),
      num(s.restCorrelation),
      num(s.reliabilityIfDeleted),
      s.band ? DISCRIMINATION_BAND_LABELS[s.band] : "",
      s.flags.map((f) => ITEM_FLAG_LABELS[f]).join("、"),
      ...letters.map((_, i) => num(s.options[i]?.share ?? null)),
      s.options.filter((o) => o.isKey).map((o) => o.letter).join(""),
      num(s.blankShare),
    ];
  });
  const t = view.analysis.test;
  const summary = [[], ["分析人數", String(t.n)], ["待評分未納入", String(t.excluded)], ["平均", num(t.mean)], ["標準差", num(t.sd)], [t.reliability.method === "KR-20" ? "KR-20" : "Cronbach's α", num(t.reliability.value)], ["測量標準誤", num(t.sem)]];
  return spreadsheetResponse([header, ...rows, ...summary], {
    format: url.searchParams.get("format") === "csv" ? "csv" : "xlsx",
    fileName: `${view.paper.title}-${view.form}卷-試題分析`,
    sheetName: "試題分析",
    toCsv: (r) => `\uFEFF${toCsv(r)}`,
  });
}
