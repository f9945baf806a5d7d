-- DropIndex
DROP INDEX "Appeal_enrollmentId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Appeal_enrollmentId_key" ON "Appeal"("enrollmentId");

