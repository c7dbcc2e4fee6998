/**
 * The one database read every slot search makes: which active schedules a DoS id selects, and each linked
 * service's `availabilityVersion` (bumped in the same transaction as every change to what 111 can book).
 * Whatever a search keeps per instance is reused only while this read shows the same versions.
 *
 * On SQLite the read goes through the read-only connection's prepared statements (sqlite-read-connection.ts); on
 * PostgreSQL through named statements on the instance's pool (prepared-read.ts).
 */
import type { Db } from "./client";
import { asDatabaseUnavailable } from "./database-unavailable";
import { preparedRead } from "./prepared-read";
import { sqliteReadStatement } from "./sqlite-read-connection";
import { databaseKind, databaseUrl } from "./url";

export interface DosLink {
  scheduleId: string;
  serviceId: string;
  availabilityVersion: number;
}

const DOS_SQL = `SELECT "id" FROM "DosServiceId" WHERE "value" = ?`;
const LINKS_SQL = `SELECT l."scheduleId" AS "scheduleId", s."serviceId" AS "serviceId", h."availabilityVersion" AS "availabilityVersion"
  FROM "ScheduleDosLink" l
  JOIN "Schedule" s ON s."id" = l."scheduleId"
  JOIN "HealthcareService" h ON h."id" = s."serviceId"
  WHERE l."dosId" = ? AND s."active" = {TRUE} AND h."active" = {TRUE}`;

/**
 * The DoS id's active schedule links with their services' availability versions, or null when no service
 * has this DoS id. `client` is the ORM client of the same database (kept for callers; the reads are prepared).
 */
export async function probeDosLinks(dosId: string, client: Db, url = databaseUrl()): Promise<DosLink[] | null> {
  if (databaseKind(url) === "sqlite") {
    try {
      const dos = sqliteReadStatement<[string], { id: string }>(url, DOS_SQL).get(dosId);
      if (!dos) return null;
      return sqliteReadStatement<[string], DosLink>(url, LINKS_SQL.replaceAll("{TRUE}", "1")).all(dos.id);
    } catch (e) {
      throw asDatabaseUnavailable(e) ?? e;
    }
  }
  const dos = (await preparedRead<{ id: string }>({ name: "probe.dos", sql: DOS_SQL }, [dosId], url))[0];
  if (!dos) return null;
  return preparedRead<DosLink>({ name: "probe.links", sql: LINKS_SQL }, [dos.id], url);
}
