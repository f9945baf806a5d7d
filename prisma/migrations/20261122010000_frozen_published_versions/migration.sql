-- A published assessment version is frozen (STYLE habit 4): its content, hash and publication
-- cannot change, and it cannot be deleted. The app never tries; this makes it impossible.
CREATE TRIGGER "AssessmentVersion_frozen_update" BEFORE UPDATE OF "contentJson", "contentHash", "publishedAt", "version", "assessmentId" ON "AssessmentVersion"
WHEN OLD."publishedAt" IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published assessment version cannot change');
END;

CREATE TRIGGER "AssessmentVersion_frozen_delete" BEFORE DELETE ON "AssessmentVersion"
WHEN OLD."publishedAt" IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published assessment version cannot be deleted');
END;
