import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { ROLE_HOME, isRole } from "~/utils/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  throw redirect(isRole(user.role) ? ROLE_HOME[user.role] : "/login");
}
