-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN "workProductKey" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enrollmentId" TEXT NOT NULL,
    "assessorId" TEXT NOT NULL,
    "conflictDeclared" BOOLEAN NOT NULL DEFAULT false,
    "conflictRelationship" TEXT,
    "conflictNote" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_assessorId_fkey" FOREIGN KEY ("assessorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("assessorId", "conflictDeclared", "conflictNote", "createdAt", "enrollmentId", "id") SELECT "assessorId", "conflictDeclared", "conflictNote", "createdAt", "enrollmentId", "id" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_assessorId_idx" ON "Assignment"("assessorId");
CREATE UNIQUE INDEX "Assignment_enrollmentId_assessorId_key" ON "Assignment"("enrollmentId", "assessorId");
CREATE TABLE "new_Enrollment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "previousEnrollmentId" TEXT,
    "taskCodesJson" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "observedFaultsJson" TEXT NOT NULL DEFAULT '[]',
    "signedOffAt" DATETIME,
    "signedOffById" TEXT,
    "signOffNote" TEXT,
    "releasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Enrollment_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "AssessmentSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Enrollment_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Enrollment_previousEnrollmentId_fkey" FOREIGN KEY ("previousEnrollmentId") REFERENCES "Enrollment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Enrollment" ("candidateId", "createdAt", "id", "previousEnrollmentId", "releasedAt", "revision", "sessionId", "signedOffAt", "signedOffById", "taskCodesJson") SELECT "candidateId", "createdAt", "id", "previousEnrollmentId", "releasedAt", "revision", "sessionId", "signedOffAt", "signedOffById", "taskCodesJson" FROM "Enrollment";
DROP TABLE "Enrollment";
ALTER TABLE "new_Enrollment" RENAME TO "Enrollment";
CREATE INDEX "Enrollment_candidateId_idx" ON "Enrollment"("candidateId");
CREATE UNIQUE INDEX "Enrollment_sessionId_candidateId_key" ON "Enrollment"("sessionId", "candidateId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
