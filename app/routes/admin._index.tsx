import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getInstitution, getInstitutionOverview } from "~/models/institution.server";
import { requireAdmin } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "總覽｜職能評量建構平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const [institution, overview] = await Promise.all([
    getInstitution({ institutionId: user.institutionId }),
    getInstitutionOverview({ institutionId: user.institutionId }),
  ]);
  return { institution, overview };
}

export default function AdminHome() {
  const { institution, overview } = useLoaderData<typeof loader>();
  const cards = [
    { to: "/admin/standards", label: "職能基準", value: overview.standards },
    { to: "/admin/assessments", label: "評量", value: overview.assessments },
    { to: "/admin/sessions", label: "場次", value: overview.sessions },
    { to: "/admin/users", label: "評量人員", value: overview.usersByRole.assessor ?? 0 },
    { to: "/admin/users", label: "受評者", value: overview.usersByRole.candidate ?? 0 },
    { to: "/admin/certificates", label: "有效證書", value: overview.certificates },
  ];
  return (
    <>
      <h1>機構總覽</h1>
      <p className="muted">
        {institution?.name}（登記字號 {institution?.registrationNumber}）
      </p>
      <div className="cards">
        {cards.map((card) => (
          <Link key={card.label} to={card.to} className="card">
            <div className="muted">{card.label}</div>
            <div className="figure">{card.value}</div>
          </Link>
        ))}
      </div>
    </>
  );
}
