import { describe, expect, it } from "vitest";
import { interpretAppointmentIdentifier } from "./appointment-reference";
import { allergyStatusOf, classifySection } from "./classify-section";
import { describeMinutes, timeframeFromText } from "./disposition";

describe("classifySection", () => {
  it("prefers the code over the title", () => {
    expect(classifySection({ code: "886921000000105", codeSystem: "2.16.840.1.113883.2.1.3.2.4.15" }, "Notes")).toEqual({ kind: "allergies", classifiedBy: "code" });
    expect(classifySection({ code: "PRC", codeSystem: "2.16.840.1.113883.2.1.3.2.4.17.422" }, "Whatever")).toEqual({ kind: "reason-for-call", classifiedBy: "code" });
  });

  it("ignores a known number under a different code system and falls back to the title", () => {
    expect(classifySection({ code: "886921000000105", codeSystem: "1.2.3" }, "Advice Given")).toEqual({ kind: "care-advice", classifiedBy: "title" });
  });

  it.each([
    ["Patient's Reported Condition", "reason-for-call"],
    ["Patient&apos;s Reported Condition".replace("&apos;", "’"), "reason-for-call"],
    ["ComponentTitle - Pathways Disposition", "disposition"],
    ["Information And Advice Given", "care-advice"],
    ["Case Summary", "clinical-summary"],
    ["Triage Report", "assessment"],
    ["Prescribed Items", "medications"],
    ["Allergies and adverse reactions", "allergies"],
    ["Child protection concerns", "safeguarding"],
    ["SCR Consent", "consent"],
    ["Repeat Caller Information", "information"],
    ["Booked appointment with UTC on 1 June at 14:00", "appointment"],
    ["Something else entirely", "other"],
  ])("classifies the title %s as %s", (title, kind) => {
    expect(classifySection(null, title).kind).toBe(kind);
  });
});

describe("allergyStatusOf", () => {
  it.each([
    ["No known allergies.", "no-known-allergies"],
    ["No known allergies or adverse reaction.", "no-known-allergies"],
    ["NKDA", "no-known-allergies"],
    ["", "not-recorded"],
    ["Not recorded", "not-recorded"],
    ["Unknown", "not-recorded"],
    ["None recorded", "not-recorded"],
    ["Penicillin - rash", "recorded"],
    ["No known drug allergies but allergic to latex", "recorded"],
    ["None", "recorded"],
  ])("%j is %s", (text, status) => {
    expect(allergyStatusOf(text)).toBe(status);
  });
});

describe("timeframeFromText", () => {
  it.each([
    ["Attend a Treatment Centre within 1 hour", 60],
    ["To contact a local service within 6 hours", 360],
    ["Speak to a clinician within 20 minutes", 20],
    ["Refer to Mental Health/Crisis Service within 4 hours", 240],
    ["See a GP within twenty-four hours", 24 * 60],
    ["Contact a pharmacist within an hour", 60],
    ["Repeat Prescription required within 12 hours", 720],
    ["Routine appointment within 2 weeks", 2 * 7 * 24 * 60],
  ])("%s → %d minutes", (text, minutes) => {
    expect(timeframeFromText(text)!.minutes).toBe(minutes);
  });

  it("gives nothing when the wording has no timeframe", () => {
    expect(timeframeFromText("Passed onto clinical hub")).toBeNull();
    expect(timeframeFromText("within reason")).toBeNull();
    expect(timeframeFromText(null)).toBeNull();
  });

  it("describes minutes for people", () => {
    expect(describeMinutes(60)).toBe("1 hour");
    expect(describeMinutes(240)).toBe("4 hours");
    expect(describeMinutes(1440)).toBe("24 hours");
    expect(describeMinutes(20)).toBe("20 minutes");
    expect(describeMinutes(7 * 1440)).toBe("7 days");
  });
});

describe("interpretAppointmentIdentifier", () => {
  it("reads an absolute https Appointment URL, with or without a trailing slash", () => {
    expect(interpretAppointmentIdentifier("https://ed.example.org/fhir/Appointment/28BCD0FC-F01F-4DB2-B6F1-92A36A37B348/")).toEqual({
      url: "https://ed.example.org/fhir/Appointment/28BCD0FC-F01F-4DB2-B6F1-92A36A37B348",
      appointmentId: "28BCD0FC-F01F-4DB2-B6F1-92A36A37B348",
    });
  });

  it("drops a version and says so", () => {
    expect(interpretAppointmentIdentifier("https://ed.example.org/STU3/1/Appointment/abc/_history/2")).toEqual({
      url: "https://ed.example.org/STU3/1/Appointment/abc",
      appointmentId: "abc",
      problem: "Appointment URL names a version (/_history/), which was ignored",
    });
  });

  it("keeps the id of an http URL but never the URL", () => {
    expect(interpretAppointmentIdentifier("http://ed.example.org/Appointment/abc")).toEqual({ url: null, appointmentId: "abc", problem: "Appointment URL is not https" });
  });

  it("accepts a bare id and refuses anything else", () => {
    expect(interpretAppointmentIdentifier("eb4f7f21-3962-4416-9a29-a46dd6ee5f17")).toEqual({ url: null, appointmentId: "eb4f7f21-3962-4416-9a29-a46dd6ee5f17" });
    expect(interpretAppointmentIdentifier("https://ed.example.org/Patient/1").problem).toMatch(/not an Appointment URL/);
    expect(interpretAppointmentIdentifier("<script>").problem).toMatch(/neither/);
  });
});
