// Slot generation and slot-search benchmark on a fresh database.
//   npx tsx scripts/bench-slot-generation.ts              SQLite (a temporary file)
//   npx tsx scripts/bench-slot-generation.ts --postgres   PostgreSQL too (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// 5 services, 14 days of capacity each (06:00 to 24:00, 15-minute slots: 5,040 slots). Generates twice: the
// second run shows the cost of the idempotent top-up that every instance runs every few minutes. Then times the
// 111 slot search over 24 hours of one service (72 slots) and over 4 days (288 slots).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { db, resetDbForTests } from "../lib/db/client";
import { seedTrust } from "../lib/seed/provider";
import { generateSlots } from "../lib/capacity/generate-slots";
import { findSlotsForConsumer } from "../lib/capacity/find-slots-for-consumer";
import { londonToday } from "../lib/time/london";

const SERVICES = 5;
const SEARCHES = 200;

async function seed(now: Date): Promise<string[]> {
  const { general } = await seedTrust(db());
  const dosIds: string[] = [];
  for (let i = 1; i <= SERVICES; i++) {
    const service = await db().healthcareService.create({ data: { siteId: general.id, name: `Bench service ${i}`, kind: "ED", horizonHours: 14 * 24 } });
    const dos = await db().dosServiceId.create({ data: { value: `90000000${i}`, serviceId: service.id } });
    const schedule = await db().schedule.create({ data: { serviceId: service.id, siteId: general.id, name: `Bench schedule ${i}` } });
    await db().scheduleDosLink.create({ data: { scheduleId: schedule.id, dosId: dos.id } });
    await db().capacityRule.create({
      data: { serviceId: service.id, scheduleId: schedule.id, name: "Every day", daysOfWeek: "1,2,3,4,5,6,7", startTime: "06:00", endTime: "24:00", slotMinutes: 15, perSlot: 1, effectiveFrom: londonToday(now) },
    });
    dosIds.push(dos.value);
  }
  return dosIds;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function bench(label: string): Promise<void> {
  // A fixed London midnight so every run generates the same 14 whole days.
  const now = new Date("2026-11-24T00:00:00Z");
  const dosIds = await seed(now);
  const [first, ms1] = await timed(() => generateSlots(now));
  const [second, ms2] = await timed(() => generateSlots(now));
  const slots = await db().slot.count();
  console.log(`${label}: first generation ${first.created} slots for ${first.services} services in ${ms1.toFixed(0)} ms (${slots} in the database)`);
  console.log(`${label}: second generation (idempotent) created ${second.created} in ${ms2.toFixed(0)} ms`);

  for (const [window, hours] of [["24 hours", 24], ["4 days", 96]] as const) {
    const from = new Date(now.getTime() + 6 * 3600_000);
    const to = new Date(from.getTime() + hours * 3600_000);
    const search = () => findSlotsForConsumer({ dosId: dosIds[0], from, to, statuses: ["free", "busy"], consumerOds: "NR1", now });
    const found = (await search())!.length; // warm-up
    const [, ms] = await timed(async () => {
      for (let i = 0; i < SEARCHES; i++) await search();
    });
    console.log(`${label}: slot search over ${window} (${found} slots): ${(ms / SEARCHES).toFixed(2)} ms each, ${SEARCHES} in a row`);
  }
}

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ed-bench-"));
  process.env.DATABASE_URL = `file:${join(dir, "bench.db")}`;
  try {
    await migrate(process.env.DATABASE_URL);
    await resetDbForTests();
    await bench("SQLite");
  } finally {
    await resetDbForTests();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(server: string): Promise<void> {
  const name = `edbench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  try {
    await migrate(process.env.DATABASE_URL);
    await resetDbForTests();
    await bench("PostgreSQL");
  } finally {
    await resetDbForTests();
    const a = new pg.Client({ connectionString: server });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  }
}

async function main() {
  await sqlite();
  if (process.argv.includes("--postgres")) await postgres(process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
