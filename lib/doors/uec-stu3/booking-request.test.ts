import { describe, expect, it } from "vitest";
import { fixtureJson, fixtureXml } from "../../testing/fixtures/stu3/load";
import { validateBookingRequest, type BookingRequest, type BookingValidation } from "./booking-request";
import { fhirXmlToJson } from "./xml";

type Json = Record<string, any>;  

const booking = () => fixtureJson<Json>("booking-request");
const patientOf = (a: Json) => a.contained.find((r: Json) => r.resourceType === "Patient");

function accepted(input: unknown, options?: Parameters<typeof validateBookingRequest>[1]): BookingRequest {
  const result = validateBookingRequest(input, options);
  if (!result.ok) throw new Error(`expected acceptance, got ${JSON.stringify(result.problems)}`);
  return result.request;
}
function refused(input: unknown, options?: Parameters<typeof validateBookingRequest>[1]) {
  const result = validateBookingRequest(input, options);
  if (result.ok) throw new Error("expected refusal");
  return result as Extract<BookingValidation, { ok: false }>;
}
const rules = (r: { problems: { rule: string }[] }) => r.problems.map((p) => p.rule);
const warningRules = (r: BookingRequest) => r.warnings.map((w) => w.rule);

describe("validateBookingRequest: a well-formed 2.0.x booking", () => {
  const request = accepted(booking());

  it("reads the slot from the contained Slot", () => {
    expect(request.slot).toEqual({
      kind: "contained",
      slotId: "slot-7c1d",
      identifier: { system: "https://tools.ietf.org/html/rfc4122", value: "9b0e6f3a-1c2d-4e5f-8a7b-6c5d4e3f2a1b" },
      scheduleId: "sched-ed-main",
      scheduleReference: "Schedule/sched-ed-main",
      start: "2026-03-03T10:00:00+00:00",
      end: "2026-03-03T10:15:00+00:00",
      status: "busy",
    });
    expect(request.start).toEqual(new Date("2026-03-03T10:00:00Z"));
    expect(request.end).toEqual(new Date("2026-03-03T10:15:00Z"));
  });

  it("reads the patient's details", () => {
    expect(request.patient).toEqual({
      containedId: "pat1",
      nhsNumber: "9993766984",
      nhsNumberVerification: { code: "01", display: "Number present and verified" },
      name: { family: "Pemberton", given: ["Ellis", "Rowan"], prefix: ["Mx"], text: "Ellis Rowan PEMBERTON" },
      birthDate: "1986-07-14",
      gender: "other",
      telecom: [
        { system: "phone", value: "01632 960123", use: "home", rank: 1 },
        { system: "email", value: "ellis.pemberton@example.org", use: "home", rank: 3 },
      ],
      primaryContact: { system: "phone", value: "01632 960123", use: "home", rank: 1, source: "patient" },
      contacts: [
        {
          relationship: [{ system: "http://hl7.org/fhir/v2/0131", code: "N", display: "Next-of-Kin" }],
          name: { family: "Pemberton", given: ["Sam"], prefix: ["Mrs"], text: "Sam PEMBERTON" },
          telecom: [{ system: "phone", value: "01632 960456", use: "mobile", rank: 2 }],
        },
      ],
      homeAddress: { use: "home", text: "14 Orchard Row, Leeds LS1 4AP", lines: ["14 Orchard Row"], city: "Leeds", postcode: "LS1 4AP" },
      addresses: [{ use: "home", text: "14 Orchard Row, Leeds LS1 4AP", lines: ["14 Orchard Row"], city: "Leeds", postcode: "LS1 4AP" }],
      postcode: "LS1 4AP",
      gp: { reference: "Organization/gp-practice", odsCode: "Y99901", name: "Orchard Row Surgery" },
      communication: { languages: [{ system: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-HumanLanguage-1", code: "pl", display: "Polish" }], interpreterRequired: true },
    });
  });

  it("reads the document link, description, created and the participant as sent", () => {
    expect(request.document).toEqual({
      containedId: "doc1",
      cdaDocumentId: "3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e14",
      identifiers: [{ system: "https://tools.ietf.org/html/rfc4122", value: "3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e14" }],
    });
    expect(request.description).toBe("Reason for calling");
    expect(request.created).toBe("2026-03-02T09:41:17+00:00");
    expect(request.participant).toEqual(booking().participant[0]);
  });

  it("keeps the resource verbatim for storage, with no warnings", () => {
    expect(request.resource).toEqual(booking());
    expect(request.warnings).toEqual([]);
  });

  it("gives the same request from the XML form of the same booking", () => {
    expect(accepted(fhirXmlToJson(fixtureXml("booking-request")))).toEqual(request);
  });
});

describe("validateBookingRequest: what the standard tells us to tolerate", () => {
  it("accepts the 1.0.6-alpha shape: literal Slot reference, scalars for arrays, language en, created instant, two contained", () => {
    const a = booking();
    a.contained = a.contained.filter((r: Json) => r.resourceType !== "Slot");
    a.slot = [{ reference: "Slot/slot002" }];
    a.language = "en";
    a.created = "2026-03-02T09:41:17.579Z";
    a.meta.profile = a.meta.profile[0];
    const doc = a.contained[0];
    doc.identifier = doc.identifier[0];
    const name = patientOf(a).name[0];
    name.given = "Ellis";
    name.prefix = "Mx";
    const r = accepted(a);
    expect(r.slot).toEqual({ kind: "literal", slotId: "slot002", reference: "Slot/slot002" });
    expect(r.patient.name.given).toEqual(["Ellis"]);
    expect(r.document?.cdaDocumentId).toBe("3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e14");
    expect(r.resource.meta?.profile).toEqual(["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1"]);
    expect(r.warnings.filter((w) => w.rule === "array-shape").map((w) => w.path)).toEqual([
      "Appointment.meta.profile",
      "Appointment.contained[0].identifier",
      "Appointment.contained[1].name[0].given",
      "Appointment.contained[1].name[0].prefix",
    ]);
  });

  it.each(["https://ed.example.nhs.uk/STU3/1/Slot/abc-1", "Slot/abc-1/_history/3"])("accepts the literal slot reference %s", (reference) => {
    const a = booking();
    a.slot = [{ reference }];
    expect(accepted(a).slot).toMatchObject({ kind: "literal", slotId: "abc-1" });
  });

  it("accepts a patient with no NHS number, keeping the participant's identifier as sent (TKW NoNHSNumber)", () => {
    const a = booking();
    delete patientOf(a).identifier;
    const r = accepted(a);
    expect(r.patient.nhsNumber).toBeUndefined();
    expect(r.participant.actor?.identifier?.value).toBe("9993766984");
  });

  it("does not reject a participant identifier that differs from the patient's", () => {
    const a = booking();
    a.participant[0].actor.identifier.value = "9999492304";
    expect(accepted(a).participant.actor?.identifier?.value).toBe("9999492304");
  });

  it("accepts a contact's phone as the only rank-1 contact point (TKW BookAppointment_Contact)", () => {
    const a = booking();
    delete patientOf(a).telecom;
    patientOf(a).contact[0].telecom[0].rank = 1;
    expect(accepted(a).patient.primaryContact).toEqual({ system: "phone", value: "01632 960456", use: "mobile", rank: 1, source: "contact", contactIndex: 0 });
  });

  it("accepts unknown elements and extensions with warnings", () => {
    const a = booking();
    a.extension = [{ url: "https://consumer.example.org/fhir/triage-code", valueString: "Dx02" }];
    a.triageDisposition = "Dx02";
    const r = accepted(a);
    expect(r.warnings.map((w) => [w.rule, w.path])).toEqual([["unknown-element", "Appointment.triageDisposition"]]);
    expect(r.resource.extension).toHaveLength(1);
  });

  it("ignores a client-supplied id with a warning, or refuses it when configured", () => {
    const a = booking();
    a.id = "consumer-chosen";
    const r = accepted(a);
    expect(r.resource.id).toBeUndefined();
    expect(warningRules(r)).toContain("client-id");
    expect(refused(a, { rejectClientId: true })).toMatchObject({ kind: "client-assigned-id" });
  });

  it("tolerates a missing created time, verification status and slot identifier, with warnings", () => {
    const a = booking();
    delete a.created;
    delete patientOf(a).identifier[0].extension;
    delete a.contained[1].identifier;
    const r = accepted(a);
    expect(warningRules(r)).toEqual(expect.arrayContaining(["created", "nhs-number-status", "slot-identifier"]));
    expect(r.slot).toMatchObject({ kind: "contained", slotId: "slot-7c1d" });
    expect(r.patient.nhsNumberVerification).toBeUndefined();
  });

  it("reads Patient.communication although CareConnect prefers the extension", () => {
    const a = booking();
    patientOf(a).communication = [{ language: { coding: [{ code: "cy", display: "Welsh" }] }, preferred: true }];
    const r = accepted(a);
    expect(r.patient.communication.languages.map((l) => l.code)).toEqual(["pl", "cy"]);
    expect(warningRules(r)).toContain("communication");
  });

  it("uses a name without use when it is the only one, and warns about an odd postcode", () => {
    const a = booking();
    delete patientOf(a).name[0].use;
    patientOf(a).address[0].postalCode = "75001";
    const r = accepted(a);
    expect(r.patient.name.family).toBe("Pemberton");
    expect(warningRules(r)).toEqual(expect.arrayContaining(["official-name", "postcode"]));
  });

  it("resolves a GP given as a contained Organization", () => {
    const a = booking();
    a.contained.push({ resourceType: "Organization", id: "gp", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "Y99902" }], name: "Hill Surgery" });
    patientOf(a).generalPractitioner = [{ reference: "#gp" }];
    expect(accepted(a).patient.gp).toEqual({ reference: "#gp", odsCode: "Y99902", name: "Hill Surgery" });
  });
});

describe("validateBookingRequest: field hygiene", () => {
  it("refuses a description of 200 KB, but keeps one of a few sentences", () => {
    const a = booking();
    a.description = "x".repeat(200_000);
    expect(refused(a)).toMatchObject({ kind: "invalid-resource", problems: [{ rule: "description" }] });
  });

  it("refuses direction-override and control characters anywhere in the text, saying where", () => {
    for (const text of ["Chest pain \u202Eniap tsehc", "Fall\u0007 at home", "Head\u2066 injury", "\u009Bwrist"]) {
      const a = booking();
      a.description = text;
      expect(refused(a)).toMatchObject({ kind: "invalid-resource", problems: [{ rule: "characters", path: "Appointment.description" }] });
    }
    const b = booking();
    patientOf(b).name[0].family = "Smith\u202E";
    expect(rules(refused(b))).toEqual(["characters"]);
    // Line breaks and tabs are ordinary text.
    const c = booking();
    c.description = "Fell from a ladder.\n\tPain in the left wrist.";
    expect(validateBookingRequest(c).ok).toBe(true);
  });

  it("refuses a phone number that is a script or a URL, and accepts how people write real ones", () => {
    for (const value of ["javascript:alert(1)", "https://x.example", "12345", "0".repeat(20)]) {
      const a = booking();
      patientOf(a).telecom[0].value = value;
      expect(rules(refused(a)), value).toContain("telecom-phone");
    }
    for (const value of ["07700 900123", "+44 (0)7700-900123", "01632 960 000"]) {
      const a = booking();
      patientOf(a).telecom[0].value = value;
      expect(validateBookingRequest(a).ok, value).toBe(true);
    }
  });
});

describe("validateBookingRequest: refusals", () => {
  it("refuses two rank-1 contact points with 400 (TKW BookAppointment_TwoRank1)", () => {
    const a = booking();
    patientOf(a).contact[0].telecom[0].rank = 1;
    const r = refused(a);
    expect(r.kind).toBe("invalid-body");
    expect(rules(r)).toEqual(["two-rank-1"]);
  });

  it("refuses no rank-1 contact point with 400 (TKW BookAppointment_NoRank1)", () => {
    const a = booking();
    patientOf(a).telecom[0].rank = 2;
    expect(refused(a)).toMatchObject({ kind: "invalid-body", problems: [{ rule: "no-rank-1" }] });
  });

  it.each([
    ["9993766985", "wrong check digit"],
    ["0000000000", "a placeholder"],
    ["999376698", "not ten digits"],
  ])("refuses the NHS number %s with 422 INVALID_NHS_NUMBER (%s)", (value, why) => {
    const a = booking();
    patientOf(a).identifier[0].value = value;
    const r = refused(a);
    expect(r.kind).toBe("invalid-nhs-number");
    expect(r.problems[0].message).toContain(why);
    expect(r.problems[0].path).toBe("Appointment.contained[2].identifier[0].value");
  });

  it("accepts an NHS number written with spaces, storing the digits", () => {
    const a = booking();
    patientOf(a).identifier[0].value = "999 376 6984";
    expect(accepted(a).patient.nhsNumber).toBe("9993766984");
  });

  it("answers structural errors first (400) even when other rules also fail", () => {
    const a = booking();
    patientOf(a).telecom[0].rank = "1";
    patientOf(a).identifier[0].value = "0000000000";
    const r = refused(a);
    expect(r.kind).toBe("invalid-body");
    expect(r.problems.map((p) => p.path)).toEqual(["Appointment.contained[2].telecom[0].rank"]);
  });

  it("prefers a telecom 400 over an NHS number 422", () => {
    const a = booking();
    patientOf(a).telecom[0].rank = 2;
    patientOf(a).identifier[0].value = "0000000000";
    expect(refused(a).kind).toBe("invalid-body");
  });

  it.each([
    ["not an object", "Appointment"],
    ["another resource", { resourceType: "Patient" }],
    ["no participant", { resourceType: "Appointment", status: "booked" }],
  ])("refuses %s as an invalid body", (_, input) => {
    expect(refused(input).kind).toBe("invalid-body");
  });

  it.each<[string, (a: Json) => void, string]>([
    ["a status other than booked", (a) => (a.status = "proposed"), "status"],
    ["no description", (a) => delete a.description, "description"],
    ["no start", (a) => delete a.start, "start"],
    ["end before start", (a) => (a.end = "2026-03-03T09:00:00Z"), "end"],
    ["no slot", (a) => delete a.slot, "slot-reference"],
    ["two slots", (a) => a.slot.push({ reference: "Slot/other" }), "slot-reference"],
    ["a slot reference to nothing", (a) => (a.slot[0].reference = "#nope"), "slot-reference"],
    ["a slot reference of another kind", (a) => (a.slot[0].reference = "Schedule/x"), "slot-reference"],
    ["no contained Patient", (a) => (a.contained = a.contained.filter((r: Json) => r.resourceType !== "Patient")), "patient"],
    ["two contained Patients", (a) => a.contained.push({ ...patientOf(a), id: "pat2" }), "contained-count"],
    ["a contained resource without id", (a) => delete a.contained[0].id, "contained-id"],
    ["a participant not pointing at the Patient", (a) => (a.participant[0].actor.reference = "#someone"), "participant"],
    ["supportingInformation pointing at nothing", (a) => (a.supportingInformation[0].reference = "#nope"), "supporting-information"],
    ["no family name", (a) => delete patientOf(a).name[0].family, "name"],
    ["no name", (a) => delete patientOf(a).name, "name"],
    ["no gender", (a) => delete patientOf(a).gender, "gender"],
    ["an unknown gender", (a) => (patientOf(a).gender = "f"), "gender"],
    ["no birth date", (a) => delete patientOf(a).birthDate, "birth-date"],
    ["no address", (a) => delete patientOf(a).address, "address"],
    ["a contact without a name", (a) => delete patientOf(a).contact[0].name, "contact-name"],
    ["a contact point without a value", (a) => delete patientOf(a).telecom[1].value, "telecom"],
    ["two NHS numbers", (a) => patientOf(a).identifier.push({ ...patientOf(a).identifier[0] }), "one-nhs-number"],
    ["an unknown verification status", (a) => (patientOf(a).identifier[0].extension[0].valueCodeableConcept.coding[0].code = "09"), "nhs-number-status"],
    ["an animal", (a) => (patientOf(a).animal = { species: { text: "dog" } }), "animal"],
  ])("refuses %s with 422 INVALID_RESOURCE", (_, change, rule) => {
    const a = booking();
    change(a);
    const r = refused(a);
    expect(r.kind).toBe("invalid-resource");
    expect(rules(r)).toContain(rule);
  });
});
