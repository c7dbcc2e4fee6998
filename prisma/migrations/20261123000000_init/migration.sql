-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "odsCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "odsSiteCode" TEXT NOT NULL,
    "addressLine1" TEXT NOT NULL,
    "addressLine2" TEXT,
    "town" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "phone" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Site_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HealthcareService" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ED',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "horizonHours" INTEGER NOT NULL DEFAULT 24,
    "minNoticeMinutes" INTEGER NOT NULL DEFAULT 0,
    "maxAheadHours" INTEGER,
    "capPerHour" INTEGER,
    "capPerDay" INTEGER,
    "availabilityVersion" INTEGER NOT NULL DEFAULT 1,
    "bookingSeq" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "HealthcareService_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DosServiceId" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DosServiceId_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Practitioner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "family" TEXT NOT NULL,
    "given" TEXT NOT NULL,
    "prefix" TEXT,
    "sdsUserId" TEXT,
    "sdsRoleProfileId" TEXT
);

-- CreateTable
CREATE TABLE "PractitionerRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "practitionerId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "roleCode" TEXT NOT NULL,
    "roleDisplay" TEXT NOT NULL,
    CONSTRAINT "PractitionerRole_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PractitionerRole_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "siteId" TEXT,
    "practitionerId" TEXT,
    "practitionerRoleId" TEXT,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Schedule_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Schedule_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Schedule_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Schedule_practitionerRoleId_fkey" FOREIGN KEY ("practitionerRoleId") REFERENCES "PractitionerRole" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleDosLink" (
    "scheduleId" TEXT NOT NULL,
    "dosId" TEXT NOT NULL,

    PRIMARY KEY ("scheduleId", "dosId"),
    CONSTRAINT "ScheduleDosLink_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScheduleDosLink_dosId_fkey" FOREIGN KEY ("dosId") REFERENCES "DosServiceId" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CapacityRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "daysOfWeek" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "slotMinutes" INTEGER NOT NULL,
    "perSlot" INTEGER NOT NULL DEFAULT 1,
    "effectiveFrom" TEXT NOT NULL,
    "effectiveTo" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CapacityRule_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CapacityRule_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CapacityOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startTime" TEXT,
    "endTime" TEXT,
    "slotMinutes" INTEGER,
    "perSlot" INTEGER,
    "reason" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CapacityOverride_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Suspension" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liftedAt" DATETIME,
    "liftedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Suspension_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsumerQuota" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "odsCode" TEXT NOT NULL,
    "perHour" INTEGER,
    "perDay" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ConsumerQuota_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Slot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "ruleId" TEXT,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'free',
    "blockedReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Slot_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Slot_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Slot_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "CapacityRule" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slotId" TEXT NOT NULL,
    "activeSlotId" TEXT,
    "serviceId" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'booked',
    "fhirVersion" INTEGER NOT NULL DEFAULT 1,
    "lastUpdated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'fhir',
    "consumerAsid" TEXT,
    "bookingOrgOds" TEXT,
    "bookingOrgName" TEXT,
    "documentRefId" TEXT,
    "patientId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "cancelReason" TEXT,
    "edStatus" TEXT NOT NULL DEFAULT 'expected',
    "arrivedAt" DATETIME,
    "dnaAt" DATETIME,
    "firstSeenAt" DATETIME,
    "workflowVersion" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Appointment_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "Slot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Appointment_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Appointment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppointmentVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appointmentId" TEXT NOT NULL,
    "versionId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedBy" TEXT NOT NULL,
    "changedById" TEXT,
    CONSTRAINT "AppointmentVersion_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "interaction" TEXT NOT NULL,
    "appointmentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IdempotencyKey_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nhsNumber" TEXT,
    "nhsNumberStatus" TEXT,
    "localId" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "given" TEXT NOT NULL,
    "prefix" TEXT,
    "birthDate" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "postcode" TEXT,
    "addressJson" TEXT NOT NULL DEFAULT '[]',
    "telecomJson" TEXT NOT NULL DEFAULT '[]',
    "contactJson" TEXT NOT NULL DEFAULT '[]',
    "communicationJson" TEXT NOT NULL DEFAULT '[]',
    "gpPracticeOds" TEXT,
    "gpPracticeName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BookingNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appointmentId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BookingNote_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClinicalDocument" (
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
    CONSTRAINT "ClinicalDocument_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsumerSystem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "asid" TEXT NOT NULL,
    "name" TEXT,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "blockedReason" TEXT,
    "autoRecorded" BOOLEAN NOT NULL DEFAULT true,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "ConsumerOrganisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "odsCode" TEXT NOT NULL,
    "name" TEXT,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "blockedReason" TEXT,
    "autoRecorded" BOOLEAN NOT NULL DEFAULT true,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "lastSignInAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastFailure" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "patientNhsNumber" TEXT,
    "consumerOds" TEXT,
    "consumerAsid" TEXT,
    "requestId" TEXT,
    "correlationId" TEXT,
    "traceId" TEXT,
    "reason" TEXT,
    "detail" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'success'
);

-- CreateTable
CREATE TABLE "AppState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_odsCode_key" ON "Organisation"("odsCode");

-- CreateIndex
CREATE UNIQUE INDEX "Site_odsSiteCode_key" ON "Site"("odsSiteCode");

-- CreateIndex
CREATE UNIQUE INDEX "DosServiceId_value_key" ON "DosServiceId"("value");

-- CreateIndex
CREATE UNIQUE INDEX "CapacityOverride_serviceId_date_key" ON "CapacityOverride"("serviceId", "date");

-- CreateIndex
CREATE INDEX "Suspension_serviceId_endsAt_idx" ON "Suspension"("serviceId", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsumerQuota_serviceId_odsCode_key" ON "ConsumerQuota"("serviceId", "odsCode");

-- CreateIndex
CREATE INDEX "Slot_serviceId_start_idx" ON "Slot"("serviceId", "start");

-- CreateIndex
CREATE INDEX "Slot_status_start_idx" ON "Slot"("status", "start");

-- CreateIndex
CREATE UNIQUE INDEX "Slot_scheduleId_start_seq_key" ON "Slot"("scheduleId", "start", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_activeSlotId_key" ON "Appointment"("activeSlotId");

-- CreateIndex
CREATE INDEX "Appointment_serviceId_start_idx" ON "Appointment"("serviceId", "start");

-- CreateIndex
CREATE INDEX "Appointment_documentRefId_idx" ON "Appointment"("documentRefId");

-- CreateIndex
CREATE INDEX "Appointment_start_idx" ON "Appointment"("start");

-- CreateIndex
CREATE UNIQUE INDEX "AppointmentVersion_appointmentId_versionId_key" ON "AppointmentVersion"("appointmentId", "versionId");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyKey_scope_requestId_key" ON "IdempotencyKey"("scope", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_localId_key" ON "Patient"("localId");

-- CreateIndex
CREATE INDEX "Patient_nhsNumber_idx" ON "Patient"("nhsNumber");

-- CreateIndex
CREATE INDEX "Patient_family_idx" ON "Patient"("family");

-- CreateIndex
CREATE INDEX "ClinicalDocument_documentId_idx" ON "ClinicalDocument"("documentId");

-- CreateIndex
CREATE INDEX "ClinicalDocument_state_idx" ON "ClinicalDocument"("state");

-- CreateIndex
CREATE UNIQUE INDEX "ClinicalDocument_documentId_contentSha256_key" ON "ClinicalDocument"("documentId", "contentSha256");

-- CreateIndex
CREATE UNIQUE INDEX "ConsumerSystem_asid_key" ON "ConsumerSystem"("asid");

-- CreateIndex
CREATE UNIQUE INDEX "ConsumerOrganisation_odsCode_key" ON "ConsumerOrganisation"("odsCode");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_username_key" ON "StaffUser"("username");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_patientNhsNumber_idx" ON "AuditEvent"("patientNhsNumber");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

