/** Builders for capacity integration tests: a service with one weekly rule, bookings, and what 111 sees. */
import { db } from "../db/client";
import type { StaffActor } from "../auth/actor";
import { seedTrust } from "../seed/provider";
import { generateSlots } from "../capacity/generate-slots";
import { findSlotsForConsumer } from "../capacity/find-slots-for-consumer";
import { bookAppointment, type PatientInput } from "../booking/book-appointment";
import { testNhsNumber } from "../nhs/nhs-number";

export const CLERK: StaffActor = { type: "staff", id: "clerk-test", name: "Test Clerk", role: "clerk" };
export const ADMIN: StaffActor = { type: "staff", id: "admin-test", name: "Test Admin", role: "admin" };
export const CLINICIAN: StaffActor = { type: "staff", id: "clinician-test", name: "Test Clinician", role: "clinician" };

let siteId: string | null = null;
let dosCounter = 0;

export async function testSite(): Promise<string> {
  if (!siteId) siteId = (await seedTrust(db())).general.id;
  return siteId;
}

export interface TestService {
  serviceId: string;
  scheduleId: string;
  dosId: string;
  ruleId: string;
}

/** A service open every day `start`–`end` London time with `minutes` slots and `perSlot` places, slots generated at `now`. */
export async function makeService(
  now: Date,
  opts: { start?: string; end?: string; minutes?: number; perSlot?: number; horizonHours?: number; effectiveFrom?: string } = {},
): Promise<TestService> {
  const site = await testSite();
  const n = ++dosCounter;
  const service = await db().healthcareService.create({ data: { siteId: site, name: `Test service ${n}`, kind: "ED", horizonHours: opts.horizonHours ?? 48 } });
  const dosId = `30000${String(n).padStart(5, "0")}`;
  const dos = await db().dosServiceId.create({ data: { value: dosId, serviceId: service.id } });
  const schedule = await db().schedule.create({ data: { serviceId: service.id, siteId: site, name: `Test schedule ${n}` } });
  await db().scheduleDosLink.create({ data: { scheduleId: schedule.id, dosId: dos.id } });
  const rule = await db().capacityRule.create({
    data: {
      serviceId: service.id,
      scheduleId: schedule.id,
      name: "All week",
      daysOfWeek: "1,2,3,4,5,6,7",
      startTime: opts.start ?? "08:00",
      endTime: opts.end ?? "20:00",
      slotMinutes: opts.minutes ?? 30,
      perSlot: opts.perSlot ?? 1,
      effectiveFrom: opts.effectiveFrom ?? "2026-01-01",
    },
  });
  await generateSlots(now, service.id);
  return { serviceId: service.id, scheduleId: schedule.id, dosId, ruleId: rule.id };
}

export async function slotAt(serviceId: string, iso: string, seq = 0) {
  return db().slot.findFirstOrThrow({ where: { serviceId, start: new Date(iso), seq } });
}

export function patient(n: number, extra: Partial<PatientInput> = {}): PatientInput {
  return {
    nhsNumber: testNhsNumber(7000 + n),
    nhsNumberStatus: "01",
    family: `Family${n}`,
    given: "Test",
    birthDate: "1980-01-01",
    gender: "female",
    telecom: [{ system: "phone", value: `07700 900${String(n).padStart(3, "0")}`, use: "mobile", rank: 1 }],
    ...extra,
  };
}

/** Books as a 111 organisation (or as ED staff when `org` is null). */
export function book(slotId: string, org: string | null, who: PatientInput, now: Date) {
  return bookAppointment(
    {
      slotId,
      patient: who,
      description: "Test booking",
      bookingOrgOds: org,
      source: org ? "fhir" : "staff",
      resource: ({ appointmentId }) => ({ resourceType: "Appointment", id: appointmentId, status: "booked" }),
    },
    org ? { type: "consumer", asid: "200000000999", odsCode: org } : CLERK,
    now,
  );
}

/** London-agnostic ISO starts of the slots `org` would see as free. */
export async function freeStarts(dosId: string, org: string | null, now: Date, window?: { from?: Date; to?: Date }): Promise<string[]> {
  const found = await findSlotsForConsumer({ dosId, statuses: ["free"], consumerOds: org, now, ...window });
  return (found ?? []).map((s) => s.start.toISOString());
}
