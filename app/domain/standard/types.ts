/**
 * The parsed-standard contract (DESIGN §3). Field names are the project's public data contract:
 * add fields if useful, never rename.
 */

export type StandardKind = "occupational" | "unit";

export interface CodeName {
  code: string;
  name: string;
}

export interface StandardCategory {
  jobCategory?: CodeName;
  occupation?: CodeName;
  industry?: CodeName;
  domain?: string;
}

export interface StandardVersion {
  version: string; // "V2"
  code: string;
  name: string;
  status: string;
  note: string;
  date: string; // ISO "2024-12-15"
}

export interface Output {
  code: string | null;
  title: string;
}

export interface Indicator {
  code: string | null;
  text: string;
}

export interface Task {
  code: string | null;
  title: string;
  level: number | null;
  outputs: Output[];
  indicators: Indicator[];
  knowledge: string[];
  skills: string[];
}

export interface Duty {
  code: string | null;
  title: string;
  tasks: Task[];
}

export interface KnowledgeItem {
  code: string | null;
  title: string;
}

export interface SkillItem {
  code: string | null;
  title: string;
}

export interface AttitudeItem {
  code: string | null;
  title: string;
  description: string;
}

export interface AssessmentGuide {
  conditions: string[];
  resources?: string[];
  assessorRequirements?: string[];
  raw: string;
}

export interface ParsedStandard {
  kind: StandardKind;
  code: string;
  name: string;
  level: number;
  description: string | null;
  category: StandardCategory;
  versions: StandardVersion[];
  duties: Duty[];
  knowledge: KnowledgeItem[];
  skills: SkillItem[];
  attitudes: AttitudeItem[];
  notes: string[];
  assessmentGuide: AssessmentGuide | null;
  warnings: string[];
}
