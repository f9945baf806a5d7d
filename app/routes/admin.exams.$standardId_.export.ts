import type { LoaderFunctionArgs } from "@remix-run/node";
import { bankRowsForExport, bankRowsToCsv } from "~/domain/exam/bank-file";
import { getStandardCodes, listBankItems } from "~/models/exam-bank.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { spreadsheetResponse } from "~/utils/download.server";

/** The whole bank in the import format, so it can be edited in a spreadsheet and imported back. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const scope = { institutionId: admin.institutionId, standardId: params.standardId ?? "" };
  const standard = await getStandardCodes(scope);
  if (!standard) notFound();
  const items = await listBankItems(scope);
  const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "xlsx";
  return spreadsheetResponse(bankRowsForExport(items), { format, fileName: `${standard.code}-題庫`, sheetName: "題庫", toCsv: bankRowsToCsv });
}
