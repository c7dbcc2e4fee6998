import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { exportReport } from "./export-report";
import { arrivalsAndNonAttendance, bookingTimes, dispositionDeadline, leadTime, medianOf, slotRefusals, suspensionsAndBlocks, unmetDemand } from "./monitoring-reports";
import type { Report } from "./provider-reports";
import type { ReportFilter } from "./report-filter";
import { runAnyReport } from "./report-registry";
import { addSearchDemand, flushSearchDemand, noteSlotSearch } from "./search-demand";

// Known answers around London's March clock change: 2026-03-28 is a Saturday (GMT); the clocks go forward at
// 01:00 UTC on Sunday 2026-03-29, so from then London is UTC+1 (BST).
const ids = { siteA: "", siteB: "", edA: "", edB: "", patient: "" };
const schedules: Record<string, string> = {};
let slotN = 0;
let docN = 0;

async function slot(serviceId: string, startIso: string, status: "free" | "busy" | "blocked" = "free", blockedReason: string | null = null) {
  const start = new Date(startIso);
  return db().slot.create({
    data: { scheduleId: schedules[serviceId], serviceId, start, end: new Date(start.getTime() + 15 * 60_000), seq: slotN++, status, blockedReason },
  });
}

async function booking(serviceId: string, startIso: string, createdIso: string, opts: { org?: string; status?: string; edStatus?: string; arrivedAt?: string; registeredAt?: string; arrivalSource?: string } = {}) {
  const s = await slot(serviceId, startIso, "busy");
  return db().appointment.create({
    data: {
      slotId: s.id,
      serviceId,
      start: s.start,
      end: s.end,
      status: opts.status ?? "booked",
      edStatus: opts.edStatus ?? "expected",
      arrivedAt: opts.arrivedAt ? new Date(opts.arrivedAt) : null,
      registeredAt: opts.registeredAt ? new Date(opts.registeredAt) : null,
      arrivalSource: opts.arrivalSource ?? null,
      description: "Fixture booking",
      bookingOrgOds: opts.org ?? "NZZ01",
      bookingOrgName: "Demo 111",
      patientId: ids.patient,
      createdAt: new Date(createdIso),
      cancelledBy: opts.status === "cancelled" ? "consumer" : null,
      cancelledAt: opts.status === "cancelled" ? new Date(createdIso) : null,
    },
  });
}

async function document(appointmentId: string | null, state: string, dueIso: string | null) {
  const n = docN++;
  await db().clinicalDocument.create({
    data: {
      documentId: `doc-${n}`,
      contentSha256: `sha-${n}`,
      content: "<ClinicalDocument/>",
      source: "itk",
      state,
      appointmentId,
      receivedAt: new Date("2026-03-28T09:00:00Z"),
      dispositionDueAt: dueIso ? new Date(dueIso) : null,
    },
  });
}

async function fhirBookingAudit(atIso: string, outcome: "success" | "refused", ods: string, error?: string) {
  await db().auditEvent.create({
    data: {
      at: new Date(atIso),
      actorType: "consumer",
      actorName: "Demo 111",
      action: "fhir.create-appointment",
      consumerOds: ods,
      outcome,
      detail: JSON.stringify(error ? { status: 422, error, diagnostics: "Refused" } : { status: 201 }),
    },
  });
}

function column(report: Report, key: string): Record<string, number | null> {
  return Object.fromEntries(report.rows.map((r) => [r.date, r.values[key]]));
}

/** Only the rows with anything in them, keyed by row key. */
function nonZero(report: Report, key: string): Record<string, number | null> {
  return Object.fromEntries(report.rows.filter((r) => r.values[key]).map((r) => [r.date, r.values[key]]));
}

const march: ReportFilter = { from: "2026-03-28", to: "2026-03-30" };
const f = (extra: Partial<ReportFilter> = {}): ReportFilter => ({ ...march, ...extra });

beforeAll(async () => {
  const org = await db().organisation.create({ data: { odsCode: "RXX", name: "Fixture Trust" } });
  const site = (name: string, code: string) =>
    db().site.create({ data: { organisationId: org.id, name, odsSiteCode: code, addressLine1: "1 Road", town: "Town", postcode: "AB1 2CD" } });
  ids.siteA = (await site("North Hospital", "RXX01")).id;
  ids.siteB = (await site("South Hospital", "RXX02")).id;
  for (const [key, siteId, name] of [["edA", ids.siteA, "Emergency Department"], ["edB", ids.siteB, "Emergency Department South"]] as const) {
    const service = await db().healthcareService.create({ data: { siteId, name } });
    ids[key] = service.id;
    schedules[service.id] = (await db().schedule.create({ data: { serviceId: service.id, siteId, name } })).id;
  }
  await db().dosServiceId.create({ data: { value: "DOS-A", serviceId: ids.edA } });
  ids.patient = (await db().patient.create({ data: { localId: "L1", family: "Fixture", given: "Test", birthDate: "1990-01-01", gender: "unknown" } })).id;

  // Bookings: arrival time (slot start), when made, and what happened.
  const b1 = await booking(ids.edA, "2026-03-28T23:30:00Z", "2026-03-28T23:00:00Z", { edStatus: "arrived", arrivedAt: "2026-03-28T23:40:00Z", arrivalSource: "staff" }); // Sat 23:30 GMT; made Sat 23:00, 30 min ahead; marked arrived by staff 10 min after
  const b2 = await booking(ids.edA, "2026-03-29T23:30:00Z", "2026-03-29T21:30:00Z", { edStatus: "did-not-attend", org: "NZZ02" }); // Mon 00:30 BST; made Sun 22:30 BST, 120 min
  const b3 = await booking(ids.edB, "2026-03-29T00:30:00Z", "2026-03-28T12:00:00Z"); // Sun 00:30 GMT, not marked; made Sat 12:00, 750 min
  const b4 = await booking(ids.edA, "2026-03-29T22:30:00Z", "2026-03-29T20:30:30Z", { edStatus: "arrived", arrivedAt: "2026-03-29T22:50:00Z", registeredAt: "2026-03-29T22:25:00Z", arrivalSource: "both" }); // Sun 23:30 BST; made Sun 21:30 BST, 119.5 min; registered by the ED record 5 min before, marked by staff 20 min after
  await booking(ids.edA, "2026-03-29T12:00:00Z", "2026-03-29T11:00:00Z", { status: "cancelled" }); // made Sun 12:00 BST, 60 min; cancelled
  await booking(ids.edA, "2026-03-29T13:00:00Z", "2026-03-29T12:59:00Z", { status: "entered-in-error" }); // never counted

  // 111 reports: b1 arrives before its deadline, b2 after; b3's report gave no usable deadline; b4 has only a superseded copy.
  await document(b1.id, "linked", "2026-03-29T00:00:00Z");
  await document(b2.id, "linked", "2026-03-29T23:00:00Z");
  await document(b3.id, "linked", null);
  await document(b4.id, "superseded", "2026-03-29T20:00:00Z");

  // Suspensions and blocked slots.
  for (const iso of ["2026-03-29T00:15:00Z", "2026-03-29T01:15:00Z", "2026-03-29T03:00:00Z", "2026-03-30T08:30:00Z", "2026-03-30T09:30:00Z"]) await slot(ids.edA, iso);
  const suspension = (serviceId: string, reason: string, startsIso: string, endsIso: string, liftedIso: string | null = null) =>
    db().suspension.create({ data: { serviceId, reason, startsAt: new Date(startsIso), endsAt: new Date(endsIso), liftedAt: liftedIso ? new Date(liftedIso) : null } });
  await suspension(ids.edA, "Surge", "2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"); // holds 00:15 and 01:15 (02:15 BST)
  await suspension(ids.edA, "Surge", "2026-03-30T08:00:00Z", "2026-03-30T10:00:00Z", "2026-03-30T09:00:00Z"); // lifted early: holds 08:30 only
  await suspension(ids.edB, "Staff shortage", "2026-03-27T00:00:00Z", "2026-03-27T10:00:00Z"); // before the range
  await suspension(ids.edB, "Fire alarm", "2026-03-29T05:00:00Z", "2026-03-29T07:00:00Z", "2026-03-29T05:00:00Z"); // lifted before it began
  await slot(ids.edA, "2026-03-28T10:00:00Z", "blocked", "Cubicle closed");
  await slot(ids.edA, "2026-03-30T11:00:00Z", "blocked", "Cubicle closed");
  await slot(ids.edB, "2026-03-29T10:00:00Z", "blocked", null);

  // FHIR booking requests as the audit log records them.
  await fhirBookingAudit("2026-03-28T23:30:00Z", "success", "NZZ01"); // Sat
  await fhirBookingAudit("2026-03-29T00:10:00Z", "refused", "NZZ01", "slot-unavailable"); // Sun 00:10 GMT
  await fhirBookingAudit("2026-03-29T22:59:00Z", "refused", "NZZ02", "slot-unavailable"); // Sun 23:59 BST
  await fhirBookingAudit("2026-03-29T23:00:00Z", "refused", "NZZ01", "invalid-body"); // Mon 00:00 BST
  await db().auditEvent.create({ data: { at: new Date("2026-03-29T10:00:00Z"), actorType: "consumer", action: "fhir.search-slot", consumerOds: "NZZ01" } });
});

describe("monitoring reports", () => {
  it("arrivals: of bookings whose arrival time has passed, arrived, did not attend and not yet marked, per London day", async () => {
    const r = await arrivalsAndNonAttendance(f());
    expect(column(r, "passed")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1 });
    expect(column(r, "arrived")).toEqual({ "2026-03-28": 1, "2026-03-29": 1, "2026-03-30": 0 });
    expect(column(r, "dna")).toEqual({ "2026-03-28": 0, "2026-03-29": 0, "2026-03-30": 1 });
    expect(column(r, "notMarked")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    expect(r.total.values).toMatchObject({ passed: 4, arrived: 2, dna: 1, notMarked: 1, arrivedPercent: 50, dnaPercent: 25 });
    // By or after the booked time: the ED record's registration time where there is one (exact), else staff's mark.
    expect(column(r, "arrivedByTime")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    expect(column(r, "arrivedAfterTime")).toEqual({ "2026-03-28": 1, "2026-03-29": 0, "2026-03-30": 0 });
    expect(column(r, "registeredInEdRecord")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    // Earlier in the day only the first two arrival times had passed.
    const noon = await arrivalsAndNonAttendance(f(), new Date("2026-03-29T12:00:00Z"));
    expect(column(noon, "passed")).toEqual({ "2026-03-28": 1, "2026-03-29": 1, "2026-03-30": 0 });
    expect((await arrivalsAndNonAttendance(f({ serviceId: ids.edB }))).total.values).toMatchObject({ passed: 1, notMarked: 1 });
  });

  it("lead time: buckets and the median in whole minutes, for bookings made in the range", async () => {
    const r = await leadTime(f());
    expect(Object.fromEntries(r.rows.map((x) => [x.label, x.values.bookings]))).toEqual({
      "Under 1 hour": 1,
      "1 to 2 hours": 2,
      "2 to 4 hours": 1,
      "4 to 8 hours": 0,
      "8 to 24 hours": 1,
      "24 hours or more": 0,
    });
    expect(r.total.values.bookings).toBe(5);
    // 30, 60, 119, 120, 750 minutes.
    expect(r.summary).toEqual([{ label: "Median time from booking to arrival", value: 119, unit: "minutes", basedOn: 5 }]);
    const north = await leadTime(f({ orgOds: "NZZ02" }));
    expect(north.summary?.[0]).toMatchObject({ value: 120, basedOn: 1 });
    expect((await leadTime(f({ siteId: ids.siteB }))).summary?.[0]).toMatchObject({ value: 750, basedOn: 1 });
    expect(medianOf([{ value: 10, count: 1 }, { value: 20, count: 1 }])).toBe(15);
    expect(medianOf([])).toBeNull();
  });

  it("disposition deadline: arrival times after 111's deadline, with no deadline counted as unknown", async () => {
    const r = await dispositionDeadline(f());
    expect(column(r, "within")).toEqual({ "2026-03-28": 1, "2026-03-29": 0, "2026-03-30": 0 });
    expect(column(r, "late")).toEqual({ "2026-03-28": 0, "2026-03-29": 0, "2026-03-30": 1 });
    expect(column(r, "unknown")).toEqual({ "2026-03-28": 0, "2026-03-29": 2, "2026-03-30": 0 });
    expect(r.total.values).toMatchObject({ bookings: 4, known: 2, within: 1, late: 1, unknown: 2, latePercent: 50 });
    expect(r.help).toMatch(/never guessed/);
  });

  it("unmet demand: search counters are kept in memory, added to the database on flush (incrementing), and reported by London hour", async () => {
    const before = await db().searchDemandHour.count();
    noteSlotSearch({ at: new Date("2026-03-29T00:30:00Z"), serviceId: ids.edA, consumerOds: "NZZ01", freeCount: 3 });
    noteSlotSearch({ at: new Date("2026-03-29T00:45:00Z"), serviceId: ids.edA, consumerOds: "NZZ01", freeCount: 0 });
    noteSlotSearch({ at: new Date("2026-03-29T12:10:00Z"), serviceId: ids.edA, consumerOds: "nzz02", freeCount: 0 }); // 13:10 BST
    noteSlotSearch({ at: new Date("2026-03-29T12:20:00Z"), serviceId: null, dosId: "DOS-A", consumerOds: "NZZ02", freeCount: 0 }); // no slot named the service
    noteSlotSearch({ at: new Date("2026-03-30T08:00:00Z"), serviceId: null, dosId: "NO-SUCH-DOS", consumerOds: null, freeCount: 0 }); // 09:00 BST
    expect(await db().searchDemandHour.count()).toBe(before); // nothing written on the search's path
    await flushSearchDemand();
    noteSlotSearch({ at: new Date("2026-03-29T00:50:00Z"), serviceId: ids.edA, consumerOds: "NZZ01", freeCount: 0 });
    await flushSearchDemand();
    const row = await db().searchDemandHour.findUnique({
      where: { serviceId_consumerOds_hourStart: { serviceId: ids.edA, consumerOds: "NZZ01", hourStart: new Date("2026-03-29T00:00:00Z") } },
    });
    expect(row).toMatchObject({ searches: 3, withoutFree: 2 }); // incremented, not overwritten
    expect(await db().searchDemandHour.findFirst({ where: { serviceId: ids.edA, consumerOds: "NZZ02" } })).toMatchObject({ searches: 2, withoutFree: 2 });

    const r = await unmetDemand(f());
    expect(r.rows).toHaveLength(24);
    expect(nonZero(r, "searches")).toEqual({ "00": 3, "09": 1, "13": 2 });
    expect(nonZero(r, "withoutFree")).toEqual({ "00": 2, "09": 1, "13": 2 });
    expect(r.rows.find((x) => x.date === "13")?.label).toBe("13:00 to 13:59");
    expect(r.total.values).toMatchObject({ searches: 6, withoutFree: 5 });
    expect(r.help).toMatch(/5 seconds/);
    expect(nonZero(await unmetDemand(f({ serviceId: ids.edA })), "searches")).toEqual({ "00": 3, "13": 2 });
    expect(nonZero(await unmetDemand(f({ orgOds: "NZZ02" })), "searches")).toEqual({ "13": 2 });
    expect(nonZero(await unmetDemand({ from: "2026-03-30", to: "2026-03-30" }), "searches")).toEqual({ "09": 1 });
  });

  it("search counts from several instances written at the same moment add up (increment, never overwrite)", async () => {
    const hourStart = new Date("2026-01-05T10:00:00Z");
    await Promise.all(Array.from({ length: 20 }, (_, i) => addSearchDemand([{ serviceId: ids.edB, consumerOds: "NZZ09", hourStart, searches: 1, withoutFree: i % 2 }])));
    const rows = await db().searchDemandHour.findMany({ where: { serviceId: ids.edB, consumerOds: "NZZ09" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ searches: 20, withoutFree: 10 });
  });

  it("suspensions and blocked slots: by reason, with the slots each made unavailable", async () => {
    const r = await suspensionsAndBlocks(f());
    expect(r.rows.map((x) => [x.label, x.values.periods, x.values.slots])).toEqual([
      ["Suspended: Surge", 2, 3],
      ["Blocked: Cubicle closed", 0, 2],
      ["Blocked: no reason given", 0, 1],
    ]);
    expect(r.total.values).toMatchObject({ periods: 2, slots: 6 });
    const south = await suspensionsAndBlocks(f({ serviceId: ids.edB }));
    expect(south.rows.map((x) => [x.label, x.values.slots])).toEqual([["Blocked: no reason given", 1]]);
    expect((await suspensionsAndBlocks(f({ orgOds: "NZZ01" }))).notes).toHaveLength(1);
  });

  it("refused bookings: requests refused because the slot was no longer available, per London day", async () => {
    const r = await slotRefusals(f());
    expect(column(r, "attempts")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1 });
    expect(column(r, "booked")).toEqual({ "2026-03-28": 1, "2026-03-29": 0, "2026-03-30": 0 });
    expect(column(r, "taken")).toEqual({ "2026-03-28": 0, "2026-03-29": 2, "2026-03-30": 0 });
    expect(column(r, "other")).toEqual({ "2026-03-28": 0, "2026-03-29": 0, "2026-03-30": 1 });
    expect(column(await slotRefusals(f({ orgOds: "NZZ02" })), "taken")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    expect((await slotRefusals(f({ serviceId: ids.edA }))).notes).toHaveLength(1);
  });

  it("booking times: bookings made by London hour of day and day of the week", async () => {
    const r = await bookingTimes(f());
    expect(nonZero(r, "all")).toEqual({ "12": 2, "21": 1, "22": 1, "23": 1 });
    expect(nonZero(r, "sat")).toEqual({ "12": 1, "23": 1 });
    expect(nonZero(r, "sun")).toEqual({ "12": 1, "21": 1, "22": 1 });
    expect(r.total.values).toMatchObject({ sat: 2, sun: 3, mon: 0, all: 5 });
  });

  it("downloads a monitoring report as CSV with labelled rows, small counts suppressed, and the median withheld when it rests on few bookings", async () => {
    const manager = { type: "staff" as const, id: "m1", name: "Manager", role: "manager" as const };
    const { filename, csv } = await exportReport("suspensions", march, manager);
    expect(filename).toBe("suspensions_2026-03-28_to_2026-03-30.csv");
    expect(csv.split("\r\n")).toEqual(["Reason,Suspensions,Slots affected", "Suspended: Surge,<5,<5", "Blocked: Cubicle closed,0,<5", "Blocked: no reason given,0,<5", "Total,<5,6", ""]);
    const lead = (await exportReport("lead-time", { ...march, orgOds: "NZZ02" }, manager)).csv.split("\r\n");
    expect(lead.at(-2)).toBe("Median time from booking to arrival (minutes),<5");
    expect((await exportReport("lead-time", march, manager)).csv.split("\r\n").at(-2)).toBe("Median time from booking to arrival (minutes),119");
    expect((await runAnyReport("booking-times", march)).rows).toHaveLength(24);
  });
});
