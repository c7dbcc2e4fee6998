import { describe, expect, it } from "vitest";
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, nhsNumberProblem, testNhsNumber } from "./nhs-number";

describe("NHS number", () => {
  it("accepts valid test-range numbers", () => {
    for (const n of ["9993766984", "9999492304", "9995489589", "999 820 0679"]) expect(isValidNhsNumber(n)).toBe(true);
  });

  it("refuses a wrong check digit, wrong length and letters", () => {
    expect(nhsNumberProblem("9993766985")).toBe("check-digit");
    expect(nhsNumberProblem("999376698")).toBe("format");
    expect(nhsNumberProblem("99937669A4")).toBe("format");
  });

  it("refuses numbers whose first nine digits have no check digit", () => {
    expect(nhsCheckDigit("999937865")).toBeNull();
    expect(nhsNumberProblem("9999378650")).toBe("check-digit");
  });

  it("refuses placeholder numbers such as 0000000000", () => {
    expect(nhsNumberProblem("0000000000")).toBe("placeholder");
    expect(nhsNumberProblem("1111111111")).toBe("placeholder");
  });

  it("generates valid, deterministic 999-range numbers", () => {
    const a = testNhsNumber(42);
    expect(a).toMatch(/^999\d{7}$/);
    expect(isValidNhsNumber(a)).toBe(true);
    expect(testNhsNumber(42)).toBe(a);
    const many = new Set(Array.from({ length: 200 }, (_, i) => testNhsNumber(i * 7919)));
    for (const n of many) expect(isValidNhsNumber(n)).toBe(true);
  });

  it("formats as 3-3-4", () => {
    expect(formatNhsNumber("9993766984")).toBe("999 376 6984");
  });
});
