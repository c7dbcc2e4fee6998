-- AlterTable
ALTER TABLE "ClinicalDocument" ADD COLUMN     "cancelledBookingId" TEXT,
ADD COLUMN     "contentDigest" TEXT,
ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolutionNote" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedById" TEXT;

-- AlterTable
ALTER TABLE "BookingOpen" ADD COLUMN     "documentRecordId" TEXT;

-- CreateIndex
CREATE INDEX "ClinicalDocument_cancelledBookingId_idx" ON "ClinicalDocument"("cancelledBookingId");

-- Opens recorded before this change count the report then attached as seen, so nothing is highlighted on upgrade.
UPDATE "BookingOpen" SET "documentRecordId" = (
  SELECT d."id" FROM "ClinicalDocument" d WHERE d."appointmentId" = "BookingOpen"."appointmentId" AND d."state" = 'linked' ORDER BY d."receivedAt" DESC LIMIT 1
);
