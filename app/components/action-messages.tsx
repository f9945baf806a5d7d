import type { ActionResult } from "~/utils/action-result";

/** The outcome of the last action, announced to screen readers; `notice` shows when nothing was done yet. */
export function ActionMessages({ result, notice, sticky }: { result: ActionResult | undefined; notice?: string | null; sticky?: boolean }) {
  return (
    <div aria-live="polite" className={sticky ? "sticky-messages" : undefined}>
      {notice && !result ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {result?.ok ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {result && !result.ok ? (
        <div className="form-error" role="alert">
          {result.errors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
