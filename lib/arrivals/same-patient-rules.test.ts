import { describe, expect, it } from "vitest";
import { classifyPair, evidenceProblems, linkBookings, looksAlike, type LiveMatchDecision, type PairPatient } from "./same-patient-rules";

/** HAZ-140: one patient only on verified NHS numbers with agreeing details, or a person's answer; never merged otherwise. */
const nell: PairPatient = { nhsNumber: "9998793092", nhsNumberStatus: "01", birthDate: "1952-11-03", family: "Harrowby", given: "Nell", gender: "female" };
const decision = (d: "same-patient" | "different-patients"): LiveMatchDecision => ({ id: "d1", bookingAId: "a", bookingBId: "b", decision: d, decidedByName: "Sam Clerk", decidedAt: new Date("2027-01-12T09:30:00Z") });

describe("one patient across two doors", () => {
  it("is one patient when both NHS numbers are verified and the same and the other details agree", () => {
    expect(classifyPair(nell, { ...nell }, null)).toMatchObject({ state: "same-patient", how: "verified-nhs-number" });
    // Spelling tolerated as the matcher tolerates it.
    expect(classifyPair(nell, { ...nell, family: "HARROWBY", given: "NELL" }, null)).toMatchObject({ state: "same-patient", how: "verified-nhs-number" });
  });

  it("is only a possible match when either number is not verified, missing, or a detail differs or is only an initial", () => {
    for (const other of [
      { ...nell, nhsNumberStatus: "02" },
      { ...nell, nhsNumberStatus: null },
      { ...nell, nhsNumber: null, nhsNumberStatus: null },
      { ...nell, given: "Eleanor" },
      { ...nell, given: "N" },
      { ...nell, gender: "male" },
      { ...nell, birthDate: "1952-11-04" },
    ]) {
      expect(classifyPair(nell, other, null)?.state, JSON.stringify(other)).toBe("possible-match");
    }
    const e = classifyPair(nell, { ...nell, nhsNumberStatus: "02", given: "Eleanor" }, null)!.evidence;
    expect(evidenceProblems(nell, { ...nell, nhsNumberStatus: "02" }, e)).toEqual(["given name differs", "NHS number not verified on both"]);
  });

  it("never relates two people with different verified NHS numbers, or who do not look alike", () => {
    expect(classifyPair(nell, { ...nell, nhsNumber: "9999492304", given: "Nora" }, null)).toBeNull();
    expect(classifyPair(nell, { ...nell, nhsNumber: "9999492304" }, null)).toBeNull();
    expect(classifyPair(nell, { ...nell, nhsNumber: null, family: "Other", birthDate: "1960-01-01" }, null)).toBeNull();
    expect(looksAlike(nell, { ...nell, nhsNumber: null, family: "harrowby" })).toBe(true);
  });

  it("a person's answer settles a possible match, and never splits a verified one", () => {
    const unverified = { ...nell, nhsNumberStatus: "02" };
    expect(classifyPair(nell, unverified, decision("same-patient"))).toMatchObject({ state: "same-patient", how: "confirmed" });
    expect(classifyPair(nell, unverified, decision("different-patients"))).toMatchObject({ state: "different-patients" });
    expect(classifyPair(nell, nell, decision("different-patients"))).toMatchObject({ state: "same-patient", how: "verified-nhs-number" });
  });

  it("links each pair once, both ways, without comparing unrelated bookings", () => {
    const bookings = [
      { id: "a", patient: nell },
      { id: "b", patient: { ...nell, nhsNumberStatus: "02" } },
      { id: "c", patient: { ...nell, nhsNumber: "9999492304", given: "Daniel", family: "Fenwick", birthDate: "1957-11-30", gender: "male" } },
    ];
    const links = linkBookings(bookings, []);
    expect(links.get("a")!.map((l) => [l.other.id, l.link.state])).toEqual([["b", "possible-match"]]);
    expect(links.get("b")!.map((l) => [l.other.id, l.link.state])).toEqual([["a", "possible-match"]]);
    expect(links.has("c")).toBe(false);
    expect(linkBookings(bookings, [decision("same-patient")]).get("a")![0].link).toMatchObject({ state: "same-patient", how: "confirmed" });
  });
});
