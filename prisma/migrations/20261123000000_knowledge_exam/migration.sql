-- CreateTable
CREATE TABLE "ExamItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    "standardId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "currentRevision" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExamItem_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamItem_standardId_fkey" FOREIGN KEY ("standardId") REFERENCES "Standard" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamItemRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "stem" TEXT NOT NULL,
    "optionsJson" TEXT NOT NULL,
    "keyJson" TEXT NOT NULL,
    "modelAnswer" TEXT,
    "explanation" TEXT,
    "codesJson" TEXT NOT NULL,
    "cognitiveLevel" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamItemRevision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ExamItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamBlueprint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    "standardId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "cellsJson" TEXT NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExamBlueprint_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamBlueprint_standardId_fkey" FOREIGN KEY ("standardId") REFERENCES "Standard" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamPaper" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    "standardId" TEXT NOT NULL,
    "blueprintId" TEXT,
    "title" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "formCount" INTEGER NOT NULL DEFAULT 1,
    "cellsJson" TEXT NOT NULL,
    "shortfallsJson" TEXT NOT NULL DEFAULT '[]',
    "totalPoints" REAL NOT NULL,
    "passMark" REAL NOT NULL DEFAULT 60,
    "durationMinutes" INTEGER NOT NULL DEFAULT 60,
    "multipleScoring" TEXT NOT NULL DEFAULT 'all_or_nothing',
    "shuffleItems" BOOLEAN NOT NULL DEFAULT true,
    "shuffleOptions" BOOLEAN NOT NULL DEFAULT true,
    "contentHash" TEXT,
    "publishedAt" DATETIME,
    "publishedById" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExamPaper_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamPaper_standardId_fkey" FOREIGN KEY ("standardId") REFERENCES "Standard" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamPaper_blueprintId_fkey" FOREIGN KEY ("blueprintId") REFERENCES "ExamBlueprint" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamPaperItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paperId" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "revisionId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "points" REAL NOT NULL,
    CONSTRAINT "ExamPaperItem_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "ExamPaper" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamPaperItem_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ExamItemRevision" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamKeyCorrection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paperId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "keyJson" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "correctedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamKeyCorrection_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "ExamPaper" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamKeyCorrection_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ExamItemRevision" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enrollmentId" TEXT NOT NULL,
    "paperId" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "attemptNumber" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "orderJson" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadlineAt" DATETIME,
    "submittedAt" DATETIME,
    "enteredById" TEXT,
    CONSTRAINT "ExamAttempt_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamAttempt_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "ExamPaper" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "responseJson" TEXT NOT NULL,
    "manualPoints" REAL,
    "scoredById" TEXT,
    "scoredAt" DATETIME,
    "scoreComment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExamAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamAttemptGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enrollmentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamAttemptGrant_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AssessmentSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    "assessmentVersionId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "place" TEXT NOT NULL,
    "scenario" TEXT,
    "resourcesJson" TEXT NOT NULL DEFAULT '[]',
    "calibrationNote" TEXT,
    "checklistConfirmedAt" DATETIME,
    "startedAt" DATETIME,
    "startOverrideReason" TEXT,
    "closedAt" DATETIME,
    "examOpensAt" DATETIME,
    "examClosesAt" DATETIME,
    "examMode" TEXT NOT NULL DEFAULT 'online',
    "appealDays" INTEGER NOT NULL DEFAULT 14,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssessmentSession_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentSession_assessmentVersionId_fkey" FOREIGN KEY ("assessmentVersionId") REFERENCES "AssessmentVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AssessmentSession" ("appealDays", "assessmentVersionId", "calibrationNote", "checklistConfirmedAt", "closedAt", "createdAt", "createdById", "endsAt", "id", "institutionId", "place", "resourcesJson", "scenario", "startOverrideReason", "startedAt", "startsAt", "title") SELECT "appealDays", "assessmentVersionId", "calibrationNote", "checklistConfirmedAt", "closedAt", "createdAt", "createdById", "endsAt", "id", "institutionId", "place", "resourcesJson", "scenario", "startOverrideReason", "startedAt", "startsAt", "title" FROM "AssessmentSession";
DROP TABLE "AssessmentSession";
ALTER TABLE "new_AssessmentSession" RENAME TO "AssessmentSession";
CREATE INDEX "AssessmentSession_institutionId_startsAt_idx" ON "AssessmentSession"("institutionId", "startsAt");
CREATE INDEX "AssessmentSession_assessmentVersionId_idx" ON "AssessmentSession"("assessmentVersionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ExamItem_institutionId_standardId_idx" ON "ExamItem"("institutionId", "standardId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamItem_standardId_number_key" ON "ExamItem"("standardId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ExamItemRevision_itemId_revision_key" ON "ExamItemRevision"("itemId", "revision");

-- CreateIndex
CREATE INDEX "ExamBlueprint_institutionId_standardId_idx" ON "ExamBlueprint"("institutionId", "standardId");

-- CreateIndex
CREATE INDEX "ExamPaper_institutionId_standardId_idx" ON "ExamPaper"("institutionId", "standardId");

-- CreateIndex
CREATE INDEX "ExamPaperItem_revisionId_idx" ON "ExamPaperItem"("revisionId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamPaperItem_paperId_form_position_key" ON "ExamPaperItem"("paperId", "form", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ExamPaperItem_paperId_form_revisionId_key" ON "ExamPaperItem"("paperId", "form", "revisionId");

-- CreateIndex
CREATE INDEX "ExamKeyCorrection_paperId_revisionId_idx" ON "ExamKeyCorrection"("paperId", "revisionId");

-- CreateIndex
CREATE INDEX "ExamAttempt_paperId_idx" ON "ExamAttempt"("paperId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_enrollmentId_attemptNumber_key" ON "ExamAttempt"("enrollmentId", "attemptNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAnswer_attemptId_revisionId_key" ON "ExamAnswer"("attemptId", "revisionId");

-- CreateIndex
CREATE INDEX "ExamAttemptGrant_enrollmentId_idx" ON "ExamAttemptGrant"("enrollmentId");


-- A published paper is frozen (STYLE habit 4): its settings, items and points cannot change and it
-- cannot be deleted; a key corrected afterwards is recorded as an ExamKeyCorrection instead.
CREATE TRIGGER "ExamPaper_frozen_update" BEFORE UPDATE OF "seed", "formCount", "cellsJson", "totalPoints", "passMark", "durationMinutes", "multipleScoring", "shuffleItems", "shuffleOptions", "contentHash", "publishedAt", "standardId" ON "ExamPaper"
WHEN OLD."publishedAt" IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published exam paper cannot change');
END;

CREATE TRIGGER "ExamPaper_frozen_delete" BEFORE DELETE ON "ExamPaper"
WHEN OLD."publishedAt" IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published exam paper cannot be deleted');
END;

CREATE TRIGGER "ExamPaperItem_frozen_insert" BEFORE INSERT ON "ExamPaperItem"
WHEN (SELECT "publishedAt" FROM "ExamPaper" WHERE "id" = NEW."paperId") IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published exam paper cannot change');
END;

CREATE TRIGGER "ExamPaperItem_frozen_update" BEFORE UPDATE ON "ExamPaperItem"
WHEN (SELECT "publishedAt" FROM "ExamPaper" WHERE "id" = OLD."paperId") IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published exam paper cannot change');
END;

CREATE TRIGGER "ExamPaperItem_frozen_delete" BEFORE DELETE ON "ExamPaperItem"
WHEN (SELECT "publishedAt" FROM "ExamPaper" WHERE "id" = OLD."paperId") IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published exam paper cannot change');
END;

-- An item revision that a paper used keeps its words and key; an edit makes a new revision.
CREATE TRIGGER "ExamItemRevision_used_update" BEFORE UPDATE OF "type", "stem", "optionsJson", "keyJson", "modelAnswer", "explanation", "codesJson", "cognitiveLevel" ON "ExamItemRevision"
WHEN EXISTS (SELECT 1 FROM "ExamPaperItem" WHERE "revisionId" = OLD."id")
BEGIN
    SELECT RAISE(ABORT, 'an item revision used by a paper cannot change');
END;
