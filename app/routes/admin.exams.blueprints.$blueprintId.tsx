import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessages } from "~/components/action-messages";
import { formatPoints, summariseBlueprint, validateBlueprint } from "~/domain/exam/blueprint";
import { COGNITIVE_LEVEL_LABELS, COGNITIVE_LEVELS, type BlueprintCell } from "~/domain/exam/types";
import { getStandardCodes, listBankItems, toBankItems } from "~/models/exam-bank.server";
import { assembleFromBlueprint, getBlueprint, PaperSettingsSchema, saveBlueprintCells } from "~/models/exam-paper.server";
import { actionFail as fail, actionOk } from "~/utils/action-result";
import { notFound, requireAdmin } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.blueprint.title ?? "雙向細目表"}｜職能評量建構平台` }];

async function load(institutionId: string, blueprintId: string) {
  const blueprint = await getBlueprint({ institutionId, blueprintId });
  if (!blueprint) notFound();
  const standard = await getStandardCodes({ institutionId, standardId: blueprint.standardId });
  if (!standard) notFound();
  return { blueprint, standard };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { blueprint, standard } = await load(admin.institutionId, params.blueprintId ?? "");
  const bank = toBankItems(await listBankItems({ institutionId: admin.institutionId, standardId: blueprint.standardId }));
  return {
    blueprint,
    standard: { id: standard.id, code: standard.code, name: standard.name },
    table: summariseBlueprint({ cells: blueprint.cells, codes: standard.codes.K, bank }),
    problems: validateBlueprint({ cells: blueprint.cells, codes: standard.codes.K }),
  };
}

const cellNumber = (label: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === "" ? 0 : Number(v)))
    .pipe(z.number({ error: `${label}須為數字` }).finite({ error: `${label}須為數字` }));

/** The table's inputs are `count:<code>:<level>` and `points:<code>:<level>`. */
function cellsFromForm(form: FormData, codes: readonly string[]): { cells: BlueprintCell[]; errors: string[] } {
  const cells: BlueprintCell[] = [];
  const errors: string[] = [];
  for (const code of codes) {
    for (const level of COGNITIVE_LEVELS) {
      const name = `${code} × ${COGNITIVE_LEVEL_LABELS[level]}`;
      const count = cellNumber(`${name} 的題數`).safeParse(String(form.get(`count:${code}:${level}`) ?? ""));
      const points = cellNumber(`${name} 的配分`).safeParse(String(form.get(`points:${code}:${level}`) ?? ""));
      if (!count.success || !points.success) {
        errors.push(...[count, points].flatMap((r) => (r.success ? [] : [r.error.issues[0]!.message])));
        continue;
      }
      const cell = { code, level, count: count.data, points: points.data };
      const checked = z.object({ count: z.number().int({ error: `${name} 的題數須為整數` }).min(0, { error: `${name} 的題數不可為負數` }).max(500, { error: `${name} 的題數不可超過 500` }), points: z.number().min(0, { error: `${name} 的配分不可為負數` }).max(1000, { error: `${name} 的配分不可超過 1000` }) }).safeParse(cell);
      if (!checked.success) errors.push(...checked.error.issues.map((i) => i.message));
      else cells.push(cell);
    }
  }
  return { cells, errors };
}

const STALE_BLUEPRINT = "這份細目表在您開啟後已被修改，請重新載入頁面後再儲存。";

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const blueprintId = params.blueprintId ?? "";
  const { blueprint, standard } = await load(admin.institutionId, blueprintId);
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "save") {
    const title = z.string().trim().min(1, { error: "請輸入細目表名稱" }).max(100, { error: "名稱不可超過 100 字" }).safeParse(form.get("title") ?? "");
    if (!title.success) return fail([title.error.issues[0]!.message]);
    const { cells, errors } = cellsFromForm(form, standard.codes.K.map((k) => k.code));
    if (errors.length > 0) return fail(errors);
    // The revision the editor loaded: anything but a whole number cannot match it (and must not reach the query).
    const revision = String(form.get("revision") ?? "");
    if (!/^\d{1,9}$/.test(revision)) return fail([STALE_BLUEPRINT], 409);
    const saved = await saveBlueprintCells({ institutionId: admin.institutionId, actorId: admin.id, blueprintId, revision: Number(revision), title: title.data, cells });
    if (saved.status === "conflict") return fail([STALE_BLUEPRINT], 409);
    if (saved.status === "not_found") notFound();
    return actionOk("已儲存雙向細目表。");
  }

  if (intent === "assemble") {
    const settings = PaperSettingsSchema.safeParse({
      title: form.get("title") ?? "",
      formCount: form.get("formCount"),
      passMark: form.get("passMark"),
      durationMinutes: form.get("durationMinutes"),
      multipleScoring: form.get("multipleScoring"),
      shuffleItems: form.get("shuffleItems") === "on",
      shuffleOptions: form.get("shuffleOptions") === "on",
      seed: form.get("seed") ?? "",
    });
    if (!settings.success) return fail(settings.error.issues.map((i) => i.message));
    const problems = validateBlueprint({ cells: blueprint.cells, codes: standard.codes.K });
    if (problems.length > 0) return fail(problems.map((p) => p.message));
    const result = await assembleFromBlueprint({ institutionId: admin.institutionId, actorId: admin.id, blueprintId, settings: settings.data });
    if (result.status === "not_found") notFound();
    if (result.status === "empty") return fail([result.message]);
    return redirect(`/admin/exams/papers/${result.paperId}`);
  }
  return fail(["無法辨識的操作。"]);
}

export default function BlueprintPage() {
  const { blueprint, standard, table, problems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const share = (value: number | null) => (value === null ? "—" : `${value}%`);
  return (
    <>
      <p>
        <Link to={`/admin/exams/${standard.id}`}>← {standard.code} 題庫</Link>
      </p>
      <h1>{blueprint.title}</h1>
      <p className="muted">
        每一格填入該知識項目在該認知層次要出的題數與該格的總配分；每題配分為該格配分平均分給該格的題目。「題庫」為目前可抽的啟用試題數，不足的格子會標示出來。
      </p>
      <ActionMessages result={result} />
      {problems.length > 0 ? (
        <div className="warning">
          {problems.map((p) => (
            <p key={p.message}>{p.message}</p>
          ))}
        </div>
      ) : null}

      <Form method="post" className="panel">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="revision" value={blueprint.revision} />
        <label>
          細目表名稱
          <input name="title" required maxLength={100} defaultValue={blueprint.title} />
        </label>
        <div className="table-wrap">
          <table className="blueprint">
            <caption className="sr-only">雙向細目表：知識代碼 × 認知層次</caption>
            <thead>
              <tr>
                <th scope="col">知識代碼</th>
                {COGNITIVE_LEVELS.map((level) => (
                  <th scope="col" key={level}>
                    {COGNITIVE_LEVEL_LABELS[level]}
                  </th>
                ))}
                <th scope="col">合計</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.code}>
                  <th scope="row">
                    <code>{row.code}</code> <span className="muted">{row.title ?? "（此基準沒有這個代碼）"}</span>
                  </th>
                  {row.cells.map((cell) => {
                    const short = !cell.fillable;
                    const name = `${row.code} × ${COGNITIVE_LEVEL_LABELS[cell.level]}`;
                    return (
                      <td key={cell.level} className={short ? "cell-short" : undefined}>
                        <label>
                          <span className="sr-only">{name} </span>題數
                          <input type="number" name={`count:${row.code}:${cell.level}`} min={0} max={500} step={1} defaultValue={cell.wanted || ""} inputMode="numeric" />
                        </label>
                        <label>
                          <span className="sr-only">{name} </span>配分
                          <input type="number" name={`points:${row.code}:${cell.level}`} min={0} max={1000} step="any" defaultValue={cell.points || ""} inputMode="decimal" />
                        </label>
                        <span className="cell-facts">
                          占 {share(cell.share)}・題庫 {cell.available} 題{short ? <strong>（題庫不足）</strong> : null}
                        </span>
                      </td>
                    );
                  })}
                  <td>
                    {row.total.wanted} 題／{formatPoints(row.total.points)} 分
                    <br />
                    <span className="muted">占 {share(row.total.share)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">合計</th>
                {table.columns.map((column) => (
                  <td key={column.level}>
                    {column.wanted} 題／{formatPoints(column.points)} 分
                    <br />
                    <span className="muted">占 {share(column.share)}</span>
                  </td>
                ))}
                <td>
                  <strong>
                    {table.total.wanted} 題／{formatPoints(table.total.points)} 分
                  </strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            儲存細目表
          </button>
        </div>
      </Form>

      <section className="panel" aria-labelledby="assemble-title">
        <h2 id="assemble-title">依細目表組卷</h2>
        <p className="muted">從題庫的啟用試題中依每一格隨機抽題。亂數種子會記錄下來，相同種子與題庫會組出相同的試卷；平行試卷（A／B 卷）在題庫足夠時不共用試題。</p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="assemble" />
          <label>
            試卷名稱
            <input name="title" required maxLength={100} defaultValue={`${standard.code} 學科測試`} />
          </label>
          <label>
            平行試卷份數
            <select name="formCount" defaultValue="2">
              <option value="1">1 份（A 卷）</option>
              <option value="2">2 份（A、B 卷）</option>
              <option value="3">3 份（A–C 卷）</option>
              <option value="4">4 份（A–D 卷）</option>
            </select>
          </label>
          <label>
            及格分數（以 100 分計）
            <input type="number" name="passMark" min={0} max={100} step="any" defaultValue={60} required />
          </label>
          <label>
            作答時間（分鐘）
            <input type="number" name="durationMinutes" min={5} max={600} step={1} defaultValue={60} required />
          </label>
          <label>
            複選題計分
            <select name="multipleScoring" defaultValue="all_or_nothing">
              <option value="all_or_nothing">全對才給分（不倒扣）</option>
              <option value="partial">部分給分：每錯一個選項扣該題 2/n，不倒扣</option>
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" name="shuffleItems" defaultChecked />
            線上作答時每位考生的題目順序不同
          </label>
          <label className="checkbox">
            <input type="checkbox" name="shuffleOptions" defaultChecked />
            線上作答時每位考生的選項順序不同（是非題不調換）
          </label>
          <label>
            亂數種子（留白則自動產生；填入先前的種子可重現同一份試卷）
            <input name="seed" maxLength={64} pattern="[A-Za-z0-9_\-]*" />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              組卷
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
