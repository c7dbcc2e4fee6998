import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { readFixture } from "../testing/fixtures/cda/build-envelope";
import { bookingLookupKeys, compareDemographics, isAwaitingTooLong, matchDocument, normaliseFamilyName, type BookingCandidate, type MatchPatient } from "./match-document";

const report = parseClinicalDocument(readFixture("iuc-report-v3.xml")); // Priya O'Connell-Hart, 9993766984, 1984-03-07

const booking = (over: Partial<BookingCandidate> = {}): BookingCandidate => ({
  bookingId: "booking-1",
  status: "booked",
  nhsNumber: "999 376 6984",
  birthDate: "1984-03-07",
  familyName: "O'CONNELL HART",
  givenName: "Priya Anne",
  gender: "female",
  foundBy: ["document-reference"],
  ...over,
});

describe("matchDocument", () => {
  it("links to the one active booking when the demographics agree", () => {
    const d = matchDocument(report, [booking()]);
    expect(d).toMatchObject({ state: "linked", bookingId: "booking-1" });
    if (d.state !== "linked") throw new Error("expected linked");
    expect(d.demographics.agree).toBe(true);
  });

  it("links when the same booking is found both ways", () => {
    const d = matchDocument(report, [booking(), booking({ foundBy: ["appointment-reference"] })]);
    expect(d).toMatchObject({ state: "linked", bookingId: "booking-1" });
  });

  it("links without NHS numbers when birth date and family name agree", () => {
    const noNhs = parseClinicalDocument(readFixture("iuc-report-v3.xml").replace(/<id root="2\.16\.840\.1\.113883\.2\.1\.4\.1"[^>]*\/>/, ""));
    expect(matchDocument(noNhs, [booking({ nhsNumber: null })])).toMatchObject({ state: "linked" });
  });

  it("waits when no booking has been found yet", () => {
    expect(matchDocument(report, [])).toEqual({ state: "awaiting-booking" });
  });

  it("asks for review when two active bookings could be the one", () => {
    const d = matchDocument(report, [booking(), booking({ bookingId: "booking-2" })]);
    expect(d).toMatchObject({ state: "needs-review", reason: "multiple-candidates", bookingIds: ["booking-1", "booking-2"] });
  });

  it.each([
    ["NHS number", { nhsNumber: "9999492304" }],
    ["birth date", { birthDate: "1984-07-03" }],
    ["family name", { familyName: "Hart" }],
    ["given name", { givenName: "Anne Priya" }],
    ["sex", { gender: "male" }],
  ])("asks for review when the %s disagrees", (_field, over) => {
    expect(matchDocument(report, [booking(over)])).toMatchObject({ state: "needs-review", reason: "demographics-disagree", bookingIds: ["booking-1"] });
  });

  it("asks for review when a field needed to confirm the patient is missing", () => {
    expect(matchDocument(report, [booking({ birthDate: null })])).toMatchObject({ state: "needs-review", reason: "demographics-incomplete" });
  });

  it("asks for review when the only booking is cancelled", () => {
    const d = matchDocument(report, [booking({ status: "cancelled", foundBy: ["appointment-reference"] })]);
    expect(d).toMatchObject({ state: "needs-review", reason: "booking-not-active", bookingIds: ["booking-1"] });
  });

  it("asks for review when the appointment reference names another booking", () => {
    const d = matchDocument(report, [booking(), booking({ bookingId: "booking-9", status: "cancelled", foundBy: ["appointment-reference"] })]);
    expect(d).toMatchObject({ state: "needs-review", reason: "references-disagree", bookingIds: ["booking-1", "booking-9"] });
  });
});

describe("compareDemographics", () => {
  it("reports each field for a side-by-side review", () => {
    const c = compareDemographics(report, { nhsNumber: null, birthDate: "1984-03-08", familyName: "o’connell-hart", givenName: "Priya", gender: "unknown" });
    expect(c).toEqual({
      nhsNumber: { document: "9993766984", booking: null, agreement: "missing-in-booking" },
      birthDate: { document: "1984-03-07", booking: "1984-03-08", agreement: "mismatch" },
      familyName: { document: "O'Connell-Hart", booking: "o’connell-hart", agreement: "match", level: "tolerant" },
      givenName: { document: "Priya Anne", booking: "Priya", agreement: "match", level: "first-name" },
      sex: { document: "female", booking: "unknown", agreement: "missing-in-booking", note: 'Sex not compared: the booking says "unknown"' },
      agree: false,
      strength: null,
      problem: { reason: "demographics-disagree", message: "The patient in the report and in the booking differ: birth date" },
    });
  });

  it("shows but never compares a placeholder NHS number from the report, and then cannot confirm a booking that has one", () => {
    const placeholder = parseClinicalDocument(readFixture("iuc-report-v3.xml").replace(`extension="9993766984"`, `extension="0000000000"`));
    const c = compareDemographics(placeholder, { nhsNumber: "9993766984", birthDate: "1984-03-07", familyName: "O'Connell-Hart", givenName: "Priya Anne", gender: "female" });
    expect(c.nhsNumber).toMatchObject({ document: "0000000000", agreement: "missing-in-document", note: expect.stringMatching(/not valid/) });
    expect(c).toMatchObject({ agree: false, problem: { reason: "demographics-incomplete", message: expect.stringMatching(/no usable NHS number/) } });
    expect(compareDemographics(placeholder, { nhsNumber: null, birthDate: "1984-03-07", familyName: "O'Connell-Hart", givenName: "Priya Anne", gender: "female" })).toMatchObject({ agree: true, strength: "exact" });
  });

  it("treats a report without a patient as missing everything", () => {
    const c = compareDemographics({ patient: null }, { nhsNumber: null, birthDate: null, familyName: null, givenName: null, gender: null });
    expect([c.nhsNumber.agreement, c.birthDate.agreement, c.familyName.agreement, c.givenName.agreement, c.sex.agreement]).toEqual(Array(5).fill("missing-in-both"));
    expect(c.agree).toBe(false);
  });
});

describe("normaliseFamilyName and isAwaitingTooLong", () => {
  it("ignores case, spaces, punctuation and accents but not letters", () => {
    expect(normaliseFamilyName(" Smith-Jones ")).toBe(normaliseFamilyName("smith jones"));
    expect(normaliseFamilyName("Zoë")).toBe("zoe");
    expect(normaliseFamilyName("Smith")).not.toBe(normaliseFamilyName("Smyth"));
    expect(compareDemographics(report, { nhsNumber: null, birthDate: null, familyName: "--", givenName: null, gender: null }).familyName.agreement).toBe("mismatch");
  });

  it("says when a report has waited long enough for its booking", () => {
    const received = new Date("2026-03-15T14:30:00Z");
    expect(isAwaitingTooLong(received, new Date("2026-03-15T15:29:59Z"))).toBe(false);
    expect(isAwaitingTooLong(received, new Date("2026-03-15T15:30:00Z"))).toBe(true);
    expect(isAwaitingTooLong(received, new Date("2026-03-15T14:45:00Z"), 10)).toBe(true);
  });
});

describe("bookingLookupKeys", () => {
  it("gives the document id as bookings store it and the appointment ids under our FHIR base", () => {
    expect(bookingLookupKeys(report, { fhirBaseUrl: "https://ed.example.org/STU3/1/" })).toEqual({
      documentId: "6F1C2A9E-3B4D-4E8A-9C71-2D5B8E0F4A13",
      appointmentIds: ["4b7e2c1a-5d3f-4a8b-9e6c-1f2a3b4c5d6e"],
    });
  });

  it("ignores another provider's Appointment URL but keeps a bare id", () => {
    expect(bookingLookupKeys(report, { fhirBaseUrl: "https://other.example.org/fhir" }).appointmentIds).toEqual([]);
    const bare = parseClinicalDocument(readFixture("iuc-report-v3.xml").replace(/extension="https:\/\/ed\.example\.org\/STU3\/1\/Appointment\/[^"]+"/, `extension="eb4f7f21-3962-4416-9a29-a46dd6ee5f17"`));
    expect(bookingLookupKeys(bare, { fhirBaseUrl: "https://other.example.org/fhir" }).appointmentIds).toEqual(["eb4f7f21-3962-4416-9a29-a46dd6ee5f17"]);
  });
});

/** A report's patient written out, as the matcher reads it (no CDA needed). */
function reportPatient(o: { given?: string[] | null; family?: string; birthDate?: string; nhs?: string | null; nhsProblem?: string; sex?: MatchPatient["gender"]["value"]; nhsConflict?: boolean }): { patient: MatchPatient } {
  return {
    patient: {
      nhsNumber: o.nhs ? { value: o.nhs, problem: o.nhsProblem ?? null } : null,
      nhsNumberConflict: o.nhsConflict ?? false,
      birthDate: o.birthDate ?? "2019-05-01",
      name: { given: o.given === null ? [] : (o.given ?? ["Beth"]), family: o.family ?? "Twin" },
      gender: { value: o.sex === undefined ? "female" : o.sex },
    },
  };
}

const twin = (bookingId: string, given: string, over: Partial<BookingCandidate> = {}): BookingCandidate => ({
  bookingId,
  status: "booked",
  nhsNumber: null,
  birthDate: "2019-05-01",
  familyName: "Twin",
  givenName: given,
  gender: "female",
  foundBy: ["document-reference"],
  ...over,
});
const alike = (bookingId: string, given: string, over: Partial<BookingCandidate> = {}) => twin(bookingId, given, { foundBy: ["same-patient-details"], ...over });

type Expected = { state: "linked"; bookingId: string } | { state: "needs-review"; reason: string; bookingIds: string[] } | { state: "awaiting-booking" };

describe("matchDocument: given name, sex and NHS number, with rivals", () => {
  const cases: [string, ReturnType<typeof reportPatient>, BookingCandidate[], Expected][] = [
    // Twins without NHS numbers: same family name and birth date.
    ["twins: Beth's report named by Amy's booking goes to review, with Beth's booking listed", reportPatient({}), [twin("amy", "Amy"), alike("beth", "Beth")], { state: "needs-review", reason: "demographics-disagree", bookingIds: ["amy", "beth"] }],
    ["twins: Beth's report named by Beth's booking links, Amy is no rival", reportPatient({}), [twin("beth", "Beth"), alike("amy", "Amy")], { state: "linked", bookingId: "beth" }],
    ["twins: an initial links when the other twin's initial differs", reportPatient({ given: ["B"] }), [twin("beth", "Beth"), alike("amy", "Amy")], { state: "linked", bookingId: "beth" }],
    ["twins with one initial: an initial goes to review", reportPatient({ given: ["A"] }), [twin("amy", "Amy"), alike("anna", "Anna")], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["amy", "anna"] }],
    ["an initial links when the rival's sex differs", reportPatient({ given: ["A."] }), [twin("amy", "Amy"), alike("alex", "Alex", { gender: "male" })], { state: "linked", bookingId: "amy" }],
    ["an initial goes to review when the rival's sex is unknown", reportPatient({ given: ["A"] }), [twin("amy", "Amy"), alike("alex", "Alex", { gender: "unknown" })], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["amy", "alex"] }],
    ["an initial goes to review when the report's sex is not specified (code 9)", reportPatient({ given: ["A"], sex: "not-specified" }), [twin("amy", "Amy"), alike("alex", "Alex", { gender: "male" })], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["amy", "alex"] }],
    ["an initial goes to review when the report's sex is not known (code 0)", reportPatient({ given: ["A"], sex: "not-known" }), [twin("amy", "Amy"), alike("alex", "Alex", { gender: "male" })], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["amy", "alex"] }],
    ["an initial links with no rival at all", reportPatient({ given: ["B"] }), [twin("beth", "Beth")], { state: "linked", bookingId: "beth" }],
    ["sex that differs is a disagreement", reportPatient({ given: ["Sam"], sex: "male" }), [twin("sam", "Sam")], { state: "needs-review", reason: "demographics-disagree", bookingIds: ["sam"] }],
    ["sex 'other' in the booking is not compared", reportPatient({ given: ["Sam"], sex: "male" }), [twin("sam", "Sam", { gender: "other" })], { state: "linked", bookingId: "sam" }],
    ["a nickname is not the name", reportPatient({ given: ["Beth"] }), [twin("eliz", "Elizabeth")], { state: "needs-review", reason: "demographics-disagree", bookingIds: ["eliz"] }],
    ["another middle name is not the name", reportPatient({ given: ["Mary", "Jane"] }), [twin("mk", "Mary Kate")], { state: "needs-review", reason: "demographics-disagree", bookingIds: ["mk"] }],
    // Accents, case, hyphens, apostrophes and spaces.
    ["accents and capitals are tolerated without a rival", reportPatient({ given: ["Zoë"], family: "Brontë" }), [twin("zoe", "ZOE", { familyName: "BRONTE" })], { state: "linked", bookingId: "zoe" }],
    ["a match only after ignoring accents goes to review beside an exact rival", reportPatient({ given: ["Zoë"], family: "Brontë" }), [twin("zoe", "Zoe", { familyName: "Bronte" }), alike("zoe2", "Zoë", { familyName: "Brontë" })], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["zoe", "zoe2"] }],
    ["an exact match links whatever the tolerant rivals", reportPatient({ given: ["Zoë"], family: "Brontë" }), [twin("zoe", "Zoë", { familyName: "Brontë" }), alike("zoe2", "Zoe", { familyName: "Bronte" })], { state: "linked", bookingId: "zoe" }],
    ["hyphens, apostrophes and spaces are tolerated", reportPatient({ given: ["Mary-Jane"], family: "D'Arcy Smith" }), [twin("mj", "Mary Jane", { familyName: "Darcy-Smith" })], { state: "linked", bookingId: "mj" }],
    ["a hyphenated given name begun by the report's links alone", reportPatient({ given: ["Mary"] }), [twin("mj", "Mary-Jane")], { state: "linked", bookingId: "mj" }],
    ["a hyphenated given name begun by the report's goes to review beside another", reportPatient({ given: ["Mary"] }), [twin("mj", "Mary-Jane"), alike("mk", "Mary-Kate")], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["mj", "mk"] }],
    ["a rival with a different family name is no rival", reportPatient({ given: ["B"] }), [twin("beth", "Beth"), alike("bea", "Bea", { familyName: "Other" })], { state: "linked", bookingId: "beth" }],
    ["a cancelled look-alike is no rival", reportPatient({ given: ["A"] }), [twin("amy", "Amy"), alike("anna", "Anna", { status: "cancelled" })], { state: "linked", bookingId: "amy" }],
    // NHS number present or absent on either side.
    ["no NHS number in the report while the booking has one: review", reportPatient({}), [twin("beth", "Beth", { nhsNumber: "9990000018" })], { state: "needs-review", reason: "demographics-incomplete", bookingIds: ["beth"] }],
    ["a placeholder NHS number in the report while the booking has one: review", reportPatient({ nhs: "0000000000", nhsProblem: "placeholder" }), [twin("beth", "Beth", { nhsNumber: "9990000018" })], { state: "needs-review", reason: "demographics-incomplete", bookingIds: ["beth"] }],
    ["an NHS number in the report but not in the booking: links on the full name", reportPatient({ nhs: "9990000018" }), [twin("beth", "Beth")], { state: "linked", bookingId: "beth" }],
    ["NHS numbers that differ: review", reportPatient({ nhs: "9990000018" }), [twin("beth", "Beth", { nhsNumber: "9990000026" })], { state: "needs-review", reason: "demographics-disagree", bookingIds: ["beth"] }],
    ["matching NHS numbers and an initial beat a look-alike without one", reportPatient({ given: ["B"], nhs: "9990000018" }), [twin("beth", "Beth", { nhsNumber: "9990000018" }), alike("bea", "Bea")], { state: "linked", bookingId: "beth" }],
    ["an initial goes to review beside a look-alike with the report's NHS number", reportPatient({ given: ["B"], nhs: "9990000018" }), [twin("beth", "Beth"), alike("beth2", "Beth", { nhsNumber: "9990000018" })], { state: "needs-review", reason: "multiple-candidates", bookingIds: ["beth", "beth2"] }],
    ["no given name in the report: review, unless the NHS numbers match", reportPatient({ given: null }), [twin("beth", "Beth")], { state: "needs-review", reason: "demographics-incomplete", bookingIds: ["beth"] }],
    ["no given name but matching NHS numbers: links", reportPatient({ given: null, nhs: "9990000018" }), [twin("beth", "Beth", { nhsNumber: "9990000018" })], { state: "linked", bookingId: "beth" }],
    ["a report with two different NHS numbers: review", reportPatient({ nhs: "9990000018", nhsConflict: true }), [twin("beth", "Beth", { nhsNumber: "9990000018" })], { state: "needs-review", reason: "demographics-disagree", bookingIds: ["beth"] }],
    ["look-alikes alone are never linked: the report waits for its booking", reportPatient({}), [alike("beth", "Beth")], { state: "awaiting-booking" }],
  ];

  it.each(cases)("%s", (_name, document, candidates, expected) => {
    expect(matchDocument(document, candidates)).toMatchObject(expected);
  });

  it("says why, in words a reviewer can act on", () => {
    const d = matchDocument(reportPatient({}), [twin("amy", "Amy"), alike("beth", "Beth")]);
    expect(d).toMatchObject({ state: "needs-review", message: "The patient in the report and in the booking differ: given name. 1 other open booking matches the report's patient: compare them" });
    const r = matchDocument(reportPatient({ given: ["A"] }), [twin("amy", "Amy"), alike("anna", "Anna")]);
    expect(r).toMatchObject({ message: expect.stringMatching(/matches 2 open bookings, this one only by an initial/) });
  });
});
