import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listUsers } from "~/models/user.server";
import { requireAdmin } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { ROLE_LABELS, isRole } from "~/utils/roles";

export const meta: MetaFunction = () => [{ title: "人員｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { users: await listUsers({ institutionId: user.institutionId }) };
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>人員</h1>
        <Link className="button" to="/admin/users/new">
          新增人員
        </Link>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="muted">本機構的管理者、評量人員與受評者</caption>
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">帳號</th>
              <th scope="col">角色</th>
              <th scope="col">學員編號</th>
              <th scope="col">密碼</th>
              <th scope="col">建立日期</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                </td>
                <td>
                  <code>{u.username}</code>
                </td>
                <td>{isRole(u.role) ? ROLE_LABELS[u.role] : u.role}</td>
                <td>{u.candidateNumber ?? "—"}</td>
                <td>{u.passwordSetAt ? <span className="badge ok">已設定</span> : <span className="badge warn">待設定</span>}</td>
                <td>{formatDate(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
