import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { adtMessage, connectMllp, msaOf, type AdtPatient, type MllpTestClient } from "../testing/hl7-messages";
import { nhsNumberProblem, testNhsNumber } from "../nhs/nhs-number";
import { startMllpListener, type RunningListener } from "../doors/hl7v2/mllp-listener";
import { readHl7Config } from "../doors/hl7v2/hl7-config";
import type { StaffActor } from "../auth/actor";
import { markArrived } from "./mark-arrived";
import { viewBooking } from "./view-booking";
import { rematchWaitingRegistrations } from "./receive-ed-record-message";
import { listRegistrationReviews, resolveRegistrationReview } from "./list-registration-reviews";
import { markDidNotAttend } from "./mark-did-not-attend";
import { arrivalsConfig } from "./arrivals-config";
import { registrationWindow } from "./find-registration-candidates";
import { seedService } from "../seed/provider";
import { generateSlots } from "../capacity/generate-slots";
import { addDays, londonToday, startOfLondonDay } from "../time/london";
import { now as clockNow } from "../time/clock";

// Each matching rule of an ED-record registration, over a real MLLP connection on loopback (HAZ-110, HAZ-111).
let listener: RunningListener;
let c: MllpTestClient;
const clerk: StaffActor = { type: "staff", id: "clerk-1", name: "Sam Clerk", role: "clerk" };
const clinician: StaffActor = { type: "staff", id: "clin-1", name: "Dr Test", role: "clinician" };

beforeAll(async () => {
  await seedDemo(db());
  listener = await startMllpListener({ ...readHl7Config({}), port: 0, host: "127.0.0.1" });
  c = await connectMllp(listener.port);
});
afterAll(async () => {
  c.close();
  await listener.close();
});

let seq = 0;
async function send(event: string, patient: AdtPatient, at: Date, extra: Partial<Parameters<typeof adtMessage>[0]> = {}) {
  const controlId = `M${++seq}`;
  c.sendMessage(adtMessage({ event, controlId, patient, at, ...extra }));
  const [ack] = await c.acks(1);
  const stored = await db().hl7InboundMessage.findFirstOrThrow({ where: { controlId } });
  return { ack: msaOf(ack), stored };
}

interface Person { nhsNumber: string | null; given: string; family: string; birthDate: string; gender: string; postcode?: string }
async function book(p: Person) {
  const b = await bookTestPatient({ patient: { nhsNumber: p.nhsNumber, given: p.given, family: p.family, birthDate: p.birthDate, gender: p.gender } });
  return db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId }, include: { patient: true } });
}
const booking = (id: string) => db().appointment.findUniqueOrThrow({ where: { id } });
const adt = (p: Person, o: Partial<AdtPatient> = {}): AdtPatient => ({ nhsNumber: p.nhsNumber, given: p.given, family: p.family, birthDate: p.birthDate, sex: p.gender === "male" ? "M" : "F", postcode: "WX2 7QT", ...o });

let n = 0;
const person = (o: Partial<Person> = {}): Person => ({ nhsNumber: testNhsNumber(830000 + ++n * 13), given: "Nell", family: `Ashdown${n}`, birthDate: "2001-05-17", gender: "female", ...o });

describe("ED record registrations", () => {
  it("an A04 with the booking's NHS number and birth date marks it arrived at the registration time (PV1-44)", async () => {
    const p = person();
    const a = await book(p);
    const at = new Date(a.start.getTime() - 10 * 60_000);
    const r = await send("A04", adt(p, { given: "Nel" }), at);
    expect(r.ack.code).toBe("AA");
    expect(r.stored.state).toBe("processed");
    const after = await booking(a.id);
    expect(after).toMatchObject({ edStatus: "arrived", arrivalSource: "ed-record" });
    expect(after.arrivedAt?.toISOString()).toBe(at.toISOString());
    expect(after.registeredAt?.toISOString()).toBe(at.toISOString());
  });

  it("twins: each A04 marks only the twin whose NHS number it carries", async () => {
    const amy = person({ given: "Amy", family: "Twinley" });
    const beth = person({ given: "Beth", family: "Twinley" });
    const a = await book(amy);
    const b = await book(beth);
    await send("A04", adt(amy), a.start);
    expect((await booking(a.id)).edStatus).toBe("arrived");
    expect((await booking(b.id)).edStatus).toBe("expected");
  });

  it("twins without NHS numbers: every detail must agree, and the other twin is not a rival", async () => {
    const amy = person({ nhsNumber: null, given: "Ada", family: "Pennock" });
    const beth = person({ nhsNumber: null, given: "Bea", family: "Pennock" });
    const a = await book(amy);
    const b = await book(beth);
    const r = await send("A04", adt(amy, { nhsNumber: null }), a.start);
    expect(r.stored.state).toBe("processed");
    expect((await booking(a.id)).edStatus).toBe("arrived");
    expect((await booking(b.id)).edStatus).toBe("expected");
    // Without the postcode it cannot be confirmed: review, not a guess.
    const r2 = await send("A04", adt(beth, { nhsNumber: null, postcode: null }), b.start);
    expect(r2.stored.state).toBe("review");
    expect((await booking(b.id)).edStatus).toBe("expected");
  });

  it("a sibling with a different valid NHS number, same name and birth date, is another patient: the booking is left alone", async () => {
    const p = person({ given: "Cal", family: "Brindle", gender: "male" });
    const a = await book(p);
    const sibling = testNhsNumber(839999);
    const r = await send("A04", adt(p, { nhsNumber: sibling }), a.start);
    expect(r.ack.code).toBe("AA");
    expect(r.stored.state).toBe("no-booking");
    expect((await booking(a.id)).edStatus).toBe("expected");
  });

  it("a transposed NHS number that fails the check digit goes to the clerks' review list with the reason", async () => {
    const p = person({ given: "Dora", family: "Quell" });
    const a = await book(p);
    const digits = p.nhsNumber!.split("");
    let transposed = "";
    for (let i = 0; i < 9 && !transposed; i++) {
      const d = [...digits];
      [d[i], d[i + 1]] = [d[i + 1], d[i]];
      if (d.join("") !== p.nhsNumber && nhsNumberProblem(d.join("")) === "check-digit") transposed = d.join("");
    }
    expect(transposed).not.toBe("");
    const r = await send("A04", adt(p, { nhsNumber: transposed }), a.start);
    expect(r.ack.code).toBe("AA");
    expect(r.stored.state).toBe("review");
    expect((await booking(a.id)).edStatus).toBe("expected");
    const reviews = await listRegistrationReviews(clerk);
    const mine = reviews.find((x) => x.patientNhsNumber === transposed)!;
    expect(mine.reason).toBe("nhs-number-invalid");
    expect(mine.message).toContain("not valid");
    expect(mine.bookings.map((b) => b.id)).toEqual([a.id]);
  });

  it("an NHS number with another birth date, or on two bookings today, goes to review", async () => {
    const p = person({ given: "Eve", family: "Harte" });
    const a = await book(p);
    const r = await send("A04", adt(p, { birthDate: "2001-05-18" }), a.start);
    expect(r.stored.state).toBe("review");
    const second = await book(p);
    const r2 = await send("A04", adt(p), a.start);
    expect(r2.stored.state).toBe("review");
    expect((await db().registrationReview.findFirstOrThrow({ where: { messageId: r2.stored.id } })).reason).toBe("multiple-candidates");
    expect((await booking(a.id)).edStatus).toBe("expected");
    expect((await booking(second.id)).edStatus).toBe("expected");
  });

  it("one side without an NHS number goes to review", async () => {
    const p = person({ given: "Fay", family: "Orme" });
    const a = await book(p);
    const r = await send("A04", adt(p, { nhsNumber: null }), a.start);
    expect(r.stored.state).toBe("review");
    expect((await booking(a.id)).edStatus).toBe("expected");
  });

  it("an A04 that arrives before the booking is matched when the booking comes", async () => {
    const p = person({ given: "Gil", family: "Early", gender: "male" });
    const slot = await db().slot.findFirstOrThrow({ where: { status: "free", start: { gte: new Date() } }, orderBy: { start: "asc" } });
    const r = await send("A04", adt(p), slot.start);
    expect(r.stored.state).toBe("no-booking");
    const b = await bookTestPatient({ slotId: slot.id, patient: { nhsNumber: p.nhsNumber, given: p.given, family: p.family, birthDate: p.birthDate, gender: p.gender } });
    const done = await rematchWaitingRegistrations();
    expect(done.matched).toBeGreaterThanOrEqual(1);
    expect((await booking(b.appointmentId)).edStatus).toBe("arrived");
    expect((await db().hl7InboundMessage.findUniqueOrThrow({ where: { id: r.stored.id } })).state).toBe("processed");
  });

  it("an A11 after an A04 undoes the arrival; after staff also marked it, the patient stays arrived", async () => {
    const p = person({ given: "Hal", family: "Undone", gender: "male" });
    const a = await book(p);
    await send("A04", adt(p), a.start, { visitNumber: "V-1" });
    expect((await booking(a.id)).edStatus).toBe("arrived");
    const r = await send("A11", adt(p), a.start, { visitNumber: "V-1" });
    expect(r.ack.code).toBe("AA");
    expect(await booking(a.id)).toMatchObject({ edStatus: "expected", arrivedAt: null, registeredAt: null, arrivalSource: null });

    await send("A04", adt(p), a.start, { visitNumber: "V-2" });
    const w = await booking(a.id);
    await markArrived({ bookingId: a.id, expectedWorkflowVersion: w.workflowVersion, arrivedAt: w.arrivedAt! }, clinician, new Date(a.start.getTime() + 3600_000));
    expect((await booking(a.id)).arrivalSource).toBe("both");
    await send("A11", adt(p), a.start, { visitNumber: "V-2" });
    expect(await booking(a.id)).toMatchObject({ edStatus: "arrived", arrivalSource: "staff", registeredAt: null });
    expect(await db().auditEvent.count({ where: { entityId: a.id, action: "booking.arrived" } })).toBe(3);
  });

  it("staff mark arrived first; the A04 is recorded beside it without moving the arrival time", async () => {
    const p = person({ given: "Ivy", family: "Both" });
    const a = await book(p);
    await markArrived({ bookingId: a.id, expectedWorkflowVersion: a.workflowVersion, arrivedAt: a.start }, clinician, new Date(a.start.getTime() + 3600_000));
    await send("A04", adt(p), new Date(a.start.getTime() + 5 * 60_000));
    const after = await booking(a.id);
    expect(after).toMatchObject({ edStatus: "arrived", arrivalSource: "both" });
    expect(after.arrivedAt?.toISOString()).toBe(a.start.toISOString());
    expect(after.registeredAt?.toISOString()).toBe(new Date(a.start.getTime() + 5 * 60_000).toISOString());
  });

  it("A08 moves the registration time, A03 records the departure, A40 merges the ED record's patient ids", async () => {
    const p = person({ given: "Jo", family: "Merge" });
    const a = await book(p);
    await send("A04", adt(p, { localId: "OLD-1" }), a.start);
    const later = new Date(a.start.getTime() + 7 * 60_000);
    await send("A08", adt(p, { localId: "OLD-1" }), later);
    expect((await booking(a.id)).arrivedAt?.toISOString()).toBe(later.toISOString());
    const m = await send("A40", adt(p, { localId: "NEW-1" }), later, { mergeFrom: "OLD-1" });
    expect(m.stored.outcome).toContain("Merged");
    const out = new Date(a.start.getTime() + 3 * 3600_000);
    await send("A03", adt(p, { localId: "NEW-1" }), out);
    expect((await booking(a.id)).departedAt?.toISOString()).toBe(out.toISOString());
    // The booking page shows what the ED record said.
    const seen = await viewBooking(a.id, clinician);
    expect(seen).toMatchObject({ arrivalSource: "ed-record" });
    expect(seen.registeredAt?.toISOString()).toBe(later.toISOString());
    expect(seen.departedAt?.toISOString()).toBe(out.toISOString());
  });

  it("an A01 (admit) of an ED patient marks the booking arrived as an A04 does", async () => {
    const p = person({ given: "Lou", family: "Admitted" });
    const a = await book(p);
    const r = await send("A01", adt(p), a.start);
    expect(r.ack.code).toBe("AA");
    expect(await booking(a.id)).toMatchObject({ edStatus: "arrived", arrivalSource: "ed-record" });
  });

  it("an A04 of another patient class (not ED) is acknowledged and does nothing", async () => {
    const p = person({ given: "Kit", family: "Inpatient" });
    const a = await book(p);
    const r = await send("A04", adt(p), a.start, { patientClass: "I" });
    expect(r.ack.code).toBe("AA");
    expect((await booking(a.id)).edStatus).toBe("expected");
  });
});

describe("did not attend and the ED record", () => {
  it("did not attend cannot be recorded while a registration that names the booking waits on a clerk; a later A04 still marks the patient arrived", async () => {
    const p = person({ given: "Nia", family: "Waitcheck" });
    const a = await book(p);
    const afterGrace = new Date(a.start.getTime() + arrivalsConfig().dnaGraceMinutes * 60_000);
    // Reception typed the NHS number with two digits swapped: the registration goes to review, naming this booking.
    const digits = p.nhsNumber!.split("");
    let transposed = "";
    for (let i = 0; i < 9 && !transposed; i++) {
      const d = [...digits];
      [d[i], d[i + 1]] = [d[i + 1], d[i]];
      if (nhsNumberProblem(d.join("")) === "check-digit") transposed = d.join("");
    }
    const r = await send("A04", adt(p, { nhsNumber: transposed }), a.start);
    expect(r.stored.state).toBe("review");
    await expect(markDidNotAttend({ bookingId: a.id, expectedWorkflowVersion: a.workflowVersion }, clerk, afterGrace)).rejects.toThrow(/ED record registered a patient at .* who may be this one/);
    expect((await booking(a.id)).edStatus).toBe("expected");
    // The clerk finds it was someone else and closes the check: did not attend can now be recorded.
    const review = await db().registrationReview.findFirstOrThrow({ where: { messageId: r.stored.id } });
    await resolveRegistrationReview(review.id, clerk, "Another patient");
    await markDidNotAttend({ bookingId: a.id, expectedWorkflowVersion: a.workflowVersion }, clerk, afterGrace);
    expect((await booking(a.id)).edStatus).toBe("did-not-attend");
    // The patient turns up late after all and is registered: arrived, at the registration time.
    const late = new Date(afterGrace.getTime() + 10 * 60_000);
    expect((await send("A04", adt(p), late)).stored.state).toBe("processed");
    const after = await booking(a.id);
    expect(after.edStatus).toBe("arrived");
    expect(after.registeredAt?.toISOString()).toBe(late.toISOString());
  });
});

// The ED's day across midnight (docs/clinical-safety/patient-matching.md): a registration also weighs bookings up to
// 6 hours before it on the previous evening and up to 2 hours after it on the next morning; never more, and two
// bookings of the patient in that window go to review (HAZ-145).
describe("registrations across midnight", () => {
  let serviceId: string;
  // Midnight between day D (tomorrow, London) and D+1, so every slot used is in the future whatever the time now.
  let midnight: Date;
  let dayStart: Date;
  let nextDayEnd: Date;
  const min = (m: number) => new Date(midnight.getTime() + m * 60_000);
  beforeAll(async () => {
    const site = await db().site.findFirstOrThrow({ where: { odsSiteCode: "RZZ01" } });
    const { service } = await seedService(db(), { siteId: site.id, name: "ED (across midnight)", kind: "ED", dosId: "2000011097", horizonHours: 96, rules: [{ name: "Day and night", days: "1,2,3,4,5,6,7", start: "00:00", end: "24:00", minutes: 30, perSlot: 4 }] });
    serviceId = service.id;
    await generateSlots(clockNow(), serviceId);
    const today = londonToday(clockNow());
    dayStart = startOfLondonDay(addDays(today, 1));
    midnight = startOfLondonDay(addDays(today, 2));
    nextDayEnd = startOfLondonDay(addDays(today, 3));
  });
  const bookAt = async (p: Person, start: Date) => {
    const slot = await db().slot.findFirstOrThrow({ where: { serviceId, start, status: "free" }, orderBy: { seq: "asc" } });
    const b = await bookTestPatient({ slotId: slot.id, patient: { nhsNumber: p.nhsNumber, given: p.given, family: p.family, birthDate: p.birthDate, gender: p.gender } });
    return b.appointmentId;
  };

  it("a registration at 00:20 for a booking at 23:30 the evening before marks that booking arrived", async () => {
    const p = person({ given: "Ivo", family: "Latenight", gender: "male" });
    const id = await bookAt(p, min(-30));
    const r = await send("A04", adt(p), min(20));
    expect(r.ack.code).toBe("AA");
    expect(r.stored.state).toBe("processed");
    const after = await booking(id);
    expect(after).toMatchObject({ edStatus: "arrived", arrivalSource: "ed-record" });
    expect(after.registeredAt?.toISOString()).toBe(min(20).toISOString());
  });

  it("a registration at 23:50 for a booking at 00:30 the next morning marks it arrived (early, across midnight)", async () => {
    const p = person({ given: "Jo", family: "Earlybird" });
    const id = await bookAt(p, min(30));
    const r = await send("A04", adt(p), min(-10));
    expect(r.stored.state).toBe("processed");
    expect((await booking(id)).edStatus).toBe("arrived");
  });

  it("a booking more than 6 hours before a registration after midnight is not matched (a walk-in), nor one more than 2 hours after one before midnight", async () => {
    const p = person({ given: "Kit", family: "Longago" });
    const id = await bookAt(p, min(-7 * 60));
    const r = await send("A04", adt(p), min(20));
    expect(r.stored.state).toBe("no-booking");
    expect((await booking(id)).edStatus).toBe("expected");
    const q = person({ given: "Lu", family: "Farahead" });
    const next = await bookAt(q, min(150));
    expect((await send("A04", adt(q), min(-10))).stored.state).toBe("no-booking");
    expect((await booking(next)).edStatus).toBe("expected");
  });

  it("the patient booked last evening and again after midnight: a registration at 00:20 goes to review with both bookings", async () => {
    const p = person({ given: "Mo", family: "Twicebooked", gender: "male" });
    const evening = await bookAt(p, min(-60));
    const morning = await bookAt(p, min(60));
    const r = await send("A04", adt(p), min(20));
    expect(r.stored.state).toBe("review");
    const review = await db().registrationReview.findFirstOrThrow({ where: { messageId: r.stored.id } });
    expect(review.reason).toBe("multiple-candidates");
    expect(JSON.parse(review.bookingIdsJson)).toEqual(expect.arrayContaining([evening, morning]));
    expect((await booking(evening)).edStatus).toBe("expected");
    expect((await booking(morning)).edStatus).toBe("expected");
  });

  it("the window is the registration's London day widened by 6 hours back and 2 hours on, never narrowed", () => {
    expect(registrationWindow(min(-12 * 60))).toEqual({ from: dayStart, to: midnight });
    expect(registrationWindow(min(20))).toEqual({ from: min(20 - 6 * 60), to: nextDayEnd });
    expect(registrationWindow(min(-10))).toEqual({ from: dayStart, to: min(110) });
  });
});
