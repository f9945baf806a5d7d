import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessages } from "~/components/action-messages";
import { actionFail as fail } from "~/utils/action-result";
import { BANK_COLUMNS, bankRowsForExport, formatItemNumber, parseBankRows, stemKey } from "~/domain/exam/bank-file";
import { COGNITIVE_LEVEL_LABELS, COGNITIVE_LEVELS, DIFFICULTIES, DIFFICULTY_LABELS, ITEM_STATUS_LABELS, ITEM_STATUSES, ITEM_TYPE_LABELS, ITEM_TYPES, OPTION_LETTERS } from "~/domain/exam/types";
import { getBankContext, getBankItem, writeBankItems } from "~/models/exam-bank.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.item ? data.item.label : "新增試題"}｜職能評量建構平台` }];

async function load(request: Request, params: Record<string, string | undefined>) {
  const admin = await requireAdmin(request);
  const scope = { institutionId: admin.institutionId, standardId: params.standardId ?? "" };
  const bank = await getBankContext(scope);
  if (!bank) notFound();
  const itemId = params.itemId ?? "";
  const item = itemId === "new" ? null : await getBankItem({ institutionId: admin.institutionId, itemId });
  if (itemId !== "new" && (!item || item.standardId !== scope.standardId)) notFound();
  return { admin, scope, bank, item };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bank, item } = await load(request, params);
  const current = item?.revisions[0];
  // The form shows the item as its export row would, so the fields read exactly like the bank file.
  const [header, row] = current ? bankRowsForExport([{ number: item!.number, status: item!.status as never, content: current.content }]) : [[], []];
  const values = Object.fromEntries(BANK_COLUMNS.map((c) => [c.field, row![header!.indexOf(c.label)] ?? ""]));
  return {
    standard: { id: bank.standard.id, code: bank.standard.code, name: bank.standard.name, knowledge: bank.standard.codes.K },
    item: item && { id: item.id, label: item.label, status: item.status, revisions: item.revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt, usedOnPapers: r.usedOnPapers })) },
    values,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { admin, scope, bank, item } = await load(request, params);
  const form = await request.formData();
  const values = BANK_COLUMNS.map((c) => (c.field === "number" ? (item ? formatItemNumber(item.number) : "") : String(form.get(c.field) ?? "")));
  const ownStem = item ? stemKey(item.revisions[0]!.content.stem) : null;
  const result = parseBankRows([BANK_COLUMNS.map((c) => c.label), values], {
    ...bank.context,
    existingStems: bank.context.existingStems.filter((s) => stemKey(s) !== ownStem),
  });
  if (!result.ok) return fail(result.errors.map((e) => e.message.replace(/^第 2 列：/u, "")), 422);
  // The file check compares new rows' stems with the bank; an edit must not take another item's stem either.
  const stem = stemKey(result.items[0]!.content.stem);
  const twin = bank.items.find((other) => other.id !== item?.id && stemKey(other.content.stem) === stem);
  if (twin) return fail([`題幹與題庫中的 ${twin.label} 相同`], 422);
  await writeBankItems({ ...scope, actorId: admin.id, source: "form", rows: result.items });
  return redirect(`/admin/exams/${scope.standardId}`);
}

export default function ItemPage() {
  const { standard, item, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const usedRevision = item?.revisions[0] && item.revisions[0].usedOnPapers > 0;
  return (
    <>
      <p>
        <Link to={`/admin/exams/${standard.id}`}>← {standard.code} 題庫</Link>
      </p>
      <h1>{item ? `試題 ${item.label}` : "新增試題"}</h1>
      {usedRevision ? <p className="warning">這一題目前的版本已用於試卷；儲存修改會建立新版本，已組成的試卷仍使用原版本。</p> : null}
      <ActionMessages result={result} />
      <Form method="post" className="stack panel" style={{ maxWidth: "none" }}>
        <label>
          題型
          <select name="type" defaultValue={values.type || ITEM_TYPE_LABELS.single}>
            {ITEM_TYPES.map((t) => (
              <option key={t} value={ITEM_TYPE_LABELS[t]}>
                {ITEM_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          題幹
          <textarea name="stem" rows={3} required maxLength={2000} defaultValue={values.stem} />
        </label>
        <fieldset>
          <legend>選項（是非題與簡答題免填；單選、複選至少兩個，依序填寫）</legend>
          {[...OPTION_LETTERS].map((letter) => (
            <label key={letter}>
              選項{letter}
              <input name={`option${letter}`} maxLength={500} defaultValue={values[`option${letter}`]} />
            </label>
          ))}
        </fieldset>
        <label>
          答案（選項字母，如 B 或 AC；是非題填 O 或 X；簡答題免填）
          <input name="key" maxLength={20} defaultValue={values.key} />
        </label>
        <label>
          參考答案（簡答題必填，閱卷依據）
          <textarea name="modelAnswer" rows={2} maxLength={2000} defaultValue={values.modelAnswer} />
        </label>
        <label>
          解析
          <textarea name="explanation" rows={2} maxLength={2000} defaultValue={values.explanation} />
        </label>
        <label>
          職能代碼（至少一個 K 代碼，以「、」分隔；此基準的知識代碼：{standard.knowledge.map((k) => k.code).join("、")}）
          <input name="codes" required defaultValue={values.codes} />
        </label>
        <label>
          認知層次
          <select name="level" defaultValue={values.level || COGNITIVE_LEVEL_LABELS.remember}>
            {COGNITIVE_LEVELS.map((l) => (
              <option key={l} value={COGNITIVE_LEVEL_LABELS[l]}>
                {COGNITIVE_LEVEL_LABELS[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          難度（預估）
          <select name="difficulty" defaultValue={values.difficulty || DIFFICULTY_LABELS.medium}>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={DIFFICULTY_LABELS[d]}>
                {DIFFICULTY_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          狀態（只有啟用的試題會被組卷抽到）
          <select name="status" defaultValue={values.status || ITEM_STATUS_LABELS.active}>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={ITEM_STATUS_LABELS[s]}>
                {ITEM_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            儲存試題
          </button>
        </div>
      </Form>
      {item ? (
        <section className="panel" aria-labelledby="revisions-title">
          <h2 id="revisions-title">版本紀錄</h2>
          <ul>
            {item.revisions.map((r) => (
              <li key={r.revision}>
                第 {r.revision} 版，{formatDateTime(r.createdAt)}
                {r.usedOnPapers > 0 ? `，用於 ${r.usedOnPapers} 份試卷` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
