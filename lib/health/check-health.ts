import { db } from "../db/client";
import { pendingMigrations } from "../db/migrate";
import { now as clockNow } from "../time/clock";
import { snapshotHealth } from "../arrivals/downtime-snapshot";

export interface Health {
  status: "ok" | "degraded" | "down";
  /** `writes-failing`: the database answers reads but cannot write (disk full, read-only): nothing can be booked. */
  database: "ok" | "unreachable" | "writes-failing";
  migrations: "current" | "pending" | "unknown";
  slotGeneration: { lastRun: string | null; ok: boolean };
  /** The downtime copy of the board (lib/arrivals/downtime-snapshot.ts): a failing write degrades health. */
  downtimeSnapshot: { enabled: boolean; ok: boolean; lastWritten: string | null; problem: string | null };
}

const WRITE_PROBE_KEY = "health:write-probe";

/** For load balancers: is the database reachable, are migrations current, is slot generation running. */
export async function checkHealth(now = clockNow()): Promise<Health> {
  let database: Health["database"] = "ok";
  let lastRun: string | null = null;
  try {
    const row = await db().appState.findUnique({ where: { key: "slot-generation:last-run" } });
    lastRun = row?.value ?? null;
  } catch {
    database = "unreachable";
  }
  // A write, every time: a database that reads but cannot write (SQLite on a full disk, PostgreSQL out of space or
  // read-only) takes no booking, so this instance is not healthy. One small row, overwritten each time.
  if (database === "ok") {
    try {
      const value = now.toISOString();
      await db().appState.upsert({ where: { key: WRITE_PROBE_KEY }, create: { key: WRITE_PROBE_KEY, value }, update: { value } });
    } catch {
      database = "writes-failing";
    }
  }
  let migrations: Health["migrations"] = "unknown";
  if (database === "ok") {
    try {
      migrations = (await pendingMigrations()).length === 0 ? "current" : "pending";
    } catch {
      migrations = "unknown";
    }
  }
  const genOk = lastRun !== null && now.getTime() - Date.parse(lastRun) < 30 * 60_000;
  let downtimeSnapshot: Health["downtimeSnapshot"] = { enabled: true, ok: false, lastWritten: null, problem: `Not checked: the database is ${database === "writes-failing" ? "failing writes" : "unreachable"}` };
  if (database === "ok") downtimeSnapshot = await snapshotHealth(now).catch((e) => ({ enabled: true, ok: false, lastWritten: null, problem: String(e) }));
  const status = database !== "ok" ? "down" : migrations !== "current" || !genOk || !downtimeSnapshot.ok ? "degraded" : "ok";
  return { status, database, migrations, slotGeneration: { lastRun, ok: genOk }, downtimeSnapshot };
}
