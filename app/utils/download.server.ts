import { writeXlsx } from "./spreadsheet.server";

/**
 * An attachment header that keeps a Chinese file name: an ASCII fallback for old clients and the
 * RFC 6266 / RFC 5987 `filename*` that browsers use.
 */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Rows as an XLSX or a CSV (UTF-8 with BOM, for Excel) download. */
export async function spreadsheetResponse(
  rows: string[][],
  { format, fileName, sheetName, toCsv }: { format: "csv" | "xlsx"; fileName: string; sheetName: string; toCsv: (rows: string[][]) => string },
): Promise<Response> {
  if (format === "csv") {
    return new Response(toCsv(rows), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": attachmentHeader(`${fileName}.csv`) },
    });
  }
  const body = await writeXlsx(rows, { sheetName });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": attachmentHeader(`${fileName}.xlsx`),
    },
  });
}
