import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnrolmentRowSchema, MAX_ENROLMENT_ROWS, parseCsvRecords, parseEnrolmentCsv, type EnrolmentCsvResult } from "./enrolment-csv";

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = "\uFEFF";

function rowsOf(result: EnrolmentCsvResult) {
  if (!result.ok) throw new Error(`expected rows, got errors:\n${result.errors.map((e) => e.message).join("\n")}`);
  return result.rows;
}
function errorsOf(result: EnrolmentCsvResult) {
  if (result.ok) throw new Error("expected errors, got rows");
  return result.errors;
}

describe("reads what admins actually upload", () => {
  it("Excel's 「CSV UTF-8」: BOM, CRLF, zh-TW headers", () => {
    const file = utf8(`${BOM}姓名,學員編號,電子郵件\r\n王小明,A001,ming@example.com\r\n陳美玲,A002,\r\n`);
    expect(rowsOf(parseEnrolmentCsv(file))).toEqual([
      { line: 2, name: "王小明", candidateNumber: "A001", email: "ming@example.com" },
      { line: 3, name: "陳美玲", candidateNumber: "A002", email: null },
    ]);
  });

  it("English headers in any order and spelling, LF, no BOM, no e-mail column", () => {
    for (const header of ["Candidate Number,Name", "candidateNumber,name", "candidate_number,NAME"]) {
      expect(rowsOf(parseEnrolmentCsv(`${header}\nB-17,林志豪\nb_18,張雅婷`))).toEqual([
        { line: 2, name: "林志豪", candidateNumber: "B-17", email: null },
        { line: 3, name: "張雅婷", candidateNumber: "b_18", email: null },
      ]);
    }
  });

  it("a string with a BOM (as a textarea paste or File.text() may give it)", () => {
    expect(rowsOf(parseEnrolmentCsv(`${BOM}姓名,學員編號\n王小明,A001`))).toHaveLength(1);
  });

  it("quoted fields with commas, doubled quotes and spaces around them", () => {
    const file = ['name,candidate number,email', '"Chen, Mei-Ling",C001,mei@example.com', ' "陳大文 ""David""" ,C002, "david@example.com" '].join("\n");
    expect(rowsOf(parseEnrolmentCsv(file))).toEqual([
      { line: 2, name: "Chen, Mei-Ling", candidateNumber: "C001", email: "mei@example.com" },
      { line: 3, name: '陳大文 "David"', candidateNumber: "C002", email: "david@example.com" },
    ]);
  });

  it("skips blank rows, including the ',,' rows Excel writes, and trims cells", () => {
    const file = "姓名,學員編號,電子郵件\n\n  王小明 , A001 ,\n,,\n陳美玲,A002,\n\n";
    expect(rowsOf(parseEnrolmentCsv(file)).map((r) => [r.line, r.name, r.candidateNumber])).toEqual([
      [3, "王小明", "A001"],
      [5, "陳美玲", "A002"],
    ]);
  });

  it("accepts a row that leaves out trailing empty cells, and trailing empty cells past the header", () => {
    expect(rowsOf(parseEnrolmentCsv("學員編號,姓名,電子郵件\nA001,王小明\nA002,陳美玲,,,"))).toHaveLength(2);
  });
});

describe("every faulty row is listed, nothing is partial", () => {
  it("a file with three faulty rows lists all three, with their lines", () => {
    const file = [
      "姓名,學員編號,電子郵件",
      "王小明,A001,ming@example.com",
      ",A002,", // line 3: no name
      "陳美玲,A003,mei@example.com",
      "林志豪,A004,zhihao@example", // line 5: e-mail without a domain
      "張雅婷,a001,", // line 6: same number as line 2
      "黃大偉,A007,",
    ].join("\r\n");
    const errors = errorsOf(parseEnrolmentCsv(file));
    expect(errors).toEqual([
      { line: 3, column: "name", message: "第 3 行：缺少姓名" },
      { line: 5, column: "email", message: "第 5 行：電子郵件「zhihao@example」格式不正確" },
      { line: 6, column: "candidateNumber", message: "第 6 行：學員編號「a001」與第 2 行重複" },
    ]);
  });

  it.each([
    ["王小明,", "第 2 行：缺少學員編號"],
    ["王小明,Ａ００１", "第 2 行：學員編號「Ａ００１」只能使用半形英文字母、數字、「-」或「_」"],
    ["王小明,A 001", "第 2 行：學員編號「A 001」只能使用半形英文字母、數字、「-」或「_」"],
    [`王小明,${"A".repeat(33)}`, "第 2 行：學員編號不可超過 32 個字元"],
    [`${"王".repeat(101)},A001`, "第 2 行：姓名不可超過 100 個字"],
    ['"王\n小明",A001', "第 2 行：姓名不可包含換行或控制字元"],
    ["王小明,A001,,備註", "第 2 行：有資料位於沒有欄位名稱的欄位（請檢查是否多了逗號）"],
  ])("%j", (row, message) => {
    expect(errorsOf(parseEnrolmentCsv(`姓名,學員編號,電子郵件\n${row}`)).map((e) => e.message)).toEqual([message]);
  });

  it("one row with two problems gets both", () => {
    expect(errorsOf(parseEnrolmentCsv("姓名,學員編號,電子郵件\n,A 1,x@")).map((e) => e.column)).toEqual([
      "name",
      "candidateNumber",
      "email",
    ]);
  });

  it("line numbers follow the file even after a quoted cell spans two lines", () => {
    const file = '姓名,學員編號\n"王\n小明",A001\n陳美玲,\n';
    expect(errorsOf(parseEnrolmentCsv(file)).map((e) => e.line)).toEqual([2, 4]);
  });

  it(`more than ${MAX_ENROLMENT_ROWS} rows`, () => {
    const rows = Array.from({ length: MAX_ENROLMENT_ROWS + 5 }, (_, i) => `學員${i},N${i}`);
    const errors = errorsOf(parseEnrolmentCsv(["姓名,學員編號", ...rows].join("\n")));
    expect(errors).toEqual([{ line: MAX_ENROLMENT_ROWS + 2, message: `第 ${MAX_ENROLMENT_ROWS + 2} 行：資料超過 2000 筆上限（本檔案有 2005 筆），請分批匯入` }]);
  });

  it(`exactly ${MAX_ENROLMENT_ROWS} rows is fine`, () => {
    const rows = Array.from({ length: MAX_ENROLMENT_ROWS }, (_, i) => `學員${i},N${i}`);
    expect(rowsOf(parseEnrolmentCsv(["姓名,學員編號", ...rows].join("\n")))).toHaveLength(MAX_ENROLMENT_ROWS);
  });
});

describe("header problems", () => {
  it("an unknown column is reported, and the rows are still checked", () => {
    const errors = errorsOf(parseEnrolmentCsv("姓名,學員編號,電郵\n王小明,A001,x\n,A002,y"));
    expect(errors.map((e) => e.message)).toEqual([
      "第 1 行：無法辨識的欄位名稱「電郵」（可用：姓名、學員編號、電子郵件）",
      "第 3 行：缺少姓名",
    ]);
  });

  it("a missing required column stops there: the rows cannot be read", () => {
    expect(errorsOf(parseEnrolmentCsv("姓名,電子郵件\n王小明,ming@example.com")).map((e) => e.message)).toEqual([
      "第 1 行：缺少必要欄位「學員編號」（第一列必須是標題列）",
    ]);
  });

  it("a file without a header row", () => {
    expect(errorsOf(parseEnrolmentCsv("王小明,A001\n陳美玲,A002")).map((e) => e.message)).toEqual([
      "第 1 行：無法辨識的欄位名稱「王小明」、「A001」（可用：姓名、學員編號、電子郵件）",
      "第 1 行：缺少必要欄位「姓名」、「學員編號」（第一列必須是標題列）",
    ]);
  });

  it("a column given twice", () => {
    expect(errorsOf(parseEnrolmentCsv("姓名,name,學員編號\n王小明,王小明,A001")).map((e) => e.message)).toEqual([
      "第 1 行：欄位「姓名」重複出現",
    ]);
  });

  it.each([
    ["an empty file", "", "第 1 行：檔案是空的，第一列應為標題列（姓名、學員編號、電子郵件）"],
    ["only blank lines", "\r\n\r\n", "第 1 行：檔案是空的，第一列應為標題列（姓名、學員編號、電子郵件）"],
    ["a header and no rows", "姓名,學員編號\r\n", "第 2 行：沒有任何學員資料"],
  ])("%s", (_, file, message) => {
    expect(errorsOf(parseEnrolmentCsv(file)).map((e) => e.message)).toEqual([message]);
  });
});

describe("files that are not what they claim", () => {
  it("Big5 (Excel's plain 「CSV」 in Taiwan) is refused with the way out", () => {
    // "姓名,學員編號" in Big5, then a line in plain ASCII.
    const big5 = new Uint8Array([0xa9, 0x6d, 0xa6, 0x57, 0x2c, 0xbe, 0xc7, 0xad, 0xfb, 0xbd, 0x73, 0xb8, 0xb9, 0x0a]);
    const [error] = errorsOf(parseEnrolmentCsv(big5));
    expect(error.line).toBe(1);
    expect(error.message).toContain("不是 UTF-8 編碼");
    expect(error.message).toContain("CSV UTF-8");
  });

  it("names the line of the first bad byte", () => {
    const bytes = new Uint8Array([...utf8("姓名,學員編號\n王小明,A001\n"), 0xb3, 0xaf, 0x2c, 0x41, 0x0a]);
    expect(errorsOf(parseEnrolmentCsv(bytes))[0].line).toBe(3);
  });

  it.each([
    ["an unterminated quote", '姓名,學員編號\n王小明,A001\n"陳美玲,A002\n林志豪,A003', 3, "第 3 行：引號沒有結束"],
    ["text after a closing quote", '姓名,學員編號\n"王"小明,A001', 2, "第 2 行：引號欄位結束後還有其他字元"],
  ])("%s", (_, file, line, message) => {
    const errors = errorsOf(parseEnrolmentCsv(file));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(line);
    expect(errors[0].message).toContain(message);
  });

  it("too large in UTF-8 even when the string looks short enough", () => {
    // 700,000 CJK characters are 2.1 MB in UTF-8.
    expect(errorsOf(parseEnrolmentCsv(`姓名,學員編號\n${"王".repeat(700_000)},A001`))[0].line).toBe(0);
  });

  it("too large", () => {
    expect(errorsOf(parseEnrolmentCsv(new Uint8Array(3 * 1024 * 1024)))).toEqual([
      { line: 0, message: "檔案超過 2 MB 上限，請分批匯入" },
    ]);
  });
});

describe("parseCsvRecords", () => {
  it("RFC 4180: quotes, commas and line breaks inside quotes; CRLF, LF and CR line ends", () => {
    expect(parseCsvRecords('a,"b,1","c""d"\r\n"e\r\nf",g\rh,\ni')).toEqual({
      records: [
        { line: 1, fields: ["a", "b,1", 'c"d'] },
        { line: 2, fields: ["e\nf", "g"] },
        { line: 4, fields: ["h", ""] },
        { line: 5, fields: ["i"] },
      ],
    });
  });

  it("a quote inside an unquoted field is kept literally, as Excel reads it", () => {
    expect(parseCsvRecords('王"小明",A001')).toEqual({ records: [{ line: 1, fields: ['王"小明"', "A001"] }] });
  });

  it('an empty quoted field at the end of the file is a field ("")', () => {
    expect(parseCsvRecords('a,""')).toEqual({ records: [{ line: 1, fields: ["a", ""] }] });
  });

  it("property: whatever is written with quoting reads back the same", () => {
    const cell = fc.string({ unit: fc.constantFrom("王", "小", "明", "a", "1", ",", '"', "\n", "\r\n", " ", "-") });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (table) => {
        const text = table.map((row) => row.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\r\n");
        const parsed = parseCsvRecords(text);
        expect("records" in parsed && parsed.records.map((r) => r.fields)).toEqual(
          table.map((row) => row.map((c) => c.replaceAll("\r\n", "\n"))),
        );
      }),
    );
  });
});

describe("EnrolmentRowSchema, shared with the single-candidate form", () => {
  it("normalises an empty e-mail to null and keeps the rest as typed", () => {
    expect(EnrolmentRowSchema.parse({ name: " 王小明 ", candidateNumber: "A001", email: "" })).toEqual({
      name: "王小明",
      candidateNumber: "A001",
      email: null,
    });
  });
});
