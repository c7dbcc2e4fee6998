import { describe, expect, it } from "vitest";
import { compareFamilyNames, compareGivenNames, normaliseName } from "./match-names";

describe("compareGivenNames", () => {
  it.each([
    ["Beth", "Beth", "exact"],
    ["  Beth ", "Beth", "exact"],
    ["BETH", "Beth", "tolerant"],
    ["Zoë", "Zoe", "tolerant"],
    ["Chloé", "CHLOE", "tolerant"],
    ["Mary-Jane", "Mary Jane", "tolerant"],
    ["Mary-Jane", "Maryjane", "tolerant"],
    ["D'Arcy", "Darcy", "tolerant"],
    ["Mary", "Mary-Jane", "first-name"],
    ["Priya Anne", "Priya", "first-name"],
    ["B", "Beth", "initial"],
    ["B.", "beth", "initial"],
    ["M. J.", "Mary Jane", "initial"],
    ["Mary J", "Mary Jane", "initial"],
    ["É", "Elodie", "initial"],
  ])("%s and %s agree (%s)", (a, b, level) => {
    expect(compareGivenNames(a, b)).toEqual({ agree: true, level });
    expect(compareGivenNames(b, a)).toEqual({ agree: true, level });
  });

  it.each([
    ["Amy", "Beth"],
    ["A", "Beth"],
    ["Beth", "Elizabeth"],
    ["Ann", "Anna"],
    ["Mary Jane", "Mary Kate"],
    ["Jane Mary", "Mary Jane"],
    ["M J", "Mary Kate"],
    ["-", "Beth"],
    ["", "Beth"],
  ])("%s and %s do not agree", (a, b) => {
    expect(compareGivenNames(a, b)).toEqual({ agree: false });
  });
});

describe("compareFamilyNames", () => {
  it.each([
    ["Twin", "Twin", "exact"],
    ["O'Connell-Hart", "O'CONNELL HART", "tolerant"],
    ["Brontë", "Bronte", "tolerant"],
    ["Smith-Jones", "smith jones", "tolerant"],
  ])("%s and %s agree (%s)", (a, b, level) => {
    expect(compareFamilyNames(a, b)).toEqual({ agree: true, level });
  });

  it("never lets an initial or a part stand for a family name", () => {
    expect(compareFamilyNames("T", "Twin")).toEqual({ agree: false });
    expect(compareFamilyNames("Smith", "Smith-Jones")).toEqual({ agree: false });
    expect(compareFamilyNames("Smith", "Smyth")).toEqual({ agree: false });
    expect(compareFamilyNames("--", "--")).toEqual({ agree: false });
  });
});

describe("normaliseName", () => {
  it("folds case, strips accents (NFKD) and drops spaces, hyphens and apostrophes", () => {
    expect(normaliseName(" Zoë-Anne O’Brien ")).toBe("zoeanneobrien");
    expect(normaliseName("ﬁona")).toBe("fiona");
  });
});
