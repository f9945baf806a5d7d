import type { ParsedStandard } from "~/domain/standard/types";

/** A standard as people read it: duties → tasks (level) → outputs, indicators, K/S codes. */
export function StandardTree({ standard }: { standard: ParsedStandard }) {
  const knowledgeTitles = new Map(standard.knowledge.map((k) => [k.code, k.title]));
  const skillTitles = new Map(standard.skills.map((s) => [s.code, s.title]));
  return (
    <div className="standard-tree">
      {standard.duties.map((duty, dutyIndex) => (
        <section key={`${duty.code}-${dutyIndex}`} className="duty" aria-label={`主要職責 ${duty.code ?? ""} ${duty.title}`}>
          <h3>
            <code>{duty.code ?? "（無代碼）"}</code> {duty.title}
          </h3>
          <ol className="tasks">
            {duty.tasks.map((task, taskIndex) => (
              <li key={`${task.code}-${taskIndex}`} className="task">
                <h4>
                  <code>{task.code ?? "（無代碼）"}</code> {task.title}
                  {task.level !== null ? <span className="badge">職能級別 {task.level}</span> : null}
                </h4>
                {task.outputs.length > 0 ? (
                  <div>
                    <strong>工作產出</strong>
                    <ul>
                      {task.outputs.map((o, i) => (
                        <li key={i}>
                          <code>{o.code ?? "—"}</code> {o.title}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <div>
                  <strong>行為指標</strong>
                  <ul>
                    {task.indicators.map((p, i) => (
                      <li key={i}>
                        <code>{p.code ?? "—"}</code> {p.text}
                      </li>
                    ))}
                  </ul>
                </div>
                <p className="competency-codes">
                  <strong>知識</strong>{" "}
                  {task.knowledge.map((code) => (
                    <abbr key={code} title={knowledgeTitles.get(code) ?? "（未列於知識清單）"} className="code-chip">
                      {code}
                    </abbr>
                  ))}
                  <br />
                  <strong>技能</strong>{" "}
                  {task.skills.map((code) => (
                    <abbr key={code} title={skillTitles.get(code) ?? "（未列於技能清單）"} className="code-chip">
                      {code}
                    </abbr>
                  ))}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ))}
      {standard.attitudes.length > 0 ? (
        <section aria-label="態度">
          <h3>態度（A）</h3>
          <ul>
            {standard.attitudes.map((a, i) => (
              <li key={i}>
                <code>{a.code ?? "—"}</code> {a.title}
                {a.description ? <span className="muted">：{a.description}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {standard.assessmentGuide ? (
        <section aria-label="評量設計參考">
          <h3>評量設計參考</h3>
          <ul>
            {standard.assessmentGuide.conditions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function StandardCounts({ counts }: { counts: Record<string, number> }) {
  const labels: Record<string, string> = {
    duties: "主要職責",
    tasks: "工作任務",
    outputs: "工作產出",
    indicators: "行為指標",
    knowledge: "知識",
    skills: "技能",
    attitudes: "態度",
  };
  return (
    <dl className="counts">
      {Object.entries(labels).map(([key, label]) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd>{counts[key] ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StandardWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="warning" role="note">
      <strong>文件中的疏漏（照原文保留）：</strong>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
