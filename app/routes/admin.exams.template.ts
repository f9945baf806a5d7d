import type { LoaderFunctionArgs } from "@remix-run/node";
import { bankRowsToCsv, bankTemplateRows } from "~/domain/exam/bank-file";
import { requireAdmin } from "~/utils/auth.server";
import { spreadsheetResponse } from "~/utils/download.server";

/** The bank file template: the columns with zh-TW headers and one example row per item type. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "xlsx";
  return spreadsheetResponse(bankTemplateRows(), { format, fileName: "題庫範本", sheetName: "題庫", toCsv: bankRowsToCsv });
}
