import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { findEvidenceFile } from "~/models/scoring.server";
import { notFound, requireUser } from "~/utils/auth.server";
import { getFileStorage, StoredFileNotFoundError } from "~/utils/storage.server";

/** Downloads an evidence file: assessors assigned to the candidate and admins of the institution only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await findEvidenceFile({ evidenceId: params.evidenceId ?? "", viewer: user });
  if (!file?.storageKey) notFound();
  const opened = await getFileStorage()
    .open(file.storageKey)
    .catch((error: unknown) => {
      // The row outlived its file (e.g. a restore without the evidence folder): not found, not a crash.
      if (error instanceof StoredFileNotFoundError) notFound();
      throw error;
    });
  const name = file.fileName ?? "evidence";
  return new Response(Readable.toWeb(opened.body) as ReadableStream, {
    headers: {
      "Content-Type": file.mimeType ?? "application/octet-stream",
      "Content-Length": String(opened.sizeBytes),
      // Always a download: an uploaded HTML or SVG never runs in our origin.
      "Content-Disposition": `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      ...(file.sha256 ? { "X-Content-SHA256": file.sha256 } : {}),
    },
  });
}
