import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { findValidSetupToken, setPasswordWithToken } from "~/models/user.server";
import { NewPasswordSchema } from "~/utils/password-policy";

export const meta: MetaFunction = () => [{ title: "設定密碼｜職能評量建構平台" }];

/** Public by design: the unguessable one-time token is the authorisation. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findValidSetupToken({ token: params.token ?? "" });
  if (!found) return { valid: false as const };
  return { valid: true as const, username: found.user.username, displayName: found.user.displayName };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: NewPasswordSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  }
  const ok = await setPasswordWithToken({ token: params.token ?? "", password: submission.value.password });
  if (!ok) {
    return data(submission.reply({ formErrors: ["這個設定密碼連結已失效或已使用過，請向機構管理者索取新的連結。"] }), { status: 400 });
  }
  return redirect("/login?passwordSet=1");
}

export default function SetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "set-password",
    lastResult,
    constraint: getZodConstraint(NewPasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordSchema }),
  });
  if (!loaderData.valid) {
    return (
      <div className="auth-page panel">
        <h1>連結已失效</h1>
        <p>這個設定密碼連結已失效或已使用過，請向機構管理者索取新的連結。</p>
        <p>
          <a href="/login">前往登入</a>
        </p>
      </div>
    );
  }
  return (
    <div className="auth-page panel">
      <h1>設定密碼</h1>
      <p>
        帳號 <strong>{loaderData.username}</strong>（{loaderData.displayName}）
      </p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="text" name="username" value={loaderData.username} autoComplete="username" hidden readOnly />
        <TextField label="新密碼" hint="至少 10 個字元" type="password" meta={fields.password} autoComplete="new-password" />
        <TextField label="再輸入一次新密碼" type="password" meta={fields.confirm} autoComplete="new-password" />
        <div className="actions">
          <button type="submit">設定密碼</button>
        </div>
      </Form>
    </div>
  );
}
