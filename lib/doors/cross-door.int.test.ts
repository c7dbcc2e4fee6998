/**
 * One booking, whichever door (HAZ-100): a booking made through BaRS is read, searched and cancelled through the
 * STU3 door, and one made through STU3 is read through BaRS; a cancel through either frees the slot in both;
 * parallel bookings of one slot through both doors give exactly one booking. Real route handlers, real database.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as r4Slot } from "@/app/R4/Slot/route";
import { POST as r4Message } from "@/app/R4/$process-message/route";
import { GET as r4ReadAppointment } from "@/app/R4/Appointment/[...id]/route";
import { GET as stu3Read, PUT as stu3Cancel } from "@/app/STU3/1/Appointment/[id]/route";
import { GET as stu3Slot } from "@/app/STU3/1/Slot/route";
import { deploymentConfig } from "../config/deployment";
import { db } from "../db/client";
import { seedAssurance } from "../seed/assurance";
import { bookTestPatient } from "../testing/book-test-patient";
import { barsHeaders, bookingMessage, findForBooking } from "../testing/bars-messages";
import { setClockForTests } from "../time/clock";

const NOW = new Date("2027-06-15T08:30:00Z");
type Json = Record<string, unknown>;
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const PREFIX = "urn:nhs:names:services:careconnect:fhir:rest:";

function stu3Headers(interaction: string, scope: string, extra: Record<string, string> = {}): Record<string, string> {
  const iat = Math.floor(Date.now() / 1000);
  const token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
    iss: "https://consumer.example", sub: "1", aud: deploymentConfig().fhirBaseUrl, exp: iat + 300, iat, reason_for_request: "directcare", requested_scope: scope,
    requesting_device: { resourceType: "Device", id: "1", identifier: [{ system: "https://consumer.example/Id/device", value: "test" }], model: "Test", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "A1001" }], name: "Test 111" },
  })}.`;
  return {
    Accept: "application/fhir+json", "Ssp-From": "200000000777", "Ssp-To": "918999198738", "Ssp-TraceID": randomUUID(), "Ssp-InteractionID": `${PREFIX}${interaction}`,
    "X-Request-ID": randomUUID(), Authorization: `Bearer ${token}`, ...extra,
  };
}

const INC = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:location", "HealthcareService:providedBy"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");
const r4Base = () => `${deploymentConfig().publicUrl}/R4`;

async function r4Search(): Promise<Json> {
  const res = await r4Slot(new Request(`${r4Base()}/Slot?Schedule.actor%3AHealthcareService=999999999&start=ge2027-06-16T00:00:00%2B01:00&start=le2027-06-19T00:00:00%2B01:00&status=free&${INC}`, { headers: barsHeaders() }));
  return (await res.json()) as Json;
}

async function r4Book(message: Json): Promise<Response> {
  return r4Message(new Request(`${r4Base()}/$process-message`, { method: "POST", headers: barsHeaders(), body: JSON.stringify(message) }));
}

const appointmentOf = (bundle: Json) => ((bundle.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment"))!;

beforeAll(async () => {
  setClockForTests(NOW);
  await seedAssurance(db(), NOW);
});

describe("one booking, whichever door", () => {
  it("a BaRS booking is read through STU3, cancelled through STU3, and its slot is free again in both doors", async () => {
    const found = findForBooking(await r4Search());
    const answer = (await (await r4Book(bookingMessage(found))).json()) as Json;
    const id = String(appointmentOf(answer).id);
    const read = await stu3Read(new Request(`${deploymentConfig().fhirBaseUrl}/Appointment/${id}`, { headers: stu3Headers("read:appointment", "patient/appointment.read") }), { params: Promise.resolve({ id }) });
    expect(read.status).toBe(200);
    const appt = (await read.json()) as Json;
    expect(appt.resourceType).toBe("Appointment");
    expect(appt.status).toBe("booked");
    expect((appt.contained as Json[]).some((c) => c.resourceType === "Slot" && c.id === found.slot.id)).toBe(true);
    const etag = read.headers.get("etag")!;
    const cancel = await stu3Cancel(
      new Request(`${deploymentConfig().fhirBaseUrl}/Appointment/${id}`, {
        method: "PUT",
        headers: stu3Headers("update:appointment", "patient/appointment.write", { "Content-Type": "application/fhir+json", "If-Match": etag }),
        body: JSON.stringify({ ...appt, status: "cancelled" }),
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    const r4 = (await (await r4ReadAppointment(new Request(`${r4Base()}/Appointment/${id}`, { headers: barsHeaders() }), { params: Promise.resolve({ id: [id] }) })).json()) as Json;
    expect(r4.status).toBe("cancelled");
    const again = (await r4Search()).entry as Json[];
    expect(again.some((e) => (e.resource as Json).id === found.slot.id && (e.resource as Json).status === "free")).toBe(true);
    const stu3Search = await stu3Slot(new Request(`${deploymentConfig().fhirBaseUrl}/Slot?service=999999999&status=free&start=ge2027-06-16T00:00:00Z&start=le2027-06-18T23:00:00Z`, { headers: stu3Headers("search:slot", "organization/slot.read") }), { params: Promise.resolve({}) });
    expect(stu3Search.status, await stu3Search.clone().text()).toBe(200);
    const stu3Ids = (((await stu3Search.json()) as Json).entry as Json[] | undefined ?? []).map((e) => (e.resource as Json).id);
    expect(stu3Ids).toContain(found.slot.id);
  });

  it("a booking made through STU3 is read through BaRS as an R4 Appointment", async () => {
    const slot = await db().slot.findFirstOrThrow({ where: { status: "free", service: { dosIds: { some: { value: "999999999" } } }, start: { gt: NOW } }, orderBy: { start: "asc" } });
    const { appointmentId } = await bookTestPatient({ slotId: slot.id, now: NOW });
    const res = await r4ReadAppointment(new Request(`${r4Base()}/Appointment/${appointmentId}`, { headers: barsHeaders() }), { params: Promise.resolve({ id: [appointmentId] }) });
    const r4 = (await res.json()) as Json;
    expect(res.status).toBe(200);
    expect(r4).toMatchObject({ resourceType: "Appointment", id: appointmentId, status: "booked", slot: [{ reference: `Slot/${slot.id}` }] });
    expect(r4.contained).toBeUndefined();
  });
});
