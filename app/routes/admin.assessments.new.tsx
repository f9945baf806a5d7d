import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GenerationError } from "~/domain/rubric/generate";
import { defaultScale, rubricScales } from "~/domain/rubric/templates";
import { createAssessmentDraft, getStandardForGeneration } from "~/models/assessment.server";
import { listStandards } from "~/models/standard.server";
import { requireAdmin } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "產生評量｜職能評量建構平台" }];

const GenerateSchema = z.object({
  standardId: z.string().min(1, "請選擇職能基準"),
  title: z.string().trim().min(1, "請輸入評量名稱").max(120, "評量名稱不可超過 120 個字"),
  taskCodes: z.array(z.string()).min(1, "請至少選擇一項工作任務"),
  scaleId: z.string().min(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const url = new URL(request.url);
  const standards = await listStandards({ institutionId: admin.institutionId });
  const standardId = url.searchParams.get("standardId") ?? "";
  const chosen = standardId ? await getStandardForGeneration({ institutionId: admin.institutionId, standardId }) : null;
  return {
    standards: standards.map((s) => ({ id: s.id, code: s.code, name: s.name })),
    chosen: chosen && {
      id: chosen.id,
      code: chosen.code,
      name: chosen.name,
      duties: chosen.parsed.duties.map((d) => ({
        code: d.code,
        title: d.title,
        tasks: d.tasks.filter((t) => t.code).map((t) => ({ code: t.code!, title: t.title, level: t.level, indicators: t.indicators.length })),
      })),
    },
    scales: rubricScales.map((s) => ({ id: s.id, name: s.name, labels: s.levels.map((l) => `${l.score} ${l.label}`).join(" / ") })),
    defaultScaleId: defaultScale.id,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = GenerateSchema.safeParse({
    standardId: form.get("standardId"),
    title: form.get("title"),
    taskCodes: form.getAll("taskCodes"),
    scaleId: form.get("scaleId"),
  });
  if (!parsed.success) {
    return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  }
  try {
    const created = await createAssessmentDraft({ institutionId: admin.institutionId, actorId: admin.id, ...parsed.data });
    if (!created) throw new Response("找不到頁面", { status: 404 });
    return redirect(`/admin/assessments/${created.assessmentId}/versions/${created.version}`);
  } catch (error) {
    if (error instanceof GenerationError) return data({ errors: [error.message] }, { status: 400 });
    throw error;
  }
}

export default function NewAssessmentPage() {
  const { standards, chosen, scales, defaultScaleId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <p>
        <Link to="/admin/assessments">← 評量</Link>
      </p>
      <h1>由職能基準產生評量</h1>
      <div className="panel">
        <Form method="get" className="actions">
          <div className="field" style={{ minWidth: 320 }}>
            <label htmlFor="standard-choice">職能基準</label>
            <select id="standard-choice" name="standardId" defaultValue={chosen?.id ?? ""}>
              <option value="" disabled>
                請選擇
              </option>
              {standards.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} {s.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            選擇
          </button>
        </Form>
      </div>
      {chosen ? (
        <div className="panel">
          <Form method="post" className="stack" style={{ maxWidth: "none" }}>
            {actionData?.errors ? (
              <div className="form-error" role="alert">
                {actionData.errors.map((e) => (
                  <p key={e}>{e}</p>
                ))}
              </div>
            ) : null}
            <input type="hidden" name="standardId" value={chosen.id} />
            <div className="field">
              <label htmlFor="assessment-title">評量名稱</label>
              <input id="assessment-title" name="title" type="text" defaultValue={`${chosen.name}職能評量`} required />
            </div>
            <fieldset className="field">
              <legend>要評量的工作任務（預設全部）</legend>
              {chosen.duties.map((duty) => (
                <div key={duty.code ?? duty.title}>
                  <p className="muted">
                    {duty.code} {duty.title}
                  </p>
                  {duty.tasks.map((task) => (
                    <div key={task.code}>
                      <input type="checkbox" id={`task-${task.code}`} name="taskCodes" value={task.code} defaultChecked />{" "}
                      <label htmlFor={`task-${task.code}`}>
                        <code>{task.code}</code> {task.title}（{task.level ? `職能級別 ${task.level}・` : ""}
                        {task.indicators} 項行為指標）
                      </label>
                    </div>
                  ))}
                </div>
              ))}
            </fieldset>
            <fieldset className="field">
              <legend>評分量尺</legend>
              {scales.map((scale) => (
                <div key={scale.id}>
                  <input type="radio" id={`scale-${scale.id}`} name="scaleId" value={scale.id} defaultChecked={scale.id === defaultScaleId} />{" "}
                  <label htmlFor={`scale-${scale.id}`}>
                    {scale.name}（{scale.labels}）
                  </label>
                </div>
              ))}
            </fieldset>
            <div className="actions">
              <button type="submit" disabled={navigation.state === "submitting"}>
                產生評量草稿
              </button>
            </div>
          </Form>
        </div>
      ) : null}
    </>
  );
}
