-- AlterTable
ALTER TABLE "AppointmentVersion" ADD COLUMN "standard" TEXT NOT NULL DEFAULT 'stu3';

-- CreateTable
CREATE TABLE "BarsMessage" (
    "id" TEXT NOT NULL,
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
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BarsMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
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
    "occurrenceStart" TIMESTAMP(3),
    "occurrenceEnd" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralVersion" (
    "id" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "versionId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralVersion_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ReferralVersion" ADD CONSTRAINT "ReferralVersion_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
