/**
 * HAZ-070: an administrator's block on a 111 service refuses only new searches and bookings. Through the real route
 * handlers on a real database: the blocked service still reads, searches and cancels the booking it made, and the
 * cancellation frees the slot; a new search and a new booking are refused with 403.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as readRoute, PUT as cancelRoute } from "@/app/STU3/1/Appointment/[id]/route";
import { GET as searchAppointmentsRoute, POST as bookRoute } from "@/app/STU3/1/Appointment/route";
import { GET as searchSlotsRoute } from "@/app/STU3/1/Slot/route";
import { deploymentConfig } from "../../../config/deployment";
import { db } from "../../../db/client";
import { setConsumerBlocked } from "../../../consumers/set-consumer-blocked";
import { recordConsumerContact } from "../../../consumers/record-consumer-contact";
import { ADMIN, book, makeService, patient, type TestService } from "../../../testing/capacity-fixtures";
import { now as clockNow } from "../../../time/clock";

const ODS = "NZZ70";
const PREFIX = "urn:nhs:names:services:careconnect:fhir:rest:";
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

function jwt(scope: string): string {
  const iat = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
    iss: "https://consumer.example",
    sub: "1",
    aud: deploymentConfig().fhirBaseUrl,
    exp: iat + 300,
    iat,
    reason_for_request: "directcare",
    requested_scope: scope,
    requesting_device: { resourceType: "Device", id: "1", identifier: [{ system: "https://consumer.example/Id/device", value: "test" }], model: "Test", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: ODS }], name: "Blocked 111" },
  })}.`;
}

// Each request comes from a new ASID, so no consumer standing read before the block is reused from the cache.
function request(path: string, interaction: string, scope: string, init: { method?: string; body?: unknown; ifMatch?: string } = {}) {
  const headers: Record<string, string> = {
    Accept: "application/fhir+json",
    "Ssp-From": `2000007${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`,
    "Ssp-To": "918999198738",
    "Ssp-TraceID": randomUUID(),
    "Ssp-InteractionID": `${PREFIX}${interaction}`,
    "X-Request-ID": randomUUID(),
    Authorization: `Bearer ${jwt(scope)}`,
  };
  if (init.body !== undefined) headers["Content-Type"] = "application/fhir+json";
  if (init.ifMatch) headers["If-Match"] = init.ifMatch;
  return new Request(`${deploymentConfig().fhirBaseUrl}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
let service: TestService;
let appointmentId: string;
let slotId: string;

beforeAll(async () => {
  const now = clockNow();
  service = await makeService(now, { start: "00:00", end: "23:59", horizonHours: 48 });
  const slots = await db().slot.findMany({ where: { serviceId: service.serviceId, status: "free", start: { gt: new Date(now.getTime() + 2 * 3600_000) } }, orderBy: { start: "asc" }, take: 1 });
  slotId = slots[0].id;
  appointmentId = (await book(slotId, ODS, patient(70), now)).appointmentId;
  await recordConsumerContact({ odsCode: ODS, orgName: "Blocked 111" });
  const org = await db().consumerOrganisation.findUniqueOrThrow({ where: { odsCode: ODS } });
  await setConsumerBlocked({ kind: "organisation", id: org.id, version: org.version, blocked: true, reason: "Repeated test bookings" }, ADMIN);
});

describe("a blocked 111 service (HAZ-070)", () => {
  it("is refused a new slot search and a new booking, with the reason", async () => {
    const search = await searchSlotsRoute(request(`/Slot?schedule.actor:healthcareservice=${service.dosId}&status=free`, "search:slot", "organization/slot.read"), params({}));
    expect(search.status).toBe(403);
    expect(JSON.stringify(await search.json())).toContain("Repeated test bookings");
    const booking = await bookRoute(request("/Appointment", "create:appointment", "patient/appointment.write", { method: "POST", body: { resourceType: "Appointment", status: "booked" } }), params({}));
    expect(booking.status).toBe(403);
  });

  it("still reads and searches its own booking", async () => {
    const read = await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read"), params({ id: appointmentId }));
    expect(read.status).toBe(200);
    const found = await searchAppointmentsRoute(request(`/Appointment?identifier=https://fhir.nhs.uk/Id/nhs-number|${patient(70).nhsNumber}`, "search:appointment", "patient/appointment.read"), params({}));
    expect(found.status).toBe(200);
    expect(((await found.json()) as { total?: number; entry?: unknown[] }).entry ?? []).toHaveLength(1);
  });

  it("still cancels its own booking, which frees the slot", async () => {
    const read = await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read"), params({ id: appointmentId }));
    const resource = (await read.json()) as Record<string, unknown>;
    const res = await cancelRoute(
      request(`/Appointment/${appointmentId}`, "update:appointment", "patient/appointment.write", { method: "PUT", body: { ...resource, status: "cancelled" }, ifMatch: read.headers.get("etag")! }),
      params({ id: appointmentId }),
    );
    expect(res.status).toBe(200);
    expect(await db().appointment.findUniqueOrThrow({ where: { id: appointmentId } })).toMatchObject({ status: "cancelled", cancelledBy: "consumer" });
    expect((await db().slot.findUniqueOrThrow({ where: { id: slotId } })).status).toBe("free");
  });
});
