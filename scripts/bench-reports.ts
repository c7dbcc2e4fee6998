// Benchmark of the provider reports over a year: ~150,000 bookings and ~500,000 slots in a fresh SQLite file.
//   npx tsx scripts/bench-reports.ts
// Target: each report over the whole year in under 2 s. Uses its own SQLite file under data/bench-reports.
// Rows are written with bulk SQL (one transaction, prepared statements), in the same text form the app's
// database client writes, so the reports read them exactly as they would read real bookings.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = process.cwd();
const DIR = join(ROOT, "data/bench-reports");
const FILE = join(DIR, "ed.db");
const FROM = "2025-12-01";
const DAYS = 365;
const SERVICES = 3;
/** Places per 15 minutes per service, from 08:00 to 23:00 London time: 3 x 60 x 7.6 x 365 ≈ 500,000 slots. */
const PLACES = 8;
const BOOKED_SHARE = 0.3;
const ORGS = [["NZZ01", "Demo 111"], ["NZZ02", "North 111"], ["NZZ03", "South 111"]];

process.env.DATABASE_URL = `file:${FILE}`;
process.env.LOG_LEVEL = "silent";

async function main() {
  rmSync(DIR, { recursive: true, force: true });
  const { migrate } = await import("../lib/db/migrate");
  const { db } = await import("../lib/db/client");
  const { addDays, wallClockToInstants } = await import("../lib/time/london");
  const { REPORT_IDS, runReport } = await import("../lib/reports/provider-reports");
  const Database = (await import("better-sqlite3")).default;

  await migrate(process.env.DATABASE_URL!);
  const org = await db().organisation.create({ data: { odsCode: "RBENCH", name: "Bench Trust" } });
  const site = await db().site.create({ data: { organisationId: org.id, name: "Bench Hospital", odsSiteCode: "RBENCH1", addressLine1: "1 Road", town: "Town", postcode: "AB1 2CD" } });
  const services: { id: string; schedule: string }[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const s = await db().healthcareService.create({ data: { siteId: site.id, name: `Bench service ${i + 1}` } });
    const sch = await db().schedule.create({ data: { serviceId: s.id, siteId: site.id, name: s.name } });
    services.push({ id: s.id, schedule: sch.id });
  }
  const patient = await db().patient.create({ data: { localId: "BENCH", family: "Bench", given: "Test", birthDate: "1990-01-01", gender: "unknown" } });
  // Learn how the client stores an instant, and write every row the same way.
  const probe = await db().appState.create({ data: { key: "probe", value: "x" } });
  await db().$disconnect();

  const raw = new Database(FILE);
  const storedProbe = raw.prepare("SELECT updatedAt AS v FROM AppState WHERE key = 'probe'").get() as { v: string | number };
  const asStored = (d: Date): string | number => {
    if (typeof storedProbe.v === "number") return d.getTime();
    const sample = probe.updatedAt.toISOString();
    return String(storedProbe.v) === sample ? d.toISOString() : d.toISOString().replace("Z", "+00:00");
  };
  if (typeof storedProbe.v !== "number" && asStored(probe.updatedAt) !== storedProbe.v) throw new Error(`unexpected date form ${storedProbe.v}`);

  const t0 = performance.now();
  const insertSlot = raw.prepare(`INSERT INTO Slot (id, scheduleId, serviceId, start, "end", seq, status, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`);
  const insertAppt = raw.prepare(
    `INSERT INTO Appointment (id, slotId, activeSlotId, serviceId, start, "end", status, fhirVersion, lastUpdated, description, source, bookingOrgOds, bookingOrgName, patientId, createdAt, cancelledAt, cancelledBy, edStatus, workflowVersion)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 'Bench booking', 'fhir', ?, ?, ?, ?, ?, ?, 'expected', 1)`,
  );
  const insertDoc = raw.prepare(
    `INSERT INTO ClinicalDocument (id, documentId, contentSha256, content, source, state, appointmentId, senderOds, receivedAt, version) VALUES (?, ?, ?, '', 'itk', ?, ?, ?, ?, 1)`,
  );
  let slots = 0, bookings = 0, documents = 0, n = 0;
  // A fixed pseudo-random sequence, so every run builds the same year.
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const fill = raw.transaction(() => {
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(FROM, d);
      for (let minutes = 8 * 60; minutes < 23 * 60; minutes += 15) {
        const [start] = wallClockToInstants(date, `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`);
        const end = new Date(start.getTime() + 15 * 60_000);
        for (const svc of services) {
          for (let seq = 0; seq < PLACES; seq++) {
            const slotId = randomUUID();
            const booked = rand() < BOOKED_SHARE;
            const status = booked ? "busy" : rand() < 0.02 ? "blocked" : "free";
            insertSlot.run(slotId, svc.schedule, svc.id, asStored(start), asStored(end), seq, status, asStored(start), asStored(start));
            slots++;
            if (!booked) continue;
            const created = new Date(start.getTime() - Math.floor(rand() * 6 * 3_600_000));
            const cancelled = rand() < 0.08;
            const [ods, name] = ORGS[n++ % ORGS.length];
            const apptId = randomUUID();
            insertAppt.run(
              apptId, slotId, cancelled ? null : slotId, svc.id, asStored(start), asStored(end), cancelled ? "cancelled" : "booked", asStored(created), ods, name, patient.id,
              asStored(created), cancelled ? asStored(new Date(created.getTime() + 1_800_000)) : null, cancelled ? (rand() < 0.5 ? "consumer" : "ed") : null,
            );
            bookings++;
            if (rand() < 0.7) {
              insertDoc.run(randomUUID(), randomUUID(), randomUUID(), "linked", apptId, ods, asStored(new Date(created.getTime() + 60_000)));
              documents++;
            }
          }
          if (rand() < 0.3) {
            insertDoc.run(randomUUID(), randomUUID(), randomUUID(), "referral-without-booking", null, "NZZ01", asStored(start));
            documents++;
          }
        }
      }
    }
  });
  fill();
  raw.pragma("optimize");
  raw.close();
  console.log(`inserted ${slots.toLocaleString("en-GB")} slots, ${bookings.toLocaleString("en-GB")} bookings, ${documents.toLocaleString("en-GB")} documents in ${Math.round(performance.now() - t0)} ms`);

  const filter = { from: FROM, to: addDays(FROM, DAYS - 1) };
  const results: { report: string; ms: number; total: string }[] = [];
  for (const id of REPORT_IDS) {
    await runReport(id, { from: FROM, to: addDays(FROM, 6) }); // warm up
    const times: number[] = [];
    let total = "";
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await runReport(id, filter);
      times.push(performance.now() - t);
      total = Object.entries(r.total.values).map(([k, v]) => `${k}=${v}`).join(" ");
    }
    const ms = Math.round(times.sort((a, b) => a - b)[1]);
    results.push({ report: id, ms, total });
  }
  for (const r of results) console.log(`${r.report}  ${String(r.ms).padStart(6)} ms (median of 3, ${DAYS} days)  ${r.ms < 2000 ? "ok" : "OVER 2 s"}  ${r.total}`);
  await db().$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
