/**
 * The one database read every slot search makes: which active schedules a DoS id selects, and each linked
 * service's `availabilityVersion` (bumped in the same transaction as every change to what 111 can book).
 * Whatever a search keeps per instance is reused only while this read shows the same versions.
 *
 * On SQLite the read goes through a read-only better-sqlite3 connection of its own with prepared statements:
 * a few microseconds, against about half a millisecond through the ORM. In WAL mode a reader sees every
 * committed transaction and never waits for a writer. On PostgreSQL it is one ORM query.
 */
import Database from "better-sqlite3";
import { resolve } from "node:path";
import type { Db } from "./client";
import { registerOwnConnection } from "./own-connections";
import { asDatabaseUnavailable } from "./database-unavailable";
import { databaseKind, databaseUrl, sqlitePath } from "./url";

export interface DosLink {
  scheduleId: string;
  serviceId: string;
  availabilityVersion: number;
}

interface SqliteProbe {
  dos: Database.Statement<[string], { id: string }>;
  links: Database.Statement<[string], DosLink>;
}

const DOS_SQL = `SELECT "id" FROM "DosServiceId" WHERE "value" = ?`;
const LINKS_SQL = `SELECT l."scheduleId" AS "scheduleId", s."serviceId" AS "serviceId", h."availabilityVersion" AS "availabilityVersion"
  FROM "ScheduleDosLink" l
  JOIN "Schedule" s ON s."id" = l."scheduleId"
  JOIN "HealthcareService" h ON h."id" = s."serviceId"
  WHERE l."dosId" = ? AND s."active" = 1 AND h."active" = 1`;

/** One read-only connection per database file (tests switch files), opened on first use. */
const probes = new Map<string, SqliteProbe>();

function sqliteProbe(url: string): SqliteProbe {
  const file = resolve(sqlitePath(url));
  let p = probes.get(file);
  if (!p) {
    const conn = new Database(file, { readonly: true, fileMustExist: true });
    p = { dos: conn.prepare(DOS_SQL), links: conn.prepare(LINKS_SQL) };
    probes.set(file, p);
    registerOwnConnection(`probe:${file}`, () => {
      conn.close();
      probes.delete(file);
    });
  }
  return p;
}

/**
 * The DoS id's active schedule links with their services' availability versions, or null when no service
 * has this DoS id. `client` is the ORM client of the same database (used on PostgreSQL).
 */
export async function probeDosLinks(dosId: string, client: Db, url = databaseUrl()): Promise<DosLink[] | null> {
  if (databaseKind(url) === "sqlite") {
    try {
      const p = sqliteProbe(url);
      const dos = p.dos.get(dosId);
      if (!dos) return null;
      return p.links.all(dos.id);
    } catch (e) {
      throw asDatabaseUnavailable(e) ?? e;
    }
  }
  const dos = await client.dosServiceId.findUnique({
    where: { value: dosId },
    select: {
      schedules: {
        where: { schedule: { active: true, service: { active: true } } },
        select: { scheduleId: true, schedule: { select: { serviceId: true, service: { select: { availabilityVersion: true } } } } },
      },
    },
  });
  if (!dos) return null;
  return dos.schedules.map((l) => ({ scheduleId: l.scheduleId, serviceId: l.schedule.serviceId, availabilityVersion: l.schedule.service.availabilityVersion }));
}
