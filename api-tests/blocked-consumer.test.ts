import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, resetDbForTests } from "../lib/db/client";
import { setConsumerBlocked } from "../lib/consumers/set-consumer-blocked";
import { call, SCOPES, sspHeaders } from "./client";
import { bookingBody } from "./booking-body";
import { auth, freeSlot, slotQuery } from "./helpers";

// HAZ-070 over HTTP: once an administrator blocks a 111 organisation (with the same use case the admin page calls),
// its new slot searches and bookings get 403, but it can still read, search and cancel the bookings it already made.
const ODS = "NZZ71";
const LOCATION = /\/STU3\/1\/Appointment\/([^/]+)\/_history\/\d+$/;
const as = (scope: string) => auth(scope, { scope, ods: ODS });
// A system the server has not seen before the block, so its standing is read fresh, not from the few-second cache.
const fresh = (h: Record<string, string>) => ({ ...h, "Ssp-From": "918999198971" });

describe("a blocked 111 organisation over HTTP (HAZ-070)", () => {
  let id: string;
  let nhsNumber: string;

  beforeAll(async () => {
    process.env.DATABASE_URL = process.env.API_TEST_DATABASE_URL ?? "file:./data/api-tests/ed.db";
    await resetDbForTests();
    nhsNumber = "9993766984";
    const slot = await freeSlot();
    const made = await call("/Appointment", { method: "POST", headers: { ...sspHeaders("create"), ...as(SCOPES.write), "Content-Type": "application/fhir+json" }, body: JSON.stringify(bookingBody(slot, { nhsNumber })) });
    expect(made.status).toBe(201);
    id = LOCATION.exec(made.headers.get("location")!)![1];
    const org = await db().consumerOrganisation.findUniqueOrThrow({ where: { odsCode: ODS } });
    const admin = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    await setConsumerBlocked({ kind: "organisation", id: org.id, version: org.version, blocked: true, reason: "Test: misuse" }, { type: "staff", id: admin.id, name: admin.name, role: "admin" });
  });

  afterAll(async () => {
    const org = await db().consumerOrganisation.findUniqueOrThrow({ where: { odsCode: ODS } });
    const admin = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    await setConsumerBlocked({ kind: "organisation", id: org.id, version: org.version, blocked: false }, { type: "staff", id: admin.id, name: admin.name, role: "admin" });
    await resetDbForTests();
  });

  it("refuses a new slot search and a new booking with 403 and the reason", async () => {
    const search = await call(slotQuery("999999999", "", []), { headers: fresh({ ...sspHeaders("slot"), ...as(SCOPES.slotRead) }) });
    expect(search.status).toBe(403);
    expect(search.json().issue[0].diagnostics).toContain("Test: misuse");
    const booking = await call("/Appointment", { method: "POST", headers: fresh({ ...sspHeaders("create"), ...as(SCOPES.write), "Content-Type": "application/fhir+json" }), body: JSON.stringify(bookingBody(await freeSlot(), { nhsNumber })) });
    expect(booking.status).toBe(403);
  });

  it("still reads and searches the booking it made, then cancels it: 200", async () => {
    const read = await call(`/Appointment/${id}`, { headers: fresh({ ...sspHeaders("read"), ...as(SCOPES.read) }) });
    expect(read.status).toBe(200);
    const found = await call(`/Appointment?identifier=${encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${nhsNumber}`)}`, { headers: fresh({ ...sspHeaders("read"), ...as(SCOPES.read) }) });
    expect(found.status).toBe(200);
    expect(found.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(id);
    const cancelled = await call(`/Appointment/${id}`, {
      method: "PUT",
      headers: fresh({ ...sspHeaders("update"), ...as(SCOPES.write), "Content-Type": "application/fhir+json", "If-Match": read.headers.get("etag")! }),
      body: JSON.stringify({ ...read.json(), status: "cancelled" }),
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled" });
  });
});
