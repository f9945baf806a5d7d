import type { LoaderFunctionArgs } from "@remix-run/node";
import { ZIP_ENTRY_COUNT_HEADER } from "~/components/certificate-batch-download";
import { createCertificateRenderer, listSessionCertificateFiles, loadCertificateForRender } from "~/models/certificate.server";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { ZipWriter } from "~/utils/zip-writer.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Resolves once the HTTP response has room for more (or the connection closed); see server.mjs. */
    whenDrained?: () => Promise<void>;
  }
}

/** Characters that Windows, macOS or unzip refuse or misread in a file name. */
function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_").trim();
}

/**
 * A session's certificates and result reports as one ZIP, streamed: each PDF is rendered only when
 * the response asks for more, written, and dropped, so the server holds one document at a time
 * (plus the ZIP's central directory). Closing the connection (the page's cancel button) stops the
 * rendering before the next document. Progress is counted by the page from the stream itself,
 * so no server keeps any job state. A client slower than the renderer (~3 MB/s) is only kept in
 * step when the server provides `whenDrained` in the load context; without it the unsent part
 * waits in the Node response, at most the whole ZIP (~70 KB per document).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const listing = await listSessionCertificateFiles({ institutionId: admin.institutionId, sessionId: params.sessionId ?? "" });
  if (!listing) notFound();
  const { session, files } = listing;
  const render = createCertificateRenderer();
  const zip = new ZipWriter();
  let next = 0;

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Rendering and the database calls resolve as microtasks only; without a turn of the event
        // loop here the socket would neither send what was written nor notice a closed connection
        // until the whole ZIP had been built in memory.
        await new Promise((resolve) => setImmediate(resolve));
        // Remix's Node adapter writes without waiting for a slow client; where the server passes
        // its response's drain in the load context, wait for it, so at most one document is queued.
        await context.whenDrained?.();
        // The client went away (cancel, closed tab): stop rendering; nobody reads the rest.
        if (request.signal.aborted) {
          controller.close();
          return;
        }
        const file = files[next++];
        if (!file) {
          controller.enqueue(zip.finish());
          controller.close();
          return;
        }
        const row = await loadCertificateForRender({ institutionId: admin.institutionId, id: file.id });
        if (!row) throw new Error(`certificate ${file.number} disappeared during the batch download`);
        const { pdf } = await render(row);
        const candidate = file.enrollment.candidate;
        const name = safeName([file.number, candidate.candidateNumber, candidate.displayName].filter(Boolean).join("_")) + ".pdf";
        for (const chunk of zip.entry(name, pdf, file.issuedAt)) controller.enqueue(chunk);
      },
    },
    // Nothing is rendered ahead of what the response has asked for.
    { highWaterMark: 0 },
  );

  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Taipei" }).format(session.startsAt);
  const title = safeName(`${session.title} 證書與評量結果報告`);
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="certificates-${date}.zip"; filename*=UTF-8''${encodeURIComponent(title)}.zip`,
      "Cache-Control": "private, no-store",
      [ZIP_ENTRY_COUNT_HEADER]: String(files.length),
      // A reverse proxy must pass the stream on as it comes, not buffer a whole cohort.
      "X-Accel-Buffering": "no",
    },
  });
}
