import { Form, NavLink, useRouteLoaderData } from "@remix-run/react";
import type { RootUser, loader as rootLoader } from "~/root";
import { ROLE_LABELS, isRole, type Role } from "~/utils/roles";

const NAV: Record<Role, { to: string; label: string; end?: boolean }[]> = {
  admin: [
    { to: "/admin", label: "總覽", end: true },
    { to: "/admin/standards", label: "職能基準" },
    { to: "/admin/assessments", label: "評量" },
    { to: "/admin/exams", label: "筆試" },
    { to: "/admin/sessions", label: "場次" },
    { to: "/admin/users", label: "人員" },
    { to: "/admin/appeals", label: "申訴" },
    { to: "/admin/certificates", label: "證書" },
  ],
  assessor: [
    { to: "/assessor", label: "我的場次", end: true },
    { to: "/assessor/exams", label: "筆試閱卷" },
    { to: "/assessor/appeals", label: "申訴審查" },
  ],
  candidate: [{ to: "/me", label: "我的評量結果" }],
};

/** The page frame: title bar, role navigation, and the account menu. */
export function AppShell({ children, userOverride }: { children: React.ReactNode; userOverride?: RootUser | null }) {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const user = userOverride !== undefined ? userOverride : data?.user ?? null;
  const role = user && isRole(user.role) ? user.role : null;
  return (
    <>
      <a className="skip-link" href="#main">跳到主要內容</a>
      <header className="topbar">
        <a className="brand" href="/">
          職能評量建構平台
        </a>
        {user && role ? (
          <>
            <nav aria-label="主要功能">
              <ul>
                {NAV[role].map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} prefetch="intent">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="account">
              <span className="who">
                {user.institutionName}・{user.displayName}（{ROLE_LABELS[role]}）
              </span>
              <NavLink to="/account/password">變更密碼</NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  登出
                </button>
              </Form>
            </div>
          </>
        ) : null}
      </header>
      <main id="main">{children}</main>
    </>
  );
}
