import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { createSession, listPublishedVersions } from "~/models/session.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { taipeiDateTime } from "~/utils/taipei-time";

export const meta: MetaFunction = () => [{ title: "新增場次｜職能評量建構平台" }];

const NewSessionSchema = z.object({
  assessmentVersionId: z.string().min(1, "請選擇已發布的評量"),
  title: z.string().trim().min(1, "請輸入場次名稱").max(120, "場次名稱不可超過 120 個字"),
  startsAt: taipeiDateTime("開始時間"),
  endsAt: z.union([z.literal(""), taipeiDateTime("結束時間")]).transform((v) => (v === "" ? null : v)),
  place: z.string().trim().min(1, "請輸入地點（模擬職場）").max(200, "地點不可超過 200 個字"),
  scenario: z.string().trim().max(5000, "情境說明不可超過 5000 字"),
  appealDays: z.coerce.number().int("申訴期限須為整數天數").min(1, "申訴期限至少 1 天").max(90, "申訴期限不可超過 90 天"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { versions: await listPublishedVersions({ institutionId: admin.institutionId }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = NewSessionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  if (parsed.data.endsAt && parsed.data.endsAt <= parsed.data.startsAt) return data({ errors: ["結束時間必須晚於開始時間"] }, { status: 400 });
  const session = await createSession({ institutionId: admin.institutionId, actorId: admin.id, input: { ...parsed.data, scenario: parsed.data.scenario || null } });
  if (!session) notFound();
  return redirect(`/admin/sessions/${session.id}`);
}

export default function NewSessionPage() {
  const { versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/sessions">← 場次</Link>
      </p>
      <h1>新增評量場次</h1>
      <div className="panel">
        {versions.length === 0 ? (
          <p>尚無已發布的評量。請先在「評量」發布一個版本。</p>
        ) : (
          <Form method="post" className="stack">
            {actionData?.errors ? (
              <div className="form-error" role="alert">
                {actionData.errors.map((e) => (
                  <p key={e}>{e}</p>
                ))}
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="assessmentVersionId">評量（已發布版本）</label>
              <select id="assessmentVersionId" name="assessmentVersionId">
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.assessment.title}（{v.assessment.standard.code}，第 {v.version} 版）
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="title">場次名稱</label>
              <input id="title" name="title" type="text" required />
            </div>
            <div className="field">
              <label htmlFor="startsAt">開始時間</label>
              <input id="startsAt" name="startsAt" type="datetime-local" required />
            </div>
            <div className="field">
              <label htmlFor="endsAt">結束時間（選填）</label>
              <input id="endsAt" name="endsAt" type="datetime-local" />
            </div>
            <div className="field">
              <label htmlFor="place">地點（模擬職場）</label>
              <input id="place" name="place" type="text" required placeholder="例：本中心 3 樓模擬職場（社群行銷工作室）" />
            </div>
            <div className="field">
              <label htmlFor="scenario">情境說明（留空則沿用評量的情境）</label>
              <textarea id="scenario" name="scenario" rows={4} />
            </div>
            <div className="field">
              <label htmlFor="appealDays">申訴期限（結果公布後幾天內）</label>
              <input id="appealDays" name="appealDays" type="number" min={1} max={90} defaultValue={14} />
            </div>
            <div className="actions">
              <button type="submit">建立場次</button>
            </div>
          </Form>
        )}
      </div>
    </>
  );
}
