import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { StandardCounts, StandardTree, StandardWarnings } from "~/components/standard-tree";
import { decodeStandardBytes, MAX_STANDARD_BYTES } from "~/domain/standard/decode";
import { StandardParseError } from "~/domain/standard/errors";
import { parseStandard } from "~/domain/standard/parse";
import { countStandard } from "~/domain/standard/versioning";
import type { ParsedStandard } from "~/domain/standard/types";
import { checkStandardImport, importStandard, StandardImportConflict } from "~/models/standard.server";
import { requireAdmin } from "~/utils/auth.server";
import { readSmallForm, FormReadError } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "匯入職能基準｜職能評量建構平台" }];

// A decoded Big5 file grows by half in UTF-8 when it comes back as the confirm form's text.
const MAX_PART_BYTES = Math.ceil(MAX_STANDARD_BYTES * 1.6);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

type ActionResult =
  | { kind: "error"; message: string }
  | { kind: "preview"; parsed: ParsedStandard; counts: ReturnType<typeof countStandard>; sourceText: string; check: Awaited<ReturnType<typeof checkStandardImport>> };

async function sourceBytes(form: FormData): Promise<Uint8Array | null> {
  const file = form.get("file");
  // An uploaded empty file is bad input for the parser to name, not a missing field.
  if (file instanceof File && (file.size > 0 || file.name !== "")) return new Uint8Array(await file.arrayBuffer());
  const text = form.get("text");
  if (typeof text === "string" && text.trim() !== "") return new TextEncoder().encode(text);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  let form: FormData;
  try {
    form = await readSmallForm(request, { maxPartBytes: MAX_PART_BYTES, maxTotalBytes: MAX_PART_BYTES * 2, tooLargeMessage: "檔案超過 2 MB 上限，職能基準的文字檔不會這麼大；請確認上傳的是 iCAP 匯出的文字檔。" });
  } catch (error) {
    if (error instanceof FormReadError) return data<ActionResult>({ kind: "error", message: error.message }, { status: error.status });
    throw error;
  }
  const intent = form.get("intent");
  const bytes = await sourceBytes(form);
  if (!bytes) return data<ActionResult>({ kind: "error", message: "請選擇檔案，或貼上職能基準的文字內容。" }, { status: 400 });

  let parsed: ParsedStandard;
  let sourceText: string;
  try {
    sourceText = decodeStandardBytes(bytes);
    parsed = parseStandard(sourceText);
  } catch (error) {
    if (error instanceof StandardParseError) {
      return data<ActionResult>({ kind: "error", message: error.message }, { status: error.reason === "too-large" ? 413 : 422 });
    }
    throw error;
  }

  if (intent === "confirm") {
    try {
      const standard = await importStandard({ institutionId: admin.institutionId, actorId: admin.id, parsed, sourceText });
      return redirect(`/admin/standards/${standard.id}`);
    } catch (error) {
      if (error instanceof StandardImportConflict) {
        return data<ActionResult>({ kind: "error", message: `${parsed.code}（${parsed.name}）這個版本已經匯入過，不可重複匯入。` }, { status: 409 });
      }
      throw error;
    }
  }
  const check = await checkStandardImport({ institutionId: admin.institutionId, parsed });
  return data<ActionResult>({ kind: "preview", parsed, counts: countStandard(parsed), sourceText, check });
}

function ImportCheckMessage({ check, code }: { check: Extract<ActionResult, { kind: "preview" }>["check"]; code: string }) {
  switch (check.status) {
    case "duplicate":
      return (
        <p className="form-error" role="alert">
          {code} 這個版本已經匯入過（<Link to={`/admin/standards/${check.existingId}`}>查看</Link>），不可重複匯入。
        </p>
      );
    case "older":
      return <p className="warning">這是比已匯入的 {check.newestCode} 更舊的版本；匯入後會列在版本鏈中較早的位置。</p>;
    case "new_version":
      return (
        <div className="notice">
          <p>
            這是 <Link to={`/admin/standards/${check.previous.id}`}>{check.previous.code}</Link> 的新版本，匯入後兩個版本會互相連結。行為指標的變更：
            新增 {check.diff.added.length}、刪除 {check.diff.removed.length}、修改文字 {check.diff.reworded.length}、未變 {check.diff.unchanged}。
          </p>
        </div>
      );
    default:
      return null;
  }
}

export default function ImportStandardPage() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/admin/standards">← 職能基準</Link>
      </p>
      <h1>匯入職能基準或職能單元</h1>
      <div className="panel">
        <p className="muted">
          上傳由 iCAP 匯出的職能基準或職能單元文字檔（UTF-8、UTF-16 或 Big5，最大 2 MB），或直接貼上內容。匯入前會先顯示解析結果供您確認。
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          {result?.kind === "error" ? (
            <p className="form-error" role="alert">
              {result.message}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="standard-file">職能基準檔案</label>
            <input id="standard-file" name="file" type="file" accept=".txt,.tsv,.csv,text/plain" />
          </div>
          <div className="field">
            <label htmlFor="standard-text">或貼上文字內容</label>
            <textarea id="standard-text" name="text" rows={6} />
          </div>
          <div className="actions">
            <button type="submit" name="intent" value="preview" disabled={busy}>
              {busy ? "解析中…" : "預覽"}
            </button>
          </div>
        </Form>
      </div>
      {result?.kind === "preview" ? (
        <section className="panel" aria-labelledby="preview-title">
          <h2 id="preview-title">
            預覽：{result.parsed.code} {result.parsed.name}
          </h2>
          <p>
            {result.parsed.kind === "unit" ? "職能單元" : "職能基準"}・級別 {result.parsed.level}
            {result.parsed.description ? `・${result.parsed.description}` : ""}
          </p>
          <StandardCounts counts={result.counts} />
          <ImportCheckMessage check={result.check} code={result.parsed.code} />
          <StandardWarnings warnings={result.parsed.warnings} />
          <StandardTree standard={result.parsed} />
          {result.check.status !== "duplicate" ? (
            <Form method="post" encType="multipart/form-data" className="actions">
              <textarea name="text" defaultValue={result.sourceText} hidden readOnly aria-hidden="true" />
              <button type="submit" name="intent" value="confirm" disabled={busy}>
                確認匯入
              </button>
              <span className="muted">確認後才會儲存。</span>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
