import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCandidateEnrollment } from "~/models/enrollment.server";
import { notFound, requireCandidate } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "評量結果｜職能評量建構平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCandidate(request);
  const enrollment = await getCandidateEnrollment({ candidateId: user.id, id: params.enrollmentId ?? "" });
  if (!enrollment) notFound();
  return { enrollment };
}

export default function CandidateResult() {
  const { enrollment } = useLoaderData<typeof loader>();
  const { session } = enrollment;
  const standard = session.assessmentVersion.assessment.standard;
  return (
    <>
      <p>
        <Link to="/me">← 我的評量結果</Link>
      </p>
      <h1>{session.assessmentVersion.assessment.title}</h1>
      <div className="panel">
        <dl>
          <dt>職能基準</dt>
          <dd>
            {standard.code} {standard.name}
          </dd>
          <dt>場次</dt>
          <dd>{session.title}</dd>
          <dt>時間</dt>
          <dd>{formatDateTime(session.startsAt)}</dd>
          <dt>地點</dt>
          <dd>{session.place}</dd>
          <dt>結果</dt>
          <dd>{enrollment.releasedAt ? "已公布" : "評量結果尚未公布。公布後會顯示在這裡。"}</dd>
        </dl>
      </div>
    </>
  );
}
