import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, TextField } from "~/components/forms";
import { changeOwnPassword } from "~/models/user.server";
import { getLoginSessionId, requireUser } from "~/utils/auth.server";
import { PasswordSchema } from "~/utils/password-policy";

export const meta: MetaFunction = () => [{ title: "變更密碼｜職能評量建構平台" }];

const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "請輸入目前的密碼" }).min(1, "請輸入目前的密碼"),
    password: PasswordSchema,
    confirm: z.string({ error: "請再輸入一次新密碼" }),
  })
  .refine((value) => value.password === value.confirm, { message: "兩次輸入的密碼不一致", path: ["confirm"] });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: ChangePasswordSchema });
  const hideFields = ["currentPassword", "password", "confirm"];
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }), changed: false }, { status: 400 });
  const ok = await changeOwnPassword({
    userId: user.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.password,
    keepLoginSessionId: (await getLoginSessionId(request)) ?? "",
  });
  if (!ok) {
    return data({ result: submission.reply({ fieldErrors: { currentPassword: ["目前的密碼不正確"] }, hideFields }), changed: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function ChangePasswordPage() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <div className="panel" style={{ maxWidth: 600 }}>
      <h1>變更密碼</h1>
      {actionData?.changed ? <p className="notice" role="status">密碼已變更；其他裝置上的登入已登出。</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField label="目前的密碼" type="password" meta={fields.currentPassword} autoComplete="current-password" />
        <TextField label="新密碼" hint="至少 10 個字元" type="password" meta={fields.password} autoComplete="new-password" />
        <TextField label="再輸入一次新密碼" type="password" meta={fields.confirm} autoComplete="new-password" />
        <div className="actions">
          <button type="submit">變更密碼</button>
        </div>
      </Form>
    </div>
  );
}
