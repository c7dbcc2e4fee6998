import { describe, expect, it } from "vitest";
import { cancelDifferences, validateCancelRequest } from "./cancel-differences";
import { fixtureJson } from "../../testing/fixtures/stu3/load";
import { fhirJsonToXml, fhirXmlToJson } from "./xml";

type Json = Record<string, any>;  

/** The booking as the provider stored it: id and meta added. */
function stored(): Json {
  return { ...fixtureJson<Json>("booking-request"), id: "2d4c6e8a-0b1c-4d3e-9f5a-6b7c8d9e0f1a", meta: { versionId: "1", lastUpdated: "2026-03-02T09:41:18.000Z", profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1"] } };
}
/** What a consumer PUTs to cancel: the read, with only the status changed. */
function cancel(): Json {
  return { ...stored(), status: "cancelled" };
}
const patientOf = (a: Json) => a.contained.find((r: Json) => r.resourceType === "Patient");

describe("cancelDifferences", () => {
  it("finds nothing when only the status changed", () => {
    expect(cancelDifferences(stored(), cancel())).toEqual([]);
  });

  it("ignores meta, text and the root id", () => {
    const c = cancel();
    delete c.meta;
    delete c.id;
    c.text = { status: "generated", div: '<div xmlns="http://www.w3.org/1999/xhtml">Cancelled</div>' };
    patientOf(c).meta = { profile: ["https://example.org/other"] };
    expect(cancelDifferences(stored(), c)).toEqual([]);
  });

  it("ignores order, whitespace and timestamp formatting", () => {
    const c = cancel();
    c.contained.reverse();
    patientOf(c).telecom.reverse();
    patientOf(c).name[0].family = "  Pemberton ";
    c.description = "Reason  for\ncalling";
    c.start = "2026-03-03T10:00:00.000Z";
    c.end = "2026-03-03T11:15:00+01:00";
    c.created = "2026-03-02T09:41:17Z";
    expect(cancelDifferences(stored(), c)).toEqual([]);
  });

  it("treats empty values as absent", () => {
    const c = cancel();
    c.incomingReferral = [];
    patientOf(c).address[0].district = " ";
    expect(cancelDifferences(stored(), c)).toEqual([]);
  });

  it("survives the body arriving as XML while the stored copy is JSON", () => {
    const viaXml = fhirXmlToJson(fhirJsonToXml(cancel()));
    expect(cancelDifferences(stored(), viaXml)).toEqual([]);
  });

  it("reports a changed family name inside the right contained resource (TKW CancelAppointment_DifferencesDetected)", () => {
    const c = cancel();
    patientOf(c).name[0].family += "xxxxx";
    expect(cancelDifferences(stored(), c)).toEqual(["Appointment.contained.where(id='pat1').name[0].family"]);
  });

  it("reports a contact that the stored booking did not have", () => {
    const s = stored();
    delete patientOf(s).contact;
    expect(cancelDifferences(s, cancel())).toEqual(["Appointment.contained.where(id='pat1').contact"]);
  });

  it("reports every difference, at the root and inside arrays", () => {
    const c = cancel();
    c.description = "Something else";
    c.start = "2026-03-03T10:05:00Z";
    c.slot[0].reference = "#other";
    patientOf(c).telecom[0].value = "01632 960999";
    expect(cancelDifferences(stored(), c)).toEqual([
      "Appointment.contained.where(id='pat1').telecom[0].value",
      "Appointment.description",
      "Appointment.start",
      "Appointment.slot[0].reference",
    ]);
  });

  it("reports added, removed and replaced contained resources", () => {
    const c = cancel();
    c.contained = c.contained.filter((r: Json) => r.resourceType !== "DocumentReference");
    c.contained.push({ resourceType: "Organization", id: "gp" });
    expect(cancelDifferences(stored(), c)).toEqual(["Appointment.contained.where(id='doc1')", "Appointment.contained.where(id='gp')"]);
  });

  it("reports an array whose length changed", () => {
    const c = cancel();
    patientOf(c).name[0].given.push("Third");
    expect(cancelDifferences(stored(), c)).toEqual(["Appointment.contained.where(id='pat1').name[0].given"]);
  });

  it("notices a contained Slot whose status changed (only the Appointment's own status may change)", () => {
    const c = cancel();
    c.contained.find((r: Json) => r.resourceType === "Slot").status = "free";
    expect(cancelDifferences(stored(), c)).toEqual(["Appointment.contained.where(id='slot-7c1d').status"]);
  });
});

describe("validateCancelRequest", () => {
  const ID = "2d4c6e8a-0b1c-4d3e-9f5a-6b7c8d9e0f1a";

  it("accepts the read with only the status changed, returning what to store", () => {
    const result = validateCancelRequest(stored() as never, cancel(), ID);
    expect(result).toMatchObject({ ok: true, warnings: [] });
    expect(result.ok && result.resource.status).toBe("cancelled");
  });

  it("answers 422 cancel-differences with every differing path (TKW CancelAppointment_DifferencesDetected)", () => {
    const c = cancel();
    patientOf(c).name[0].family += "xxxxx";
    expect(validateCancelRequest(stored() as never, c, ID)).toEqual({
      ok: false,
      kind: "cancel-differences",
      problems: [{ path: "Appointment.contained.where(id='pat1').name[0].family", message: "differs from the booking; only status may change" }],
    });
  });

  it("refuses a status other than cancelled with 422", () => {
    expect(validateCancelRequest(stored() as never, { ...cancel(), status: "booked" }, ID)).toMatchObject({ ok: false, kind: "invalid-resource" });
  });

  it("refuses a structurally invalid body, or one whose id is not the URL's, with 400", () => {
    expect(validateCancelRequest(stored() as never, { ...cancel(), status: 1 }, ID)).toMatchObject({ ok: false, kind: "invalid-body" });
    expect(validateCancelRequest(stored() as never, { ...cancel(), id: "other" }, ID)).toMatchObject({ ok: false, kind: "invalid-body" });
    const noId = cancel();
    delete noId.id;
    expect(validateCancelRequest(stored() as never, noId, ID)).toMatchObject({ ok: false, kind: "invalid-body" });
    expect(validateCancelRequest(stored() as never, "cancel", ID)).toMatchObject({ ok: false, kind: "invalid-body" });
  });
});
