import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { OneTimeLink } from "~/components/one-time-link";
import { getUser, issuePasswordSetupLink } from "~/models/user.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { ROLE_LABELS, isRole } from "~/utils/roles";
import { publicUrl } from "~/utils/url.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.displayName ?? "人員"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const user = await getUser({ institutionId: admin.institutionId, id: params.userId ?? "" });
  if (!user) notFound();
  return { user };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const issued = await issuePasswordSetupLink({ institutionId: admin.institutionId, actorId: admin.id, userId: params.userId ?? "" });
  if (!issued) notFound();
  return { link: publicUrl(request, `/set-password/${issued.token}`) };
}

export default function UserPage() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/users">← 人員</Link>
      </p>
      <h1>{user.displayName}</h1>
      <div className="panel">
        <dl>
          <dt>帳號</dt>
          <dd>
            <code>{user.username}</code>
          </dd>
          <dt>角色</dt>
          <dd>{isRole(user.role) ? ROLE_LABELS[user.role] : user.role}</dd>
          {user.candidateNumber ? (
            <>
              <dt>學員編號</dt>
              <dd>{user.candidateNumber}</dd>
            </>
          ) : null}
          {user.email ? (
            <>
              <dt>電子郵件</dt>
              <dd>{user.email}</dd>
            </>
          ) : null}
          <dt>密碼</dt>
          <dd>{user.passwordSetAt ? `已於 ${formatDate(user.passwordSetAt)} 設定` : "尚未設定"}</dd>
          {user.qualifications.length ? (
            <>
              <dt>評量人員資格</dt>
              <dd>
                <ul>
                  {user.qualifications.map((q) => (
                    <li key={q.id}>{q.name}</li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      <div className="panel">
        <h2>設定密碼連結</h2>
        <p className="muted">產生新的一次性連結後，先前未使用的連結即失效。</p>
        {actionData?.link ? (
          <div role="status">
            <p>新的連結（72 小時內有效，只顯示這一次）：</p>
            <OneTimeLink url={actionData.link} />
          </div>
        ) : null}
        <Form method="post">
          <button type="submit" className="secondary">
            產生設定密碼連結
          </button>
        </Form>
      </div>
    </>
  );
}
