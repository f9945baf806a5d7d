import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { getOptionalUser } from "~/utils/auth.server";
import { useNonce } from "~/utils/nonce";
import stylesHref from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  // Stops browsers asking for /favicon.ico (and the 404 it would log).
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [{ title: "職能評量建構平台" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Shared with the page's loader when it passes the same context (one lookup per request).
  const user = await getOptionalUser(request, context);
  return {
    user: user && {
      displayName: user.displayName,
      role: user.role,
      institutionName: user.institution.name,
    },
  };
}

export type RootUser = NonNullable<Awaited<ReturnType<typeof loader>>["user"]>;

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-Hant-TW">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  let title = "系統發生錯誤";
  let message = "很抱歉，處理您的要求時發生問題。請稍後再試；若問題持續，請聯絡系統管理者。";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = "找不到頁面";
      message = "您要找的頁面不存在，或您沒有檢視它的權限。";
    } else if (error.status === 413) {
      title = "檔案太大";
      message = typeof error.data === "string" ? error.data : "上傳的檔案超過大小上限。";
    } else if (error.status < 500) {
      title = "無法處理這個要求";
      message = typeof error.data === "string" ? error.data : message;
    }
  } else if (process.env.NODE_ENV !== "production") {
    console.error(error);
  }
  return (
    <AppShell userOverride={data?.user ?? null}>
      <section className="error-page" aria-labelledby="error-title">
        <p className="error-code">{status}</p>
        <h1 id="error-title">{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">回到首頁</a>
        </p>
      </section>
    </AppShell>
  );
}
