/**
 * Generates a draft assessment from a parsed standard (DESIGN §5): pure, deterministic (same input,
 * same draft, same ids), and a plain JSON object ready to be stored and edited.
 */
import type { Duty, ParsedStandard, Task } from "~/domain/standard/types";
import type { AssessmentContent, ChecklistItem, Criterion, EvidencePlanEntry, Question, TaskScope, WorkProduct } from "./content";
import { IdAllocator } from "./ids";
import { computeMatrix } from "./matrix";
import {
  conditionsTemplate,
  defaultDecisionRule,
  defaultScale,
  evidenceWording,
  fillTemplate,
  type RubricScale,
} from "./templates";
import {
  attitudeChecklistText,
  describeLevel,
  questionPrompt,
  skillChecklistText,
  workProductFallbackTitle,
} from "./wording";

export interface GenerateOptions {
  /** Task codes to assess (e.g. ["T1.1", "T2.1"]); all tasks when absent. */
  taskCodes?: readonly string[];
  scale?: RubricScale;
}

/** The request cannot produce a draft (an unknown task code, an empty selection): the caller's input. */
export class GenerationError extends Error {
  override name = "GenerationError";
}

interface ChosenTask {
  duty: Duty;
  task: Task;
}

export function generateAssessment(standard: ParsedStandard, options: GenerateOptions = {}): AssessmentContent {
  const scale = options.scale ?? defaultScale;
  const chosen = chooseTasks(standard, options.taskCodes);
  const ids = new IdAllocator();
  const warnings: string[] = [];

  const tasks: TaskScope[] = chosen.map(({ duty, task }, index) => ({
    id: ids.take(`task-${task.code ?? index + 1}`),
    code: task.code,
    title: task.title,
    level: taskLevel(standard, task),
    dutyCode: duty.code,
    dutyTitle: duty.title,
    // Copied field by field: the draft is its own plain object, not a view into the parsed standard.
    outputs: task.outputs.map(({ code, title }) => ({ code, title })),
    indicators: task.indicators.map(({ code, text }) => ({ code, text })),
    knowledge: [...task.knowledge],
    skills: [...task.skills],
  }));

  const criteria: Criterion[] = tasks.flatMap((task) =>
    task.indicators.map((indicator, i) => ({
      id: ids.take(`crit-${indicator.code ?? `${taskKey(task)}-${i + 1}`}`),
      code: indicator.code,
      taskId: task.id,
      taskCode: task.code,
      text: indicator.text,
      // Every behaviour indicator describes what a competent worker does, so each starts as critical;
      // the editor relaxes those that may be partly achieved.
      critical: true,
      levels: scale.levels.map((level) => ({
        score: level.score,
        label: level.label,
        descriptor: describeLevel(indicator.text, task.level, level.band),
      })),
    })),
  );

  const titles = (items: readonly { code: string | null; title: string }[]) =>
    new Map(items.flatMap((item) => (item.code === null ? [] : [[item.code, item.title] as const])));
  const knowledgeTitles = titles(standard.knowledge);
  const skillTitles = titles(standard.skills);
  const attitudes = standard.attitudes.flatMap((a) =>
    a.code === null ? [] : [{ code: a.code, title: a.title, description: a.description }],
  );

  const evidencePlan: EvidencePlanEntry[] = tasks.map((task) => {
    const key = taskKey(task);
    const workProducts: WorkProduct[] =
      task.outputs.length > 0
        ? task.outputs.map((output, i) => ({
            id: ids.take(`wp-${key}-${output.code ?? i + 1}`),
            code: output.code,
            title: output.title,
          }))
        : // A task without outputs (every competency unit, some occupational tasks) still leaves a work
          // record to review; naming it keeps the evidence plan complete.
          [{ id: ids.take(`wp-${key}-1`), code: null, title: workProductFallbackTitle(task.title) }];

    const checklist: ChecklistItem[] = [
      ...task.skills.map((code) => {
        const title = skillTitles.get(code);
        if (title === undefined) warnings.push(`${key} 列出的技能 ${code} 未見於職能內涵 (S)，檢核項目以代碼代替`);
        return { id: ids.take(`chk-${key}-${code}`), code, text: skillChecklistText(title ?? code, task.title) };
      }),
      ...attitudes.map((a) => ({
        id: ids.take(`chk-${key}-${a.code}`),
        code: a.code,
        text: attitudeChecklistText(a.title, a.description),
      })),
    ];

    const questions: Question[] = task.knowledge.map((code) => {
      const title = knowledgeTitles.get(code);
      if (title === undefined) warnings.push(`${key} 列出的知識 ${code} 未見於職能內涵 (K)，問題以代碼代替`);
      return {
        id: ids.take(`q-${key}-${code}`),
        code,
        mode: evidenceWording.question.mode,
        prompt: questionPrompt(title ?? code, task.title),
      };
    });

    return { taskId: task.id, taskCode: task.code, workProducts, checklist, questions };
  });

  const listed = (kind: "knowledge" | "skills") => new Set(tasks.flatMap((t) => t[kind]));
  const competencies = {
    knowledge: inScope(standard.knowledge, listed("knowledge")),
    skills: inScope(standard.skills, listed("skills")),
    attitudes,
  };

  const setting = conditionsFor(standard, tasks);
  const { matrix, gaps } = computeMatrix({ tasks, competencies, criteria, evidencePlan });

  return {
    schemaVersion: 1,
    standard: {
      kind: standard.kind,
      code: standard.code,
      name: standard.name,
      level: standard.level,
      version: standard.versions.find((v) => v.code === standard.code)?.version ?? null,
    },
    scale: {
      id: scale.id,
      name: scale.name,
      competentScore: scale.competentScore,
      levels: scale.levels.map(({ score, label }) => ({ score, label })),
    },
    tasks,
    competencies,
    criteria,
    evidencePlan,
    ...setting,
    decisionRule: defaultDecisionRule(scale),
    matrix,
    gaps,
    waivers: [],
    warnings,
  };
}

/** The chosen tasks in the standard's order, whatever order they were asked in. */
function chooseTasks(standard: ParsedStandard, taskCodes: readonly string[] | undefined): ChosenTask[] {
  const all = standard.duties.flatMap((duty) => duty.tasks.map((task) => ({ duty, task })));
  if (all.length === 0) throw new GenerationError(`職能基準 ${standard.code} 沒有任何工作任務，無法產生評量`);
  if (taskCodes === undefined) return all;

  const wanted = new Set(taskCodes.map((code) => code.trim()).filter((code) => code.length > 0));
  if (wanted.size === 0) throw new GenerationError("請至少選擇一項工作任務");
  const available = all.flatMap(({ task }) => (task.code ? [task.code] : []));
  const unknown = [...wanted].filter((code) => !available.includes(code));
  if (unknown.length > 0) {
    throw new GenerationError(
      `未知的工作任務代碼 Unknown task code: ${unknown.join(", ")}（${standard.code} 的工作任務：${available.join(", ")}）`,
    );
  }
  return all.filter(({ task }) => task.code !== null && wanted.has(task.code));
}

/** The task's 職能級別; competency units give none per task, so the unit's level applies. */
function taskLevel(standard: ParsedStandard, task: Task): number {
  const valid = (level: number | null): level is number =>
    level !== null && Number.isInteger(level) && level >= 1 && level <= 6;
  if (valid(task.level)) return task.level;
  if (valid(standard.level)) return standard.level;
  throw new GenerationError(`工作任務 ${task.code ?? task.title} 與職能基準都沒有 1–6 的職能級別`);
}

function taskKey(task: TaskScope): string {
  return task.code ?? task.id;
}

function inScope<T extends { code: string | null; title: string }>(items: readonly T[], codes: ReadonlySet<string>) {
  return items.flatMap((item) => (item.code !== null && codes.has(item.code) ? [{ code: item.code, title: item.title }] : []));
}

/** The unit's 評量設計參考 when it has conditions; otherwise the simulated-workplace template. */
function conditionsFor(
  standard: ParsedStandard,
  tasks: readonly TaskScope[],
): Pick<AssessmentContent, "scenario" | "conditionsSource" | "conditions" | "resources" | "duration" | "assessorRequirements"> {
  const template = conditionsTemplate;
  const guide = standard.assessmentGuide;
  const { minutesPerTask, questioningMinutesPerTask } = template.duration;
  const minutes = tasks.length * (minutesPerTask + questioningMinutesPerTask);
  const duration = {
    minutes,
    text: fillTemplate(template.duration.text, { minutes, taskCount: tasks.length, minutesPerTask, questioningMinutesPerTask }),
  };
  const fromGuide = guide !== null && guide.conditions.length > 0;
  const taskList = tasks.map((t) => [t.code, t.title].filter(Boolean).join(" ")).join("；");
  return {
    scenario: fillTemplate(template.scenario, { standardName: standard.name, standardCode: standard.code, taskList }),
    conditionsSource: fromGuide ? "assessment_guide" : "template",
    conditions: fromGuide
      ? [...guide.conditions]
      : template.conditions.map((text) =>
          fillTemplate(text, { standardName: standard.name, standardCode: standard.code, taskList }),
        ),
    // The guide's own lists win; what it leaves out comes from the template, so a session never
    // lacks resources or assessor requirements (conflict of interest, calibration: DESIGN §6).
    resources: guide?.resources?.length ? [...guide.resources] : [...template.resources],
    duration,
    assessorRequirements: guide?.assessorRequirements?.length
      ? [...guide.assessorRequirements]
      : [...template.assessorRequirements],
  };
}
