import { db } from "~/utils/db.server";

export async function checkDatabase() {
  await db.$queryRawUnsafe("SELECT 1");
}
