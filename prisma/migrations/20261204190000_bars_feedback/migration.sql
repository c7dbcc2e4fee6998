-- AlterTable
ALTER TABLE "HealthcareService" ADD COLUMN "barsFeedback" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "FeedbackMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL DEFAULT 'safeguarding-dna',
    "appointmentId" TEXT,
    "referralId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "correlationId" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "responseToBundleId" TEXT NOT NULL,
    "targetEndpoint" TEXT NOT NULL,
    "targetDosId" TEXT NOT NULL,
    "patientNhsNumber" TEXT,
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "confirmedById" TEXT,
    "confirmedByName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    "failedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SafeguardingTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appointmentId" TEXT NOT NULL,
    "referralId" TEXT,
    "door" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "closedNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackMessage_requestId_key" ON "FeedbackMessage"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackMessage_bundleId_key" ON "FeedbackMessage"("bundleId");

-- CreateIndex
CREATE INDEX "FeedbackMessage_state_nextAttemptAt_idx" ON "FeedbackMessage"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "FeedbackMessage_appointmentId_idx" ON "FeedbackMessage"("appointmentId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackMessage_referralId_kind_key" ON "FeedbackMessage"("referralId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "SafeguardingTask_appointmentId_key" ON "SafeguardingTask"("appointmentId");

-- CreateIndex
CREATE INDEX "SafeguardingTask_status_createdAt_idx" ON "SafeguardingTask"("status", "createdAt");
