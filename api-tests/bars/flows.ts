// The multi-step flows TKW's scenarios share (search then book, book then cancel, refer then revoke), and the STU3
// door's client for the cross-door tests (the STU3 suite's own test client and body builder, which are test code).
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { call, consumerJwt, SCOPES, sspHeaders } from "../client";
import { bookingBody as stu3BookingBody, type SlotEntry } from "../booking-body";
import { bookingBody, pickSlot, referralBody, type Bundle, type BookingOptions, type ReferralOptions } from "./bodies";
import { get, HCS, includes, integrity, processMessage, slotSearchPath, tkwHeaders, tkwWindow, contextHeader, WINDOW, type BarsResponse, type Integrity } from "./client";

/** TKW's slot search (`GET /Slot?HCS=ours&WINDOW&status=free&INC6`), expected 200. */
export async function searchFree(): Promise<any> {
  const res = await get(slotSearchPath());
  expect(res.status, `slot search: ${res.text.slice(0, 300)}`).toBe(200);
  return res.json();
}

export interface Booked {
  body: Bundle;
  ids: Integrity;
  res: BarsResponse;
  json: any;
}

/** Search, then book the first free Slot (book_appointment_slot1 ∘ remove_appt_id.xslt), with optional transforms. */
export async function book(o: BookingOptions & { transform?: (b: Bundle) => Bundle; ids?: Integrity; headers?: Record<string, string>; gzip?: boolean } = {}): Promise<Booked> {
  const pick = pickSlot(await searchFree());
  let body = bookingBody(pick, o);
  if (o.transform) body = o.transform(body);
  const ids = o.ids ?? integrity();
  const res = await processMessage(body, { ids, headers: o.headers, gzip: o.gzip });
  return { body, ids, res, json: res.status === 200 && /json/.test(res.header("content-type") ?? "") ? res.json() : undefined };
}

/** A booking that must succeed. */
export async function booked(o: BookingOptions = {}): Promise<Booked> {
  const b = await book(o);
  expect(b.res.status, `booking: ${b.res.text.slice(0, 400)}`).toBe(200);
  return b;
}

/** POST a referral (referral_request_01 ∘ create_service_request.xslt) with TKW's `use-context` header. */
export async function refer(o: ReferralOptions & { transform?: (b: Bundle) => Bundle; ids?: Integrity; headers?: Record<string, string> } = {}) {
  let body = referralBody(o);
  if (o.transform) body = o.transform(body);
  const ids = o.ids ?? integrity();
  const res = await processMessage(body, { ids, headers: { ...contextHeader("new"), ...o.headers } });
  return { body, ids, res, json: res.status === 200 && /json/.test(res.header("content-type") ?? "") ? res.json() : undefined };
}

export async function referred(o: ReferralOptions = {}) {
  const r = await refer(o);
  expect(r.res.status, `referral: ${r.res.text.slice(0, 400)}`).toBe(200);
  return r;
}

/** TKW's `cancel_cr_id` header set: a new X-Request-ID, the previous response's X-Correlation-ID. */
export const cancelIds = (previous: BarsResponse): Integrity => ({ "X-Request-ID": randomUUID(), "X-Correlation-ID": previous.header("x-correlation-id") ?? randomUUID() });

/** The R4 slot search for one window, the Slot ids it offers. */
export async function r4SlotIds(status = "free"): Promise<string[]> {
  const res = await get(`/Slot?${HCS()}&${WINDOW()}&status=${status}&${includes()}`, tkwHeaders());
  expect(res.status).toBe(200);
  return (res.json().entry ?? []).map((e: any) => e.resource).filter((r: any) => r.resourceType === "Slot").map((r: any) => r.id);
}

// --- STU3 door ------------------------------------------------------------------------------------------------

const stu3Auth = (scope: string) => ({ Authorization: `Bearer ${consumerJwt({ scope })}` });

/** The STU3 door's free slots of the service in the same TKW window, as the STU3 suite searches them. */
export async function stu3FreeSlots(service = "999999999"): Promise<SlotEntry[]> {
  const w = tkwWindow();
  const path = `/Slot?schedule.actor%3Ahealthcareservice=${service}&status=free&start=ge${encodeURIComponent(w.ge)}&start=le${encodeURIComponent(w.le)}`;
  const res = await call(path, { headers: { ...sspHeaders("slot"), ...stu3Auth(SCOPES.slotRead) } });
  expect(res.status, `STU3 slot search: ${res.text.slice(0, 300)}`).toBe(200);
  return ((res.json().entry as { resource: SlotEntry & { resourceType: string } }[]) ?? []).map((e) => e.resource).filter((r) => r.resourceType === "Slot");
}

/** Book a slot through the STU3 door (POST /STU3/1/Appointment with the STU3 suite's body). */
export function stu3Book(slot: SlotEntry, base?: string) {
  return call(base ? `${base}/STU3/1/Appointment` : "/Appointment", {
    method: "POST",
    headers: { ...sspHeaders("create"), ...stu3Auth(SCOPES.write), "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
    body: JSON.stringify(stu3BookingBody(slot, { documentId: randomUUID() })),
  });
}

/** Cancel an STU3 booking (read for the ETag, then PUT status cancelled). */
export async function stu3Cancel(id: string) {
  const read = await call(`/Appointment/${id}`, { headers: { ...sspHeaders("read"), ...stu3Auth(SCOPES.read) } });
  expect(read.status).toBe(200);
  return call(`/Appointment/${id}`, {
    method: "PUT",
    headers: { ...sspHeaders("update"), ...stu3Auth(SCOPES.write), "Content-Type": "application/fhir+json", "If-Match": read.headers.get("etag") ?? "" },
    body: JSON.stringify({ ...read.json(), status: "cancelled" }),
  });
}

export const STU3_LOCATION = /\/STU3\/1\/Appointment\/([^/]+)\/_history\/\d+$/;
