import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { z } from "zod";
import { addEvidence, getAssessorWorkspace } from "~/models/scoring.server";
import { notFound, requireAssessor } from "~/utils/auth.server";
import { getFileStorage } from "~/utils/storage.server";
import { describeUploadError, readEvidenceUpload } from "~/utils/upload.server";

export const meta: MetaFunction = () => [{ title: "上傳佐證｜職能評量建構平台" }];

const FileFieldsSchema = z.object({
  taskCode: z.string({ error: "請指定工作任務" }).min(1, "請指定工作任務"),
  title: z.string({ error: "請輸入檔案說明" }).trim().min(1, "請輸入檔案說明").max(200, "檔案說明不可超過 200 字"),
  workProductId: z.string().optional(),
});

export function loader() {
  notFound();
}

/** Streams one evidence file into storage (SHA-256 on the way) and records it for the task. */
export async function action({ request, params }: ActionFunctionArgs) {
  const assessor = await requireAssessor(request);
  const enrollmentId = params.enrollmentId ?? "";
  // Authorise before reading the body: an unassigned assessor's upload is never stored.
  if (!(await getAssessorWorkspace({ assessorId: assessor.id, enrollmentId }))) notFound();
  let upload;
  try {
    upload = await readEvidenceUpload(request);
  } catch (error) {
    const known = describeUploadError(error);
    if (known) return data({ error: known.message }, { status: known.status });
    throw error;
  }
  const fields = FileFieldsSchema.safeParse(Object.fromEntries(upload.fields));
  const discard = () => getFileStorage().delete(upload.file.key);
  if (!fields.success) {
    await discard();
    return data({ error: fields.error.issues.map((i) => i.message).join("；") }, { status: 400 });
  }
  const result = await addEvidence({
    assessorId: assessor.id,
    enrollmentId,
    evidence: {
      kind: "file",
      taskCode: fields.data.taskCode,
      title: fields.data.title,
      workProductId: fields.data.workProductId || null,
      criterionIds: upload.fields.getAll("criterionId").map(String),
      file: { key: upload.file.key, fileName: upload.file.fileName, mimeType: upload.file.mimeType, sizeBytes: upload.file.sizeBytes, sha256: upload.file.sha256 },
    },
  });
  if (result.status !== "added") {
    await discard();
    if (result.status === "not_found") notFound();
    return data({ error: result.message }, { status: 400 });
  }
  // Back to the task's open evidence forms, scrolled to the new item.
  return redirect(`/assessor/enrollments/${enrollmentId}?task=${encodeURIComponent(fields.data.taskCode)}#evidence-${result.evidenceId}`);
}

export default function EvidenceUploadResult() {
  const result = useActionData<typeof action>();
  const { enrollmentId } = useParams();
  return (
    <div className="panel">
      <h1>無法上傳佐證</h1>
      <p className="form-error" role="alert">
        {result?.error ?? "上傳沒有完成。"}
      </p>
      <p>
        <Link to={`/assessor/enrollments/${enrollmentId}`}>返回評分頁</Link>
      </p>
    </div>
  );
}
