import { describe, expect, it } from "vitest";
import { hl7BirthDate, parseHl7Time } from "./hl7-time";

describe("parseHl7Time", () => {
  it("reads the offsets 111 suppliers send: +01, +0100, +00 and negative", () => {
    expect(parseHl7Time("20210406123335+01")!.instant!.toISOString()).toBe("2021-04-06T11:33:35.000Z");
    expect(parseHl7Time("20210406115411+0100")!.instant!.toISOString()).toBe("2021-04-06T10:54:11.000Z");
    expect(parseHl7Time("201701012000+00")!.instant!.toISOString()).toBe("2017-01-01T20:00:00.000Z");
    expect(parseHl7Time("20260101093000-0530")!.instant!.toISOString()).toBe("2026-01-01T15:00:00.000Z");
    expect(parseHl7Time("20260101093000.25+0000")!.instant!.toISOString()).toBe("2026-01-01T09:30:00.250Z");
    expect(parseHl7Time("20210406123335+01")!.zone).toBe("offset");
  });

  it("reads a value without an offset as London wall-clock time, in winter and in summer", () => {
    const winter = parseHl7Time("20260115093000")!;
    expect(winter.instant!.toISOString()).toBe("2026-01-15T09:30:00.000Z");
    expect(winter.zone).toBe("assumed-london");
    expect(parseHl7Time("20220316140542")!.instant!.toISOString()).toBe("2022-03-16T14:05:42.000Z");
    expect(parseHl7Time("202607141200")!.instant!.toISOString()).toBe("2026-07-14T11:00:00.000Z");
  });

  it("flags the spring gap and the autumn fold instead of guessing silently", () => {
    const gap = parseHl7Time("202603290130")!;
    expect(gap.instant).toBeNull();
    expect(gap.problem).toMatch(/skips/);
    const fold = parseHl7Time("202610250130")!;
    expect(fold.instant!.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(fold.problem).toMatch(/twice/);
  });

  it("keeps date-only values as dates without inventing a time", () => {
    const t = parseHl7Time("19840307")!;
    expect(t.date).toBe("1984-03-07");
    expect(t.instant).toBeNull();
  });

  it("reports values that are not dates rather than throwing", () => {
    expect(parseHl7Time("@@nhs111-encounter-date-time-start@@+00")!.problem).toMatch(/Not an HL7/);
    expect(parseHl7Time("20260230")!.problem).toMatch(/No such date/);
    expect(parseHl7Time("202602012500")!.problem).toMatch(/No such time/);
    expect(parseHl7Time("")).toBeNull();
    expect(parseHl7Time(undefined)).toBeNull();
  });
});

describe("hl7BirthDate", () => {
  it("takes the calendar date as written, even with a time and offset", () => {
    expect(hl7BirthDate("19571130")).toBe("1957-11-30");
    expect(hl7BirthDate("199001012330-0500")).toBe("1990-01-01");
    expect(hl7BirthDate("1957")).toBeNull();
  });
});
