import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CertificateStatusBadge, CertificateSummary } from "~/components/certificate-summary";
import { CertificateSearchForm, CertificateUploadForm, MAX_VERIFY_UPLOAD_BYTES, NumberSearchSchema, VerifyUploadSchema } from "~/components/certificate-verify-forms";
import { canonicalNumber, checkVerificationRateLimit, verifyCertificateFile, type FileVerdict } from "~/models/certificate.server";
import { readSmallForm, FormReadError } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "證書驗證｜職能評量建構平台" }, { name: "robots", content: "noindex" }];

/** Public (no login): look a number up, or check a PDF file. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!url.searchParams.has("number")) return { search: null };
  const submission = parseWithZod(url.searchParams, { schema: NumberSearchSchema });
  if (submission.status === "success") throw redirect(`/verify/${canonicalNumber(submission.value.number)}`);
  return data({ search: submission.reply() }, { status: 400 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const limited = await checkVerificationRateLimit({ kind: "upload", clientAddress: context.clientAddress ?? "local" });
  if (!limited.allowed) {
    return data({ upload: null, check: null, error: `檢查次數過多，請在 ${Math.ceil(limited.retryAfterSeconds / 60)} 分鐘後再試。` }, { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } });
  }
  let form: FormData;
  try {
    form = await readSmallForm(request, { maxPartBytes: MAX_VERIFY_UPLOAD_BYTES, maxTotalBytes: MAX_VERIFY_UPLOAD_BYTES + 64 * 1024, tooLargeMessage: "檔案超過 10 MB，不是本平台核發的文件。" });
  } catch (error) {
    if (error instanceof FormReadError) return data({ upload: null, check: null, error: error.message }, { status: error.status });
    throw error;
  }
  const submission = parseWithZod(form, { schema: VerifyUploadSchema });
  if (submission.status !== "success") return data({ upload: submission.reply(), check: null, error: null }, { status: 400 });
  const check = await verifyCertificateFile({ bytes: new Uint8Array(await submission.value.file.arrayBuffer()) });
  return { upload: submission.reply({ resetForm: true }), check, error: null };
}

const VERDICTS: Record<FileVerdict, { title: string; tone: string }> = {
  authentic: { title: "真實：與本平台核發的檔案相同", tone: "notice" },
  altered: { title: "已被修改：與本平台核發的內容不符", tone: "form-error" },
  not_ours: { title: "不是本平台核發的文件", tone: "warning" },
  unreadable: { title: "無法讀取這個檔案", tone: "warning" },
};

export default function VerifyPage() {
  const { search } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const check = result?.check;
  return (
    <>
      <h1>證書驗證</h1>
      <p>輸入證書或評量結果報告上的編號，或掃描文件上的 QR Code，即可確認文件是否由本平台核發、目前是否有效。</p>
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {check ? (
        <>
          <section className={`panel verdict ${VERDICTS[check.verdict].tone}`} aria-labelledby="verdict-title" role="status">
            <h2 id="verdict-title">{VERDICTS[check.verdict].title}</h2>
            <p>{check.reason}</p>
          </section>
          {check.certificate ? (
            <section className="panel" aria-labelledby="record-title">
              <h2 id="record-title">
                本平台的紀錄：<Link to={`/verify/${check.certificate.number}`}>{check.certificate.number}</Link> <CertificateStatusBadge status={check.certificate.status} />
              </h2>
              {check.verdict === "altered" ? <p>這個編號實際核發的內容如下，請以此為準。</p> : null}
              <CertificateSummary certificate={check.certificate} />
            </section>
          ) : null}
        </>
      ) : null}
      <section className="panel" aria-labelledby="search-title">
        <h2 id="search-title">以編號查詢</h2>
        <CertificateSearchForm lastResult={search} />
      </section>
      <section className="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">檢查 PDF 檔</h2>
        <CertificateUploadForm lastResult={result?.upload} />
      </section>
    </>
  );
}
