-- AlterTable
ALTER TABLE "ClinicalDocument" ADD COLUMN     "dispositionDueAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SearchDemandHour" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "consumerOds" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "searches" INTEGER NOT NULL DEFAULT 0,
    "withoutFree" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SearchDemandHour_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SearchDemandHour_serviceId_consumerOds_hourStart_key" ON "SearchDemandHour"("serviceId", "consumerOds", "hourStart");

-- CreateIndex
CREATE INDEX "SearchDemandHour_hourStart_idx" ON "SearchDemandHour"("hourStart");

-- CreateIndex
CREATE INDEX "Appointment_createdAt_idx" ON "Appointment"("createdAt");

-- CreateIndex
CREATE INDEX "Appointment_cancelledAt_idx" ON "Appointment"("cancelledAt");

-- CreateIndex
CREATE INDEX "ClinicalDocument_receivedAt_idx" ON "ClinicalDocument"("receivedAt");
