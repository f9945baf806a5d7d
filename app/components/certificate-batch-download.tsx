import { useEffect, useRef, useState } from "react";

/** The response header with the number of files the batch ZIP holds (N of "n / N"). */
export const ZIP_ENTRY_COUNT_HEADER = "X-Entry-Count";

/**
 * Counts the complete entries in a ZIP as its bytes arrive. Our batch ZIP writes each entry's size
 * in its local header (no data descriptors), so the stream can be walked header → name → data
 * without holding any of it; the central directory ends the count.
 */
export function createZipEntryCounter() {
  const header = new Uint8Array(30);
  let filled = 0;
  let skip = 0;
  let entries = 0;
  let done = false;

  return {
    /** Feeds the next chunk; returns the number of entries complete so far. */
    push(chunk: Uint8Array): number {
      let position = 0;
      while (position < chunk.length && !done) {
        if (skip > 0) {
          const take = Math.min(skip, chunk.length - position);
          position += take;
          skip -= take;
          if (skip === 0) entries++;
          continue;
        }
        const take = Math.min(header.length - filled, chunk.length - position);
        header.set(chunk.subarray(position, position + take), filled);
        filled += take;
        position += take;
        if (filled < 4) continue;
        const view = new DataView(header.buffer);
        const signature = view.getUint32(0, true);
        if (signature !== 0x04034b50) {
          // 0x02014b50: the central directory; anything else is not our ZIP: stop counting either way.
          done = true;
          break;
        }
        if (filled < header.length) continue;
        if (view.getUint16(6, true) & 0x0008) throw new Error("ZIP entries with data descriptors cannot be counted while streaming");
        skip = view.getUint16(26, true) + view.getUint16(28, true) + view.getUint32(18, true);
        filled = 0;
        if (skip === 0) entries++;
      }
      return entries;
    },
  };
}

function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "")?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? fallback;
}

type State =
  | { phase: "idle" }
  | { phase: "running"; done: number; total: number }
  | { phase: "finished"; total: number }
  | { phase: "cancelled"; done: number; total: number }
  | { phase: "failed"; message: string };

/**
 * Downloads a session's batch ZIP with visible progress ("n / N") and a cancel button. Without
 * JavaScript the link is an ordinary download. The count comes from the stream itself, so it is
 * right whichever server answers, and cancelling closes the connection, which stops the server
 * rendering.
 */
export function CertificateBatchDownload({ href, total, fileName }: { href: string; total: number; fileName: string }) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  async function start(event: React.MouseEvent<HTMLAnchorElement>) {
    if (typeof ReadableStream === "undefined" || typeof AbortController === "undefined") return; // plain download
    event.preventDefault();
    const abort = new AbortController();
    controller.current = abort;
    let done = 0;
    let count = total;
    setState({ phase: "running", done, total: count });
    try {
      const response = await fetch(href, { signal: abort.signal, credentials: "same-origin" });
      if (!response.ok || !response.body) throw new Error(response.status === 404 ? "找不到這個場次。" : `下載失敗（HTTP ${response.status}）。`);
      count = Number(response.headers.get(ZIP_ENTRY_COUNT_HEADER) ?? total);
      const counter = createZipEntryCounter();
      const chunks: Uint8Array[] = [];
      const reader = response.body.getReader();
      setState({ phase: "running", done, total: count });
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        chunks.push(value);
        const now = counter.push(value);
        if (now !== done) {
          done = now;
          setState({ phase: "running", done, total: count });
        }
      }
      if (done !== count) throw new Error(`下載不完整：收到 ${done} / ${count} 個檔案。`);
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/zip" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileNameOf(response.headers.get("Content-Disposition"), fileName);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ phase: "finished", total: count });
    } catch (error) {
      if (abort.signal.aborted) setState({ phase: "cancelled", done, total: count });
      else setState({ phase: "failed", message: error instanceof Error ? error.message : "下載失敗。" });
    } finally {
      controller.current = null;
    }
  }

  const running = state.phase === "running";
  return (
    <div className="batch-download">
      <p className="actions">
        {running ? (
          <button type="button" className="secondary" onClick={() => controller.current?.abort()}>
            取消下載
          </button>
        ) : (
          <a className="button" href={href} download={fileName} onClick={start} aria-disabled={total === 0 || undefined}>
            下載全部（ZIP，{total} 個檔案）
          </a>
        )}
      </p>
      {running ? (
        <p>
          <label htmlFor="batch-progress">產生中</label>{" "}
          <progress id="batch-progress" value={state.done} max={Math.max(state.total, 1)} />{" "}
          <span role="status" aria-live="polite">
            {state.done} / {state.total}
          </span>
        </p>
      ) : null}
      {state.phase === "finished" ? (
        <p className="notice" role="status">
          已完成：{state.total} / {state.total} 個檔案。
        </p>
      ) : null}
      {state.phase === "cancelled" ? (
        <p className="warning" role="status">
          已取消（完成 {state.done} / {state.total}），伺服器已停止產生。
        </p>
      ) : null}
      {state.phase === "failed" ? (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
