-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "dnaReviewNote" TEXT,
ADD COLUMN     "dnaReviewedAt" TIMESTAMP(3),
ADD COLUMN     "dnaReviewedById" TEXT;

-- AlterTable
ALTER TABLE "ClinicalDocument" ADD COLUMN     "appointmentRefs" TEXT,
ADD COLUMN     "candidateIds" TEXT,
ADD COLUMN     "gender" TEXT,
ADD COLUMN     "itkMessageId" TEXT,
ADD COLUMN     "itkTrackingId" TEXT,
ADD COLUMN     "linkedAt" TIMESTAMP(3),
ADD COLUMN     "linkedById" TEXT,
ADD COLUMN     "patientName" TEXT,
ADD COLUMN     "reviewReason" TEXT,
ADD COLUMN     "senderName" TEXT,
ADD COLUMN     "stateChangedAt" TIMESTAMP(3),
ADD COLUMN     "summaryJson" TEXT,
ADD COLUMN     "supersededAt" TIMESTAMP(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "BookingOpen" (
    "appointmentId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "fhirVersion" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BookingOpen_pkey" PRIMARY KEY ("appointmentId","staffUserId")
);

-- CreateTable
CREATE TABLE "BoardPresence" (
    "staffUserId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BoardPresence_pkey" PRIMARY KEY ("staffUserId")
);

-- CreateTable
CREATE TABLE "ContactTask" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'contact-patient',
    "reason" TEXT NOT NULL,
    "phone" TEXT,
    "phoneOwner" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "calledById" TEXT,
    "calledByName" TEXT,
    "calledAt" TIMESTAMP(3),
    "outcome" TEXT,
    "advice" TEXT,
    "closedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" TIMESTAMP(3),
    "lastAttemptOutcome" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ContactTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BookingOpen_staffUserId_idx" ON "BookingOpen"("staffUserId");

-- CreateIndex
CREATE INDEX "BoardPresence_lastSeenAt_idx" ON "BoardPresence"("lastSeenAt");

-- CreateIndex
CREATE INDEX "ContactTask_status_createdAt_idx" ON "ContactTask"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ContactTask_appointmentId_idx" ON "ContactTask"("appointmentId");

-- CreateIndex
CREATE INDEX "ClinicalDocument_setId_idx" ON "ClinicalDocument"("setId");

-- CreateIndex
CREATE INDEX "ClinicalDocument_appointmentId_idx" ON "ClinicalDocument"("appointmentId");

-- AddForeignKey
ALTER TABLE "BookingOpen" ADD CONSTRAINT "BookingOpen_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactTask" ADD CONSTRAINT "ContactTask_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Bookings are found by their DocumentReference id without regard to case (UUIDs arrive in either case).
CREATE INDEX "Appointment_documentRefId_upper_idx" ON "Appointment"(UPPER("documentRefId"));
