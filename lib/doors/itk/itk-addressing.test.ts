import { describe, expect, it } from "vitest";
import { addressOf, interactionOf } from "./itk-addressing";

describe("reading the ITK routing", () => {
  it("names the interaction by its role, in the v2 and v3 spellings", () => {
    expect(interactionOf("urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientNHS111CDADocument-v2-0")).toBe("primary-emergency-department");
    expect(interactionOf("urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientIntegratedUrgentCareCDADocument-v3-0")).toBe("primary-emergency-department");
    expect(interactionOf("urn:nhs-itk:interaction:copyRecipientNHS111CDADocument-v2-0")).toBe("copy-recipient");
    expect(interactionOf("urn:nhs-itk:interaction:primaryNHS111RepeatCallerDocumentSet-v1-0")).toBe("repeat-caller-document-set");
    expect(interactionOf("urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0")).toBe("primary-out-of-hours");
    expect(interactionOf("urn:nhs-itk:interaction:primaryGeneralPractitionerRecipientNHS111CDADocument-v2-0")).toBe("primary-general-practitioner");
    expect(interactionOf(null)).toBe("unknown");
    expect(interactionOf("urn:nhs-itk:interaction:somethingElse")).toBe("unknown");
  });

  it("reads ODS addresses (with or without a local part) and DoS service ids", () => {
    expect(addressOf({ uri: "urn:nhs-uk:addressing:ods:RZZ01", type: null })).toEqual({ kind: "ods", id: "RZZ01" });
    expect(addressOf({ uri: "urn:nhs-uk:addressing:ods:5L399:445510770", type: null })).toEqual({ kind: "ods", id: "5L399" });
    expect(addressOf({ uri: "2000006423", type: "2.16.840.1.113883.2.1.3.2.4.18.44" })).toEqual({ kind: "dos-service", id: "2000006423" });
    expect(addressOf({ uri: "mailto:someone@example.org", type: null })).toEqual({ kind: "other", id: "mailto:someone@example.org" });
  });
});
