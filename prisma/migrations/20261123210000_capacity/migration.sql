-- CreateTable
CREATE TABLE "CapacityBandOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "perSlot" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CapacityBandOverride_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "HealthcareService" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CapacityBandOverride_serviceId_date_startTime_key" ON "CapacityBandOverride"("serviceId", "date", "startTime");

-- CreateIndex
CREATE INDEX "ScheduleDosLink_dosId_idx" ON "ScheduleDosLink"("dosId");

