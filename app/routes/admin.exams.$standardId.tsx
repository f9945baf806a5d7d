import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { MAX_BANK_FILE_BYTES, parseBankCsv, parseBankRows, type BankFileError } from "~/domain/exam/bank-file";
import { COGNITIVE_LEVEL_LABELS, DIFFICULTY_LABELS, ITEM_STATUS_LABELS, ITEM_TYPE_LABELS } from "~/domain/exam/types";
import { getBankContext, writeBankItems } from "~/models/exam-bank.server";
import { createBlueprint, listBlueprints, listPapers } from "~/models/exam-paper.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { FormReadError, readSmallForm } from "~/utils/form-data.server";
import { readXlsxRows, SpreadsheetError } from "~/utils/spreadsheet.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.standard.code} 題庫` : "題庫"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const scope = { institutionId: admin.institutionId, standardId: params.standardId ?? "" };
  const bank = await getBankContext(scope);
  if (!bank) notFound();
  const [blueprints, papers] = await Promise.all([listBlueprints(scope), listPapers(scope)]);
  return {
    standard: { id: bank.standard.id, code: bank.standard.code, name: bank.standard.name, knowledge: bank.standard.codes.K },
    items: bank.items,
    blueprints: blueprints.map((b) => ({ id: b.id, title: b.title, updatedAt: b.updatedAt, papers: b._count.papers })),
    papers,
  };
}

type ActionResult = { ok: true; message: string } | { ok: false; message: string; errors?: BankFileError[] };

const BlueprintTitleSchema = z.object({ title: z.string().trim().min(1, { error: "請輸入細目表名稱" }).max(100, { error: "名稱不可超過 100 字" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const scope = { institutionId: admin.institutionId, standardId: params.standardId ?? "" };
  let form: FormData;
  try {
    form = await readSmallForm(request, { maxPartBytes: MAX_BANK_FILE_BYTES, maxTotalBytes: MAX_BANK_FILE_BYTES + 64 * 1024, tooLargeMessage: "檔案超過 20 MB 上限；題庫檔不會這麼大，請確認選擇的檔案。" });
  } catch (error) {
    if (error instanceof FormReadError) return data<ActionResult>({ ok: false, message: error.message }, { status: error.status });
    throw error;
  }
  const intent = form.get("intent");

  if (intent === "create-blueprint") {
    const parsed = BlueprintTitleSchema.safeParse({ title: form.get("title") ?? "" });
    if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]!.message }, { status: 400 });
    const created = await createBlueprint({ ...scope, actorId: admin.id, title: parsed.data.title });
    if (!created) notFound();
    return redirect(`/admin/exams/blueprints/${created.id}`);
  }

  if (intent !== "import") return data<ActionResult>({ ok: false, message: "無法辨識的操作。" }, { status: 400 });
  const bank = await getBankContext(scope);
  if (!bank) notFound();
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
    return data<ActionResult>({ ok: false, message: "請選擇題庫檔（CSV 或 XLSX）。" }, { status: 400 });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) return data<ActionResult>({ ok: false, message: "檔案是空的。" }, { status: 400 });
  // An XLSX file is a ZIP ("PK"), whatever its name says.
  const isXlsx = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let result;
  try {
    result = isXlsx ? parseBankRows(await readXlsxRows(bytes), bank.context) : parseBankCsv(bytes, bank.context);
  } catch (error) {
    if (error instanceof SpreadsheetError) return data<ActionResult>({ ok: false, message: error.message }, { status: 422 });
    throw error;
  }
  if (!result.ok) {
    return data<ActionResult>({ ok: false, message: `檔案有 ${result.errors.length} 個問題，沒有匯入任何試題。請修正後重新上傳。`, errors: result.errors }, { status: 422 });
  }
  if (result.items.length === 0) return data<ActionResult>({ ok: false, message: "檔案中沒有任何試題。" }, { status: 422 });
  const written = await writeBankItems({ ...scope, actorId: admin.id, source: "import", rows: result.items });
  if (!written) notFound();
  return data<ActionResult>({ ok: true, message: `已匯入 ${result.items.length} 列：新增 ${written.created} 題、修改 ${written.revised} 題、未變更 ${written.unchanged} 題。` });
}

export default function BankPage() {
  const { standard, items, blueprints, papers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const base = `/admin/exams/${standard.id}`;
  const perCode = new Map(standard.knowledge.map((k) => [k.code, 0]));
  for (const item of items) if (item.status === "active") for (const c of item.content.codes) if (perCode.has(c)) perCode.set(c, perCode.get(c)! + 1);
  return (
    <>
      <p>
        <Link to="/admin/exams">← 筆試題庫與試卷</Link>
      </p>
      <div className="page-head">
        <h1>
          {standard.code} {standard.name}：題庫
        </h1>
        <Link className="button" to={`${base}/items/new`}>
          新增試題
        </Link>
      </div>

      {result ? (
        <div className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          <p>{result.message}</p>
          {!result.ok && result.errors ? (
            <ul>
              {result.errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <section className="panel" aria-labelledby="import-title">
        <h2 id="import-title">匯入與匯出</h2>
        <p className="muted">
          以試算表整批新增或修改試題：欄位為題號、題型、題幹、選項A–H、答案、參考答案、解析、職能代碼、認知層次、難度、狀態。題號留白為新增，填寫既有題號為修改。檔案中任何一列有誤，整個檔案都不會匯入。
        </p>
        <p className="actions">
          <a href="/admin/exams/template?format=xlsx">下載範本（XLSX）</a>
          <a href="/admin/exams/template?format=csv">下載範本（CSV）</a>
          <a href={`${base}/export?format=xlsx`}>匯出題庫（XLSX）</a>
          <a href={`${base}/export?format=csv`}>匯出題庫（CSV）</a>
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="intent" value="import" />
          <label>
            題庫檔（CSV 或 XLSX）
            <input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              檢查並匯入
            </button>
          </div>
        </Form>
      </section>

      <section className="panel" aria-labelledby="coverage-title">
        <h2 id="coverage-title">各知識項目的啟用試題</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">知識代碼</th>
                <th scope="col">知識內涵</th>
                <th scope="col">啟用試題</th>
              </tr>
            </thead>
            <tbody>
              {standard.knowledge.map((k) => (
                <tr key={k.code}>
                  <td>
                    <code>{k.code}</code>
                  </td>
                  <td>{k.title}</td>
                  <td>{perCode.get(k.code) === 0 ? <span className="badge warn">0</span> : perCode.get(k.code)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="blueprints-title">
        <h2 id="blueprints-title">雙向細目表</h2>
        {blueprints.length === 0 ? <p className="muted">尚未建立雙向細目表。</p> : null}
        <ul>
          {blueprints.map((b) => (
            <li key={b.id}>
              <Link to={`/admin/exams/blueprints/${b.id}`}>{b.title}</Link> <span className="muted">（更新於 {formatDate(b.updatedAt)}，已組 {b.papers} 份試卷）</span>
            </li>
          ))}
        </ul>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="create-blueprint" />
          <label>
            新細目表名稱
            <input name="title" required maxLength={100} defaultValue={`${standard.code} 學科測試細目表`} />
          </label>
          <button type="submit" disabled={busy}>
            建立雙向細目表
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="papers-title">
        <h2 id="papers-title">試卷</h2>
        {papers.length === 0 ? (
          <p className="muted">尚未組卷。</p>
        ) : (
          <ul>
            {papers.map((p) => (
              <li key={p.id}>
                <Link to={`/admin/exams/papers/${p.id}`}>{p.title}</Link> {p.publishedAt ? <span className="badge ok">已發布</span> : <span className="badge warn">草稿</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="items-title">
        <h2 id="items-title">試題（{items.length} 題）</h2>
        <div className="table-wrap">
          <table className="exam-table">
            <thead>
              <tr>
                <th scope="col">題號</th>
                <th scope="col">題型</th>
                <th scope="col">題幹</th>
                <th scope="col">職能代碼</th>
                <th scope="col">認知層次</th>
                <th scope="col">難度</th>
                <th scope="col">狀態</th>
                <th scope="col">版本</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`${base}/items/${item.id}`}>{item.label}</Link>
                  </td>
                  <td>{ITEM_TYPE_LABELS[item.content.type]}</td>
                  <td className="text">{item.content.stem.length > 60 ? `${item.content.stem.slice(0, 60)}…` : item.content.stem}</td>
                  <td>{item.content.codes.join("、")}</td>
                  <td>{COGNITIVE_LEVEL_LABELS[item.content.cognitiveLevel]}</td>
                  <td>{DIFFICULTY_LABELS[item.content.difficulty]}</td>
                  <td>{ITEM_STATUS_LABELS[item.status]}</td>
                  <td>
                    第 {item.revision} 版{item.usedOnPapers > 0 ? <span className="muted">（已用於試卷）</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
