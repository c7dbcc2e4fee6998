import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { runReport, reportFilterOptions, type Report, type ReportId } from "./provider-reports";
import type { ReportFilter } from "./report-filter";
import { exportReport } from "./export-report";
import { InvalidInput, NotFound } from "../errors";

// A small data set with known answers. Instants are chosen either side of London midnight around both
// clock changes: 2026-03-29 (clocks go forward at 01:00 UTC) and 2026-10-25 (clocks go back at 01:00 UTC).
const ids = { siteA: "", siteB: "", edA: "", utcA: "", edB: "", patient: "" };
const schedules: Record<string, string> = {};
let slotN = 0;
let docN = 0;

async function slot(serviceId: string, startIso: string, status: "free" | "busy" | "blocked" = "free") {
  const start = new Date(startIso);
  return db().slot.create({
    data: { scheduleId: schedules[serviceId], serviceId, start, end: new Date(start.getTime() + 15 * 60_000), seq: slotN++, status },
  });
}

async function booking(serviceId: string, createdIso: string, opts: { org?: string; cancelledBy?: "consumer" | "ed"; cancelledIso?: string; status?: string } = {}) {
  const s = await slot(serviceId, createdIso, "busy");
  return db().appointment.create({
    data: {
      slotId: s.id,
      serviceId,
      start: s.start,
      end: s.end,
      status: opts.status ?? (opts.cancelledBy ? "cancelled" : "booked"),
      description: "Fixture booking",
      bookingOrgOds: opts.org ?? "NZZ01",
      bookingOrgName: opts.org === "NZZ02" ? "North 111" : "Demo 111",
      patientId: ids.patient,
      createdAt: new Date(createdIso),
      cancelledBy: opts.cancelledBy ?? null,
      cancelledAt: opts.cancelledIso ? new Date(opts.cancelledIso) : null,
    },
  });
}

async function document(receivedIso: string, state: string, appointmentId: string | null, senderOds = "NZZ01") {
  const n = docN++;
  await db().clinicalDocument.create({
    data: { documentId: `doc-${n}`, contentSha256: `sha-${n}`, content: "<ClinicalDocument/>", source: "itk", state, appointmentId, senderOds, receivedAt: new Date(receivedIso) },
  });
}

function column(report: Report, key: string): Record<string, number | null> {
  return Object.fromEntries(report.rows.map((r) => [r.date, r.values[key]]));
}

const march = { from: "2026-03-28", to: "2026-03-30" };
const run = (id: ReportId, f: Partial<ReportFilter> = {}) => runReport(id, { ...march, ...f });

beforeAll(async () => {
  const org = await db().organisation.create({ data: { odsCode: "RXX", name: "Fixture Trust" } });
  const site = (name: string, code: string) =>
    db().site.create({ data: { organisationId: org.id, name, odsSiteCode: code, addressLine1: "1 Road", town: "Town", postcode: "AB1 2CD" } });
  ids.siteA = (await site("North Hospital", "RXX01")).id;
  ids.siteB = (await site("South Hospital", "RXX02")).id;
  for (const [key, siteId, name] of [["edA", ids.siteA, "Emergency Department"], ["utcA", ids.siteA, "Urgent Treatment Centre"], ["edB", ids.siteB, "Emergency Department South"]] as const) {
    const service = await db().healthcareService.create({ data: { siteId, name } });
    ids[key] = service.id;
    schedules[service.id] = (await db().schedule.create({ data: { serviceId: service.id, siteId, name } })).id;
  }
  ids.patient = (await db().patient.create({ data: { localId: "L1", family: "Fixture", given: "Test", birthDate: "1990-01-01", gender: "unknown" } })).id;

  // Slots made available (booked slots come from the bookings below).
  await slot(ids.edA, "2026-03-28T10:00:00Z"); // 28th
  await slot(ids.edA, "2026-03-29T22:30:00Z"); // 29th 23:30 BST
  await slot(ids.edA, "2026-03-29T22:45:00Z", "blocked"); // 29th, withdrawn
  await slot(ids.edB, "2026-03-30T09:00:00Z"); // 30th

  // Bookings: each makes a busy slot at the instant it was made.
  const a1 = await booking(ids.edA, "2026-03-28T23:30:00Z"); // 28th 23:30 GMT
  await booking(ids.edA, "2026-03-29T23:30:00Z", { org: "NZZ02", cancelledBy: "consumer", cancelledIso: "2026-03-29T23:45:00Z" }); // 30th 00:30 BST
  const a3 = await booking(ids.edB, "2026-03-29T00:30:00Z", { cancelledBy: "ed", cancelledIso: "2026-03-29T22:59:00Z" }); // 29th 00:30 GMT, cancelled 23:59 BST
  const a4 = await booking(ids.edA, "2026-03-29T12:00:00Z"); // 29th
  await booking(ids.edA, "2026-03-29T13:00:00Z", { status: "entered-in-error" }); // never counted as a booking

  // Referrals (111 clinical documents).
  await document("2026-03-28T23:30:00Z", "linked", a1.id); // 28th
  await document("2026-03-29T23:30:00Z", "referral-without-booking", null, "NZZ02"); // 30th
  await document("2026-03-29T00:30:00Z", "linked", a3.id); // 29th
  await document("2026-03-29T10:00:00Z", "superseded", a4.id); // replaced by the next one: not counted
  await document("2026-03-29T10:05:00Z", "linked", a4.id); // 29th
  await document("2026-03-29T22:30:00Z", "awaiting-booking", null); // 29th 23:30 BST

  // Around the October change: London 24th 23:30 BST, 25th 00:30 BST, 25th 23:30 GMT, 26th 00:30 GMT.
  for (const iso of ["2026-10-24T22:30:00Z", "2026-10-24T23:30:00Z", "2026-10-25T23:30:00Z", "2026-10-26T00:30:00Z"]) await booking(ids.utcA, iso);
});

describe("provider reports, per London day", () => {
  it("rep-prov-01 counts bookings on the London day they were made, across the March clock change", async () => {
    const r = await run("rep-prov-01");
    expect(r.rows.map((x) => x.date)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(column(r, "booked")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1 });
    expect(column(r, "stillBooked")).toEqual({ "2026-03-28": 1, "2026-03-29": 1, "2026-03-30": 0 });
    expect(column(r, "laterCancelled")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 1 });
    expect(r.total.values).toMatchObject({ booked: 4, stillBooked: 2, laterCancelled: 2 });
  });

  it("rep-prov-01 buckets the 25-hour October day correctly", async () => {
    const r = await runReport("rep-prov-01", { from: "2026-10-24", to: "2026-10-26" });
    expect(column(r, "booked")).toEqual({ "2026-10-24": 1, "2026-10-25": 2, "2026-10-26": 1 });
  });

  it("rep-prov-01 honours the site, service and organisation filters", async () => {
    expect(column(await run("rep-prov-01", { orgOds: "NZZ01" }), "booked")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 0 });
    expect(column(await run("rep-prov-01", { siteId: ids.siteA }), "booked")).toEqual({ "2026-03-28": 1, "2026-03-29": 1, "2026-03-30": 1 });
    expect(column(await run("rep-prov-01", { serviceId: ids.edB }), "booked")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    expect((await run("rep-prov-01", { siteId: ids.siteB, serviceId: ids.edA })).total.values.booked).toBe(0);
  });

  it("rep-prov-02 counts referrals received and how many are linked, leaving out superseded copies", async () => {
    const r = await run("rep-prov-02");
    expect(column(r, "received")).toEqual({ "2026-03-28": 1, "2026-03-29": 3, "2026-03-30": 1 });
    expect(column(r, "linked")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 0 });
    expect(column(r, "notLinked")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 1 });
    expect(column(r, "linkedPercent")).toEqual({ "2026-03-28": 100, "2026-03-29": 66.7, "2026-03-30": 0 });
    expect(r.total.values).toMatchObject({ received: 5, linked: 3, linkedPercent: 60 });
    const edA = await run("rep-prov-02", { serviceId: ids.edA });
    expect(column(edA, "linked")).toEqual({ "2026-03-28": 1, "2026-03-29": 1, "2026-03-30": 0 });
    expect(edA.notes).toHaveLength(1);
  });

  it("rep-prov-03 compares slots booked with slots made available, by slot time", async () => {
    const r = await run("rep-prov-03");
    // Busy slots of bookings sit at the booking instants: 28th a1; 29th a3, a4, and the entered-in-error one; 30th a2.
    expect(column(r, "available")).toEqual({ "2026-03-28": 2, "2026-03-29": 4, "2026-03-30": 2 });
    expect(column(r, "booked")).toEqual({ "2026-03-28": 1, "2026-03-29": 3, "2026-03-30": 1 });
    expect(column(r, "withdrawn")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    expect(column(r, "utilisation")).toEqual({ "2026-03-28": 50, "2026-03-29": 75, "2026-03-30": 50 });
    const oct = await runReport("rep-prov-03", { from: "2026-10-24", to: "2026-10-26" });
    expect(column(oct, "available")).toEqual({ "2026-10-24": 1, "2026-10-25": 2, "2026-10-26": 1 });
    expect((await run("rep-prov-03", { orgOds: "NZZ01" })).notes).toHaveLength(1);
  });

  it("rep-prov-04 counts referrals for which no booking was made", async () => {
    const r = await run("rep-prov-04");
    expect(column(r, "withoutBooking")).toEqual({ "2026-03-28": 0, "2026-03-29": 0, "2026-03-30": 1 });
    expect(column(r, "withoutPercent")).toEqual({ "2026-03-28": 0, "2026-03-29": 0, "2026-03-30": 100 });
    expect((await run("rep-prov-04", { orgOds: "NZZ01" })).total.values.withoutBooking).toBe(0);
    expect((await run("rep-prov-04", { orgOds: "NZZ02" })).total.values.withoutBooking).toBe(1);
  });

  it("rep-prov-05 counts cancellations on the London day they happened, by who cancelled", async () => {
    const r = await run("rep-prov-05");
    expect(column(r, "cancelled")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 1 });
    expect(column(r, "ed")).toEqual({ "2026-03-28": 0, "2026-03-29": 1, "2026-03-30": 0 });
    expect(column(r, "consumer")).toEqual({ "2026-03-28": 0, "2026-03-29": 0, "2026-03-30": 1 });
  });

  it("offers the sites, services and booking organisations as filters", async () => {
    const o = await reportFilterOptions();
    expect(o.sites.map((s) => s.name)).toEqual(["North Hospital", "South Hospital"]);
    expect(o.services).toHaveLength(3);
    expect(o.organisations).toEqual([{ odsCode: "NZZ01", name: "Demo 111" }, { odsCode: "NZZ02", name: "North 111" }]);
  });

  it("exports a report as CSV with small counts suppressed, and records the export in the audit log", async () => {
    const manager = { type: "staff" as const, id: "m1", name: "Manager", role: "manager" as const };
    const { filename, csv } = await exportReport("rep-prov-01", { ...march, orgOds: "" }, manager);
    expect(filename).toBe("rep-prov-01_2026-03-28_to_2026-03-30.csv");
    expect(csv.split("\r\n")).toEqual([
      "Date,Bookings made,Still booked,Later cancelled",
      "2026-03-28,<5,<5,0",
      "2026-03-29,<5,<5,<5",
      "2026-03-30,<5,0,<5",
      "Total,<5,<5,<5",
      "",
    ]);
    const audit = await db().auditEvent.findMany({ where: { action: "report.export" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: "m1", entityId: "rep-prov-01", patientNhsNumber: null });
    await expect(exportReport("rep-prov-99", march, manager)).rejects.toBeInstanceOf(NotFound);
    await expect(exportReport("rep-prov-01", { from: "2026-03-30", to: "2026-03-28" }, manager)).rejects.toBeInstanceOf(InvalidInput);
    await expect(exportReport("rep-prov-01", { from: "2025-01-01", to: "2026-03-28" }, manager)).rejects.toBeInstanceOf(InvalidInput);
  });
});
