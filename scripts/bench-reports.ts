// Benchmark of every report (the standard's five and the monitoring reports) over a year: ~150,000 bookings,
// ~500,000 slots, their 111 documents with disposition deadlines, FHIR booking requests in the audit log,
// suspensions, blocked slots and hourly slot-search counts, in a fresh SQLite file.
//   npx tsx scripts/bench-reports.ts [--reuse] [--json <file>] [report id ...]   (no ids: every report; --reuse: keep
//   the year already built; --json: also write the figures there, for `npm run bench`). SQLite only: the year is
//   written with better-sqlite3's bulk inserts.
// Target: each report over the whole year in under 2 s. Uses its own SQLite file under data/bench-reports.
// Rows are written with bulk SQL (one transaction, prepared statements), in the same text form the app's
// database client writes, so the reports read them exactly as they would read real bookings.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

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

const jsonAt = process.argv.indexOf("--json");
const JSON_OUT = jsonAt >= 0 && process.argv[jsonAt + 1] ? resolve(ROOT, process.argv[jsonAt + 1]) : null;
/** The year's size, as built (null with --reuse). */
let built: Record<string, number> | null = null;

process.env.DATABASE_URL = `file:${FILE}`;
process.env.LOG_LEVEL = "silent";

async function main() {
  // --reuse: time the reports on the year built by an earlier run (same generator) instead of building it again.
  const reuse = process.argv.includes("--reuse") && existsSync(FILE);
  if (!reuse) rmSync(DIR, { recursive: true, force: true });
  const { migrate } = await import("../lib/db/migrate");
  const { db } = await import("../lib/db/client");
  const { addDays, wallClockToInstants } = await import("../lib/time/london");
  const { ALL_REPORT_IDS, runAnyReport } = await import("../lib/reports/report-registry");
  const Database = (await import("better-sqlite3")).default;

  if (!reuse) await buildYear();
  async function buildYear() {
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
    const insertSlot = raw.prepare(`INSERT INTO Slot (id, scheduleId, serviceId, start, "end", seq, status, blockedReason, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`);
    const insertAppt = raw.prepare(
      `INSERT INTO Appointment (id, slotId, activeSlotId, serviceId, start, "end", status, fhirVersion, lastUpdated, description, source, bookingOrgOds, bookingOrgName, patientId, createdAt, cancelledAt, cancelledBy, edStatus, workflowVersion)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 'Bench booking', 'fhir', ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const insertAudit = raw.prepare(
      `INSERT INTO AuditEvent (id, at, actorType, actorName, actorRole, action, entityType, consumerOds, consumerAsid, detail, outcome) VALUES (?, ?, 'consumer', ?, '111 system', 'fhir.create-appointment', 'Appointment', ?, '918999198993', ?, ?)`,
    );
    const insertSuspension = raw.prepare(`INSERT INTO Suspension (id, serviceId, startsAt, endsAt, reason, createdAt, liftedAt, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`);
    const insertDemand = raw.prepare(`INSERT INTO SearchDemandHour (id, serviceId, consumerOds, hourStart, searches, withoutFree) VALUES (?, ?, ?, ?, ?, ?)`);
    const REASONS = ["Department at capacity", "Staff shortage", "Major incident", "IT downtime", "Automatic: nobody has had the expected-arrivals board open for 15 minutes"];
    const BLOCK_REASONS = [null, "Cubicle closed", "Clinician on break", "Reserved for ambulance handover"];
    const now = Date.now();
    const insertDoc = raw.prepare(
      `INSERT INTO ClinicalDocument (id, documentId, contentSha256, content, source, state, appointmentId, senderOds, receivedAt, dispositionDueAt, version) VALUES (?, ?, ?, '', 'itk', ?, ?, ?, ?, ?, 1)`,
    );
    let slots = 0, bookings = 0, documents = 0, audits = 0, suspensions = 0, demandRows = 0, n = 0;
    // A fixed pseudo-random sequence, so every run builds the same year.
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const fill = raw.transaction(() => {
      for (let d = 0; d < DAYS; d++) {
        const date = addDays(FROM, d);
        // About two suspensions a week per service, 1 to 4 hours, some lifted early.
        for (const svc of services) {
          if (rand() < 0.3) {
            const [from] = wallClockToInstants(date, `${String(8 + Math.floor(rand() * 12)).padStart(2, "0")}:00`);
            const hours = 1 + Math.floor(rand() * 4);
            const ends = new Date(from.getTime() + hours * 3_600_000);
            const lifted = rand() < 0.3 ? new Date(from.getTime() + 30 * 60_000) : null;
            insertSuspension.run(randomUUID(), svc.id, asStored(from), asStored(ends), REASONS[Math.floor(rand() * REASONS.length)], asStored(from), lifted ? asStored(lifted) : null);
            suspensions++;
          }
        }
        // Hourly slot-search counts per service and 111 organisation, as the search counters write them.
        const [dayStart] = wallClockToInstants(date, "00:00");
        const [nextStart] = wallClockToInstants(addDays(date, 1), "00:00");
        for (let h = dayStart.getTime(); h < nextStart.getTime(); h += 3_600_000) {
          for (const svc of services) {
            for (const [ods] of ORGS) {
              const searches = Math.floor(rand() * 40);
              if (searches === 0) continue;
              insertDemand.run(randomUUID(), svc.id, ods, asStored(new Date(h)), searches, Math.floor(searches * rand() * 0.3));
              demandRows++;
            }
          }
        }
        for (let minutes = 8 * 60; minutes < 23 * 60; minutes += 15) {
          const [start] = wallClockToInstants(date, `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`);
          const end = new Date(start.getTime() + 15 * 60_000);
          for (const svc of services) {
            for (let seq = 0; seq < PLACES; seq++) {
              const slotId = randomUUID();
              const booked = rand() < BOOKED_SHARE;
              const status = booked ? "busy" : rand() < 0.02 ? "blocked" : "free";
              const blockedReason = status === "blocked" ? BLOCK_REASONS[Math.floor(rand() * BLOCK_REASONS.length)] : null;
              insertSlot.run(slotId, svc.schedule, svc.id, asStored(start), asStored(end), seq, status, blockedReason, asStored(start), asStored(start));
              slots++;
              if (!booked) continue;
              const created = new Date(start.getTime() - Math.floor(rand() * 6 * 3_600_000));
              const cancelled = rand() < 0.08;
              const [ods, name] = ORGS[n++ % ORGS.length];
              const apptId = randomUUID();
              const r = rand();
              const edStatus = cancelled || start.getTime() > now ? "expected" : r < 0.8 ? "arrived" : r < 0.9 ? "did-not-attend" : "expected";
              insertAppt.run(
                apptId, slotId, cancelled ? null : slotId, svc.id, asStored(start), asStored(end), cancelled ? "cancelled" : "booked", asStored(created), ods, name, patient.id,
                asStored(created), cancelled ? asStored(new Date(created.getTime() + 1_800_000)) : null, cancelled ? (rand() < 0.5 ? "consumer" : "ed") : null, edStatus,
              );
              bookings++;
              insertAudit.run(randomUUID(), asStored(created), name, ods, JSON.stringify({ status: 201 }), "success");
              audits++;
              if (rand() < 0.05) {
                // Someone else got there first.
                insertAudit.run(randomUUID(), asStored(new Date(created.getTime() + 5_000)), name, ods, JSON.stringify({ status: 422, error: "slot-unavailable", diagnostics: "Slot no longer available" }), "refused");
                audits++;
              }
              if (rand() < 0.7) {
                // The 111 call shortly before booking, with a 1, 4 or 12 hour disposition; one in ten without a usable deadline.
                const call = created.getTime() - Math.floor(rand() * 1_800_000);
                const due = rand() < 0.1 ? null : new Date(call + [60, 240, 720][Math.floor(rand() * 3)] * 60_000);
                insertDoc.run(randomUUID(), randomUUID(), randomUUID(), "linked", apptId, ods, asStored(new Date(created.getTime() + 60_000)), due ? asStored(due) : null);
                documents++;
              }
            }
            if (rand() < 0.3) {
              insertDoc.run(randomUUID(), randomUUID(), randomUUID(), "referral-without-booking", null, "NZZ01", asStored(start), null);
              documents++;
            }
          }
        }
      }
    });
    fill();
    raw.pragma("optimize");
    raw.close();
    const f = (x: number) => x.toLocaleString("en-GB");
    built = { slots, bookings, documents, audits, suspensions, demandRows, insertMs: Math.round(performance.now() - t0) };
    console.log(
      `inserted ${f(slots)} slots, ${f(bookings)} bookings, ${f(documents)} documents, ${f(audits)} booking requests in the audit log, ${f(suspensions)} suspensions, ${f(demandRows)} search-count rows in ${Math.round(performance.now() - t0)} ms`,
    );
  }

  const filter = { from: FROM, to: addDays(FROM, DAYS - 1) };
  const results: { report: string; ms: number; total: string }[] = [];
  const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith("-") && all[i - 1] !== "--json");
  for (const id of ALL_REPORT_IDS.filter((x) => only.length === 0 || only.includes(x))) {
    await runAnyReport(id, { from: FROM, to: addDays(FROM, 6) }); // warm up
    const times: number[] = [];
    let total = "";
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await runAnyReport(id, filter);
      times.push(performance.now() - t);
      total = Object.entries(r.total.values).map(([k, v]) => `${k}=${v}`).join(" ");
    }
    const ms = Math.round(times.sort((a, b) => a - b)[1]);
    results.push({ report: id, ms, total });
  }
  for (const r of results) console.log(`${r.report.padEnd(20)}  ${String(r.ms).padStart(6)} ms (median of 3, ${DAYS} days)  ${r.ms < 2000 ? "ok" : "OVER 2 s"}  ${r.total}`);
  if (JSON_OUT) {
    mkdirSync(dirname(JSON_OUT), { recursive: true });
    const out = { date: new Date().toISOString(), database: "SQLite (file)", days: DAYS, ...built, targetMs: 2000, reports: results.map((r) => ({ ...r, met: r.ms < 2000 })) };
    writeFileSync(JSON_OUT, JSON.stringify(out, null, 2) + "\n");
  }
  await db().$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
