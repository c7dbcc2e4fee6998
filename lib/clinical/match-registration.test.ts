import { describe, expect, it } from "vitest";
import { matchRegistration, type RegistrationCandidate } from "./match-registration";
import type { MatchPatient } from "./match-document";

const booking = (o: Partial<RegistrationCandidate> = {}): RegistrationCandidate => ({ bookingId: "b1", status: "booked", nhsNumber: "9990000018", birthDate: "2001-05-17", familyName: "Ashdown", givenName: "Nell", gender: "female", postcode: "WX2 7QT", ...o });
const patient = (o: Partial<MatchPatient> & { postcode?: string | null } = {}) => ({ nhsNumber: { value: "9990000018", problem: null }, birthDate: "2001-05-17", name: { given: ["Nell"], family: "Ashdown" }, gender: { value: "female" as const }, postcode: "WX2 7QT", ...o });

describe("matching an ED-record registration to a booking (HAZ-110)", () => {
  it("matches on NHS number and birth date, even with a typo in the name", () => {
    expect(matchRegistration(patient({ name: { given: ["Nel"], family: "Ashdown" } }), [booking()])).toEqual({ state: "matched", bookingId: "b1" });
  });
  it("a different valid NHS number is another patient; no booking at all is no-booking", () => {
    expect(matchRegistration(patient({ nhsNumber: { value: "9990000026", problem: null } }), [booking()])).toEqual({ state: "no-booking" });
    expect(matchRegistration(patient(), [])).toEqual({ state: "no-booking" });
  });
  it("an invalid NHS number, one side without one, or another birth date go to review", () => {
    expect(matchRegistration(patient({ nhsNumber: { value: "9990000081", problem: "check-digit" } }), [booking()])).toMatchObject({ state: "needs-review", reason: "nhs-number-invalid" });
    expect(matchRegistration(patient({ nhsNumber: null }), [booking()])).toMatchObject({ state: "needs-review", reason: "demographics-incomplete" });
    expect(matchRegistration(patient(), [booking({ nhsNumber: null })])).toMatchObject({ state: "needs-review", reason: "demographics-incomplete" });
    expect(matchRegistration(patient({ birthDate: "2001-05-18" }), [booking({ birthDate: "2001-05-17" })])).toMatchObject({ state: "needs-review", reason: "demographics-disagree" });
  });
  it("with no NHS number on either side every detail must agree, never by an initial", () => {
    const none = { nhsNumber: null };
    expect(matchRegistration(patient(none), [booking(none)])).toEqual({ state: "matched", bookingId: "b1" });
    expect(matchRegistration(patient({ ...none, postcode: "WX9 9ZZ" }), [booking(none)])).toMatchObject({ state: "needs-review" });
    expect(matchRegistration(patient({ ...none, name: { given: ["N"], family: "Ashdown" } }), [booking(none)])).toMatchObject({ state: "needs-review" });
    expect(matchRegistration(patient({ ...none, name: { given: ["Beth"], family: "Ashdown" } }), [booking(none)])).toEqual({ state: "no-booking" });
  });
  it("two matching bookings, or a match with a rival in doubt, go to review with both", () => {
    expect(matchRegistration(patient(), [booking(), booking({ bookingId: "b2" })])).toMatchObject({ state: "needs-review", reason: "multiple-candidates", bookingIds: ["b1", "b2"] });
    expect(matchRegistration(patient(), [booking(), booking({ bookingId: "b2", nhsNumber: null })])).toMatchObject({ state: "needs-review", reason: "multiple-candidates" });
    expect(matchRegistration(patient(), [booking({ status: "cancelled" })])).toEqual({ state: "no-booking" });
  });
});
