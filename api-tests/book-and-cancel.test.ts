import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { call, SCOPES, sspHeaders } from "./client";
import { bookingBody } from "./booking-body";
import { auth, bookHeaders, freeSlot } from "./helpers";

const LOCATION = /^http.+\/STU3\/1\/Appointment\/([^/]+)\/_history\/(\d+)$/;

async function book(body: Record<string, unknown>, headers = bookHeaders()) {
  return call("/Appointment", { method: "POST", headers, body: JSON.stringify(body) });
}

describe("EB_BookAppointment: POST /Appointment", () => {
  it("BookAppointment_HappyPath: 201, Location with _history, status booked, id, ETag, correlation id", async () => {
    const slot = await freeSlot();
    const headers = bookHeaders();
    const res = await book(bookingBody(slot), headers);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toMatch(LOCATION);
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(res.headers.get("last-modified")).toBeTruthy();
    expect(res.headers.get("x-correlation-id")).toBe(headers["X-Request-ID"]);
    const appt = res.json();
    expect(appt).toMatchObject({ resourceType: "Appointment", status: "booked", meta: { versionId: "1" } });
    expect(appt.id).toBe(LOCATION.exec(res.headers.get("location")!)![1]);
    // What was submitted is what is stored and returned.
    expect((appt.contained as { resourceType: string }[]).map((c) => c.resourceType).sort()).toEqual(["DocumentReference", "Patient", "Slot"]);
    expect(appt.language).toBe("en-GB");
    // The slot is no longer offered.
    const again = await book(bookingBody(slot));
    expect(again.status).toBe(422);
    expect(again.json().issue[0].diagnostics).toBe("Slot no longer available");
  });

  it("BookAppointment_NoNHSNumber / _Contact / _TelecomAndContact / _HappyPathWithGzip: 201", async () => {
    expect((await book(bookingBody(await freeSlot(), { nhsNumber: null }))).status).toBe(201);
    expect((await book(bookingBody(await freeSlot(), { patientRank: 2, contactRank: 1 }))).status).toBe(201);
    expect((await book(bookingBody(await freeSlot(), { patientRank: 1, contactRank: 2 }))).status).toBe(201);
    const gz = await call("/Appointment", { method: "POST", headers: { ...bookHeaders(), "Content-Encoding": "gzip" }, body: gzipSync(JSON.stringify(bookingBody(await freeSlot()))) });
    expect(gz.status).toBe(201);
  });

  it("an Appointment whose start or end is not its slot's is refused 422, with a contained Slot or a Slot reference, and the slot stays free", async () => {
    const slot = await freeSlot();
    const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
    const later = bookingBody(slot);
    later.start = shift(later.start, 30);
    later.end = shift(later.end, 30);
    const refusedContained = await book(later);
    expect(refusedContained.status).toBe(422);
    expect(refusedContained.json().issue[0].diagnostics).toContain("must be the slot's");
    // The same with a literal reference to the Slot instead of a contained one.
    const byReference = bookingBody(slot);
    byReference.contained = (byReference.contained as { resourceType: string }[]).filter((c) => c.resourceType !== "Slot");
    byReference.slot = [{ reference: `Slot/${slot.id}` }];
    byReference.end = shift(byReference.end, 15);
    const refusedReference = await book(byReference);
    expect(refusedReference.status).toBe(422);
    // Nothing was booked: the right times still book the same slot.
    const fine = bookingBody(slot);
    fine.contained = byReference.contained;
    fine.slot = byReference.slot;
    expect((await book(fine)).status).toBe(201);
  });

  it("BookAppointment_TwoRank1 / _NoRank1: 400", async () => {
    expect((await book(bookingBody(await freeSlot(), { patientRank: 1, contactRank: 1 }))).status).toBe(400);
    expect((await book(bookingBody(await freeSlot(), { patientRank: 2, contactRank: 2 }))).status).toBe(400);
  });

  it("an NHS number with a wrong check digit, or 0000000000: 422 INVALID_NHS_NUMBER", async () => {
    for (const n of ["9993766985", "0000000000"]) {
      const res = await book(bookingBody(await freeSlot(), { nhsNumber: n }));
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.json())).toContain("INVALID_NHS_NUMBER");
    }
  });

  it("BookAppointment_Forbidden: no token is 403 even with an XML body", async () => {
    const h: Record<string, string> = { ...bookHeaders(), "Content-Type": "application/fhir+xml" };
    delete h.Authorization;
    const res = await call("/Appointment", { method: "POST", headers: h, body: "<Appointment xmlns=\"http://hl7.org/fhir\"/>" });
    expect(res.status).toBe(403);
  });

  it("BookAppointment_UnsupportedMediaType: application/xml is 415", async () => {
    const res = await call("/Appointment", { method: "POST", headers: { ...bookHeaders(), "Content-Type": "application/xml" }, body: "<Appointment/>" });
    expect(res.status).toBe(415);
  });

  it("BookAppointment_Invalid: FHIR XML with an element out of order is 400", async () => {
    const res = await call("/Appointment", {
      method: "POST",
      headers: { ...bookHeaders(), "Content-Type": "application/fhir+xml", Accept: "application/fhir+xml" },
      body: '<Appointment xmlns="http://hl7.org/fhir"><status value="booked"/><participant><status value="accepted"/></participant><language value="en-GB"/></Appointment>',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain("<OperationOutcome");
  });

  it("BookAppointment_HappyPathWithResentRequestID: 409 naming the booking already made", async () => {
    const rid = randomUUID();
    const first = await book(bookingBody(await freeSlot()), bookHeaders(rid));
    expect(first.status).toBe(201);
    const id = LOCATION.exec(first.headers.get("location")!)![1];
    const resent = await book(bookingBody(await freeSlot()), bookHeaders(rid));
    expect(resent.status).toBe(409);
    expect(resent.json().issue[0].diagnostics).toContain(`/Appointment/${id}`);
  });

  it("a body that is not JSON is 400; an oversized one 413", async () => {
    expect((await call("/Appointment", { method: "POST", headers: bookHeaders(), body: "{not json" })).status).toBe(400);
    expect((await call("/Appointment", { method: "POST", headers: bookHeaders(), body: JSON.stringify({ x: "a".repeat(400_000) }) })).status).toBe(413);
  });

  it("20 parallel bookings of one slot give exactly one 201 (spread over two instances when two run)", async () => {
    const slot = await freeSlot();
    const second = process.env.API_SECOND_BASE_URL;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        second && i % 2 === 1
          ? call(`${second}/STU3/1/Appointment`, { method: "POST", headers: bookHeaders(), body: JSON.stringify(bookingBody(slot)) })
          : book(bookingBody(slot)),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(19);
  });
});

describe("EB_CancelAppointment: PUT /Appointment/{id}", () => {
  async function booked() {
    const res = await book(bookingBody(await freeSlot()));
    expect(res.status).toBe(201);
    const id = LOCATION.exec(res.headers.get("location")!)![1];
    const read = await call(`/Appointment/${id}`, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe(res.headers.get("etag"));
    return { id, resource: read.json(), etag: read.headers.get("etag")! };
  }
  const putHeaders = (etag?: string) => ({ ...sspHeaders("update"), ...auth(SCOPES.write), "Content-Type": "application/fhir+json", ...(etag ? { "If-Match": etag } : {}) });

  it("CancelAppointment_HappyPath: 200, new version, ETag, Last-Modified; the old version is kept and the slot is free again", async () => {
    const { id, resource, etag } = await booked();
    const res = await call(`/Appointment/${id}`, { method: "PUT", headers: putHeaders(etag), body: JSON.stringify({ ...resource, status: "cancelled" }) });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: "cancelled", meta: { versionId: "2" } });
    expect(res.headers.get("etag")).toBe('W/"2"');
    expect(res.headers.get("last-modified")).toBeTruthy();
    const v1 = await call(`/Appointment/${id}/_history/1`, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } });
    expect(v1.json().status).toBe("booked");
  });

  it("CancelAppointment_DifferencesDetected: a changed surname is 422", async () => {
    const { id, resource, etag } = await booked();
    const changed = structuredClone(resource);
    changed.status = "cancelled";
    changed.contained.find((c: { resourceType: string }) => c.resourceType === "Patient").name[0].family = "Changed";
    const res = await call(`/Appointment/${id}`, { method: "PUT", headers: putHeaders(etag), body: JSON.stringify(changed) });
    expect(res.status).toBe(422);
  });

  it("CancelAppointment_VersionConflict: a bogus If-Match is 409; _If-MatchHeaderMissing: 412; _Forbidden: 403", async () => {
    const { id, resource } = await booked();
    const body = JSON.stringify({ ...resource, status: "cancelled" });
    expect((await call(`/Appointment/${id}`, { method: "PUT", headers: putHeaders('W/"999ff9ff-999f-9999-99fffff9999ff99ff"'), body })).status).toBe(409);
    expect((await call(`/Appointment/${id}`, { method: "PUT", headers: putHeaders(), body })).status).toBe(412);
    const noAuth: Record<string, string> = putHeaders('W/"1"');
    delete noAuth.Authorization;
    expect((await call(`/Appointment/${id}`, { method: "PUT", headers: noAuth, body })).status).toBe(403);
  });
});

describe("GET /Appointment?identifier= (kept minimal)", () => {
  it("finds the requesting organisation's future bookings for an NHS number, and no one else's", async () => {
    const res = await book(bookingBody(await freeSlot(), { nhsNumber: "9995489589" }));
    expect(res.status).toBe(201);
    const id = LOCATION.exec(res.headers.get("location")!)![1];
    const q = `/Appointment?identifier=${encodeURIComponent("https://fhir.nhs.uk/Id/nhs-number|9995489589")}`;
    const mine = await call(q, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } });
    expect(mine.status).toBe(200);
    expect(mine.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(id);
    const other = await call(q, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read, { scope: SCOPES.read, ods: "NZZ77" }) } });
    expect(other.status).toBe(200);
    expect(other.json().total).toBe(0);
    expect((await call("/Appointment?identifier=123", { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } })).status).toBe(400);
  });
});
