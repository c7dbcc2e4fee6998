import { db } from "../db/client";
import { pendingMigrations } from "../db/migrate";
import { now as clockNow } from "../time/clock";
import { snapshotHealth } from "../arrivals/downtime-snapshot";

export interface Health {
  status: "ok" | "degraded" | "down";
  database: "ok" | "unreachable";
  migrations: "current" | "pending" | "unknown";
  slotGeneration: { lastRun: string | null; ok: boolean };
  /** The downtime copy of the board (lib/arrivals/downtime-snapshot.ts): a failing write degrades health. */
  downtimeSnapshot: { enabled: boolean; ok: boolean; lastWritten: string | null; problem: string | null };
}

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
  let migrations: Health["migrations"] = "unknown";
  if (database === "ok") {
    try {
      migrations = (await pendingMigrations()).length === 0 ? "current" : "pending";
    } catch {
      migrations = "unknown";
    }
  }
  const genOk = lastRun !== null && now.getTime() - Date.parse(lastRun) < 30 * 60_000;
  let downtimeSnapshot: Health["downtimeSnapshot"] = { enabled: true, ok: false, lastWritten: null, problem: "Not checked: the database is unreachable" };
  if (database === "ok") downtimeSnapshot = await snapshotHealth(now).catch((e) => ({ enabled: true, ok: false, lastWritten: null, problem: String(e) }));
  const status = database !== "ok" ? "down" : migrations !== "current" || !genOk || !downtimeSnapshot.ok ? "degraded" : "ok";
  return { status, database, migrations, slotGeneration: { lastRun, ok: genOk }, downtimeSnapshot };
}
