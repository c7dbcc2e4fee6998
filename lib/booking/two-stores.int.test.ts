/**
 * One booking and cancellation sequence, three stores: the same fixtures booked and cancelled through the SQLite
 * store (prepared statements, group commit), the PostgreSQL store (prepared statements on the driver) and the ORM
 * store on PostgreSQL give the same answers and leave the same rows. Runs in the PostgreSQL suite
 * (`npm run test:postgres`), where this file's database is on the server (the ORM store gets a second database
 * beside it); the SQLite side gets a file of its own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ConsumerActor, StaffActor } from "../auth/actor";
import { createDb, db, type Db } from "../db/client";
import pg from "pg";
import { prismaBookingStore } from "../db/booking-store-prisma";
import { pgBookingStore } from "../db/booking-store-pg";
import { sqliteBookingStore } from "../db/booking-store-sqlite";
import { migrate } from "../db/migrate";
import { databaseKind, databaseUrl } from "../db/url";
import { testNhsNumber } from "../nhs/nhs-number";
import { bookAppointment, type BookingInput } from "./book-appointment";
import type { BookingStore } from "./booking-store";
import { cancelAppointment } from "./cancel-appointment";

const NOW = new Date("2027-03-10T09:00:00.000Z");
const SERVICE = "svc-two-stores";
const SCHEDULE = "sch-two-stores";
const OTHER_SCHEDULE = "sch-other";
const consumer: ConsumerActor = { type: "consumer", asid: "200000000111", odsCode: "NZZ01", orgName: "Demo 111", requestId: "r", traceId: "t" };
const quotaConsumer: ConsumerActor = { type: "consumer", asid: "200000000222", odsCode: "NQU01", orgName: "Quota 111" };
const clerk: StaffActor = { type: "staff", id: "clerk-1", name: "Test Clerk", role: "clerk" };

/** Slot n starts at 10:00 + 30 min × n on NOW's day; slot 8 lies inside the suspension. */
const slotId = (n: number) => `slot-${n}`;
const slotStart = (n: number) => new Date(Date.parse("2027-03-10T10:00:00.000Z") + n * 30 * 60_000);

async function fixtures(client: Db): Promise<void> {
  await client.organisation.create({ data: { id: "org-1", odsCode: "RXX", name: "Test Trust", createdAt: NOW } });
  await client.site.create({ data: { id: "site-1", organisationId: "org-1", name: "Test ED", odsSiteCode: "RXX01", addressLine1: "1 Test Road", town: "Testtown", postcode: "WX1 1AA", createdAt: NOW, updatedAt: NOW } });
  await client.healthcareService.create({ data: { id: SERVICE, siteId: "site-1", name: "ED", horizonHours: 48, createdAt: NOW, updatedAt: NOW } });
  for (const id of [SCHEDULE, OTHER_SCHEDULE]) await client.schedule.create({ data: { id, serviceId: SERVICE, siteId: "site-1", name: id, createdAt: NOW } });
  for (let n = 0; n < 10; n++) {
    await client.slot.create({ data: { id: slotId(n), scheduleId: SCHEDULE, serviceId: SERVICE, start: slotStart(n), end: new Date(slotStart(n).getTime() + 30 * 60_000), createdAt: NOW, updatedAt: NOW } });
  }
  await client.consumerQuota.create({ data: { id: "quota-1", serviceId: SERVICE, odsCode: "NQU01", perHour: 1, createdAt: NOW, updatedAt: NOW } });
  await client.suspension.create({ data: { id: "susp-1", serviceId: SERVICE, startsAt: slotStart(8), endsAt: slotStart(9), reason: "Surge", createdAt: NOW } });
}

function input(n: number, patient: number, extra: Partial<BookingInput> = {}): BookingInput {
  return {
    slotId: slotId(n),
    source: "fhir",
    description: "Test booking",
    bookingOrgOds: "NZZ01",
    bookingOrgName: "Demo 111",
    consumerAsid: "200000000111",
    patient: { nhsNumber: testNhsNumber(8000 + patient), nhsNumberStatus: "01", family: `Family${patient}`, given: "Test", birthDate: "1990-01-01", gender: "female", telecom: [{ system: "phone", value: "07700 900000" }] },
    resource: ({ appointmentId, slot }) => ({ resourceType: "Appointment", id: appointmentId, status: "booked", start: slot.start.toISOString(), slot: [{ reference: `Slot/${slot.id}` }] }),
    ...extra,
  };
}

/** What a caller was told: the result, or the domain error's class, message and details. */
async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await p };
  } catch (e) {
    const err = e as Error & Record<string, unknown>;
    return { error: err.constructor.name, message: err.message, reason: err.reason, part: err.part, currentVersion: err.currentVersion, existingId: err.existingId };
  }
}

async function scenario(store: BookingStore): Promise<unknown[]> {
  let n = 0;
  const opts = { store, newId: () => `id-${String(++n).padStart(4, "0")}` };
  const book = (i: BookingInput, actor: ConsumerActor | StaffActor = consumer) => outcome(bookAppointment(i, actor, NOW, opts));
  const key = (requestId: string) => ({ scope: "asid:200000000111", requestId });
  const cancel = (id: string, expectedVersion: number | null, requestId?: string, actor: ConsumerActor | StaffActor = consumer) =>
    outcome(
      cancelAppointment(
        { appointmentId: id, expectedVersion, by: actor.type === "staff" ? "ed" : "consumer", reason: actor.type === "staff" ? "Department closed" : null, newResource: (c) => ({ ...c, status: "cancelled" }), idempotency: requestId ? key(requestId) : undefined },
        actor,
        NOW,
        opts,
      ),
    );
  const answers: unknown[] = [];
  answers.push(await book(input(0, 1, { idempotency: key("b1") })));
  answers.push(await book(input(0, 2, { idempotency: key("b2") }))); // taken
  answers.push(await book(input(1, 3, { idempotency: key("b1") }))); // X-Request-ID reused
  answers.push(await book(input(99, 4))); // no such slot
  answers.push(await book(input(1, 5, { expectSlot: { scheduleId: OTHER_SCHEDULE } }))); // another schedule
  answers.push(await book(input(1, 6, { expectSlot: { scheduleId: SCHEDULE, start: slotStart(2).toISOString(), end: slotStart(3).toISOString() } }))); // other times
  answers.push(await book(input(2, 7, { bookingOrgOds: "NQU01", consumerAsid: "200000000222" }), quotaConsumer));
  answers.push(await book(input(3, 8, { bookingOrgOds: "NQU01", consumerAsid: "200000000222" }), quotaConsumer)); // quota per hour
  answers.push(await book(input(8, 9))); // suspended
  answers.push(await book(input(4, 10, { source: "staff", bookingOrgOds: null, bookingOrgName: null, consumerAsid: null }), clerk));
  answers.push(await cancel("id-0001", 2)); // stale version
  answers.push(await cancel("no-such-booking", 1));
  answers.push(await cancel("id-0001", 1, "c1"));
  answers.push(await cancel("id-0001", 2, "c1")); // X-Request-ID reused
  answers.push(await cancel("id-0001", 2, "c2")); // already cancelled
  answers.push(await book(input(0, 11, { idempotency: key("b3") }))); // the freed slot again
  answers.push(await cancel(String((answers[9] as { ok?: { appointmentId: string } }).ok?.appointmentId), 1, undefined, clerk));
  return answers;
}

/** Every row the sequences write, in a fixed order, with instants as ISO text. */
async function rows(client: Db): Promise<Record<string, unknown[]>> {
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
  return plain({
    patients: await client.patient.findMany({ orderBy: { id: "asc" } }),
    appointments: await client.appointment.findMany({ orderBy: { id: "asc" } }),
    versions: await client.appointmentVersion.findMany({ orderBy: [{ appointmentId: "asc" }, { versionId: "asc" }] }),
    keys: await client.idempotencyKey.findMany({ orderBy: { id: "asc" } }),
    audit: await client.auditEvent.findMany({ orderBy: { id: "asc" } }),
    slots: await client.slot.findMany({ orderBy: { id: "asc" } }),
    services: await client.healthcareService.findMany({ orderBy: { id: "asc" } }),
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A second, migrated database on the same PostgreSQL server as `url` (dropped after the file). */
async function siblingDatabase(url: string, suffix: string): Promise<string> {
  const u = new URL(url);
  const name = `${u.pathname.slice(1)}_${suffix}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  cleanups.push(async () => {
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await again.end();
  });
  u.pathname = `/${name}`;
  await migrate(u.toString());
  return u.toString();
}

describe("one booking and cancellation sequence over three stores", () => {
  it("gives the same answers and leaves the same rows on SQLite, PostgreSQL with prepared statements and PostgreSQL through the ORM", async () => {
    expect(databaseKind(databaseUrl())).toBe("postgres");
    const dir = mkdtempSync(join(tmpdir(), "ed-two-stores-"));
    const sqliteUrl = `file:${join(dir, "two-stores.db")}`;
    await migrate(sqliteUrl);
    const sqliteClient = createDb(sqliteUrl);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => sqliteClient.$disconnect());
    const pgClient = db();
    const ormUrl = await siblingDatabase(databaseUrl(), "orm");
    const ormClient = createDb(ormUrl);
    cleanups.push(() => ormClient.$disconnect());

    await fixtures(sqliteClient);
    await fixtures(pgClient);
    await fixtures(ormClient);
    const onSqlite = await scenario(sqliteBookingStore(sqliteUrl));
    const onPostgres = await scenario(pgBookingStore(databaseUrl()));
    const onOrm = await scenario(prismaBookingStore(ormClient));

    // The scenario did what it says (so the comparison compares something).
    const kinds = onSqlite.map((a) => ((a as { ok?: unknown }).ok ? "ok" : (a as { error: string }).error));
    expect(kinds).toEqual([
      "ok",
      "SlotUnavailable",
      "DuplicateRequest",
      "SlotNotFound",
      "SlotNotFound",
      "SlotNotFound",
      "ok",
      "SlotUnavailable",
      "SlotUnavailable",
      "ok",
      "StaleVersion",
      "NotFound",
      "ok",
      "DuplicateRequest",
      "VersionConflict",
      "ok",
      "ok",
    ]);
    expect(onPostgres).toEqual(onSqlite);
    expect(onOrm).toEqual(onSqlite);
    const [a, b, c] = [await rows(sqliteClient), await rows(pgClient), await rows(ormClient)];
    expect(a.appointments).toHaveLength(4);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });
});
