import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { z } from "zod";
import { parseCertificateNumber } from "~/domain/report/certificate-number";
import { FormErrors, TextField } from "~/components/forms";

/** The largest PDF the verification page reads; our documents are well under 1 MB. */
export const MAX_VERIFY_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A number as people type it (any case, full-width, spaces); the check character catches typos. */
export const NumberSearchSchema = z.object({
  number: z
    .string({ error: "請輸入證書編號" })
    .trim()
    .superRefine((value, ctx) => {
      const parsed = parseCertificateNumber(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
    }),
});

export const VerifyUploadSchema = z.object({
  file: z
    .instanceof(File, { error: "請選擇要檢查的 PDF 檔" })
    .refine((file) => file.size > 0, "請選擇要檢查的 PDF 檔")
    .refine((file) => file.size <= MAX_VERIFY_UPLOAD_BYTES, "檔案超過 10 MB，不是本平台核發的文件"),
});

export function CertificateSearchForm({ lastResult, defaultNumber }: { lastResult?: SubmissionResult<string[]> | null; defaultNumber?: string }) {
  const [form, fields] = useForm({
    id: "verify-search",
    lastResult,
    constraint: getZodConstraint(NumberSearchSchema),
    shouldValidate: "onSubmit",
    defaultValue: { number: defaultNumber ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NumberSearchSchema }),
  });
  return (
    <Form method="get" action="/verify" className="stack" {...getFormProps(form)}>
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField label="證書編號" hint="例如 CERT-7K3M-Q9XA-2HDP-R5TW-C；大小寫、空格與全形字都可以" meta={fields.number} autoComplete="off" />
      <div className="actions">
        <button type="submit">查詢</button>
      </div>
    </Form>
  );
}

export function CertificateUploadForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "verify-upload",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VerifyUploadSchema }),
  });
  return (
    <Form method="post" action="/verify" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
      <FormErrors errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.file.id}>要檢查的 PDF 檔案</label>
        <span className="hint" id={`${fields.file.id}-hint`}>
          檢查檔案內嵌的簽章資料（certificate.json）與本平台核發時的檔案是否相同。檔案只用於這次檢查，不會保存。
        </span>
        <input {...getInputProps(fields.file, { type: "file", ariaAttributes: true })} accept="application/pdf,.pdf" aria-describedby={`${fields.file.id}-hint`} />
        {fields.file.errors?.length ? (
          <p className="field-error" id={fields.file.errorId} role="alert">
            {fields.file.errors.join("；")}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit">檢查檔案</button>
      </div>
    </Form>
  );
}
