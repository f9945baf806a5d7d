import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DifficultyDiscriminationPlot, ScoreHistogram } from "~/components/exam-charts";
import { formatPoints } from "~/domain/exam/blueprint";
import { DISCRIMINATION_BAND_LABELS, ITEM_FLAG_LABELS } from "~/domain/exam/item-analysis";
import { COGNITIVE_LEVEL_LABELS, ITEM_TYPE_LABELS } from "~/domain/exam/types";
import { getItemAnalysis } from "~/models/exam-analysis.server";
import { notFound, requireAdmin } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.paper.title} ${data.form} 卷試題分析` : "試題分析"}｜職能評量建構平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = new URL(request.url).searchParams.get("form");
  const view = await getItemAnalysis({ institutionId: admin.institutionId, paperId: params.paperId ?? "", form });
  if (!view) notFound();
  return view;
}

const fixed = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits));
const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(0)}%`);

export default function ItemAnalysisPage() {
  const { paper, form, items, analysis } = useLoaderData<typeof loader>();
  const { test } = analysis;
  const base = `/admin/exams/papers/${paper.id}`;
  const stats = new Map(analysis.items.map((s) => [s.key, s]));
  const optionCount = Math.max(0, ...analysis.items.map((s) => s.options.length));
  const flagged = analysis.items.filter((s) => s.flags.includes("negative") || s.flags.includes("low"));
  return (
    <>
      <p>
        <Link to={base}>← {paper.title}</Link>
      </p>
      <div className="page-head">
        <h1>試題分析：{paper.title}（{form} 卷）</h1>
        <p className="actions">
          <a href={`${base}/analysis-export?form=${form}&format=xlsx`}>匯出 XLSX</a>
          <a href={`${base}/analysis-export?form=${form}&format=csv`}>匯出 CSV</a>
        </p>
      </div>
      {paper.formLabels.length > 1 ? (
        <nav aria-label="平行試卷" className="actions">
          {paper.formLabels.map((label) =>
            label === form ? (
              <strong key={label}>{label} 卷</strong>
            ) : (
              <Link key={label} to={`?form=${label}`}>
                {label} 卷
              </Link>
            ),
          )}
        </nav>
      ) : null}

      <section className="panel" aria-labelledby="test-title">
        <h2 id="test-title">整卷統計</h2>
        {test.n === 0 ? <p className="muted">這份試卷尚無完成計分的作答{test.excluded > 0 ? `（${test.excluded} 份仍有簡答題待評分）` : ""}。</p> : null}
        <div className="cards">
          <div className="card">
            <div className="muted">分析人數</div>
            <div className="figure">{test.n}</div>
            {test.excluded > 0 ? <div className="muted">另 {test.excluded} 份待評分未納入</div> : null}
          </div>
          <div className="card">
            <div className="muted">平均（滿分 {formatPoints(test.maxTotal)}）</div>
            <div className="figure">{fixed(test.mean, 1)}</div>
            <div className="muted">標準差 {fixed(test.sd, 2)}・最低 {fixed(test.min, 1)}・最高 {fixed(test.max, 1)}</div>
          </div>
          <div className="card">
            <div className="muted">信度（{test.reliability.method === "KR-20" ? "KR-20" : "Cronbach's α"}）</div>
            <div className="figure">{fixed(test.reliability.value, 3)}</div>
          </div>
          <div className="card">
            <div className="muted">測量標準誤 SEM</div>
            <div className="figure">{fixed(test.sem, 2)}</div>
            <div className="muted">分</div>
          </div>
        </div>
      </section>

      <section className="panel" aria-labelledby="plots-title">
        <h2 id="plots-title">分數分布與試題品質</h2>
        <div className="cards" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
          <figure className="card">
            <ScoreHistogram bins={test.histogram} passPercent={paper.passMark} />
            <figcaption className="muted">總分分布（以滿分百分比分組），紅線為及格分數 {paper.passMark}。</figcaption>
          </figure>
          <figure className="card">
            <DifficultyDiscriminationPlot
              items={analysis.items.map((s) => ({ label: s.label, difficulty: s.difficulty, discrimination: s.discrimination, flagged: s.flags.includes("negative") || s.flags.includes("low") }))}
            />
            <figcaption className="muted">每一點為一題：橫軸難度 P（答對比例），縱軸鑑別度 D（高分組與低分組答對比例之差）；叉號為鑑別度為負或偏低、宜檢討的試題。</figcaption>
          </figure>
        </div>
        {flagged.length > 0 ? (
          <div className="warning">
            <p>
              <strong>{flagged.length} 題宜檢討：</strong>
              {flagged.map((s) => `${s.label}（${s.flags.map((f) => ITEM_FLAG_LABELS[f]).join("、")}）`).join("；")}
            </p>
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="items-title">
        <h2 id="items-title">逐題分析</h2>
        <p className="muted">難度 P 為答對比例（部分給分題為平均得分比例）；D 依上下各 27% 分組；r 為該題與其餘試題總分的點二系列（Pearson）相關；選項欄為選答比例，★ 為正確答案。</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">題</th>
                <th scope="col">題型</th>
                <th scope="col">細目</th>
                <th scope="col">難度 P</th>
                <th scope="col">鑑別度 D</th>
                <th scope="col">r</th>
                {Array.from({ length: optionCount }, (_, i) => (
                  <th scope="col" key={i}>
                    {"ABCDEFGH"[i]}
                  </th>
                ))}
                <th scope="col">未答</th>
                <th scope="col">評語</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const s = stats.get(item.revisionId)!;
                return (
                  <tr key={item.revisionId}>
                    <th scope="row">
                      <Link to={`/admin/exams/${paper.standard.id}/items/${item.itemId}`} title={item.stem}>
                        {s.label}
                      </Link>
                    </th>
                    <td>{ITEM_TYPE_LABELS[item.type]}</td>
                    <td>
                      {item.code}×{COGNITIVE_LEVEL_LABELS[item.level]}
                    </td>
                    <td>{fixed(s.difficulty)}</td>
                    <td>{fixed(s.discrimination)}</td>
                    <td>{fixed(s.restCorrelation)}</td>
                    {Array.from({ length: optionCount }, (_, i) => {
                      const o = s.options[i];
                      return <td key={i}>{o ? `${o.isKey ? "★" : ""}${percent(o.share)}` : ""}</td>;
                    })}
                    <td>{s.blankShare === null ? "—" : percent(s.blankShare)}</td>
                    <td>
                      {s.band ? DISCRIMINATION_BAND_LABELS[s.band] : ""}
                      {s.flags.length > 0 ? <span className="flag">（{s.flags.map((f) => ITEM_FLAG_LABELS[f]).join("、")}）</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
