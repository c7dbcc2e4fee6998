import { describe, expect, it } from "vitest";
import { ageOn, describeNhsNumber, formatBirthDate } from "./format";

describe("patient banner formatting", () => {
  it("computes age in whole years, the day before and on a birthday", () => {
    expect(ageOn("1984-03-12", "2026-03-11")).toBe(41);
    expect(ageOn("1984-03-12", "2026-03-12")).toBe(42);
    expect(ageOn("nonsense", "2026-03-12")).toBeNull();
  });

  it("formats a date of birth as NHS banners do", () => {
    expect(formatBirthDate("1984-03-12")).toBe("12-Mar-1984");
  });

  it("never presents an unverified NHS number as verified", () => {
    expect(describeNhsNumber("9993766984", "01")).toEqual({ text: "999 376 6984", verified: true, note: "Verified" });
    const unverified = describeNhsNumber("9993766984", "02");
    expect(unverified.verified).toBe(false);
    expect(unverified.note).toBe("Not verified: Number present but not traced");
    expect(describeNhsNumber("9993766984", null).verified).toBe(false);
    expect(describeNhsNumber(null, null).text).toBe("No NHS number");
  });
});
