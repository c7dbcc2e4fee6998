-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN "arrivalSource" TEXT;
ALTER TABLE "Appointment" ADD COLUMN "registeredAt" TIMESTAMP(3);
ALTER TABLE "Appointment" ADD COLUMN "departedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Hl7InboundMessage" (
    "id" TEXT NOT NULL,
    "controlKey" TEXT NOT NULL,
    "controlId" TEXT NOT NULL,
    "messageType" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'received',
    "ackCode" TEXT,
    "outcome" TEXT,
    "body" TEXT NOT NULL,
    "eventJson" TEXT,
    "peer" TEXT,
    "appointmentId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "Hl7InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EprVisit" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "eprPatientId" TEXT,
    "visitNumber" TEXT,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "departedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EprVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationReview" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "patientNhsNumber" TEXT,
    "patientFamily" TEXT,
    "patientGiven" TEXT,
    "patientBirthDate" TEXT,
    "registeredAt" TIMESTAMP(3),
    "bookingIdsJson" TEXT NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL DEFAULT 'open',
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistrationReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hl7OutboxMessage" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "changeKey" TEXT NOT NULL,
    "patientKey" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "messageType" TEXT NOT NULL,
    "controlId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "ackCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Hl7OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Hl7InboundMessage_controlKey_key" ON "Hl7InboundMessage"("controlKey");
CREATE INDEX "Hl7InboundMessage_state_receivedAt_idx" ON "Hl7InboundMessage"("state", "receivedAt");
CREATE INDEX "Hl7InboundMessage_appointmentId_idx" ON "Hl7InboundMessage"("appointmentId");
CREATE INDEX "EprVisit_appointmentId_idx" ON "EprVisit"("appointmentId");
CREATE INDEX "EprVisit_visitNumber_idx" ON "EprVisit"("visitNumber");
CREATE INDEX "EprVisit_eprPatientId_idx" ON "EprVisit"("eprPatientId");
CREATE INDEX "RegistrationReview_state_createdAt_idx" ON "RegistrationReview"("state", "createdAt");
CREATE UNIQUE INDEX "Hl7OutboxMessage_changeKey_key" ON "Hl7OutboxMessage"("changeKey");
CREATE UNIQUE INDEX "Hl7OutboxMessage_controlId_key" ON "Hl7OutboxMessage"("controlId");
CREATE INDEX "Hl7OutboxMessage_state_nextAttemptAt_idx" ON "Hl7OutboxMessage"("state", "nextAttemptAt");
CREATE INDEX "Hl7OutboxMessage_patientKey_sequence_idx" ON "Hl7OutboxMessage"("patientKey", "sequence");
