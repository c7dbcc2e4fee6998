import { describe, expect, it } from "vitest";
import { testNhsNumber } from "../nhs/nhs-number";
import { normaliseFamilyName, patientKey, samePatient } from "./patient-key";

describe("patientKey", () => {
  it("keeps a valid NHS number as 10 digits, ignoring spaces and hyphens", () => {
    expect(patientKey({ nhsNumber: "999 000 4005" })).toEqual({ nhsNumber: "9990004005", familyAndBirthDate: null });
    expect(patientKey({ nhsNumber: "999-000-4005" })?.nhsNumber).toBe("9990004005");
  });

  it("ignores an NHS number that fails validation and falls back to family name and birth date", () => {
    expect(patientKey({ nhsNumber: "9434765918", family: "Jones", birthDate: "1980-02-01" })).toEqual({
      nhsNumber: null,
      familyAndBirthDate: "jones|1980-02-01",
    });
  });

  it("needs a full birth date and a family name to use demographics", () => {
    expect(patientKey({ family: "Jones", birthDate: "1980" })).toBeNull();
    expect(patientKey({ family: "  ", birthDate: "1980-02-01" })).toBeNull();
    expect(patientKey({})).toBeNull();
  });

  it("normalises family names: case, accents, spaces, hyphens and apostrophes", () => {
    expect(normaliseFamilyName("O'Brien")).toBe("obrien");
    expect(normaliseFamilyName("Ó Brien")).toBe("obrien");
    expect(normaliseFamilyName("SMITH-JONES")).toBe("smithjones");
  });
});

describe("samePatient", () => {
  const withNumber = patientKey({ nhsNumber: "9990004005", family: "Jones", birthDate: "1980-02-01" });

  it("matches on the NHS number when both have one", () => {
    expect(samePatient(withNumber, patientKey({ nhsNumber: "999 000 4005", family: "Other", birthDate: "2000-01-01" }))).toBe(true);
  });

  it("does not match twins: same family name and birth date, different NHS numbers", () => {
    const twin = patientKey({ nhsNumber: testNhsNumber(7), family: "Jones", birthDate: "1980-02-01" });
    expect(samePatient(withNumber, twin)).toBe(false);
  });

  it("matches on family name and birth date when either has no NHS number", () => {
    expect(samePatient(withNumber, patientKey({ family: "JONES", birthDate: "1980-02-01" }))).toBe(true);
    expect(samePatient(patientKey({ family: "jones", birthDate: "1980-02-01" }), patientKey({ family: "Jones ", birthDate: "1980-02-01" }))).toBe(true);
    expect(samePatient(withNumber, patientKey({ family: "Jones", birthDate: "1980-02-02" }))).toBe(false);
    expect(samePatient(withNumber, patientKey({ family: "Jonas", birthDate: "1980-02-01" }))).toBe(false);
  });

  it("never matches an unknown patient", () => {
    expect(samePatient(null, withNumber)).toBe(false);
    expect(samePatient(null, null)).toBe(false);
    expect(samePatient(patientKey({ nhsNumber: "9990004005" }), patientKey({ family: "Jones", birthDate: "1980-02-01" }))).toBe(false);
  });
});
