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
  table: "Appointment" | "ClinicalDocument";
  /** The instant that decides the day. */
  column: "createdAt" | "cancelledAt" | "receivedAt";
  /** The key each count is kept under (an SQL expression giving text). */
  key: Prisma.Sql;
  where: Prisma.Sql[];
  days: LondonDay[];
}): Promise<Counts[]> {
  const { days } = opts;
  if (days.length === 0) return [];
  const col = Prisma.raw(`"${opts.column}"`);
  // SQLite keeps instants as ISO 8601 text: the first 13 characters are the UTC hour.
  const hour = databaseKind(databaseUrl()) === "postgres" ? Prisma.sql`to_char(${col}, 'YYYY-MM-DD"T"HH24')` : Prisma.sql`substr(${col}, 1, 13)`;
  const where = Prisma.join([Prisma.sql`${col} >= ${days[0].start}`, Prisma.sql`${col} < ${days[days.length - 1].end}`, ...opts.where], " AND ");
  const rows = await db().$queryRaw<{ h: string; k: string | null; n: bigint | number }[]>`
    SELECT ${hour} AS h, ${opts.key} AS k, COUNT(*) AS n
    FROM ${Prisma.raw(`"${opts.table}"`)}
    WHERE ${where}
    GROUP BY ${hour}, ${opts.key}`;
  const out: Counts[] = days.map(() => ({}));
  for (const r of rows) {
    const i = dayIndex(days, Date.parse(`${r.h}:00:00Z`));
    if (i < 0) continue;
    const k = r.k ?? "";
    out[i][k] = (out[i][k] ?? 0) + Number(r.n);
  }
  return out;
}

/** The day whose [start, end) holds the instant, by binary search; -1 when outside. */
function dayIndex(days: LondonDay[], t: number): number {
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
