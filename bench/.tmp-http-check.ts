import http from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os"; import path from "node:path";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { LocalFileStorage } from "~/utils/storage.server";
import { readEvidenceUpload, describeUploadError } from "~/utils/upload.server";
const storage = new LocalFileStorage(mkdtempSync(path.join(os.tmpdir(), "http-check-")));
const server = http.createServer(async (req, res) => {
  const controller = new AbortController();
  res.on("close", () => { if (!res.writableFinished) controller.abort(); });
  const request = new Request("http://localhost" + req.url, { method: "POST", headers: req.headers as Record<string, string>, body: createReadableStreamFromReadable(req), duplex: "half", signal: controller.signal } as RequestInit);
  try {
    const { file } = await readEvidenceUpload(request, { maxBytes: 1024 * 1024, storage });
    res.writeHead(200).end(JSON.stringify(file));
  } catch (error) {
    const d = describeUploadError(error);
    res.writeHead(d?.status ?? 500, { "Content-Type": "text/plain; charset=utf-8" }).end(d?.message ?? String(error));
  }
});
server.listen(0, () => console.log((server.address() as any).port));
