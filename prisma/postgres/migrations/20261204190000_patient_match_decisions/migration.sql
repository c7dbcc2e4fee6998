-- CreateTable
CREATE TABLE "PatientMatchDecision" (
    "id" TEXT NOT NULL,
    "bookingAId" TEXT NOT NULL,
    "bookingBId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "note" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedByName" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "undoneAt" TIMESTAMP(3),
    "undoneById" TEXT,
    "undoneByName" TEXT,
    "undoneReason" TEXT,

    CONSTRAINT "PatientMatchDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PatientMatchDecision_bookingAId_idx" ON "PatientMatchDecision"("bookingAId");

-- CreateIndex
CREATE INDEX "PatientMatchDecision_bookingBId_idx" ON "PatientMatchDecision"("bookingBId");
