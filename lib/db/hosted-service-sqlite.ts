/**
 * The hosted-service read of find-service-by-dos-id.ts: two prepared statements, on SQLite's read-only connection
 * (synchronous) or as named statements on PostgreSQL's pool (prepared-read.ts).
 */
import { asDatabaseUnavailable } from "./database-unavailable";
import { preparedRead } from "./prepared-read";
import { sqliteReadStatement } from "./sqlite-read-connection";

export interface HostedServiceRow {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  dosIds: string[];
  organisation: { odsCode: string; name: string };
}

const SERVICE_SQL = `SELECT h."id" AS "id", h."name" AS "name", h."kind" AS "kind", h."active" AS "active", o."odsCode" AS "odsCode", o."name" AS "orgName"
  FROM "DosServiceId" d
  JOIN "HealthcareService" h ON h."id" = d."serviceId"
  JOIN "Site" s ON s."id" = h."siteId"
  JOIN "Organisation" o ON o."id" = s."organisationId"
  WHERE d."value" = ?`;
const DOS_IDS_SQL = `SELECT "value" FROM "DosServiceId" WHERE "serviceId" = ?`;

export function hostedServiceSqlite(url: string, dosId: string): HostedServiceRow | null {
  try {
    const r = sqliteReadStatement<[string], { id: string; name: string; kind: string; active: number; odsCode: string; orgName: string }>(url, SERVICE_SQL).get(dosId);
    if (!r) return null;
    const dosIds = sqliteReadStatement<[string], { value: string }>(url, DOS_IDS_SQL)
      .all(r.id)
      .map((d) => d.value)
      .sort(); // as the ORM path sorts them (JavaScript order, on both databases)
    return { id: r.id, name: r.name, kind: r.kind, active: r.active === 1, dosIds, organisation: { odsCode: r.odsCode, name: r.orgName } };
  } catch (e) {
    throw asDatabaseUnavailable(e) ?? e;
  }
}

/** The same read on PostgreSQL. */
export async function hostedServicePostgres(url: string, dosId: string): Promise<HostedServiceRow | null> {
  const r = (await preparedRead<{ id: string; name: string; kind: string; active: boolean; odsCode: string; orgName: string }>({ name: "hosted.service", sql: SERVICE_SQL }, [dosId], url))[0];
  if (!r) return null;
  const dosIds = (await preparedRead<{ value: string }>({ name: "hosted.dosIds", sql: DOS_IDS_SQL }, [r.id], url)).map((d) => d.value).sort();
  return { id: r.id, name: r.name, kind: r.kind, active: r.active === true, dosIds, organisation: { odsCode: r.odsCode, name: r.orgName } };
}
