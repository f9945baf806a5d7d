import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";

export class RequestTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request larger than ${limitBytes} bytes`);
  }
}

/**
 * Reads a small multipart (or urlencoded) form into memory, refusing any part over `maxPartBytes`
 * as soon as it is exceeded, so a huge upload is cut off early instead of being read whole.
 */
export async function readSmallForm(request: Request, { maxPartBytes, maxTotalBytes }: { maxPartBytes: number; maxTotalBytes: number }) {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxTotalBytes) throw new RequestTooLargeError(maxTotalBytes);
  const contentType = request.headers.get("Content-Type") ?? "";
  try {
    if (contentType.startsWith("multipart/form-data")) {
      return await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: maxPartBytes }));
    }
    return await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new RequestTooLargeError(maxPartBytes);
    throw error;
  }
}
