-- CreateTable
CREATE TABLE "CapacityBandOverride" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "perSlot" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CapacityBandOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CapacityBandOverride_serviceId_date_startTime_key" ON "CapacityBandOverride"("serviceId", "date", "startTime");

-- CreateIndex
CREATE INDEX "ScheduleDosLink_dosId_idx" ON "ScheduleDosLink"("dosId");

-- AddForeignKey
ALTER TABLE "CapacityBandOverride" ADD CONSTRAINT "CapacityBandOverride_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

