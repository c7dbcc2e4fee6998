-- AlterTable
ALTER TABLE "AppointmentVersion" ADD COLUMN "standard" TEXT NOT NULL DEFAULT 'stu3';

-- CreateTable
CREATE TABLE "BarsMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "correlationId" TEXT NOT NULL,
    "bundleId" TEXT,
    "event" TEXT,
    "reason" TEXT,
    "state" TEXT NOT NULL DEFAULT 'processing',
    "httpStatus" INTEGER,
    "recCode" TEXT,
    "serviceDosId" TEXT,
    "senderOds" TEXT,
    "sourceEndpoint" TEXT,
    "headersJson" TEXT NOT NULL DEFAULT '{}',
    "format" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "appointmentId" TEXT,
    "referralId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "fhirVersion" INTEGER NOT NULL DEFAULT 1,
    "reference" TEXT NOT NULL,
    "encounterId" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "correlationId" TEXT NOT NULL,
    "sourceEndpoint" TEXT,
    "senderOds" TEXT,
    "senderName" TEXT,
    "patientNhsNumber" TEXT,
    "patientFamily" TEXT,
    "patientGiven" TEXT,
    "patientBirthDate" TEXT,
    "appointmentId" TEXT,
    "occurrenceStart" DATETIME,
    "occurrenceEnd" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ReferralVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "referralId" TEXT NOT NULL,
    "versionId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReferralVersion_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BarsMessage_requestId_key" ON "BarsMessage"("requestId");
CREATE INDEX "BarsMessage_bundleId_idx" ON "BarsMessage"("bundleId");
CREATE INDEX "BarsMessage_appointmentId_idx" ON "BarsMessage"("appointmentId");
CREATE INDEX "BarsMessage_referralId_idx" ON "BarsMessage"("referralId");
CREATE INDEX "BarsMessage_receivedAt_idx" ON "BarsMessage"("receivedAt");
CREATE UNIQUE INDEX "Referral_reference_key" ON "Referral"("reference");
CREATE INDEX "Referral_patientNhsNumber_idx" ON "Referral"("patientNhsNumber");
CREATE INDEX "Referral_appointmentId_idx" ON "Referral"("appointmentId");
CREATE INDEX "Referral_serviceId_createdAt_idx" ON "Referral"("serviceId", "createdAt");
CREATE UNIQUE INDEX "ReferralVersion_referralId_versionId_key" ON "ReferralVersion"("referralId", "versionId");
