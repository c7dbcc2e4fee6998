/**
 * One patient across the two 111 doors (HAZ-140), on a real database: a patient booked through BaRS and through the
 * UEC Booking Standard (STU3) with the same verified NHS number is one patient on the board and on both booking
 * pages; anything less is a possible match, shown with its evidence, for a person to confirm or reject; answers are
 * audited on both bookings and can be undone; two different patients are never linked. Tuesday 15 June 2027.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as processMessage } from "@/app/R4/$process-message/route";
import { GET as slot } from "@/app/R4/Slot/route";
import { db } from "../db/client";
import { seedAssurance } from "../seed/assurance";
import { barsHeaders, bookingMessage, findForBooking, type TestPatient } from "../testing/bars-messages";
import { bookTestPatient } from "../testing/book-test-patient";
import { setClockForTests } from "../time/clock";
import { testNhsNumber } from "../nhs/nhs-number";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, VersionConflict } from "../errors";
import { loadBoard, type BoardRow } from "./load-board";
import { decideSamePatient, decideSamePatientInput, loadSamePatient, undoSamePatientDecision } from "./same-patient";
import { boardCsv } from "./board-export";

type Json = Record<string, unknown>;
const NOW = new Date("2027-06-15T07:30:00Z");
const BASE = "http://localhost:3000/R4";
const WINDOW = "start=ge2027-06-16T00:00:00%2B01:00&start=le2027-06-19T00:00:00%2B01:00";
const INC = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:location", "HealthcareService:providedBy"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");

let clerk: StaffActor;
let clinician: StaffActor;
let slotIndex = 0;

async function bookByBars(patient: TestPatient): Promise<string> {
  const res = await slot(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`, { headers: barsHeaders() }));
  const found = findForBooking((await res.json()) as Json, slotIndex++);
  const answer = await processMessage(new Request(`${BASE}/$process-message`, { method: "POST", headers: barsHeaders(), body: JSON.stringify(bookingMessage(found, { patient })) }));
  const body = (await answer.json()) as Json;
  expect(answer.status, JSON.stringify(body).slice(0, 400)).toBe(200);
  return String(((body.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment") as Json).id);
}

async function bookByStu3(p: { nhsNumber: string | null; nhsNumberStatus?: string; given: string; family: string; birthDate: string; gender: string }): Promise<string> {
  const free = await db().slot.findFirstOrThrow({ where: { status: "free", start: { gte: new Date(NOW.getTime() + 24 * 3600_000) } }, orderBy: [{ start: "asc" }, { id: "asc" }] });
  return (await bookTestPatient({ slotId: free.id, documentRefId: randomUUID(), patient: { ...p, nhsNumberStatus: p.nhsNumberStatus ?? "01" }, now: NOW })).appointmentId;
}

async function rows(): Promise<BoardRow[]> {
  return (await loadBoard({ kind: "hours", hours: 72 }, clerk, NOW)).rows;
}
const row = async (id: string) => (await rows()).find((r) => r.id === id)!;
const family = () => `Pairley${randomUUID().slice(0, 4).replace(/\d/g, "q")}`;
const auditOf = (action: string, entityId: string) => db().auditEvent.findMany({ where: { action, entityId } });

beforeAll(async () => {
  setClockForTests(NOW);
  await seedAssurance(db(), NOW);
  const staff = await db().staffUser.findMany({ where: { role: { in: ["clinician", "clerk"] } } });
  const as = (role: "clinician" | "clerk"): StaffActor => {
    const s = staff.find((x) => x.role === role)!;
    return { type: "staff", id: s.id, name: s.name, role };
  };
  clerk = as("clerk");
  clinician = as("clinician");
});

describe("one patient across the STU3 and BaRS doors", () => {
  it("verified NHS numbers that match, with agreeing details, make one patient on the board and both booking pages", async () => {
    const f = family();
    const bars = await bookByBars({ nhsNumber: "9998793092", given: "Nell", family: f, birthDate: "1952-11-03", gender: "female" });
    const stu3 = await bookByStu3({ nhsNumber: "9998793092", given: "Nell", family: f, birthDate: "1952-11-03", gender: "female" });
    const [b, s] = [await row(bars), await row(stu3)];
    expect(b.door).toBe("bars");
    expect(s.door).toBe("uec");
    expect(b.samePatient).toEqual([expect.objectContaining({ bookingId: stu3, how: "verified-nhs-number" })]);
    expect(s.samePatient).toEqual([expect.objectContaining({ bookingId: bars, how: "verified-nhs-number" })]);
    expect(b.otherActiveBookings).toEqual([stu3]);
    expect(b.possibleSamePatient).toEqual([]);
    const fromStu3 = await loadSamePatient(stu3, clinician, NOW);
    expect(fromStu3).toEqual([expect.objectContaining({ bookingId: bars, door: "bars", link: expect.objectContaining({ state: "same-patient", how: "verified-nhs-number" }) })]);
    expect(await auditOf("patient-match.view", stu3)).toHaveLength(1);
    expect(await loadSamePatient(bars, clerk, NOW)).toEqual([expect.objectContaining({ bookingId: stu3, door: "uec", link: expect.objectContaining({ state: "same-patient" }) })]);
    // Nothing to confirm: the system already shows them as one.
    await expect(decideSamePatient({ bookingId: stu3, otherBookingId: bars, decision: "different-patients", compared: true, note: null }, clerk, NOW)).rejects.toThrow(InvalidInput);
    // The clinician's CSV says so too, and carries the reasonable adjustments column.
    const csv = boardCsv(await loadBoard({ kind: "hours", hours: 72 }, clinician, NOW));
    expect(csv.split("\r\n")[0]).toContain('"Reasonable adjustments","Same patient"');
    expect(csv).toContain("Same patient has another active booking at");
  });

  it("without a verified match it is a possible match with the evidence, confirmed or rejected by a clerk, audited on both bookings, and undone", async () => {
    const f = family();
    const bars = await bookByBars({ nhsNumber: undefined, given: "Ivy", family: f, birthDate: "1948-02-29", gender: "female" });
    const stu3 = await bookByStu3({ nhsNumber: "9999492304", given: "Ivy", family: f, birthDate: "1948-02-29", gender: "female" });
    expect((await row(bars)).possibleSamePatient).toEqual([expect.objectContaining({ bookingId: stu3 })]);
    expect((await row(stu3)).possibleSamePatient).toEqual([expect.objectContaining({ bookingId: bars })]);
    // Never merged by itself: no "same patient" flag until someone answers.
    expect((await row(stu3)).otherActiveBookings).toEqual([]);
    const [shown] = await loadSamePatient(stu3, clerk, NOW);
    expect(shown.link.state).toBe("possible-match");
    expect(shown.link.evidence).toMatchObject({ nhsNumber: { agreement: "missing-in-booking" }, birthDate: { agreement: "match" }, familyName: { agreement: "match" }, givenName: { agreement: "match" } });

    // The answer needs the comparison confirmed.
    expect(decideSamePatientInput.safeParse({ bookingId: stu3, otherBookingId: bars, decision: "same-patient", compared: false }).success).toBe(false);
    const decisionId = await decideSamePatient({ bookingId: stu3, otherBookingId: bars, decision: "same-patient", compared: true, note: "Same address and phone number" }, clerk, NOW);
    expect((await row(bars)).samePatient).toEqual([expect.objectContaining({ bookingId: stu3, how: "confirmed", by: clerk.name })]);
    expect((await row(stu3)).otherActiveBookings).toEqual([bars]);
    for (const id of [stu3, bars]) {
      const [a] = await auditOf("patient-match.confirm", id);
      expect(a).toMatchObject({ actorId: clerk.id, reason: "Same address and phone number" });
      expect(JSON.parse(a.detail!)).toMatchObject({ decisionId, otherBookingId: id === stu3 ? bars : stu3, evidence: { nhsNumber: "missing-in-booking", givenName: "match" } });
    }
    // One answer per pair: a second person is told to reload.
    await expect(decideSamePatient({ bookingId: bars, otherBookingId: stu3, decision: "different-patients", compared: true, note: null }, clinician, NOW)).rejects.toThrow(VersionConflict);

    // Undone: a possible match again, the undo audited on both, the decision kept for the record.
    await undoSamePatientDecision({ bookingId: bars, decisionId, reason: "Confirmed on the wrong pair" }, clerk, NOW);
    expect((await row(stu3)).samePatient).toEqual([]);
    expect((await row(stu3)).possibleSamePatient).toEqual([expect.objectContaining({ bookingId: bars })]);
    expect(await auditOf("patient-match.undo", stu3)).toHaveLength(1);
    expect(await auditOf("patient-match.undo", bars)).toHaveLength(1);
    await expect(undoSamePatientDecision({ bookingId: bars, decisionId, reason: "again" }, clerk, NOW)).rejects.toThrow(VersionConflict);

    // Rejected: neither a possible match nor the same patient on the board; the booking page says who checked.
    const rejected = await decideSamePatient({ bookingId: bars, otherBookingId: stu3, decision: "different-patients", compared: true, note: null }, clerk, NOW);
    expect(await row(stu3)).toMatchObject({ samePatient: [], possibleSamePatient: [], otherActiveBookings: [] });
    expect((await loadSamePatient(bars, clerk, NOW))[0].link).toMatchObject({ state: "different-patients", decision: { id: rejected } });
    expect(await auditOf("patient-match.reject", stu3)).toHaveLength(1);
    expect(await db().patientMatchDecision.count({ where: { OR: [{ bookingAId: bars }, { bookingBId: bars }] } })).toBe(2);
  });

  it("an unverified NHS number, or a detail that differs, is only ever a possible match; two different patients are never linked", async () => {
    const f = family();
    const [rose, lily] = [testNhsNumber(712_301), testNhsNumber(712_407)];
    const verified = await bookByStu3({ nhsNumber: rose, given: "Rose", family: f, birthDate: "1990-05-05", gender: "female" });
    const unverified = await bookByStu3({ nhsNumber: rose, nhsNumberStatus: "02", given: "Rose", family: f, birthDate: "1990-05-05", gender: "female" });
    const otherGiven = await bookByBars({ nhsNumber: rose, given: "Rosa", family: f, birthDate: "1990-05-05", gender: "female" });
    const twin = await bookByBars({ nhsNumber: lily, given: "Lily", family: f, birthDate: "1990-05-05", gender: "female" });
    const r = await row(verified);
    expect(r.samePatient).toEqual([]);
    expect(r.possibleSamePatient!.map((o) => o.bookingId).sort()).toEqual([unverified, otherGiven].sort());
    // A different verified NHS number: another person, not even a possible match (only the unverified one may be her).
    expect((await row(twin)).possibleSamePatient).toEqual([expect.objectContaining({ bookingId: unverified })]);
    expect((await row(twin)).samePatient).toEqual([]);
    await expect(decideSamePatient({ bookingId: twin, otherBookingId: verified, decision: "same-patient", compared: true, note: null }, clerk, NOW)).rejects.toThrow(InvalidInput);
    expect(await db().patientMatchDecision.count({ where: { OR: [{ bookingAId: twin }, { bookingBId: twin }] } })).toBe(0);
  });

  it("is for clinicians and clerks only, as a CDA report is; a clerk's view carries no clinical content, and is audited", async () => {
    const f = family();
    const nhs = testNhsNumber(712_513);
    const bars = await bookByBars({ nhsNumber: nhs, given: "June", family: f, birthDate: "1970-07-07", gender: "female" });
    const stu3 = await bookByStu3({ nhsNumber: nhs, nhsNumberStatus: "02", given: "June", family: f, birthDate: "1970-07-07", gender: "female" });
    const manager: StaffActor = { type: "staff", id: "manager-h15", name: "Morgan Manager", role: "manager" };
    await expect(loadSamePatient(stu3, manager, NOW)).rejects.toThrow(Forbidden);
    await expect(decideSamePatient({ bookingId: stu3, otherBookingId: bars, decision: "same-patient", compared: true, note: null }, manager, NOW)).rejects.toThrow(Forbidden);
    expect(await db().patientMatchDecision.count({ where: { bookingAId: { in: [bars, stu3] } } })).toBe(0);
    const shown = await loadSamePatient(stu3, clerk, NOW);
    expect(shown.map((s) => s.bookingId)).toEqual([bars]);
    expect(Object.keys(shown[0]).sort()).toEqual(["bookingId", "bookingOrg", "door", "link", "patient", "serviceName", "start", "status", "summaryReceived"]);
    const [audit] = await auditOf("patient-match.view", stu3);
    expect(audit).toMatchObject({ actorId: clerk.id, actorRole: "clerk", patientNhsNumber: nhs });
    expect(JSON.parse(audit.detail!).shown).toEqual([{ bookingId: bars, state: "possible-match", nhsNumber: nhs }]);
  });
});
