import type { APIRequestContext } from "@playwright/test";
import { consumerJwt, SCOPES, sspHeaders } from "../api-tests/client";
import { soapEnvelope } from "../lib/testing/fixtures/cda/build-envelope";
import { testReportXml, type TestReportOptions } from "../lib/testing/test-report";
import { nowMs } from "../lib/time/clock";
import { stu3BookingBody } from "../lib/testing/stu3-booking-body";

/** What a 111 system does in the end-to-end tests: book and cancel through the FHIR API, send the report over ITK. */
export interface FreeSlot {
  id: string;
  scheduleId: string;
  start: string;
  end: string;
}

/** The demo Emergency Department's Directory of Services id. */
export const DEMO_ED_DOS_ID = "2000011001";

/**
 * A free slot of the demo ED starting 20 minutes to 24 hours from the server's now (or in the range given), found as
 * 111 finds it: the FHIR slot search.
 */
export async function freeEdSlot(request: APIRequestContext, baseURL: string, range?: { from: Date; to: Date }): Promise<FreeSlot> {
  const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const ge = fmt(range?.from ?? new Date(nowMs() + 20 * 60_000));
  const le = fmt(range?.to ?? new Date(nowMs() + 24 * 3600_000));
  const url = `${baseURL}/STU3/1/Slot?schedule.actor%3Ahealthcareservice=${DEMO_ED_DOS_ID}&status=free&start=ge${encodeURIComponent(ge)}&start=le${encodeURIComponent(le)}`;
  const res = await request.get(url, { headers: fhirHeaders(baseURL, "slot", SCOPES.slotRead) });
  if (res.status() !== 200) throw new Error(`slot search failed: ${res.status()} ${await res.text()}`);
  const bundle = (await res.json()) as { entry?: { resource: { resourceType: string; id: string; schedule: { reference: string }; start: string; end: string } }[] };
  const slot = (bundle.entry ?? []).map((e) => e.resource).find((r) => r.resourceType === "Slot");
  if (!slot) throw new Error(`no free ED slot from ${ge} to ${le}`);
  return { id: slot.id, scheduleId: slot.schedule.reference.replace(/^Schedule\//, ""), start: slot.start, end: slot.end };
}

export interface TestPatient {
  given: string;
  family: string;
  birthDate: string;
  nhsNumber: string;
}

export function bookingBody(slot: FreeSlot, p: TestPatient, documentId: string): Record<string, unknown> {
  return stu3BookingBody({
    slot: { id: slot.id, schedule: { reference: `Schedule/${slot.scheduleId}` }, start: slot.start, end: slot.end },
    patient: {
      nhsNumber: p.nhsNumber,
      given: p.given,
      family: p.family,
      phone: { value: "07700 900123", use: "home", rank: 2 },
      gender: "male",
      birthDate: p.birthDate,
      address: { line: ["12 Orchard Way", "Wessexford"], city: "Wessexford", postalCode: "WX2 7QT" },
      nextOfKin: { given: "Robin", family: p.family, phone: { value: "07700 900456", use: "mobile", rank: 1 } },
    },
    documentId,
    description: "Wrist injury after a fall, 111 referral",
    containedIds: { document: "doc", patient: "P1" },
    containedProfiles: false,
  });
}

const fhirHeaders = (baseURL: string, interaction: "slot" | "create" | "read" | "update", scope: string) => ({
  ...sspHeaders(interaction),
  Authorization: `Bearer ${consumerJwt({ scope, aud: `${baseURL}/STU3/1`, ods: "NZZ01" })}`,
  Accept: "application/fhir+json",
});

export async function bookThroughFhir(request: APIRequestContext, baseURL: string, body: Record<string, unknown>) {
  const res = await request.post(`${baseURL}/STU3/1/Appointment`, { headers: { ...fhirHeaders(baseURL, "create", SCOPES.write), "Content-Type": "application/fhir+json" }, data: JSON.stringify(body) });
  return { status: res.status(), etag: res.headers()["etag"], body: (await res.json()) as Record<string, unknown> };
}

export async function readThroughFhir(request: APIRequestContext, baseURL: string, id: string) {
  const res = await request.get(`${baseURL}/STU3/1/Appointment/${id}`, { headers: fhirHeaders(baseURL, "read", SCOPES.read) });
  return { status: res.status(), etag: res.headers()["etag"], body: (await res.json()) as Record<string, unknown> };
}

/** The consumer's cancel: the whole resource back with status cancelled and the ETag it holds. */
export async function cancelThroughFhir(request: APIRequestContext, baseURL: string, resource: Record<string, unknown>, etag: string) {
  const res = await request.put(`${baseURL}/STU3/1/Appointment/${String(resource.id)}`, {
    headers: { ...fhirHeaders(baseURL, "update", SCOPES.write), "Content-Type": "application/fhir+json", "If-Match": etag },
    data: JSON.stringify({ ...resource, status: "cancelled" }),
  });
  return { status: res.status(), etag: res.headers()["etag"], text: await res.text() };
}

export async function sendReportOverItk(request: APIRequestContext, baseURL: string, report: TestReportOptions) {
  const xml = testReportXml(report).replace(/^<\?xml[^>]*\?>\s*/, "");
  const res = await request.post(`${baseURL}/itk/nhs111`, {
    headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: "urn:nhs-itk:services:201005:SendNHS111Report-v2-0" },
    data: soapEnvelope({ messageId: crypto.randomUUID().toUpperCase(), trackingId: crypto.randomUUID().toUpperCase(), payloads: [{ id: "DOC1", xml }] }),
  });
  return { status: res.status(), text: await res.text() };
}
