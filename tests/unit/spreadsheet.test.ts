import zlib from "node:zlib";

import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";

import { bankRowsForExport, bankTemplateRows, parseBankRows } from "~/domain/exam/bank-file";
import { MAX_SHEET_ROWS, readXlsxRows, SpreadsheetError, writeXlsx } from "~/utils/spreadsheet.server";

const K01_K04 = { knownCodes: { K: ["K01", "K02", "K03", "K04"], S: [], P: [] }, existingNumbers: [] };

async function readError(input: Uint8Array, options?: Parameters<typeof readXlsxRows>[1]): Promise<SpreadsheetError> {
  try {
    await readXlsxRows(input, options);
  } catch (error) {
    if (error instanceof SpreadsheetError) return error;
    throw error;
  }
  throw new Error("expected a SpreadsheetError");
}

/** A ZIP of deflated entries, as Excel writes one; `declaredSize` lets a test lie about an entry. */
function zip(entries: { name: string; data: string | Buffer; declaredSize?: number }[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.from(entry.data);
    const compressed = zlib.deflateRawSync(data);
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? data.byteLength;
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, compressed);
    directory.push(central, name);
    offset += 30 + name.byteLength + compressed.byteLength;
  }
  const centralDirectory = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralDirectory, end]);
}

/** The smallest workbook Excel accepts: one sheet, inline strings, no styles or shared strings. */
function minimalXlsx(sheetData: string, extra: { name: string; data: string | Buffer; declaredSize?: number }[] = []): Buffer {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return zip([
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: "_rels/.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="題庫" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: "xl/worksheets/sheet1.xml", data: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${sheetData}</sheetData></worksheet>` },
    ...extra,
  ]);
}

describe("write → read", () => {
  it("gives back the same text: Chinese, leading zeros, things Excel would take for numbers, dates or formulas", async () => {
    const rows = [
      ["題號", "題幹", "選項A", "選項B"],
      ["0012", "「觸及人數」指的是什麼？\n（單選）", "1E5", "2024-03-05"],
      ["Q001", "=SUM(A1:A3)", "TRUE", "  前後空白  "],
      ["", "中間有空白儲存格", "", "D"],
    ];
    const back = await readXlsxRows(await writeXlsx(rows, { sheetName: "題庫" }));
    expect(back).toEqual(rows);
  });

  it("drops trailing empty cells and rows, keeps empty rows in the middle so row numbers hold", async () => {
    const rows = [["題型", "題幹", ""], [], ["是非", "甲", "", ""], ["", ""]];
    expect(await readXlsxRows(await writeXlsx(rows, { sheetName: "S" }))).toEqual([["題型", "題幹"], [], ["是非", "甲"]]);
  });

  it("a bank export survives the trip through a workbook and imports as it was", async () => {
    const items = bankRowsForExport([
      { number: 7, status: "active", content: parseItems(bankTemplateRows())[0].content },
      { number: 8, status: "retired", content: parseItems(bankTemplateRows())[3].content },
    ]);
    const back = await readXlsxRows(await writeXlsx(items, { sheetName: "題庫" }));
    const result = parseBankRows(back, { ...K01_K04, existingNumbers: [7, 8] });
    expect(result.ok && result.items.map((i) => [i.number, i.status, i.content])).toEqual([
      [7, "active", parseItems(bankTemplateRows())[0].content],
      [8, "retired", parseItems(bankTemplateRows())[3].content],
    ]);
  });

  it("the header is bold and frozen, cells and columns are Text format, widths fit the content", async () => {
    const buffer = await writeXlsx(
      [
        ["題號", "題幹", "答案"],
        ["Q001", "在 Facebook 粉絲專頁的洞察報告中，「觸及人數」指的是下列何者？", "B"],
      ],
      { sheetName: "題庫", columnWidths: [10] },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("題庫")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A2").font?.bold).toBeFalsy();
    expect(sheet.getCell("A2").numFmt).toBe("@");
    expect(sheet.getColumn(3).numFmt).toBe("@");
    expect(sheet.getColumn(1).width).toBe(10);
    expect(sheet.getColumn(2).width).toBe(60);
    expect(sheet.getColumn(3).width).toBe(8);
  });

  it("refuses a sheet name Excel would refuse and a cell Excel cannot hold", async () => {
    await expect(writeXlsx([["a"]], { sheetName: "題庫/2024" })).rejects.toThrow(/worksheet name/);
    await expect(writeXlsx([["a\u0001b"]], { sheetName: "S" })).rejects.toThrow(/Cell A1/);
    await expect(writeXlsx([["a"], ["", "x".repeat(32_768)]], { sheetName: "S" })).rejects.toThrow(/Cell B2/);
  });
});

function parseItems(rows: string[][]) {
  const result = parseBankRows(rows, K01_K04);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.items;
}

describe("reads cells as the text Excel shows", () => {
  it("numbers, dates, booleans, rich text, formulas' results, hyperlinks, errors, merged cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("題庫");
    sheet.getRow(1).values = ["題號", "數字", "小數", "日期", "布林", "格式化文字", "公式", "連結", "錯誤", "合併"];
    sheet.getRow(2).values = [
      12,
      1e5,
      0.1 + 0.2,
      new Date(Date.UTC(2024, 2, 5)),
      true,
      { richText: [{ text: "觸及" }, { text: "人數", font: { bold: true } }] },
      { formula: "B2*2", result: 200000 },
      { text: "公平會規範", hyperlink: "https://www.ftc.gov.tw/" },
      { error: "#N/A" },
      "合併的值",
    ];
    sheet.getCell("K2").value = "右半";
    sheet.mergeCells("J2:K2");
    sheet.getCell("D2").numFmt = "yyyy/m/d";
    const rows = await readXlsxRows(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows[1]).toEqual(["12", "100000", "0.3", "2024-03-05", "TRUE", "觸及人數", "200000", "公平會規範", "#N/A", "合併的值"]);
  });

  it("a formula without a calculated result is refused, naming the cell", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("題庫").getCell("B3").value = { formula: "A1&A2" } as ExcelJS.CellFormulaValue;
    const error = await readError(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(error.message).toBe("儲存格 B3 的公式沒有計算結果。請用 Excel 開啟檔案、存檔後再上傳");
  });

  it("the first visible sheet in tab order", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("說明", { state: "hidden" }).getCell("A1").value = "隱藏的說明";
    workbook.addWorksheet("題庫").getCell("A1").value = "題型";
    workbook.addWorksheet("代碼表").getCell("A1").value = "K01";
    expect(await readXlsxRows(Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual([["題型"]]);
  });

  it("a workbook not written by exceljs: inline strings, no styles, no shared strings", async () => {
    const file = minimalXlsx(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>題號</t></is></c><c r="B1" t="inlineStr"><is><t>題幹</t></is></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is><t>0012</t></is></c><c r="B3" t="inlineStr"><is><t>社群行銷</t></is></c><c r="C3"><v>3.5</v></c></row>',
    );
    expect(await readXlsxRows(new Uint8Array(file))).toEqual([["題號", "題幹"], [], ["0012", "社群行銷", "3.5"]]);
  });
});

describe("refuses what it cannot or should not read, in words an admin can act on", () => {
  const NOT_XLSX = "檔案不是 Excel 活頁簿（.xlsx），或已經損毀。請在 Excel 中以「Excel 活頁簿（.xlsx）」格式存檔後再上傳";

  it.each([
    ["garbage", Buffer.from("this is not a workbook at all, just some text")],
    ["an empty file", Buffer.alloc(0)],
    ["a CSV file", Buffer.from("\uFEFF題型,題幹\r\n是非,甲\r\n")],
    ["a ZIP that is not a workbook (a .docx)", zip([{ name: "word/document.xml", data: "<w:document/>" }])],
    ["a truncated workbook", minimalXlsx("").subarray(0, 300)],
  ])("%s", async (_, input) => {
    expect((await readError(input)).message).toBe(NOT_XLSX);
  });

  it("a password-protected workbook (an encrypted OLE package) and an old .xls", async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = Buffer.concat([ole, Buffer.alloc(500), Buffer.from("EncryptedPackage", "utf16le"), Buffer.alloc(100)]);
    expect((await readError(encrypted)).message).toContain("檔案設有密碼保護");
    const xls = Buffer.concat([ole, Buffer.alloc(500), Buffer.from("Workbook", "utf16le"), Buffer.alloc(100)]);
    expect((await readError(xls)).message).toContain("舊版 Excel 97–2003 活頁簿（.xls）");
  });

  it(`more than ${MAX_SHEET_ROWS} rows under the header`, async () => {
    const rows = [["題型", "題幹"], ...Array.from({ length: MAX_SHEET_ROWS + 1 }, (_, i) => ["是非", `第 ${i + 1} 題`])];
    const buffer = await writeXlsx(rows, { sheetName: "題庫" });
    expect((await readError(buffer)).message).toBe("工作表「題庫」標題列以下有 5,001 列，超過 5,000 列的上限，請分批匯入");
    expect(await readXlsxRows(buffer, { maxRows: MAX_SHEET_ROWS + 1 })).toHaveLength(MAX_SHEET_ROWS + 2);
  });

  it("more than 60 columns", async () => {
    const buffer = await writeXlsx([Array.from({ length: 61 }, (_, i) => `欄${i + 1}`)], { sheetName: "題庫" });
    expect((await readError(buffer)).message).toBe("工作表「題庫」超過 60 欄的上限（BI 欄還有資料），請刪除多餘的欄位");
  });

  it("a ZIP bomb: an entry that inflates past the limit", async () => {
    // 70 MB of spaces deflate to about 70 KB.
    const bomb = minimalXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>題型</t></is></c></row>', [
      { name: "xl/media/padding.bin", data: Buffer.alloc(70 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    expect((await readError(bomb)).message).toBe("活頁簿解壓縮後的內容過大，無法讀取。請只保留題庫工作表，或分批匯入");
  });

  it("a ZIP bomb that lies about its size is stopped when it inflates past what it declared", async () => {
    const liar = minimalXlsx("", [{ name: "xl/media/padding.bin", data: Buffer.alloc(50 * 1024 * 1024, 0x20), declaredSize: 1000 }]);
    expect((await readError(liar)).message).toBe("活頁簿解壓縮後的內容過大，無法讀取。請只保留題庫工作表，或分批匯入");
  });

  it("a compact sheet of many empty rows is refused before it is parsed", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `<row r="${i + 1}"/>`).join("");
    const started = Date.now();
    expect((await readError(minimalXlsx(rows))).message).toBe(
      "工作表的列數或儲存格過多，無法讀取。請刪除多餘的列與欄（包括只有格式的空白列），或分批匯入",
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
