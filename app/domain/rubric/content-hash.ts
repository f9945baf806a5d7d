/**
 * The content hash of a published assessment version (STYLE habit 4, as ORA's Rubric.content_hash):
 * a session records the hash of the version its candidates were scored against, so any later change
 * to that content is detectable.
 *
 * The hash is over the same canonical JSON (RFC 8785) that certificates are signed over.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "~/domain/canonical-json";
import type { AssessmentContent } from "./content";

/** SHA-256 (hex) of the canonical JSON of an assessment's content. */
export function contentHash(content: AssessmentContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}
