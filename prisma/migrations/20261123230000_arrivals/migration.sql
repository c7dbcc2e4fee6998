-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN "dnaReviewNote" TEXT;
ALTER TABLE "Appointment" ADD COLUMN "dnaReviewedAt" DATETIME;
ALTER TABLE "Appointment" ADD COLUMN "dnaReviewedById" TEXT;

-- CreateTable
CREATE TABLE "BookingOpen" (
    "appointmentId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "fhirVersion" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL,

    PRIMARY KEY ("appointmentId", "staffUserId"),
    CONSTRAINT "BookingOpen_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardPresence" (
    "staffUserId" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL,
    "lastSeenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ContactTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appointmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'contact-patient',
    "reason" TEXT NOT NULL,
    "phone" TEXT,
    "phoneOwner" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "calledById" TEXT,
    "calledByName" TEXT,
    "calledAt" DATETIME,
    "outcome" TEXT,
    "advice" TEXT,
    "closedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" DATETIME,
    "lastAttemptOutcome" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ContactTask_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ClinicalDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "setId" TEXT,
    "versionNumber" INTEGER,
    "contentSha256" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "appointmentId" TEXT,
    "supersededById" TEXT,
    "nhsNumber" TEXT,
    "birthDate" TEXT,
    "family" TEXT,
    "senderOds" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewNote" TEXT,
    "patientName" TEXT,
    "gender" TEXT,
    "senderName" TEXT,
    "reviewReason" TEXT,
    "candidateIds" TEXT,
    "appointmentRefs" TEXT,
    "summaryJson" TEXT,
    "itkTrackingId" TEXT,
    "itkMessageId" TEXT,
    "stateChangedAt" DATETIME,
    "linkedAt" DATETIME,
    "linkedById" TEXT,
    "supersededAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ClinicalDocument_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ClinicalDocument" ("appointmentId", "birthDate", "content", "contentSha256", "documentId", "family", "id", "nhsNumber", "receivedAt", "reviewNote", "senderOds", "setId", "source", "state", "supersededById", "versionNumber") SELECT "appointmentId", "birthDate", "content", "contentSha256", "documentId", "family", "id", "nhsNumber", "receivedAt", "reviewNote", "senderOds", "setId", "source", "state", "supersededById", "versionNumber" FROM "ClinicalDocument";
DROP TABLE "ClinicalDocument";
ALTER TABLE "new_ClinicalDocument" RENAME TO "ClinicalDocument";
CREATE INDEX "ClinicalDocument_documentId_idx" ON "ClinicalDocument"("documentId");
CREATE INDEX "ClinicalDocument_setId_idx" ON "ClinicalDocument"("setId");
CREATE INDEX "ClinicalDocument_state_idx" ON "ClinicalDocument"("state");
CREATE INDEX "ClinicalDocument_appointmentId_idx" ON "ClinicalDocument"("appointmentId");
CREATE UNIQUE INDEX "ClinicalDocument_documentId_contentSha256_key" ON "ClinicalDocument"("documentId", "contentSha256");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BookingOpen_staffUserId_idx" ON "BookingOpen"("staffUserId");

-- CreateIndex
CREATE INDEX "BoardPresence_lastSeenAt_idx" ON "BoardPresence"("lastSeenAt");

-- CreateIndex
CREATE INDEX "ContactTask_status_createdAt_idx" ON "ContactTask"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ContactTask_appointmentId_idx" ON "ContactTask"("appointmentId");


-- Bookings are found by their DocumentReference id without regard to case (UUIDs arrive in either case).
CREATE INDEX "Appointment_documentRefId_upper_idx" ON "Appointment"(UPPER("documentRefId"));
