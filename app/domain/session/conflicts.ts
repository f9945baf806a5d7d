/**
 * Conflicts of interest and assessor requirements for an assignment (assessor × candidate, DESIGN §6).
 *
 * Conflicts: an assessor declares, when assigned, whether they are the candidate's trainer, relative,
 * colleague, or related otherwise. Any declared relationship blocks the assignment; no override exists,
 * because DESIGN §6 makes the block unconditional and a conflicted assessor's judgement would taint the
 * certificate. The admin assigns someone else.
 *
 * Requirements: an assessment's `assessorRequirements` are free text from the standard's 評量設計參考
 * ("具 3 年以上相關工作經驗", "完成職能評量人員研習"), which no program can match reliably against a
 * qualification's name. So the rule is deliberately simple and the judgement stays with a person:
 *   - an assessor meets the requirements when at least one qualification is recorded for them (the
 *     caller passes only current ones: `validUntil` not past) — the admin confirms, against the listed
 *     requirements, that the recorded qualifications fit;
 *   - an assessor with none can still be assigned when the admin overrides with a written reason
 *     (e.g. a qualification not yet entered), which the caller records in the audit log.
 * The override covers the qualification check only, never a declared conflict.
 */
import { z } from "zod";

export const CONFLICT_RELATIONSHIPS = ["trainer", "relative", "colleague", "other"] as const;
export type ConflictRelationship = (typeof CONFLICT_RELATIONSHIPS)[number];

export const CONFLICT_RELATIONSHIP_LABELS: Readonly<Record<ConflictRelationship | "none", string>> = {
  none: "無利益衝突",
  trainer: "曾為受評者的訓練講師",
  relative: "受評者的親屬",
  colleague: "受評者的同事",
  other: "其他關係",
};

/**
 * The assessor's declaration. "other" must say what the relationship is; for the named ones a note is
 * optional. Declaring "none" is a statement too: it is what lets the assessor score.
 */
export const ConflictDeclarationSchema = z
  .object({
    relationship: z.enum(["none", ...CONFLICT_RELATIONSHIPS], { error: "請選擇與受評者的關係" }),
    note: z.string().trim().max(500, { error: "說明不可超過 500 個字" }).optional(),
  })
  .refine((d) => d.relationship !== "other" || (d.note ?? "").length >= 2, {
    error: "選擇「其他關係」時請說明",
    path: ["note"],
  })
  .transform((d) => ({ relationship: d.relationship, note: d.note ? d.note : null }));
export type ConflictDeclaration = z.output<typeof ConflictDeclarationSchema>;

export type AssignmentState = "awaiting_declaration" | "clear" | "blocked";

/** null: the assessor has not declared yet (they must before scoring). */
export function assignmentState(declaration: ConflictDeclaration | null): AssignmentState {
  if (declaration === null) return "awaiting_declaration";
  return declaration.relationship === "none" ? "clear" : "blocked";
}

/** A declared relationship of any kind blocks the assignment. Not having declared yet is not a block. */
export function assignmentBlocked(declaration: ConflictDeclaration | null): boolean {
  return assignmentState(declaration) === "blocked";
}

export interface RequirementsCheck {
  met: boolean;
  /** The assessment's requirements, for the admin to confirm against `qualifications`. */
  requirements: string[];
  qualifications: string[];
  message: string | null;
}

export function assessorMeetsRequirements(qualifications: readonly string[], requirements: readonly string[]): RequirementsCheck {
  const recorded = qualifications.map((q) => q.trim()).filter((q) => q.length > 0);
  const listed = requirements.map((r) => r.trim()).filter((r) => r.length > 0);
  const met = recorded.length > 0;
  return {
    met,
    requirements: listed,
    qualifications: recorded,
    message: met ? null : "這位評量人員尚未登錄任何資格，請先登錄資格或填寫指派理由",
  };
}

export const RequirementOverrideSchema = z.object({
  reason: z
    .string({ error: "請填寫指派理由" })
    .trim()
    .min(5, { error: "請具體說明為何指派未登錄資格的評量人員（至少 5 個字）" })
    .max(500, { error: "理由不可超過 500 個字" }),
});
export type RequirementOverride = z.infer<typeof RequirementOverrideSchema>;

export type AssignmentBlocker = "conflict" | "no_qualification";

export interface AssignmentEligibility {
  eligible: boolean;
  blockers: AssignmentBlocker[];
  /** True when the qualification check failed and the admin's override let it through. */
  overridden: boolean;
  messages: string[];
}

/** Both checks together, as the assignment form and the scoring page ask them. */
export function assignmentEligibility(input: {
  qualifications: readonly string[];
  requirements: readonly string[];
  declaration: ConflictDeclaration | null;
  override?: RequirementOverride | null;
}): AssignmentEligibility {
  const blockers: AssignmentBlocker[] = [];
  const messages: string[] = [];
  if (assignmentBlocked(input.declaration)) {
    blockers.push("conflict");
    const relationship = CONFLICT_RELATIONSHIP_LABELS[input.declaration!.relationship];
    messages.push(`已申報利益衝突（${relationship}），不可擔任這位受評者的評量人員`);
  }
  const requirements = assessorMeetsRequirements(input.qualifications, input.requirements);
  // Parsed again here so that an unchecked object cannot pass for a written reason.
  const overridden = !requirements.met && RequirementOverrideSchema.safeParse(input.override).success;
  if (!requirements.met && !overridden) {
    blockers.push("no_qualification");
    messages.push(requirements.message!);
  }
  return { eligible: blockers.length === 0, blockers, overridden, messages };
}
