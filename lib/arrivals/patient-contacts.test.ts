import { describe, expect, it } from "vitest";
import { communicationNeeds, contactLines, rankOnePhone } from "./patient-contacts";

describe("the patient's contact details", () => {
  it("puts the rank-1 number first, wherever it was sent, with the contact's name and relationship", () => {
    const telecom = JSON.stringify([{ system: "phone", value: "07700 900111", use: "home", rank: 2 }]);
    const contact = JSON.stringify([{ relationship: [{ code: "MTH", display: "Mother" }], name: { family: "Penrose", given: ["Ruth"], prefix: [], text: "Ruth PENROSE" }, telecom: [{ system: "phone", value: "07700 900222", rank: 1 }] }]);
    const lines = contactLines(telecom, contact);
    expect(lines.map((l) => [l.who, l.relationship, l.value])).toEqual([
      ["Ruth PENROSE", "Mother", "07700 900222"],
      ["Patient", null, "07700 900111"],
    ]);
    expect(rankOnePhone(lines)?.value).toBe("07700 900222");
  });

  it("reads FHIR-shaped contacts too, and survives rubbish", () => {
    const contact = JSON.stringify([{ relationship: [{ coding: [{ display: "Carer" }] }], name: { given: ["Sam"], family: "Ives" }, telecom: [{ system: "phone", value: "01632 960001" }] }]);
    expect(contactLines("not json", contact)[0]).toMatchObject({ who: "Sam Ives", relationship: "Carer", rank: null });
    expect(contactLines("{}", "[1,2]")).toEqual([]);
  });

  it("reads language and interpreter needs in the booking door's shape and in FHIR's", () => {
    expect(communicationNeeds(JSON.stringify([{ languages: [{ code: "pl", display: "Polish" }], interpreterRequired: true }]))).toEqual([{ language: "Polish", preferred: true, interpreterRequired: true }]);
    expect(communicationNeeds(JSON.stringify([{ language: { coding: [{ display: "Welsh" }] }, preferred: true }]))).toEqual([{ language: "Welsh", preferred: true, interpreterRequired: null }]);
    expect(communicationNeeds(JSON.stringify([{ languages: [] }]))).toEqual([]);
  });
});
