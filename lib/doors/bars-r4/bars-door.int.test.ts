/**
 * The BaRS door through its real route handlers on a real database with the assurance data: search, book, read,
 * cancel, refer with a booking, revoke; one booking per slot across both doors' shared core; duplicates. Tuesday
 * 15 June 2027, 09:30 BST. (The conformance suite over HTTP is api-tests/bars/.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { GET as metadata } from "@/app/R4/metadata/route";
import { GET as messageDefinition } from "@/app/R4/MessageDefinition/route";
import { GET as slot } from "@/app/R4/Slot/route";
import { POST as processMessage, PUT as putProcessMessage } from "@/app/R4/$process-message/route";
import { GET as readAppointment } from "@/app/R4/Appointment/[...id]/route";
import { GET as searchAppointments } from "@/app/R4/Appointment/route";
import { GET as readServiceRequest } from "@/app/R4/ServiceRequest/[...id]/route";
import { db } from "../../db/client";
import { seedAssurance } from "../../seed/assurance";
import { barsHeaders, bookingMessage, cancelBookingMessage, findForBooking, referralMessage, revokeReferralMessage } from "../../testing/bars-messages";
import { setClockForTests } from "../../time/clock";
import { resetBarsConfigForTests } from "./config";
import { parseR4Body, serialiseR4, type R4Resource } from "./wire";

const NOW = new Date("2027-06-15T08:30:00Z");
const BASE = "http://localhost:3000/R4";
type Json = Record<string, unknown>;

const WINDOW = "start=ge2027-06-16T00:00:00%2B01:00&start=le2027-06-19T00:00:00%2B01:00";
const INC = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:location", "HealthcareService:providedBy"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");

function req(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Request {
  return new Request(`${BASE}${path}`, { method: init.method ?? "GET", headers: init.headers ?? barsHeaders(), body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

const params = (id: string) => ({ params: Promise.resolve({ id: [id] }) });
const issue = (oo: Json) => (oo.issue as Json[])[0] as { code: string; details: { coding: { code: string }[] } };

async function search(): Promise<Json> {
  const res = await slot(req(`/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`));
  expect(res.status).toBe(200);
  return json(res);
}

async function book(message: Json, headers = barsHeaders()): Promise<Response> {
  return processMessage(req("/$process-message", { method: "POST", headers, body: message }));
}

beforeAll(async () => {
  setClockForTests(NOW);
  await seedAssurance(db(), NOW);
});

describe("BaRS door", () => {
  it("publishes its capability and the four MessageDefinitions of a hosted service, and 404s an unknown one", async () => {
    const cs = await json(await metadata(req("/metadata")));
    expect(cs.resourceType).toBe("CapabilityStatement");
    const md = await json(await messageDefinition(req("/MessageDefinition?context=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fdos-service-id%7C999999998")));
    expect(md.total).toBe(4);
    const missing = await messageDefinition(req("/MessageDefinition?context=http%3A%2F%2Ffhir.nhs.uk%2FId%2Fdos-service-id%7C99999999999999"));
    expect(missing.status).toBe(404);
    expect(issue(await json(missing)).details.coding[0].code).toBe("REC_NOT_FOUND");
    const bad = await messageDefinition(req("/MessageDefinition?context=XXXXXXX"));
    expect(bad.status).toBe(400);
  });

  it("mirrors X-Request-ID and X-Correlation-ID, errors too, and refuses a request without them", async () => {
    const h = barsHeaders();
    const res = await slot(req("/Slot?status=free", { headers: h }));
    expect(res.status).toBe(400);
    expect(res.headers.get("x-request-id")).toBe(h["X-Request-ID"]);
    expect(res.headers.get("x-correlation-id")).toBe(h["X-Correlation-ID"]);
    const none = barsHeaders();
    delete none["X-Request-ID"];
    const refused = await metadata(req("/metadata", { headers: none }));
    expect(refused.status).toBe(400);
    expect(issue(await json(refused)).code).toBe("required");
  });

  it("searches free slots with UUID ids and Schedule/<id> references, and judges the window's width", async () => {
    const s = await search();
    const slots = (s.entry as Json[]).filter((e) => (e.resource as Json).resourceType === "Slot");
    expect(s.total).toBe(slots.length);
    expect(slots.length).toBeGreaterThanOrEqual(150);
    const first = slots[0].resource as Json;
    expect(String(first.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(String((first.schedule as Json).reference)).toMatch(/^Schedule\/.+/);
    const wide = await slot(req(`/Slot?Schedule.actor%3AHealthcareService=999999999&start=ge2026-06-16T00:00:00Z&start=le2027-06-19T00:00:00Z&status=free&${INC}`));
    expect(wide.status).toBe(422);
    expect(issue(await json(wide)).code).toBe("too-costly");
    const nine = await slot(req(`/Slot?Schedule.actor%3AHealthcareService=9999999999999999999&${WINDOW}&status=free&${INC}`));
    expect(nine.status).toBe(404);
  });

  it("books a slot, echoing the message with our ids; the slot is then busy; a second booking of it is 409 conflict", async () => {
    const found = findForBooking(await search());
    const message = bookingMessage(found);
    const bookHeaders = barsHeaders();
    const res = await book(message, bookHeaders);
    const answer = await json(res);
    expect(res.status, JSON.stringify(answer)).toBe(200);
    expect(answer.id).toBe(message.id);
    const appt = (answer.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment")!;
    expect(appt.status).toBe("booked");
    expect(String(appt.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect((answer.entry as Json[]).map((e) => e.fullUrl)).toEqual((message.entry as Json[]).map((e) => e.fullUrl));
    // The message's outcome is stored with the booking, in its transaction.
    const stored1 = await db().barsMessage.findUniqueOrThrow({ where: { requestId: bookHeaders["X-Request-ID"].toLowerCase() } });
    expect(stored1).toMatchObject({ state: "done", httpStatus: 200, recCode: null, bundleId: message.id, event: "booking-request", reason: "new", appointmentId: appt.id });
    expect(stored1.finishedAt).not.toBeNull();
    const again = await book(bookingMessage(found));
    expect(again.status).toBe(409);
    expect(issue(await json(again)).code).toBe("conflict");
    const read = await json(await readAppointment(req(`/Appointment/${appt.id}`), params(String(appt.id))));
    expect(read.status).toBe("booked");
    const list = await json(await searchAppointments(req("/Appointment?patient:identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990000018")));
    expect(list.total).toBeGreaterThanOrEqual(1);

    const cancelHeaders: Record<string, string> = { ...barsHeaders(), "X-Correlation-ID": res.headers.get("x-correlation-id")! };
    const cancel = await book(cancelBookingMessage(answer), cancelHeaders);
    expect(cancel.status, JSON.stringify(await cancel.clone().json())).toBe(200);
    expect(await db().barsMessage.findUniqueOrThrow({ where: { requestId: cancelHeaders["X-Request-ID"].toLowerCase() } })).toMatchObject({ state: "done", httpStatus: 200, reason: "update", appointmentId: appt.id });
    const after = await json(await readAppointment(req(`/Appointment/${appt.id}`), params(String(appt.id))));
    expect(after.status).toBe("cancelled");
    const stored = await db().slot.findUniqueOrThrow({ where: { id: String(found.slot.id) } });
    expect(stored.status).toBe("free");
    const twiceHeaders = barsHeaders();
    const twice = await book(cancelBookingMessage(answer), twiceHeaders);
    expect(twice.status).toBe(409);
    expect(await db().barsMessage.findUniqueOrThrow({ where: { requestId: twiceHeaders["X-Request-ID"].toLowerCase() } })).toMatchObject({ state: "failed", httpStatus: 409, recCode: "REC_CONFLICT" });
  });

  it("answers a retry with the same X-Request-ID 409 duplicate, and a reused Bundle.id 400 invariant", async () => {
    const found = findForBooking(await search(), 3);
    const message = bookingMessage(found);
    const headers = barsHeaders();
    expect((await book(message, headers)).status).toBe(200);
    const retry = await book({ ...message, id: "another" }, { ...headers, "X-Correlation-ID": barsHeaders()["X-Correlation-ID"] });
    expect(retry.status).toBe(409);
    expect(issue(await json(retry)).code).toBe("duplicate");
    const reused = await book(bookingMessage(findForBooking(await search(), 4), { bundleId: String(message.id) }));
    expect(reused.status).toBe(400);
    expect(issue(await json(reused)).code).toBe("invariant");
    expect(await db().barsMessage.count({ where: { requestId: headers["X-Request-ID"].toLowerCase() } })).toBe(1);
  });

  it("of five parallel identical messages exactly one is processed", async () => {
    const message = bookingMessage(findForBooking(await search(), 6));
    const headers = barsHeaders();
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => book(message, headers)))).map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 425)).toBe(true);
  });

  it("takes a referral linked to a booking, answers with our planned Encounter, and revokes it", async () => {
    const answer = await json(await book(bookingMessage(findForBooking(await search(), 8))));
    const apptId = String((answer.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment")!.id);
    const res = await book(referralMessage({ appointmentId: apptId }));
    const referral = await json(res);
    expect(res.status, JSON.stringify(referral)).toBe(200);
    const resources = (referral.entry as Json[]).map((e) => e.resource as Json);
    const sr = resources.find((r) => r.resourceType === "ServiceRequest")!;
    const planned = resources.filter((r) => r.resourceType === "Encounter").find((e) => e.status === "planned");
    expect(planned?.identifier).toBeDefined();
    expect(resources.at(-1)).toBe(planned);
    expect((await db().referral.findUniqueOrThrow({ where: { id: String(sr.id) } })).appointmentId).toBe(apptId);
    const booking = await json(await readAppointment(req(`/Appointment/${apptId}`), params(apptId)));
    expect(booking.basedOn).toEqual([{ reference: `ServiceRequest/${sr.id}` }]);
    const read = await json(await readServiceRequest(req(`/ServiceRequest/${sr.id}`), params(String(sr.id))));
    expect(read.status).toBe("active");
    const revoke = await book(revokeReferralMessage(referral));
    expect(revoke.status, JSON.stringify(await revoke.clone().json())).toBe(200);
    expect((await json(await readServiceRequest(req(`/ServiceRequest/${sr.id}`), params(String(sr.id))))).status).toBe("revoked");
  });

  it("refuses a booking with two contacts ranked 1 (400 invariant) and a PUT (405)", async () => {
    const message = bookingMessage(findForBooking(await search(), 10));
    const patient = (message.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Patient")!;
    (patient.contact as Json[]).push({ ...(patient.contact as Json[])[0] });
    const res = await book(message);
    expect(res.status).toBe(400);
    expect(issue(await json(res)).code).toBe("invariant");
    const put = await putProcessMessage(req("/$process-message", { method: "PUT", body: message }));
    expect(put.status).toBe(405);
  });

  it("takes a booking in XML and answers in XML, and refuses an unknown resource type and a DOCTYPE", async () => {
    const message = bookingMessage(findForBooking(await search(), 14));
    const xml = serialiseR4(message as R4Resource, "xml");
    const headers = { ...barsHeaders(), "Content-Type": "application/fhir+xml", Accept: "application/fhir+xml; version=1.0.0" };
    const res = await processMessage(new Request(`${BASE}/$process-message`, { method: "POST", headers, body: xml }));
    const text = await res.text();
    expect(res.status, text.slice(0, 500)).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/fhir\+xml/);
    const back = parseR4Body(text, "xml");
    expect(back.ok && back.resource.resourceType).toBe("Bundle");
    expect(back.ok && back.resource.id).toBe(message.id);

    const odd = bookingMessage(findForBooking(await search(), 16));
    (odd.entry as Json[]).push({ fullUrl: "urn:uuid:7b0c5a9e-0000-4000-8000-000000000001", resource: { resourceType: "Invoice", status: "draft" } });
    (odd.entry as Json[]).push({ fullUrl: "urn:uuid:7b0c5a9e-0000-4000-8000-000000000002", resource: { resourceType: "Wizard" } });
    const unknown = await book(odd);
    expect(unknown.status, await unknown.clone().text()).toBe(400);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Bundle xmlns="http://hl7.org/fhir"><id value="&lol2;"/></Bundle>`;
    const refused = await processMessage(new Request(`${BASE}/$process-message`, { method: "POST", headers: { ...headers, "X-Request-ID": barsHeaders()["X-Request-ID"] }, body: bomb }));
    expect(refused.status).toBe(400);
  });
  it("refuses new referrals with 501 when BARS_ACCEPT_REFERRALS=false (a trust not taking BaRS referrals), storing nothing", async () => {
    process.env.BARS_ACCEPT_REFERRALS = "false";
    resetBarsConfigForTests();
    try {
      const before = await db().referral.count();
      const res = await book(referralMessage());
      expect(res.status).toBe(501);
      expect(issue(await json(res)).details.coding[0].code).toBe("REC_NOT_IMPLEMENTED");
      expect(await db().referral.count()).toBe(before);
    } finally {
      delete process.env.BARS_ACCEPT_REFERRALS;
      resetBarsConfigForTests();
    }
  });

  it("a blocked sender cannot search or book (401 REC_UNAUTHORIZED) but can still cancel what it booked", async () => {
    const answer = await json(await book(bookingMessage(findForBooking(await search(), 12))));
    await db().consumerOrganisation.update({ where: { odsCode: "A1001" }, data: { blocked: true, blockedReason: "Blocked for the test" } });
    await new Promise((r) => setTimeout(r, 5_100)); // the standing is re-read at most every 5 s per instance
    try {
      const refused = await slot(req(`/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`));
      expect(refused.status).toBe(401);
      expect(issue(await json(refused)).details.coding[0].code).toBe("REC_UNAUTHORIZED");
      const cancel = await book(cancelBookingMessage(answer));
      expect(cancel.status).toBe(200);
    } finally {
      await db().consumerOrganisation.update({ where: { odsCode: "A1001" }, data: { blocked: false, blockedReason: null } });
    }
  });

});
