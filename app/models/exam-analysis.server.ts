/**
 * Item analysis of a paper's form: every final attempt scored with the keys in force (corrections
 * included), then app/domain/exam/item-analysis for the statistics.
 */
import { analyseItems, type AnalysisAttempt, type AnalysisItem } from "~/domain/exam/item-analysis";
import { attemptFinalAt, scoreStoredAttempt } from "~/domain/exam/outcome";
import { ResponseSchema } from "~/domain/exam/types";
import { db } from "~/utils/db.server";
import { examAttemptsSelect, toScoringPaper } from "./exam-attempt.server";
import { getPaper } from "./exam-paper.server";

export async function getItemAnalysis({ institutionId, paperId, form, now = new Date() }: { institutionId: string; paperId: string; form: string | null; now?: Date }) {
  const paper = await getPaper({ institutionId, paperId });
  if (!paper) return null;
  const formView = paper.forms.find((f) => f.label === (form ?? paper.formLabels[0]));
  if (!formView) return null;
  const rows = await db.examAttempt.findMany({ where: { paperId: paper.id, form: formView.label }, select: examAttemptsSelect.select });
  const final = rows.filter((a) => attemptFinalAt(a, now) !== null);
  const items: AnalysisItem[] = formView.items.map((i) => ({
    key: i.revisionId,
    label: `第 ${i.position} 題 Q${String(i.number).padStart(3, "0")}`,
    type: i.content.type,
    max: i.points,
    optionCount: i.content.type === "short_answer" ? 0 : i.content.options.length,
    keyOptions: i.content.type === "short_answer" ? [] : i.key,
  }));
  const scoring = final.length > 0 ? toScoringPaper(final[0]!.paper) : null;
  const attempts: AnalysisAttempt[] = final.map((attempt) => {
    const answers = attempt.answers.map((a) => ({ revisionId: a.revisionId, response: ResponseSchema.parse(JSON.parse(a.responseJson)), manualPoints: a.manualPoints }));
    const score = scoreStoredAttempt(scoring!, { ...attempt, answers });
    const byRevision = new Map(score.items.map((r) => [r.revisionId, r]));
    const responses = new Map(answers.map((a) => [a.revisionId, a.response]));
    return {
      scores: formView.items.map((i) => byRevision.get(i.revisionId)?.earned ?? null),
      choices: formView.items.map((i) => {
        const response = responses.get(i.revisionId);
        return i.content.type === "short_answer" || !response || response.kind !== "choice" ? null : response.selected;
      }),
    };
  });
  return {
    paper: { id: paper.id, title: paper.title, passMark: paper.passMark, totalPoints: paper.totalPoints, formLabels: paper.formLabels, standard: paper.standard, publishedAt: paper.publishedAt },
    form: formView.label,
    items: formView.items.map((i) => ({ revisionId: i.revisionId, position: i.position, number: i.number, itemId: i.itemId, type: i.content.type, stem: i.content.stem, code: i.code, level: i.level })),
    analysis: analyseItems({ items, attempts }),
  };
}

export type ItemAnalysisView = NonNullable<Awaited<ReturnType<typeof getItemAnalysis>>>;
