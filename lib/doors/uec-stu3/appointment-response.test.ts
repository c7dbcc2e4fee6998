import { describe, expect, it } from "vitest";
import { appointmentLocation, appointmentUrl, storedAppointment, versionFromIfMatch, weakEtag } from "./appointment-response";
import { validateBookingRequest } from "./booking-request";
import { cancelDifferences } from "./cancel-differences";
import { fixtureJson } from "../../testing/fixtures/stu3/load";
import type { Appointment } from "./model/registry";
import { validateResource } from "./validate";
import { fhirJsonToXml, fhirXmlToJson } from "./xml";

const STAMP = { id: "2d4c6e8a-0b1c-4d3e-9f5a-6b7c8d9e0f1a", versionId: 1, lastUpdated: new Date("2026-03-02T09:41:18.250Z") };
const booking = () => fixtureJson<Appointment>("booking-request");
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The checks TKW's validator (SUBSET appointment) makes on every Appointment a provider returns. */
function tkwAppointmentFailures(a: Appointment): string[] {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => ok || failures.push(what);
  const contained = a.contained ?? [];
  const one = (t: string) => contained.filter((r) => r.resourceType === t);
  check(a.meta?.profile?.[0] === "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1", "profile");
  check(a.language === "en-GB", "language en-GB");
  check(a.slot?.length === 1 && a.slot[0].reference === `#${one("Slot")[0]?.id}`, "slot reference to contained Slot");
  check(INSTANT.test(a.created ?? ""), "created with time zone");
  check(a.participant.filter((p) => p.actor?.reference).length === 1, "one participant actor");
  check(a.participant[0].actor?.reference === `#${one("Patient")[0]?.id}`, "actor references contained Patient");
  check(a.participant[0].actor?.identifier?.use === "official", "actor identifier official");
  check(/^[0-9]{10}$/.test(a.participant[0].actor?.identifier?.value ?? ""), "actor identifier NHS number");
  check(!!a.participant[0].actor?.display, "actor display");
  check(one("Patient").length === 1 && one("DocumentReference").length === 1 && one("Slot").length === 1, "one of each contained");
  check(!!a.start && !!a.end && !!a.description && a.supportingInformation?.length === 1, "start, end, description, supportingInformation");
  return failures;
}

describe("storedAppointment", () => {
  const stored = storedAppointment(booking(), STAMP);

  it("is the submitted Appointment with id and meta added", () => {
    const { id, meta, ...rest } = stored;
    expect(id).toBe(STAMP.id);
    expect(meta).toEqual({ versionId: "1", lastUpdated: "2026-03-02T09:41:18.250Z", profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1"] });
    const { meta: _m, ...submitted } = booking();
    void _m;
    expect(rest).toEqual(submitted);
  });

  it("passes the assurance checks and validates, in JSON and after XML", () => {
    expect(tkwAppointmentFailures(stored)).toEqual([]);
    expect(validateResource(stored).errors).toEqual([]);
    expect(tkwAppointmentFailures(fhirXmlToJson(fhirJsonToXml(stored)) as Appointment)).toEqual([]);
  });

  it("is what a later cancel is compared with: the read plus a status change has no differences", () => {
    expect(cancelDifferences(stored, { ...stored, status: "cancelled" })).toEqual([]);
  });

  it("fills language and created when the consumer left them out, and keeps them otherwise", () => {
    const a = booking();
    delete a.language;
    delete a.created;
    const s = storedAppointment(a, STAMP);
    expect(s.language).toBe("en-GB");
    expect(s.created).toBe("2026-03-02T09:41:18.250Z");
    expect(storedAppointment({ ...booking(), language: "en" }, STAMP).language).toBe("en");
  });

  it("puts the CareConnect profile first, keeps other profiles and tags, drops a client id and version", () => {
    const a = booking();
    a.id = "client";
    a.meta = { versionId: "9", profile: ["https://example.org/other"], tag: [{ code: "t" }] };
    const s = storedAppointment(a, { ...STAMP, versionId: "2" });
    expect(s.id).toBe(STAMP.id);
    expect(s.meta).toEqual({
      versionId: "2",
      lastUpdated: "2026-03-02T09:41:18.250Z",
      profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1", "https://example.org/other"],
      tag: [{ code: "t" }],
    });
  });

  it("strips narrative and version metadata from contained resources, without touching the input", () => {
    const a = booking();
    const patient = a.contained!.find((r) => r.resourceType === "Patient")!;
    patient.text = { status: "generated", div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' };
    patient.meta = { ...patient.meta, versionId: "3", lastUpdated: "2026-01-01T00:00:00Z" };
    const slot = a.contained!.find((r) => r.resourceType === "Slot")!;
    slot.meta = { versionId: "1" };
    const s = storedAppointment(a, STAMP);
    const storedPatient = s.contained!.find((r) => r.resourceType === "Patient")!;
    expect(storedPatient.text).toBeUndefined();
    expect(storedPatient.meta).toEqual({ profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1"] });
    expect(s.contained!.find((r) => r.resourceType === "Slot")!.meta).toBeUndefined();
    expect(patient.text).toBeDefined();
    expect(validateResource(s).warnings).toEqual([]);
  });

  it("stores what the booking validator accepted (the normalised 1.0.6 shape included)", () => {
    const legacy = booking() as Record<string, unknown> & Appointment;
    (legacy.meta as Record<string, unknown>).profile = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1";
    const result = validateBookingRequest(legacy);
    if (!result.ok) throw new Error("expected acceptance");
    expect(validateResource(storedAppointment(result.request.resource, STAMP)).valid).toBe(true);
  });
});

describe("HTTP values", () => {
  it("ETag is weak and quotes the version", () => {
    expect(weakEtag(3)).toBe('W/"3"');
  });

  it("reads If-Match in every form; absent or blank is null, anything else is returned for comparison", () => {
    expect(versionFromIfMatch('W/"3"')).toBe("3");
    expect(versionFromIfMatch('w/"3"')).toBe("3");
    expect(versionFromIfMatch('"3"')).toBe("3");
    expect(versionFromIfMatch("3")).toBe("3");
    expect(versionFromIfMatch('W/"999ff9ff-999f-9999-99fffff9999ff99ff"')).toBe("999ff9ff-999f-9999-99fffff9999ff99ff");
    expect(versionFromIfMatch(null)).toBeNull();
    expect(versionFromIfMatch("  ")).toBeNull();
  });

  it("Location is absolute with _history, as TKW matches and extracts it", () => {
    const location = appointmentLocation("https://ed.example.nhs.uk/STU3/1/", STAMP.id, 2);
    expect(location).toBe(`https://ed.example.nhs.uk/STU3/1/Appointment/${STAMP.id}/_history/2`);
    expect(location).toMatch(/^https:\/\/.+\/Appointment\/.+$/);
    expect(/^.*Appointment\/(.*)\/_history\/.*$/.exec(location)![1]).toBe(STAMP.id);
    expect(appointmentUrl("https://ed.example.nhs.uk/STU3/1", STAMP.id)).toBe(`https://ed.example.nhs.uk/STU3/1/Appointment/${STAMP.id}`);
  });
});
