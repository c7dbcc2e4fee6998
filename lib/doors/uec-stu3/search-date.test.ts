import { describe, expect, it } from "vitest";
import { parseSearchDate } from "./search-date";
import { isLondonDate } from "../../time/london";

describe("search dates at the ends of the calendar", () => {
  it.each(["le9999", "le9999-12", "le9999-12-31", "le9999-12-31T23:59:59Z", "ge0001", "le2999-12-31", "ge1899-12-31T23:00:00Z"])("%s is a clear refusal, not a crash", (value) => {
    const r = parseSearchDate(value);
    expect("error" in r && r.error).toMatch(/outside the years this service searches/);
  });

  it("still reads the last and first years it accepts", () => {
    for (const v of ["le2998", "le2998-12-31", "ge1900-01-01"]) {
      const r = parseSearchDate(v);
      expect("error" in r ? r.error : r.upper.getTime() > r.lower.getTime()).toBe(true);
    }
  });

  it("staff date inputs refuse the same years (they are checked with isLondonDate)", () => {
    expect(isLondonDate("9999-12-31")).toBe(false);
    expect(isLondonDate("2998-12-31")).toBe(true);
    expect(isLondonDate("1899-12-31")).toBe(false);
  });
});
