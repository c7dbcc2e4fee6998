import { describe, expect, it } from "vitest";
import { checkAddressedHere, classifyReportRoute, dispositionNotUsuallyEd, ReportNotAddressedHere, type ReportAddressing } from "./classify-report-route";

const ours = { odsCodes: ["RZZ", "RZZ01"], dosServiceIds: ["2000123456"] };
const addressing = (interaction: ReportAddressing["interaction"], addresses: ReportAddressing["addresses"] = [{ kind: "ods", id: "RZZ01" }]): ReportAddressing => ({ interaction, interactionUri: null, addresses });
const received = new Date("2026-12-03T10:00:00Z");

describe("is a message addressed to this ED", () => {
  it("is when any address is one of our ODS codes or DoS ids, compared without case", () => {
    expect(() => checkAddressedHere(addressing("copy-recipient", [{ kind: "ods", id: "NZZ55" }, { kind: "ods", id: "rzz01" }]), ours)).not.toThrow();
    expect(() => checkAddressedHere(addressing("primary-emergency-department", [{ kind: "dos-service", id: "2000123456" }]), ours)).not.toThrow();
  });

  it("is when a sender left the type off a DoS id or wrote a bare ODS code", () => {
    expect(() => checkAddressedHere(addressing("primary-emergency-department", [{ kind: "other", id: "2000123456" }]), ours)).not.toThrow();
    expect(() => checkAddressedHere(addressing("primary-emergency-department", [{ kind: "other", id: "RZZ01" }]), ours)).not.toThrow();
    expect(() => checkAddressedHere(addressing("primary-emergency-department", [{ kind: "other", id: "mailto:gp@example.org" }]), ours)).toThrow(ReportNotAddressedHere);
  });

  it("is not when every address belongs to someone else, including a DoS id that equals one of our ODS codes", () => {
    expect(() => checkAddressedHere(addressing("copy-recipient", [{ kind: "ods", id: "NZZ55" }]), ours)).toThrow(ReportNotAddressedHere);
    expect(() => checkAddressedHere(addressing("primary-emergency-department", [{ kind: "dos-service", id: "RZZ01" }]), ours)).toThrow(/DoS service RZZ01/);
  });

  it("takes a message with no address list, or when this ED's identities are not known, as ours", () => {
    expect(() => checkAddressedHere(null, ours)).not.toThrow();
    expect(() => checkAddressedHere(addressing("unknown", []), ours)).not.toThrow();
    expect(() => checkAddressedHere(addressing("unknown", [{ kind: "ods", id: "NZZ55" }]), { odsCodes: [], dosServiceIds: [] })).not.toThrow();
  });
});

describe("for action or for information", () => {
  const recent = new Date(received.getTime() - 30 * 60_000);
  it("copy-recipient and repeat-caller sets are information; primary recipients of any kind are for action", () => {
    const route = (i: ReportAddressing["interaction"]) => classifyReportRoute({ addressing: addressing(i), callStartedAt: recent, receivedAt: received, maxEncounterAgeHours: 48 }).kind;
    expect(route("copy-recipient")).toBe("information");
    expect(route("repeat-caller-document-set")).toBe("information");
    expect(route("primary-emergency-department")).toBe("for-action");
    expect(route("primary-general-practitioner")).toBe("for-action");
    expect(route("unknown")).toBe("for-action");
  });

  it("a call longer ago than the configured age is information, whatever the interaction", () => {
    const r = classifyReportRoute({ addressing: addressing("primary-emergency-department"), callStartedAt: new Date("2020-10-30T18:28:13Z"), receivedAt: received, maxEncounterAgeHours: 48 });
    expect(r).toMatchObject({ kind: "information", reason: "encounter-too-old" });
    expect(classifyReportRoute({ addressing: null, callStartedAt: new Date(received.getTime() - 47 * 3600_000), receivedAt: received, maxEncounterAgeHours: 48 }).kind).toBe("for-action");
    expect(classifyReportRoute({ addressing: null, callStartedAt: null, receivedAt: received, maxEncounterAgeHours: 48 }).kind).toBe("for-action");
  });
});

describe("dispositions not usually ED", () => {
  it.each([
    ["Dx80", "Repeat prescription required within 6 hours", true],
    ["Dx86", "Repeat Prescription required within 12 hours", true],
    ["Dx06", "To contact a local service within 6 hours", true],
    ["Dx92", "Refer to Mental Health/Crisis Service within 4 hours", true],
    ["Dx42", "Child protection / Vulnerable adult immediate referral", true],
    ["Dx02", "Refer to a Treatment Centre within 1 hour", false],
    ["Dx03", null, false],
    ["Dx009", "Go to the nearest ED within 4 hours", false],
    ["Dx0122", "Emergency Ambulance Response (Category 3)", false],
  ])("%s %s → %s", (code, displayName, expected) => {
    expect(dispositionNotUsuallyEd({ code, displayName })).toBe(expected);
  });

  it("an absent disposition is not flagged (it is shown as not sent)", () => {
    expect(dispositionNotUsuallyEd(null)).toBe(false);
    expect(dispositionNotUsuallyEd({ code: null, displayName: null })).toBe(false);
  });
});
