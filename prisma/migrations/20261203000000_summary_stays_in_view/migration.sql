-- AlterTable
ALTER TABLE "ClinicalDocument" ADD COLUMN "cancelledBookingId" TEXT;
ALTER TABLE "ClinicalDocument" ADD COLUMN "contentDigest" TEXT;
ALTER TABLE "ClinicalDocument" ADD COLUMN "resolution" TEXT;
ALTER TABLE "ClinicalDocument" ADD COLUMN "resolutionNote" TEXT;
ALTER TABLE "ClinicalDocument" ADD COLUMN "resolvedAt" DATETIME;
ALTER TABLE "ClinicalDocument" ADD COLUMN "resolvedById" TEXT;

-- AlterTable
ALTER TABLE "BookingOpen" ADD COLUMN "documentRecordId" TEXT;

-- CreateIndex
CREATE INDEX "ClinicalDocument_cancelledBookingId_idx" ON "ClinicalDocument"("cancelledBookingId");

-- Opens recorded before this change count the report then attached as seen, so nothing is highlighted on upgrade.
UPDATE "BookingOpen" SET "documentRecordId" = (
  SELECT d."id" FROM "ClinicalDocument" d WHERE d."appointmentId" = "BookingOpen"."appointmentId" AND d."state" = 'linked' ORDER BY d."receivedAt" DESC LIMIT 1
);
