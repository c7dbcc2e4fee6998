import { db } from "../db/client";
import { Prisma } from "../db/generated/sqlite/client";
import { databaseKind, databaseUrl } from "../db/url";
import type { LondonDay } from "./report-filter";

type Counts = Record<string, number>;

/**
 * Counts rows per London day and per key in one grouped query, for instants in columns without an index.
 *
 * London's day always begins on a whole UTC hour (the offset is 0 or 1 hour), so the database groups by
 * UTC hour (at most 24 x 366 groups, on text or timestamps alike) and each hour is then placed in its
 * London day by the precomputed boundaries. No SQL date arithmetic, so SQLite and PostgreSQL agree.
 */
export async function countByLondonDay(opts: {
  table: "Appointment" | "ClinicalDocument" | "AuditEvent";
  /** The instant that decides the day. */
  column: "createdAt" | "cancelledAt" | "receivedAt" | "start" | "at";
  /** The key each count is kept under (an SQL expression giving text). */
  key: Prisma.Sql;
  where: Prisma.Sql[];
  days: LondonDay[];
}): Promise<Counts[]> {
  const { days } = opts;
  if (days.length === 0) return [];
  const rows = await countByUtcHour({ ...opts, from: days[0].start, to: days[days.length - 1].end });
  const out: Counts[] = days.map(() => ({}));
  for (const r of rows) {
    const i = dayIndex(days, r.hour.getTime());
    if (i < 0) continue;
    out[i][r.key] = (out[i][r.key] ?? 0) + r.count;
  }
  return out;
}

/**
 * Counts rows per UTC hour and per key in one grouped query, for instants in [from, to). Each UTC hour lies in
 * exactly one London hour, so callers place it on London's clock afterwards (day, hour of day, weekday).
 */
export async function countByUtcHour(opts: {
  table: "Appointment" | "ClinicalDocument" | "AuditEvent";
  column: "createdAt" | "cancelledAt" | "receivedAt" | "start" | "at";
  key: Prisma.Sql;
  where: Prisma.Sql[];
  from: Date;
  to: Date;
}): Promise<{ hour: Date; key: string; count: number }[]> {
  const col = Prisma.raw(`"${opts.table}"."${opts.column}"`);
  const where = Prisma.join([Prisma.sql`${col} >= ${opts.from}`, Prisma.sql`${col} < ${opts.to}`, ...opts.where], " AND ");
  const rows = await db().$queryRaw<{ h: string; k: string | null; n: bigint | number }[]>`
    SELECT h, k, COUNT(*) AS n FROM (
      SELECT ${utcHour(col)} AS h, ${opts.key} AS k
      FROM ${Prisma.raw(`"${opts.table}"`)}
      WHERE ${where}
    ) t
    GROUP BY h, k`;
  return rows.map((r) => ({ hour: new Date(`${r.h}:00:00Z`), key: r.k ?? "", count: Number(r.n) }));
}

/** The UTC hour of an instant column as text "YYYY-MM-DDTHH", the same on both databases. */
export function utcHour(col: Prisma.Sql): Prisma.Sql {
  // SQLite keeps instants as ISO 8601 text: the first 13 characters are the UTC hour.
  return databaseKind(databaseUrl()) === "postgres" ? Prisma.sql`to_char(${col}, 'YYYY-MM-DD"T"HH24')` : Prisma.sql`substr(${col}, 1, 13)`;
}

/** The day whose [start, end) holds the instant, by binary search; -1 when outside. */
export function dayIndex(days: LondonDay[], t: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < days[mid].start.getTime()) hi = mid - 1;
    else if (t >= days[mid].end.getTime()) lo = mid + 1;
    else return mid;
  }
  return -1;
}
