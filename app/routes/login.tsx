import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, TextField } from "~/components/forms";
import { createLoginCookie, getOptionalUser, login, safeRedirectPath } from "~/utils/auth.server";
import { ROLE_HOME, isRole } from "~/utils/roles";

export const meta: MetaFunction = () => [{ title: "登入｜職能評量建構平台" }];

const LoginSchema = z.object({
  username: z.string({ error: "請輸入帳號" }).trim().min(1, "請輸入帳號").max(64, "帳號過長"),
  password: z.string({ error: "請輸入密碼" }).min(1, "請輸入密碼").max(256, "密碼過長"),
  redirectTo: z.string().optional(),
});

function homeFor(role: string) {
  return isRole(role) ? ROLE_HOME[role] : "/";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homeFor(user.role));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { username, password, redirectTo } = submission.value;
  const result = await login({ username, password, clientAddress: context.clientAddress ?? "local" });
  if (!result.ok) {
    const message =
      result.reason === "rate_limited"
        ? `登入失敗次數過多，已暫停此帳號在這部裝置的登入。請於 ${result.retryAfterMinutes} 分鐘後再試。`
        : "帳號或密碼不正確。";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "rate_limited" ? 429 : 400,
    });
  }
  const destination = safeRedirectPath(redirectTo, homeFor(result.user.role));
  return redirect(destination, {
    headers: { "Set-Cookie": await createLoginCookie(request, result.loginSessionId) },
  });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <div className="auth-page panel">
      <h1>登入</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField label="帳號" meta={fields.username} autoComplete="username" />
        <TextField label="密碼" type="password" meta={fields.password} autoComplete="current-password" />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "登入中…" : "登入"}
          </button>
        </div>
      </Form>
      <p className="muted">
        要查驗證書真偽？<a href="/verify">證書查驗</a>（免登入）
      </p>
    </div>
  );
}
