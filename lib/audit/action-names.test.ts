import { describe, expect, it } from "vitest";
import { auditActionName } from "./action-names";

describe("auditActionName", () => {
  it("names the actions staff and 111 systems take in plain English", () => {
    expect(auditActionName("booking.did-not-attend")).toBe("Patient marked as did not attend");
    expect(auditActionName("fhir.appointment.read")).toBe("111 system read a booking");
    expect(auditActionName("staff.sign-out")).toBe("Signed out");
    expect(auditActionName("audit.search")).toBe("Audit log searched");
  });

  it("names a code it does not list from its parts, never hiding it", () => {
    expect(auditActionName("hl7.expected-patient.listed-undeliverable")).toBe("HL7: expected patient listed undeliverable");
    expect(auditActionName("staff.role-change")).toBe("Staff account: role change");
    expect(auditActionName("tampered")).toBe("Tampered");
    expect(auditActionName("new-thing.done")).toBe("New thing: done");
  });
});
