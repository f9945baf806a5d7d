import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MAX_ENROLMENT_BYTES, parseEnrolmentCsv } from "~/domain/session/enrolment-csv";
import { enrolFromCsv } from "~/models/enrolment-import.server";
import { getSessionForAdmin } from "~/models/session.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { readSmallForm, FormReadError } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "以 CSV 匯入受評者｜職能評量建構平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const session = await getSessionForAdmin({ institutionId: admin.institutionId, id: params.sessionId ?? "" });
  if (!session) notFound();
  return { session: { id: session.id, title: session.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const sessionId = params.sessionId ?? "";
  if (!(await getSessionForAdmin({ institutionId: admin.institutionId, id: sessionId }))) notFound();
  let form: FormData;
  try {
    form = await readSmallForm(request, { maxPartBytes: MAX_ENROLMENT_BYTES, maxTotalBytes: MAX_ENROLMENT_BYTES * 2 + 65_536, tooLargeMessage: "檔案超過 2 MB 上限。" });
  } catch (error) {
    if (error instanceof FormReadError) return data({ errors: [error.message] }, { status: error.status });
    throw error;
  }
  const file = form.get("file");
  const text = form.get("text");
  const input = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : typeof text === "string" ? text : "";
  if (input.length === 0) return data({ errors: ["請選擇 CSV 檔案，或貼上名單內容。"] }, { status: 400 });
  const parsed = parseEnrolmentCsv(input);
  // Every faulty row is listed, and nothing is imported until the file is clean.
  if (!parsed.ok) return data({ errors: parsed.errors.map((e) => e.message) }, { status: 422 });
  const result = await enrolFromCsv({ institutionId: admin.institutionId, actorId: admin.id, sessionId, rows: parsed.rows });
  if (result.status === "not_found") notFound();
  if (result.status === "conflicts") return data({ errors: result.errors }, { status: 409 });
  return redirect(`/admin/sessions/${sessionId}?enrolled=${result.enrolled}&created=${result.created}&already=${result.alreadyEnrolled}`);
}

export default function EnrolCsvPage() {
  const { session } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p>
        <Link to={`/admin/sessions/${session.id}`}>← {session.title}</Link>
      </p>
      <h1>以 CSV 匯入受評者名單</h1>
      <div className="panel">
        <p>
          第一列為欄位名稱：<code>姓名,學員編號,電子郵件</code>（電子郵件可省略）。檔案請存成「CSV UTF-8」。學員編號已存在者直接報名；不存在者會建立受評者帳號（之後在「人員」產生設定密碼連結）。
        </p>
        <p className="muted">檔案中任何一列有誤時，會列出每一列的問題，整份名單都不會匯入。</p>
        {result?.errors ? (
          <div className="form-error" role="alert">
            <p>名單有 {result.errors.length} 個問題，尚未匯入任何資料：</p>
            <ul>
              {result.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <div className="field">
            <label htmlFor="csv-file">CSV 檔案</label>
            <input id="csv-file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          <div className="field">
            <label htmlFor="csv-text">或貼上名單內容</label>
            <textarea id="csv-text" name="text" rows={6} placeholder={"姓名,學員編號,電子郵件\n王小明,C2026101,ming@example.com"} />
          </div>
          <button type="submit" disabled={busy}>
            匯入並報名
          </button>
        </Form>
      </div>
    </>
  );
}
