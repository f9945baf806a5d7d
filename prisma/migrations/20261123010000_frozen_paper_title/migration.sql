-- The paper's title is part of its content hash (exam-paper.server.ts paperHash): once published it
-- is frozen with the rest. blueprintId stays out (deleting a blueprint sets it to null).
DROP TRIGGER "ExamPaper_frozen_update";

CREATE TRIGGER "ExamPaper_frozen_update" BEFORE UPDATE OF "title", "seed", "formCount", "cellsJson", "totalPoints", "passMark", "durationMinutes", "multipleScoring", "shuffleItems", "shuffleOptions", "contentHash", "publishedAt", "standardId" ON "ExamPaper"
WHEN OLD."publishedAt" IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published exam paper cannot change');
END;
