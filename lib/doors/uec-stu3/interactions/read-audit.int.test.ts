/**
 * Every consumer view of a patient's record leaves exactly one audit record, with the consumer's provenance and
 * the patient's NHS number; a refused request leaves exactly one too; a slot search is still recorded. Through the
 * real route handlers, on a real database. Tuesday 24 Nov 2026, London (GMT).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as readRoute } from "@/app/STU3/1/Appointment/[id]/route";
import { GET as historyRoute } from "@/app/STU3/1/Appointment/[id]/%5Fhistory/[vid]/route";
import { GET as searchAppointmentsRoute } from "@/app/STU3/1/Appointment/route";
import { GET as searchSlotsRoute } from "@/app/STU3/1/Slot/route";
import { flushAuditQueue } from "../../../audit/audit-queue";
import { deploymentConfig } from "../../../config/deployment";
import { db } from "../../../db/client";
import { bookTestPatient, TEST_CONSUMER } from "../../../testing/book-test-patient";
import { makeService, slotAt, type TestService } from "../../../testing/capacity-fixtures";

const NOW = new Date("2026-11-24T09:00:00Z");
const NHS_NUMBER = "9999492304";
// The organisation that made the booking (a read by another organisation writes a second record: door-security.int.test.ts).
const ODS = TEST_CONSUMER.odsCode!;
const ASID = "200000000777";
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
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: ODS }], name: "Test 111" },
  })}.`;
}

/** A GET as 111 sends it; `scope` null sends no token at all. Returns the answer and the request's X-Request-ID. */
function get(path: string, interaction: string, scope: string | null) {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    Accept: "application/fhir+json",
    "Ssp-From": ASID,
    "Ssp-To": "918999198738",
    "Ssp-TraceID": randomUUID(),
    "Ssp-InteractionID": `${PREFIX}${interaction}`,
    "X-Request-ID": requestId,
  };
  if (scope) headers.Authorization = `Bearer ${jwt(scope)}`;
  return { req: new Request(`${deploymentConfig().fhirBaseUrl}${path}`, { headers }), requestId };
}

/** The audit records of one request, once every queued record is written. */
async function auditOf(requestId: string) {
  await flushAuditQueue();
  return db().auditEvent.findMany({ where: { requestId } });
}

const params = <P>(p: P) => ({ params: Promise.resolve(p) });

let service: TestService;
let appointmentId: string;

beforeAll(async () => {
  service = await makeService(NOW, { start: "10:00", end: "12:00" });
  const slot = await slotAt(service.serviceId, "2026-11-24T10:00:00.000Z");
  appointmentId = (await bookTestPatient({ slotId: slot.id, now: NOW, patient: { nhsNumber: NHS_NUMBER } })).appointmentId;
});

describe("the audit of a consumer's reads", () => {
  it("a read writes one record: the view, with the consumer's provenance and the patient", async () => {
    const { req, requestId } = get(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read");
    const res = await readRoute(req, params({ id: appointmentId }));
    expect(res.status).toBe(200);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "fhir.appointment.read",
      outcome: "success",
      entityType: "Appointment",
      entityId: appointmentId,
      patientNhsNumber: NHS_NUMBER,
      actorType: "consumer",
      actorRole: "111 system",
      consumerOds: ODS,
      consumerAsid: ASID,
      traceId: req.headers.get("ssp-traceid"),
    });
  });

  it("a history read writes one record, naming the version shown", async () => {
    const { req, requestId } = get(`/Appointment/${appointmentId}/_history/1`, "read:appointment", "patient/appointment.read");
    const res = await historyRoute(req, params({ id: appointmentId, vid: "1" }));
    expect(res.status).toBe(200);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "fhir.appointment.read", entityId: appointmentId, patientNhsNumber: NHS_NUMBER, consumerOds: ODS });
    expect(JSON.parse(rows[0].detail!)).toMatchObject({ versionId: 1, history: true });
  });

  it("a read of an unknown booking is refused and recorded once", async () => {
    const { req, requestId } = get("/Appointment/no-such-booking", "read:appointment", "patient/appointment.read");
    const res = await readRoute(req, params({ id: "no-such-booking" }));
    expect(res.status).toBe(404);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "fhir.read-appointment", outcome: "refused", consumerOds: ODS, consumerAsid: ASID });
    expect(JSON.parse(rows[0].detail!)).toMatchObject({ status: 404 });
  });

  it("a read without a token is refused and recorded once", async () => {
    const { req, requestId } = get(`/Appointment/${appointmentId}`, "read:appointment", null);
    const res = await readRoute(req, params({ id: appointmentId }));
    expect(res.status).toBe(403);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "fhir.read-appointment", outcome: "refused", consumerAsid: ASID, patientNhsNumber: null });
  });

  it("a search of a patient's bookings writes one record naming the patient", async () => {
    const { req, requestId } = get(`/Appointment?identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS_NUMBER}`, "search:appointment", "patient/appointment.read");
    const res = await searchAppointmentsRoute(req, params({}));
    expect(res.status).toBe(200);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "fhir.appointment.search", outcome: "success", patientNhsNumber: NHS_NUMBER, consumerOds: ODS });
  });

  it("a slot search is still recorded once, by the door", async () => {
    const { req, requestId } = get(`/Slot?schedule.actor:healthcareservice=${service.dosId}&status=free`, "search:slot", "organization/slot.read");
    const res = await searchSlotsRoute(req, params({}));
    expect(res.status).toBe(200);
    const rows = await auditOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "fhir.search-slot", outcome: "success", entityType: "Slot", patientNhsNumber: null, consumerOds: ODS });
  });
});
