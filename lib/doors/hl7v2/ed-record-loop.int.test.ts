/**
 * End to end in one process: a 111 booking through the FHIR door's real route handler reaches the simulated ED
 * record as an expected-patient message within 5 s, and the ED record's A04 marks the patient arrived on the board
 * within 10 s (over real MLLP connections on loopback, both ways).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as bookRoute } from "@/app/STU3/1/Appointment/route";
import { deploymentConfig } from "../../config/deployment";
import { db } from "../../db/client";
import { loadBoard } from "../../arrivals/load-board";
import { makeService, CLINICIAN, type TestService } from "../../testing/capacity-fixtures";
import { stu3BookingBody } from "../../testing/stu3-booking-body";
import { startEdRecordSimulation, type RunningEdRecordSimulation } from "../../testing/simulator/ed-record";
import { londonToday } from "../../time/london";
import { now as clockNow } from "../../time/clock";
import { startMllpListener, type RunningListener } from "./mllp-listener";
import { readHl7Config } from "./hl7-config";
import { readOutboundConfig, startExpectedPatientsSchedule } from "./expected-patients";

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
function token() {
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: "https://consumer.example", sub: "1", aud: deploymentConfig().fhirBaseUrl, exp: iat + 300, iat, reason_for_request: "directcare", requested_scope: "patient/appointment.write",
    requesting_device: { resourceType: "Device", id: "1", identifier: [{ system: "https://consumer.example/Id/device", value: "test" }], model: "Test", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "NZZ91" }], name: "Test 111 NZZ91" },
  };
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`;
}

let service: TestService;
let listener: RunningListener;
let sim: RunningEdRecordSimulation;
let stopOutbox: () => void;

beforeAll(async () => {
  service = await makeService(clockNow(), { start: "00:00", end: "23:59", horizonHours: 48 });
  listener = await startMllpListener({ ...readHl7Config({}), port: 0, host: "127.0.0.1" });
  sim = await startEdRecordSimulation({ appHost: "127.0.0.1", appPort: listener.port, listenPort: 0, arriveShare: 1, arriveAfterSeconds: 0.5, walkInsPerMinute: 0, seed: 7, registerAtBookedTime: true, noNoise: true });
  stopOutbox = startExpectedPatientsSchedule(readOutboundConfig({ HL7_EPR_HOST: "127.0.0.1", HL7_EPR_PORT: String(sim.port) })!, 250);
  await new Promise((r) => setTimeout(r, 400)); // the outbox's first run sets where it starts
});
afterAll(async () => {
  stopOutbox();
  await sim.stop();
  await listener.close();
});

describe("111 booking to the ED record and back", () => {
  it("appears on the simulated ED record within 5 s, and its A04 marks the patient arrived on the board within 10 s", async () => {
    const slot = await db().slot.findFirstOrThrow({ where: { serviceId: service.serviceId, status: "free", start: { gt: new Date(clockNow().getTime() + 2 * 3600_000) } }, orderBy: { start: "asc" } });
    let seenAt = 0;
    sim.onExpected = (e) => {
      if (e.nhsNumber === "9990000018") seenAt ||= e.at;
    };
    const body = stu3BookingBody({
      slot: { id: slot.id, schedule: { reference: `Schedule/${service.scheduleId}` }, start: slot.start.toISOString(), end: slot.end.toISOString() },
      patient: { nhsNumber: "9990000018", given: "Ellis", family: "Pemberton", phone: { value: "07700 900123", use: "home", rank: 1 }, gender: "female", birthDate: "1974-12-25", address: { line: ["12 Orchard Way"], city: "Wessexford", postalCode: "WX2 7QT" } },
      documentId: randomUUID(),
      description: "Reason for calling",
    });
    const started = Date.now();
    const res = await bookRoute(
      new Request(`${deploymentConfig().fhirBaseUrl}/Appointment`, {
        method: "POST",
        headers: { Accept: "application/fhir+json", "Content-Type": "application/fhir+json", "Ssp-To": "918999198738", "Ssp-From": "200000000910", "Ssp-TraceID": randomUUID(), "Ssp-InteractionID": "urn:nhs:names:services:careconnect:fhir:rest:create:appointment", "X-Request-ID": randomUUID(), Authorization: `Bearer ${token()}` },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    while (!seenAt && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(seenAt).toBeGreaterThan(0);
    expect(seenAt - started).toBeLessThan(5000);
    let arrived = false;
    while (!arrived && Date.now() - started < 10_000) {
      const board = await loadBoard({ kind: "date", date: londonToday(slot.start) }, CLINICIAN);
      arrived = board.rows.find((r) => r.id === id)?.status === "arrived";
      if (!arrived) await new Promise((r) => setTimeout(r, 100));
    }
    expect(arrived).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sim.summary().checks.problems).toEqual([]);
    // The board can show the arrival (committed) a moment before the ED record has read its ACK.
    await sim.settle();
    expect(sim.summary().acks).toEqual({ AA: 1 });
  });
});
