-- AlterTable
ALTER TABLE "ConsumerSystem" ADD COLUMN "firstSeenVia" TEXT;
ALTER TABLE "ConsumerSystem" ADD COLUMN "lastSeenVia" TEXT;

-- AlterTable
ALTER TABLE "ConsumerOrganisation" ADD COLUMN "firstSeenVia" TEXT;
ALTER TABLE "ConsumerOrganisation" ADD COLUMN "lastSeenVia" TEXT;

-- CreateIndex
CREATE INDEX "ConsumerSystem_firstSeenVia_firstSeenAt_idx" ON "ConsumerSystem"("firstSeenVia", "firstSeenAt");

-- CreateIndex
CREATE INDEX "ConsumerOrganisation_firstSeenVia_firstSeenAt_idx" ON "ConsumerOrganisation"("firstSeenVia", "firstSeenAt");
