import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { readFixture } from "../testing/fixtures/cda/build-envelope";
import { bookingLookupKeys, compareDemographics, isAwaitingTooLong, matchDocument, normaliseFamilyName, type BookingCandidate } from "./match-document";

const report = parseClinicalDocument(readFixture("iuc-report-v3.xml")); // Priya O'Connell-Hart, 9993766984, 1984-03-07

const booking = (over: Partial<BookingCandidate> = {}): BookingCandidate => ({
  bookingId: "booking-1",
  status: "booked",
  nhsNumber: "999 376 6984",
  birthDate: "1984-03-07",
  familyName: "O'CONNELL HART",
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
    const c = compareDemographics(report, { nhsNumber: null, birthDate: "1984-03-08", familyName: "o’connell-hart" });
    expect(c).toEqual({
      nhsNumber: { document: "9993766984", booking: null, agreement: "missing-in-booking" },
      birthDate: { document: "1984-03-07", booking: "1984-03-08", agreement: "mismatch" },
      familyName: { document: "O'Connell-Hart", booking: "o’connell-hart", agreement: "match" },
      agree: false,
    });
  });

  it("shows but never compares a placeholder NHS number from the report", () => {
    const placeholder = parseClinicalDocument(readFixture("iuc-report-v3.xml").replace(`extension="9993766984"`, `extension="0000000000"`));
    const c = compareDemographics(placeholder, { nhsNumber: "9993766984", birthDate: "1984-03-07", familyName: "O'Connell-Hart" });
    expect(c.nhsNumber).toMatchObject({ document: "0000000000", agreement: "missing-in-document", note: expect.stringMatching(/not valid/) });
    expect(c.agree).toBe(true);
  });

  it("treats a report without a patient as missing everything", () => {
    const c = compareDemographics({ patient: null }, { nhsNumber: null, birthDate: null, familyName: null });
    expect([c.nhsNumber.agreement, c.birthDate.agreement, c.familyName.agreement]).toEqual(["missing-in-both", "missing-in-both", "missing-in-both"]);
    expect(c.agree).toBe(false);
  });
});

describe("normaliseFamilyName and isAwaitingTooLong", () => {
  it("ignores case, spaces, punctuation and accents but not letters", () => {
    expect(normaliseFamilyName(" Smith-Jones ")).toBe(normaliseFamilyName("smith jones"));
    expect(normaliseFamilyName("Zoë")).toBe("zoe");
    expect(normaliseFamilyName("Smith")).not.toBe(normaliseFamilyName("Smyth"));
    expect(compareDemographics(report, { nhsNumber: null, birthDate: null, familyName: "--" }).familyName.agreement).toBe("mismatch");
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
