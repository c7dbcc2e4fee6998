-- Staff identity: NHS CIS2 subject, administrators' TOTP second factor.
ALTER TABLE "StaffUser" ADD COLUMN "cis2Subject" TEXT;
ALTER TABLE "StaffUser" ADD COLUMN "totpSecret" TEXT;
ALTER TABLE "StaffUser" ADD COLUMN "totpEnabledAt" TIMESTAMP(3);
ALTER TABLE "StaffUser" ADD COLUMN "totpLastStep" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_cis2Subject_key" ON "StaffUser"("cis2Subject");
