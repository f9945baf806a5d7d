import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, SelectField, TextareaField, TextField } from "~/components/forms";
import { EnrolmentRowSchema } from "~/domain/session/enrolment-csv";
import { OneTimeLink } from "~/components/one-time-link";
import { createUserWithSetupLink, isCandidateNumberTaken, isUsernameTaken } from "~/models/user.server";
import { requireAdmin } from "~/utils/auth.server";
import { ROLE_LABELS, ROLES } from "~/utils/roles";
import { publicUrl } from "~/utils/url.server";

export const meta: MetaFunction = () => [{ title: "新增人員｜職能評量建構平台" }];

const NewUserSchema = z
  .object({
    role: z.enum(ROLES, { error: "請選擇角色" }),
    displayName: z.string({ error: "請輸入姓名" }).trim().min(1, "請輸入姓名").max(60, "姓名不可超過 60 個字"),
    username: z
      .string({ error: "請輸入帳號" })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{3,32}$/, "帳號須為 3–32 個英文小寫字母、數字或 . _ -"),
    email: z.email("電子郵件格式不正確").optional(),
    candidateNumber: EnrolmentRowSchema.shape.candidateNumber.optional(),
    qualifications: z.string().max(2000, "資格說明過長").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.role === "candidate" && !value.candidateNumber) {
      ctx.addIssue({ code: "custom", path: ["candidateNumber"], message: "受評者需要學員編號" });
    }
  });

function newUserSchema(institutionId: string) {
  return NewUserSchema.superRefine(async (value, ctx) => {
    if (await isUsernameTaken({ username: value.username })) {
      ctx.addIssue({ code: "custom", path: ["username"], message: "這個帳號已有人使用" });
    }
    if (value.role === "candidate" && value.candidateNumber && (await isCandidateNumberTaken({ institutionId, candidateNumber: value.candidateNumber }))) {
      ctx.addIssue({ code: "custom", path: ["candidateNumber"], message: "這個學員編號已存在" });
    }
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = await parseWithZod(await request.formData(), { schema: newUserSchema(admin.institutionId), async: true });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), created: null }, { status: 400 });
  }
  const { qualifications, ...user } = submission.value;
  const { userId, token } = await createUserWithSetupLink({
    institutionId: admin.institutionId,
    actorId: admin.id,
    user: {
      ...user,
      qualifications: qualifications?.split("\n").map((line) => line.trim()).filter(Boolean),
    },
  });
  return {
    result: submission.reply({ resetForm: true }),
    created: { userId, displayName: user.displayName, link: publicUrl(request, `/set-password/${token}`) },
  };
}

export default function NewUserPage() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-user",
    lastResult: actionData?.result,
    constraint: getZodConstraint(NewUserSchema),
    shouldValidate: "onBlur",
    defaultValue: { role: "candidate" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewUserSchema }),
  });
  return (
    <>
      <p>
        <Link to="/admin/users">← 人員</Link>
      </p>
      <h1>新增人員</h1>
      {actionData?.created ? (
        <div className="panel" role="status">
          <p>
            已建立 <Link to={`/admin/users/${actionData.created.userId}`}>{actionData.created.displayName}</Link>。
            請將下面的一次性連結交給本人設定密碼（72 小時內有效，只顯示這一次）：
          </p>
          <OneTimeLink url={actionData.created.link} />
        </div>
      ) : null}
      <div className="panel">
        <Form method="post" className="stack" {...getFormProps(form)}>
          <FormErrors errors={form.errors} id={form.errorId} />
          <SelectField label="角色" meta={fields.role} options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} />
          <TextField label="姓名" meta={fields.displayName} autoComplete="off" />
          <TextField label="帳號" hint="登入用，3–32 個英文小寫字母、數字或 . _ -" meta={fields.username} autoComplete="off" />
          <TextField label="電子郵件（選填）" type="email" meta={fields.email} autoComplete="off" />
          <TextField label="學員編號（受評者必填）" meta={fields.candidateNumber} autoComplete="off" />
          <TextareaField label="評量人員資格（評量人員選填，每行一項）" meta={fields.qualifications} rows={3} />
          <div className="actions">
            <button type="submit">建立並產生設定密碼連結</button>
          </div>
        </Form>
      </div>
    </>
  );
}
