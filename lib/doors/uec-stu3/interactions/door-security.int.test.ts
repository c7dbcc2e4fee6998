/**
 * The STU3 door's second-round protections, through the real route handlers on a real database:
 * - unknown elements of a booked Appointment are accepted, logged, and never stored or served back (issue 13);
 * - Ssp-From is required; a new ASID is still served; new identities per edge-verified source are bounded (HAZ-095);
 * - another organisation's booking: read and cancel allowed and audited naming both, shown to clerks; refused with
 *   FHIR_CROSS_ORG_ACCESS=deny (HAZ-096);
 * - a signed token whose signature cannot be checked is served, and what was tolerated is logged.
 */
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as readRoute, PUT as cancelRoute } from "@/app/STU3/1/Appointment/[id]/route";
import { POST as bookRoute } from "@/app/STU3/1/Appointment/route";
import { GET as searchSlotsRoute } from "@/app/STU3/1/Slot/route";
import { flushAuditQueue } from "../../../audit/audit-queue";
import { deploymentConfig } from "../../../config/deployment";
import { db } from "../../../db/client";
import { viewBooking } from "../../../arrivals/view-booking";
import { CROSS_ORG_ACTION } from "../../../booking/cross-org-access";
import { book, CLERK, makeService, patient, type TestService } from "../../../testing/capacity-fixtures";
import { stu3BookingBody } from "../../../testing/stu3-booking-body";
import { now as clockNow } from "../../../time/clock";

const PREFIX = "urn:nhs:names:services:careconnect:fhir:rest:";
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const ORG_A = "NZZ81";
const ORG_B = "NZZ82";

function claims(scope: string, ods: string) {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: "https://consumer.example",
    sub: "1",
    aud: deploymentConfig().fhirBaseUrl,
    exp: iat + 300,
    iat,
    reason_for_request: "directcare",
    requested_scope: scope,
    requesting_device: { resourceType: "Device", id: "1", identifier: [{ system: "https://consumer.example/Id/device", value: "test" }], model: "Test", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: ods }], name: `Test 111 ${ods}` },
  };
}

const unsigned = (scope: string, ods: string) => `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims(scope, ods))}.`;

interface Init {
  method?: string;
  body?: unknown;
  ifMatch?: string;
  ods?: string;
  /** null: no Ssp-From header */
  asid?: string | null;
  token?: string;
  headers?: Record<string, string>;
}

function request(path: string, interaction: string, scope: string, init: Init = {}) {
  const headers: Record<string, string> = {
    Accept: "application/fhir+json",
    "Ssp-To": "918999198738",
    "Ssp-TraceID": randomUUID(),
    "Ssp-InteractionID": `${PREFIX}${interaction}`,
    "X-Request-ID": randomUUID(),
    Authorization: `Bearer ${init.token ?? unsigned(scope, init.ods ?? ORG_A)}`,
    ...(init.headers ?? {}),
  };
  const asid = init.asid === undefined ? "200000000810" : init.asid;
  if (asid !== null) headers["Ssp-From"] = asid;
  if (init.body !== undefined) headers["Content-Type"] = "application/fhir+json";
  if (init.ifMatch) headers["If-Match"] = init.ifMatch;
  return new Request(`${deploymentConfig().fhirBaseUrl}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

const params = <P>(p: P) => ({ params: Promise.resolve(p) });

/** Captures what the app logs (the shared pino logger, at info) for the length of a test. */
function captureLog(): { lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  (globalThis as unknown as { __edLogger?: pino.Logger }).__edLogger = pino({ level: "info" }, stream);
  return { lines: () => chunks.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

afterEach(() => {
  (globalThis as unknown as { __edLogger?: pino.Logger }).__edLogger = undefined;
  deploymentConfig().crossOrgAccess = "allow";
  deploymentConfig().newConsumersPerSourcePerHour = 200;
});

let service: TestService;
let freeSlots: { id: string; start: Date; end: Date }[];

beforeAll(async () => {
  const now = clockNow();
  service = await makeService(now, { start: "00:00", end: "23:59", horizonHours: 48 });
  freeSlots = await db().slot.findMany({ where: { serviceId: service.serviceId, status: "free", start: { gt: new Date(now.getTime() + 2 * 3600_000) } }, orderBy: { start: "asc" }, take: 10 });
});

function body(slot: { id: string; start: Date; end: Date }) {
  return stu3BookingBody({
    slot: { id: slot.id, schedule: { reference: `Schedule/${service.scheduleId}` }, start: slot.start.toISOString(), end: slot.end.toISOString() },
    patient: {
      nhsNumber: "9990000018",
      given: "Ellis",
      family: "Pemberton",
      phone: { value: "07700 900123", use: "home", rank: 1 },
      gender: "female",
      birthDate: "1974-12-25",
      address: { line: ["12 Orchard Way"], city: "Wessexford", postalCode: "WX2 7QT" },
    },
    documentId: randomUUID(),
    description: "Reason for calling",
  });
}

describe("unknown elements in a booking (issue 13)", () => {
  it("are accepted, logged, and neither stored nor served back in JSON", async () => {
    const log = captureLog();
    const sent = { ...body(freeSlots[0]), fooBar: "x", constructor: { prototype: { polluted: true } } };
    ((sent as Record<string, unknown>).contained as Record<string, unknown>[])[0].notAnElement = 1;
    const res = await bookRoute(request("/Appointment", "create:appointment", "patient/appointment.write", { method: "POST", body: sent }), params({}));
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(created)).not.toContain("fooBar");
    expect(Object.keys(created)).not.toContain("constructor");
    expect(JSON.stringify(created)).not.toContain("notAnElement");
    const id = String(created.id);
    const stored = await db().appointmentVersion.findMany({ where: { appointmentId: id } });
    expect(stored.map((v) => v.resource).join()).not.toMatch(/fooBar|polluted|notAnElement/);
    const read = await readRoute(request(`/Appointment/${id}`, "read:appointment", "patient/appointment.read"), params({ id }));
    expect(read.status).toBe(200);
    expect(JSON.stringify(await read.json())).not.toMatch(/fooBar|polluted|notAnElement/);
    const line = log.lines().find((l) => String(l.msg).includes("unknown elements"));
    expect(line?.unknownElements).toEqual(expect.arrayContaining(["Appointment.fooBar", "Appointment.constructor", "Appointment.contained[0].notAnElement"]));
  });
});

describe("Ssp-From and consumer identities (HAZ-095)", () => {
  const search = (init: Init) => searchSlotsRoute(request(`/Slot?schedule.actor:healthcareservice=${service.dosId}&status=free`, "search:slot", "organization/slot.read", init), params({}));

  it("a request without Ssp-From is refused with 400 and an OperationOutcome, and records no consumer", async () => {
    const before = await db().consumerOrganisation.count();
    const res = await search({ asid: null, ods: "NZZ83" });
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as { resourceType: string; issue: { details: { coding: { code: string }[] }; diagnostics: string }[] };
    expect(outcome.resourceType).toBe("OperationOutcome");
    expect(outcome.issue[0].details.coding[0].code).toBe("MISSING_OR_INVALID_HEADER");
    expect(outcome.issue[0].diagnostics).toContain("Ssp-From");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await db().consumerOrganisation.count()).toBe(before);
  });

  it("an ASID never seen before is served, and recorded with what the edge verified", async () => {
    const res = await search({ asid: "200000000841", ods: "NZZ84" });
    expect(res.status).toBe(200);
    expect(await db().consumerSystem.findUniqueOrThrow({ where: { asid: "200000000841" } })).toMatchObject({ firstSeenVia: "unverified", lastSeenVia: "unverified" });
  });

  it("new identities from one edge-verified source are bounded per hour (429); known ones are still served", async () => {
    deploymentConfig().newConsumersPerSourcePerHour = (await db().consumerSystem.count({ where: { firstSeenVia: "unverified" } })) + (await db().consumerOrganisation.count({ where: { firstSeenVia: "unverified" } })) + 4;
    const log = captureLog();
    // Two new identities each (an ASID and an ODS code): the first two requests fit the bound of 4 more, the third does not.
    expect((await search({ asid: "200000000851", ods: "NZZ51" })).status).toBe(200);
    expect((await search({ asid: "200000000852", ods: "NZZ52" })).status).toBe(200);
    const refused = await search({ asid: "200000000853", ods: "NZZ53" });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { resourceType: string }).resourceType).toBe("OperationOutcome");
    expect(await db().consumerSystem.findUnique({ where: { asid: "200000000853" } })).toBeNull();
    expect(await db().consumerOrganisation.findUnique({ where: { odsCode: "NZZ53" } })).toBeNull();
    expect(log.lines().some((l) => String(l.msg).startsWith("new consumer identity refused"))).toBe(true);
    // An identity already recorded is served whatever the bound.
    expect((await search({ asid: "200000000851", ods: "NZZ51" })).status).toBe(200);
  });
});

describe("another organisation's booking (HAZ-096)", () => {
  let appointmentId: string;
  beforeAll(async () => {
    appointmentId = (await book(freeSlots[3].id, ORG_A, patient(81), clockNow())).appointmentId;
  });

  async function crossOrgRows() {
    await flushAuditQueue();
    return db().auditEvent.findMany({ where: { action: CROSS_ORG_ACTION, entityId: appointmentId }, orderBy: { at: "asc" } });
  }

  it("by default another organisation may read it; the read is audited naming both organisations", async () => {
    const own = await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read", { ods: ORG_A }), params({ id: appointmentId }));
    expect(own.status).toBe(200);
    expect(await crossOrgRows()).toHaveLength(0);
    const other = await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read", { ods: ORG_B, asid: "200000000820" }), params({ id: appointmentId }));
    expect(other.status).toBe(200);
    const rows = await crossOrgRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ consumerOds: ORG_B, outcome: "success" });
    expect(JSON.parse(rows[0].detail!)).toMatchObject({ interaction: "read", bookingOrgOds: ORG_A, accessingOrgOds: ORG_B, policy: "allow" });
  });

  it("with FHIR_CROSS_ORG_ACCESS=deny another organisation's read and cancel are refused with 403, and audited", async () => {
    deploymentConfig().crossOrgAccess = "deny";
    const read = await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read", { ods: ORG_B, asid: "200000000820" }), params({ id: appointmentId }));
    expect(read.status).toBe(403);
    expect(((await read.json()) as { resourceType: string }).resourceType).toBe("OperationOutcome");
    const cancel = await cancelRoute(
      request(`/Appointment/${appointmentId}`, "update:appointment", "patient/appointment.write", { method: "PUT", ods: ORG_B, asid: "200000000820", body: { resourceType: "Appointment", status: "cancelled" }, ifMatch: 'W/"1"' }),
      params({ id: appointmentId }),
    );
    expect(cancel.status).toBe(403);
    expect((await db().appointment.findUniqueOrThrow({ where: { id: appointmentId } })).status).toBe("booked");
    const refused = (await crossOrgRows()).filter((r) => r.outcome === "refused");
    expect(refused.map((r) => JSON.parse(r.detail!).interaction)).toEqual(["read", "cancel"]);
    // The organisation that booked is still served.
    expect((await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read", { ods: ORG_A }), params({ id: appointmentId }))).status).toBe(200);
  });

  it("by default another organisation may cancel it; the clerk's booking page says who cancelled, not the organisation that booked", async () => {
    const read = await readRoute(request(`/Appointment/${appointmentId}`, "read:appointment", "patient/appointment.read", { ods: ORG_B, asid: "200000000820" }), params({ id: appointmentId }));
    const resource = (await read.json()) as Record<string, unknown>;
    const res = await cancelRoute(
      request(`/Appointment/${appointmentId}`, "update:appointment", "patient/appointment.write", { method: "PUT", ods: ORG_B, asid: "200000000820", body: { ...resource, status: "cancelled" }, ifMatch: read.headers.get("etag")! }),
      params({ id: appointmentId }),
    );
    expect(res.status).toBe(200);
    const cancelRow = (await crossOrgRows()).find((r) => r.outcome === "success" && JSON.parse(r.detail!).interaction === "cancel");
    expect(cancelRow).toBeTruthy();
    const view = await viewBooking(appointmentId, CLERK);
    expect(view.cancelledByOtherOrg).toBe(`Test 111 ${ORG_B} (${ORG_B})`);
    expect(view.otherOrgAccess.some((o) => o.interaction === "cancel" && !o.refused)).toBe(true);
  });
});

describe("a consumer token with a signature that cannot be checked", () => {
  it("is served, and the log says what was tolerated", async () => {
    const log = captureLog();
    const token = `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url(claims("organization/slot.read", ORG_A))}.${Buffer.from("not a real signature").toString("base64url")}`;
    const res = await searchSlotsRoute(request(`/Slot?schedule.actor:healthcareservice=${service.dosId}&status=free`, "search:slot", "organization/slot.read", { token }), params({}));
    expect(res.status).toBe(200);
    const line = log.lines().find((l) => Array.isArray(l.tolerated));
    expect(line).toMatchObject({ tolerated: ["signature-not-checked"], algorithm: "RS256", consumerOds: ORG_A, level: 40 });
  });
});
