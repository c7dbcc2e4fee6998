// TKW APP1 receiver scenarios 37–59: BaRS_BookAppointment.tstp and BaRS_CancelAppointment.tstp.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as bodies from "./bodies";
import {
  expectJson, expectMirrored, expectOutcome, firstOf, get, integrity, processMessage, resourcesOf, tkwHeaders, UUID_RE, type BarsResponse,
} from "./client";
import { book, booked, cancelIds, referred, searchFree } from "./flows";

const { bookingBody, cancelBody, pickSlot, twoRank1, noRank1, rank1NotOneself, noNhsNumber, invalidEvent, invalidReason, noVersionId, bookingBasic } = bodies;

/** TKW's happy-path booking checks. */
function expectBooked(res: BarsResponse, requestBundleId: string | undefined, ids: { "X-Request-ID": string; "X-Correlation-ID": string }) {
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  expectJson(res);
  expectMirrored(res, ids);
  const b = res.json();
  expect(b.resourceType).toBe("Bundle");
  expect(b.type).toBe("message");
  if (requestBundleId) expect(b.id).toBe(requestBundleId);
  const appt = firstOf(b, "Appointment");
  expect(appt.status).toBe("booked");
  expect(appt.id).toMatch(UUID_RE);
  return b;
}

describe("BaRS_BookAppointment: POST /$process-message booking-request new", () => {
  it("BookAppointment_HappyPath: 200, the message echoed with our ids, Appointment booked, Slot busy", async () => {
    const { body, ids, res } = await book();
    const b = expectBooked(res, body.id, ids);
    // The request's entries in their order with their fullUrls, then anything we add.
    const sent = body.entry.map((e) => [e.fullUrl, e.resource.resourceType]);
    expect(b.entry.slice(0, sent.length).map((e: any) => [e.fullUrl, e.resource.resourceType])).toEqual(sent);
    // What TKW extracts for its cancel: the Slot (with start/end) and the Schedule, ids from our search kept.
    const slot = firstOf(b, "Slot");
    expect(slot.id).toBe(bodies.res(body, "Slot").id);
    expect(slot.status).toBe("busy");
    expect(slot.start).toBeTruthy();
    expect(firstOf(b, "Schedule").id).toBe(bodies.res(body, "Schedule").id);
    // Sender ids are ignored, ours returned: the Organizations carry ids, the Patient has one of ours.
    expect(firstOf(b, "Patient").id).toMatch(UUID_RE);
    // The MessageHeader is the request's: same event, same endpoints.
    const mh = b.entry[0].resource;
    expect(mh.resourceType).toBe("MessageHeader");
    expect(mh.destination[0].endpoint).toMatch(/^https:\/\/fhir.nhs.uk\/Id\/dos-service-id\|.*$/);
    expect(mh.source.endpoint).toMatch(/^https:\/\/fhir.nhs.uk\/Id\/dos-service-id\|.*$/);
    // At least one lastUpdated with 7 fractional digits (TKW validator last_updated_instant).
    expect(JSON.stringify(b)).toMatch(/"lastUpdated":"[^"]*\.[0-9]{7,}/);
    // The slot is no longer offered as free.
    const again = await get(`/Slot?Schedule.actor%3AHealthcareService=999999999&start=ge${encodeURIComponent(slot.start)}&start=le${encodeURIComponent(slot.end)}&status=free&_include=Slot%3Aschedule&_include=Schedule%3Aactor%3APractitioner&_include=Schedule%3Aactor%3AHealthcareService`);
    expect(again.status).toBe(200);
    expect(resourcesOf(again.json(), "Slot").map((s) => s.id)).not.toContain(slot.id);
  });

  it("BookAppointment_Basic: optional content stripped, 200", async () => {
    const { body, ids, res } = await book({ transform: bookingBasic });
    expectBooked(res, body.id, ids);
  });

  it("BookAppointment_NoNHSNumber: Patient.identifier removed, 200", async () => {
    const { ids, res } = await book({ transform: noNhsNumber });
    expectBooked(res, undefined, ids);
  });

  it("BookAppointment_SlotAlreadyBooked: the same Slot booked twice, 409 REC_CONFLICT conflict", async () => {
    const first = await booked();
    const again = bodies.clone(first.body);
    again.id = randomUUID();
    const ids = integrity();
    const res = await processMessage(again, { ids });
    expectOutcome(res, 409, "conflict", "REC_CONFLICT");
    expectMirrored(res, ids);
  });

  it("BookAppointment_UnsupportedMediaType: Content-type application/xml, 415 OperationOutcome", async () => {
    const ids = integrity();
    const body = bookingBody(pickSlot(await searchFree()));
    const res = await processMessage(body, { ids, headers: { "Content-type": "application/xml" } });
    expectOutcome(res, 415, undefined, "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("BookAppointment_TwoRank1: every ContactRank 1, 400 OperationOutcome", async () => {
    const { res, ids } = await book({ transform: twoRank1 });
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("BookAppointment_NoRank1: the rank-1 contact removed, 400 OperationOutcome", async () => {
    const { res, ids } = await book({ transform: noRank1 });
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("BookAppointment_Rank1NotOneself: the rank-1 contact is the patient's brother, 200", async () => {
    const { res, ids } = await book({ transform: rank1NotOneself });
    expectBooked(res, undefined, ids);
  });

  it("BookAppointment_HappyPathWithGzip: gzipped body and Accept-Encoding gzip, 200 gzipped", async () => {
    const { res, ids } = await book({ gzip: true, headers: { "Accept-Encoding": "gzip" } });
    expect(res.wasGzip).toBe(true);
    expectBooked(res, undefined, ids);
  });

  it("BookAppointment_WithResentRequestID: same X-Request-ID, new X-Correlation-ID, new Bundle.id, same Slot, 409 duplicate REC_CONFLICT", async () => {
    const first = await booked();
    const resend = bodies.clone(first.body);
    resend.id = randomUUID();
    const ids = { "X-Request-ID": first.res.header("x-request-id")!, "X-Correlation-ID": randomUUID() };
    const res = await processMessage(resend, { ids });
    expectOutcome(res, 409, "duplicate", "REC_CONFLICT");
    expectMirrored(res, ids);
  });

  it("BookAppointment_WithNoRequestID (not runnable in TKW 1.0.19: its schedule is commented out): no integrity headers, 400 required REC_BAD_REQUEST", async () => {
    const body = bookingBody(pickSlot(await searchFree()));
    const headers: Record<string, string | undefined> = { ...tkwHeaders(), "X-Request-ID": undefined, "X-Correlation-ID": undefined };
    const res = await processMessage(body, { headers });
    expectOutcome(res, 400, "required", "REC_BAD_REQUEST");
  });

  it("BookAppointment_WithNonGUIDRequestID: non-GUID integrity headers, 400 value or invalid REC_BAD_REQUEST", async () => {
    const ids = { "X-Request-ID": "xxxxxxxxxxxxxxxxx", "X-Correlation-ID": "yyyyyyyyyyyyyyy" };
    const { res } = await book({ ids });
    expectOutcome(res, 400, ["value", "invalid"], "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("BookAppointment_WithResentBundleID: our returned Bundle.id reused with a new X-Request-ID and the same Slot, 400 invariant REC_BAD_REQUEST", async () => {
    const first = await booked();
    const resend = bodies.clone(first.body);
    resend.id = first.json.id;
    const ids = integrity();
    const res = await processMessage(resend, { ids });
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("BookAppointment_WithInvalidEventCode: booking-destruction, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await book({ transform: (b) => invalidEvent(b, "booking-destruction") });
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("BookAppointment_WithInvalidReasonCode: reason xxxxxxxxxxxxxxxxxxx, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await book({ transform: invalidReason });
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("BookAppointment_WithNoVersionID: Bundle.meta.versionId removed, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await book({ transform: noVersionId });
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("an unsupported Bundle.meta.versionId is 422 not-supported REC_UNPROCESSABLE_ENTITY (APP1 pseudo code)", async () => {
    const { res } = await book({
      transform: (b) => {
        b.meta.versionId = "9.0.0";
        return b;
      },
    });
    expectOutcome(res, 422, "not-supported", "REC_UNPROCESSABLE_ENTITY");
  });
});

describe("BaRS_BookAppointment: GET /Appointment", () => {
  it("GetAppointmentPathIdMissing: /Appointment/, 400 required REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/Appointment/"), 400, "required", "REC_BAD_REQUEST");
  });
  it("GetAppointmentPathIdInvalid: /Appointment/XXXXXXXXX, 400 value REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/Appointment/XXXXXXXXX"), 400, "value", "REC_BAD_REQUEST");
  });
  it("GetAppointmentPathIdNotFound: an unknown UUID, 404 not-found", async () => {
    expectOutcome(await get("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75"), 404, "not-found", "REC_NOT_FOUND");
  });
  it("GetAppointmentPatientParameterMissing: ?https://fhir.nhs.uk/Id/nhs-number| (no name, no value), 400 required REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/Appointment?https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C"), 400, "required", "REC_BAD_REQUEST");
  });
  it("GetAppointmentPatientParameterInvalid: ?https://fhir.nhs.uk/Id/nhs-number|XXXXXX, 400 value SEND_/REC_BAD_REQUEST (the 1.0.19 form and the 1.0.21 form with patient:identifier=)", async () => {
    expectOutcome(await get("/Appointment?https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7CXXXXXX"), 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
    expectOutcome(await get("/Appointment?patient:identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7CXXXXXX"), 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("a booking is read back as an Appointment, and found by the patient's NHS number (IG §2.9)", async () => {
    const b = await booked();
    const id = firstOf(b.json, "Appointment").id;
    const read = await get(`/Appointment/${id}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ resourceType: "Appointment", id, status: "booked" });
    const search = await get(`/Appointment?patient:identifier=${encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${bodies.PATIENT_NHS_NUMBER}`)}`);
    expect(search.status).toBe(200);
    expect(search.json().type).toBe("searchset");
    expect(resourcesOf(search.json(), "Appointment").map((a) => a.id)).toContain(id);
  });
});

describe("BaRS_CancelAppointment: POST /$process-message booking-request update", () => {
  it("CancelAppointment_HappyPath: book, read, cancel with the booking's X-Correlation-ID, 200; the slot is free again", async () => {
    const b = await booked();
    const readIds = cancelIds(b.res);
    const read = await get(`/Appointment/${firstOf(b.json, "Appointment").id}`, tkwHeaders({}, readIds));
    expect(read.status).toBe(200);
    expectMirrored(read, readIds);
    const ids = cancelIds(b.res);
    const cancel = cancelBody(b.body, b.json);
    const res = await processMessage(cancel, { ids });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expectMirrored(res, ids);
    const out = res.json();
    expect(out.resourceType).toBe("Bundle");
    expect(out.id).toBe(cancel.id);
    expect(firstOf(out, "Appointment").status).toBe("cancelled");
    const after = await get(`/Appointment/${firstOf(b.json, "Appointment").id}`);
    expect(after.json().status).toBe("cancelled");
    // The slot is offered again.
    const slot = firstOf(b.json, "Slot");
    const again = await get(`/Slot?Schedule.actor%3AHealthcareService=999999999&start=ge${encodeURIComponent(slot.start)}&start=le${encodeURIComponent(slot.end)}&status=free&_include=Slot%3Aschedule&_include=Schedule%3Aactor%3APractitioner&_include=Schedule%3Aactor%3AHealthcareService`);
    expect(resourcesOf(again.json(), "Slot").map((s) => s.id)).toContain(slot.id);
  });

  it("CancelAppointment_DifferencesDetected: participant.actor.reference 12345, 422 OperationOutcome", async () => {
    const b = await booked();
    const ids = cancelIds(b.res);
    expect((await get(`/Appointment/${firstOf(b.json, "Appointment").id}`, tkwHeaders({}, ids))).status).toBe(200);
    const res = await processMessage(cancelBody(b.body, b.json, { participant: "12345" }), { ids: cancelIds(b.res) });
    expectOutcome(res, 422, undefined, "REC_UNPROCESSABLE_ENTITY");
  });

  it("rebook with the new booking first (Core: two open bookings during the routine): both 200, the new booking stays booked, the original is cancelled (decision D28)", async () => {
    const original = await booked();
    const rebooked = await booked();
    const originalId = firstOf(original.json, "Appointment").id;
    const newId = firstOf(rebooked.json, "Appointment").id;
    expect(newId).not.toBe(originalId);
    const cancel = await processMessage(cancelBody(original.body, original.json), { ids: cancelIds(original.res) });
    expect(cancel.status, cancel.text.slice(0, 400)).toBe(200);
    expect((await get(`/Appointment/${originalId}`)).json().status).toBe("cancelled");
    expect((await get(`/Appointment/${newId}`)).json().status).toBe("booked");
  });

  it("rebook with the original cancelled first (APP1 Scope: cancel, then book): the original's slot is offered again, and the new booking is 200", async () => {
    const original = await booked();
    const originalId = firstOf(original.json, "Appointment").id;
    const cancel = await processMessage(cancelBody(original.body, original.json), { ids: cancelIds(original.res) });
    expect(cancel.status, cancel.text.slice(0, 400)).toBe(200);
    const freed = firstOf(original.json, "Slot");
    const again = await get(`/Slot?Schedule.actor%3AHealthcareService=999999999&start=ge${encodeURIComponent(freed.start)}&start=le${encodeURIComponent(freed.end)}&status=free&_include=Slot%3Aschedule&_include=Schedule%3Aactor%3APractitioner&_include=Schedule%3Aactor%3AHealthcareService`);
    expect(resourcesOf(again.json(), "Slot").map((x) => x.id)).toContain(freed.id);
    const rebooked = await booked();
    const newId = firstOf(rebooked.json, "Appointment").id;
    expect(newId).not.toBe(originalId);
    expect((await get(`/Appointment/${originalId}`)).json().status).toBe("cancelled");
    expect((await get(`/Appointment/${newId}`)).json().status).toBe("booked");
  });

  it("a rebook naming the cancelled booking's referral keeps the referral, now on the new booking; naming it while the original is still booked is 409 conflict (decision D28a)", async () => {
    const r = await referred();
    const srId = firstOf(r.json, "ServiceRequest").id;
    const original = await booked({ basedOn: `ServiceRequest/${srId}` });
    const early = await book({ basedOn: `ServiceRequest/${srId}` });
    expectOutcome(early.res, 409, "conflict", "REC_CONFLICT");
    const cancel = await processMessage(cancelBody(original.body, original.json), { ids: cancelIds(original.res) });
    expect(cancel.status, cancel.text.slice(0, 400)).toBe(200);
    const rebooked = await booked({ basedOn: `ServiceRequest/${srId}` });
    const newId = firstOf(rebooked.json, "Appointment").id;
    const sr = (await get(`/ServiceRequest/${srId}`)).json();
    expect((sr.supportingInfo ?? []).map((x: any) => x.reference)).toContain(`Appointment/${newId}`);
    expect((await get(`/Appointment/${newId}`)).json().basedOn.map((x: any) => x.reference)).toContain(`ServiceRequest/${srId}`);
  });

  it("a second cancel of a cancelled booking is 409 REC_CONFLICT conflict (decision D11)", async () => {
    const b = await booked();
    expect((await processMessage(cancelBody(b.body, b.json), { ids: cancelIds(b.res) })).status).toBe(200);
    expectOutcome(await processMessage(cancelBody(b.body, b.json), { ids: cancelIds(b.res) }), 409, "conflict", "REC_CONFLICT");
  });

  it("a cancel with a status other than cancelled or entered-in-error is 400 invariant (APP1 pseudo code)", async () => {
    const b = await booked();
    expectOutcome(await processMessage(cancelBody(b.body, b.json, { status: "fulfilled" }), { ids: cancelIds(b.res) }), 400, "invariant", "REC_BAD_REQUEST");
  });
});
