-- CreateTable
CREATE TABLE "PatientMatchDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingAId" TEXT NOT NULL,
    "bookingBId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "note" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedByName" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "undoneAt" DATETIME,
    "undoneById" TEXT,
    "undoneByName" TEXT,
    "undoneReason" TEXT
);

-- CreateIndex
CREATE INDEX "PatientMatchDecision_bookingAId_idx" ON "PatientMatchDecision"("bookingAId");

-- CreateIndex
CREATE INDEX "PatientMatchDecision_bookingBId_idx" ON "PatientMatchDecision"("bookingBId");
