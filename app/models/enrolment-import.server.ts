import type { EnrolmentRow } from "~/domain/session/enrolment-csv";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

export type CsvEnrolResult =
  | { status: "imported"; enrolled: number; created: number; alreadyEnrolled: number }
  | { status: "not_found" }
  | { status: "conflicts"; errors: string[] };

/**
 * Enrols a clean CSV's rows in one transaction: existing candidates are matched by candidate number,
 * new ones are created without a password (the admin hands out set-password links). A row whose
 * number belongs to someone else with another name is refused, and then nothing is imported.
 */
export async function enrolFromCsv({ institutionId, actorId, sessionId, rows }: { institutionId: string; actorId: string; sessionId: string; rows: EnrolmentRow[] }): Promise<CsvEnrolResult> {
  const session = await db.assessmentSession.findFirst({ where: { id: sessionId, institutionId }, select: { id: true } });
  if (!session) return { status: "not_found" };
  // Candidate numbers match whatever their letter case (SQLite's IN is case-sensitive), so the
  // institution's numbered users are compared in code.
  const wanted = new Set(rows.map((r) => r.candidateNumber.toLowerCase()));
  const existing = (
    await db.user.findMany({
      where: { institutionId, candidateNumber: { not: null } },
      select: { id: true, role: true, displayName: true, candidateNumber: true },
    })
  ).filter((u) => wanted.has(u.candidateNumber!.toLowerCase()));
  const byNumber = new Map(existing.map((u) => [u.candidateNumber!.toLowerCase(), u]));
  const errors: string[] = [];
  for (const row of rows) {
    const user = byNumber.get(row.candidateNumber.toLowerCase());
    if (user && user.role !== "candidate") errors.push(`第 ${row.line} 行：學員編號 ${row.candidateNumber} 屬於非受評者的帳號。`);
    else if (user && user.displayName !== row.name) {
      errors.push(`第 ${row.line} 行：學員編號 ${row.candidateNumber} 已登記為「${user.displayName}」，與檔案中的「${row.name}」不同。`);
    }
  }
  if (errors.length > 0) return { status: "conflicts", errors };

  return db.$transaction(async (tx) => {
    let created = 0;
    let enrolled = 0;
    let alreadyEnrolled = 0;
    for (const row of rows) {
      let candidateId = byNumber.get(row.candidateNumber.toLowerCase())?.id;
      if (!candidateId) {
        const username = await freeUsername(tx, row.candidateNumber);
        const user = await tx.user.create({
          data: { institutionId, role: "candidate", username, displayName: row.name, candidateNumber: row.candidateNumber, email: row.email },
          select: { id: true },
        });
        candidateId = user.id;
        created++;
      }
      if (await tx.enrollment.findFirst({ where: { sessionId, candidateId }, select: { id: true } })) {
        alreadyEnrolled++;
        continue;
      }
      const enrollment = await tx.enrollment.create({ data: { sessionId, candidateId }, select: { id: true } });
      await recordAudit({ institutionId, actorId, action: "enrollment.created", entityType: "Enrollment", entityId: enrollment.id, after: { candidateNumber: row.candidateNumber, source: "csv", line: row.line } }, tx);
      enrolled++;
    }
    return { status: "imported" as const, enrolled, created, alreadyEnrolled };
  });
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** Usernames are global; a candidate's number is the natural one, made unique if taken elsewhere. */
async function freeUsername(tx: Tx, candidateNumber: string) {
  const base = candidateNumber.toLowerCase().replace(/[^a-z0-9._-]/g, "-").slice(0, 28) || "candidate";
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if ((await tx.user.count({ where: { username: name } })) === 0) return name;
  }
}
