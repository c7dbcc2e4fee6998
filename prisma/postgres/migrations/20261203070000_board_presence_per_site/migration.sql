-- Board presence per site (HAZ-071). A heartbeat recorded before this change cannot say which site it watched,
-- so it is kept for every site: nothing starts out looking unwatched, or watched, because of the change itself.
CREATE TABLE "new_BoardPresence" (
    "staffUserId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BoardPresence_pkey_new" PRIMARY KEY ("staffUserId", "siteId")
);
INSERT INTO "new_BoardPresence" ("staffUserId", "siteId", "role", "lastSeenAt")
SELECT p."staffUserId", s."id", p."role", p."lastSeenAt" FROM "BoardPresence" p CROSS JOIN "Site" s;
DROP TABLE "BoardPresence";
ALTER TABLE "new_BoardPresence" RENAME TO "BoardPresence";
ALTER TABLE "BoardPresence" RENAME CONSTRAINT "BoardPresence_pkey_new" TO "BoardPresence_pkey";

-- CreateIndex
CREATE INDEX "BoardPresence_siteId_lastSeenAt_idx" ON "BoardPresence"("siteId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "BoardPresence_lastSeenAt_idx" ON "BoardPresence"("lastSeenAt");
