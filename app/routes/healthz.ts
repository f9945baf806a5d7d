import { checkDatabase } from "~/models/health.server";

/** 200 when the database answers; 503 otherwise. No login, no personal data. */
export async function loader() {
  try {
    await checkDatabase();
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "database_unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
