import { data } from "@remix-run/node";

/** What a page's multi-intent action answers: a confirmation, or the reasons nothing changed. */
export type ActionResult = { ok: true; message: string } | { ok: false; errors: string[] };

export const actionOk = (message: string) => data<ActionResult>({ ok: true, message });
export const actionFail = (errors: string[], status = 400) => data<ActionResult>({ ok: false, errors }, { status });
