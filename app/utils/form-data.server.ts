import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";

/** A form that cannot be read: too large (413) or malformed (400); the message is for people. */
export class FormReadError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a small multipart (or urlencoded) form into memory, refusing any part over `maxPartBytes`
 * as soon as it is exceeded, so a huge upload is cut off early instead of being read whole.
 */
export async function readSmallForm(request: Request, { maxPartBytes, maxTotalBytes, tooLargeMessage }: { maxPartBytes: number; maxTotalBytes: number; tooLargeMessage: string }) {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxTotalBytes) throw new FormReadError(413, tooLargeMessage);
  const contentType = request.headers.get("Content-Type") ?? "";
  try {
    if (contentType.startsWith("multipart/form-data")) {
      return await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: maxPartBytes }));
    }
    return await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new FormReadError(413, tooLargeMessage);
    // The multipart parser refuses some headers browsers do send (a file name with ";" or "="),
    // and malformed bodies: either way the form could not be read, which is the sender's to fix.
    if (error instanceof Error && !(error instanceof FormReadError)) {
      throw new FormReadError(400, "無法讀取送出的表單；若檔名含有「;」或「=」，請將檔案改名後再上傳。");
    }
    throw error;
  }
}
