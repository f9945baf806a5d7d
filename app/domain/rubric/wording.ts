/**
 * Turns the standard's texts into natural zh-TW rubric and evidence wording, using the sentence
 * templates in templates/rubric/descriptors.json and templates/assessment/evidence.json.
 *
 * Behaviour indicators are written by many authors: most start with a verb (選定…), many with a
 * preposition (依據…, 因應…, 透過…), some are noun phrases or carry a modal (發文應有創意…). The
 * descriptor templates place the indicator after 能 / 才能 / 無法, so `adaptIndicator` reshapes the
 * text into a verb phrase that reads well there, and leaves ordinary indicators untouched.
 */
import {
  descriptorWording,
  evidenceWording,
  fillTemplate,
  type Band,
} from "./templates";

const FOOTNOTE = /【註\s*\d+】/gu;
const TRAILING_PUNCTUATION = /[。．.；;，,、：:\s]+$/u;

/** A nominalised verb at the end of a noun phrase: "觸及率的追蹤" reads as "追蹤觸及率". */
const NOMINAL_VERB_ENDING =
  /^([^，]+)的(追蹤|分析|評估|檢視|管理|規劃|監督|監控|製作|整合|執行|維護|確認|建立|蒐集|收集)$/u;

/** Words where 應 is not a modal (因應, 回應, 適應, 應用, 應變…). */
const MODAL_YING = /^([^，、。；]{2,6}?)(?<![因回反對供適相呼感效答順])應(?:該)?(?![用變對急徵酬])/u;

/** A leading "X後" clause ("媒體廣告上線後截圖"), but not 後台, 後製, 後續, "…後的…". */
const LEADING_AFTER_CLAUSE = /^([^，。；的]{2,8}?)後(?![的台製續端期援果勤方面來者半])/u;
const STARTS_WITH_PREPOSITION = /^(於|在|當|待|依|根據|透過|藉由|經由|針對|與|將|對於)/u;

/** Removes footnote markers and trailing punctuation, and joins inner sentences with a comma. */
export function cleanClause(text: string): string {
  return text.replace(FOOTNOTE, "").trim().replace(TRAILING_PUNCTUATION, "").replace(/。/gu, "，");
}

/** The indicator as a verb phrase that can follow 能 / 才能 / 無法 in a descriptor sentence. */
export function adaptIndicator(text: string): string {
  let s = cleanClause(text);
  // A leading modal would double up with the template's own 能 ("能能…").
  s = s.replace(/^(能夠|必須|能(?![力源量]))/u, "");
  // "關於X…" is a topic, not an action; what the candidate does with it is grasp it.
  s = s.replace(/^關於/u, "掌握");
  // "發文應有創意" → "讓發文有創意": the subject becomes what the candidate makes happen.
  s = s.replace(MODAL_YING, "讓$1");
  if (!STARTS_WITH_PREPOSITION.test(s)) s = s.replace(LEADING_AFTER_CLAUSE, "於$1後");
  const nominal = NOMINAL_VERB_ENDING.exec(s);
  if (nominal) s = `${nominal[2]}${nominal[1]}`;
  // "透過X能提高…": the template already says 能.
  s = s.replace(/^((?:透過|藉由|經由)[^，]*?)能(?![力源量夠])/u, "$1");
  // An indicator of punctuation only would leave the sentence without an object: keep its text.
  return s.length > 0 ? s : text.trim();
}

/** One rubric descriptor: the indicator at the task's 職能級別 and a quality band. */
export function describeLevel(indicatorText: string, taskLevel: number, band: Band): string {
  const wording = descriptorWording.taskLevels[String(taskLevel) as keyof typeof descriptorWording.taskLevels];
  if (!wording) throw new RangeError(`職能級別 ${taskLevel} 不在 1–6 之間`);
  return fillTemplate(wording.bands[band], { indicator: adaptIndicator(indicatorText) });
}

/** Unit K/S items are whole sentences ("至少研究與比較三個社群媒體平台，並…"); occupational ones are nouns. */
function isSentence(text: string): boolean {
  return /[，。]/u.test(text) || text.length >= evidenceWording.sentenceMinLength;
}

export function workProductFallbackTitle(taskTitle: string): string {
  return fillTemplate(evidenceWording.workProductFallback, { task: cleanClause(taskTitle) });
}

export function skillChecklistText(skillTitle: string, taskTitle: string): string {
  const { skill } = evidenceWording;
  const title = cleanClause(skillTitle);
  const task = cleanClause(taskTitle);
  if (isSentence(title)) return fillTemplate(skill.sentence, { skill: adaptIndicator(title), task });
  // "數位媒體操作" → "數位媒體操作能力", so that 展現… has an ability as its object.
  const noun = skill.nounEndings.some((ending) => title.endsWith(ending)) ? title : `${title}${skill.nounSuffix}`;
  return fillTemplate(skill.noun, { skill: noun, task });
}

export function attitudeChecklistText(title: string, description: string): string {
  const { attitude } = evidenceWording;
  const detail = cleanClause(description);
  return detail.length > 0
    ? fillTemplate(attitude.withDescription, { attitude: cleanClause(title), description: detail })
    : fillTemplate(attitude.plain, { attitude: cleanClause(title) });
}

export function questionPrompt(knowledgeTitle: string, taskTitle: string): string {
  const { question } = evidenceWording;
  const title = cleanClause(knowledgeTitle);
  const task = cleanClause(taskTitle);
  // The prompt already has a colon before the knowledge text; a second one ("如下：") would read badly.
  if (isSentence(title)) return fillTemplate(question.sentence, { knowledge: title.replace(/(如下)?：/gu, "，"), task });
  const suffix = question.conceptSuffixes.find((s) => title.endsWith(s) && title.length - s.length >= 2);
  const core = suffix ? title.slice(0, -suffix.length) : title;
  const isLaw =
    question.lawKeywords.some((k) => core.includes(k)) ||
    (question.lawEndings.some((e) => core.endsWith(e)) && !question.notLawEndings.some((e) => core.endsWith(e)));
  const template = isLaw ? question.law : suffix ? question.concept : question.general;
  return fillTemplate(template, { knowledge: core, task });
}
