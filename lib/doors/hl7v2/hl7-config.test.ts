import { describe, expect, it } from "vitest";
import { readHl7Config } from "./hl7-config";
import { readOutboundConfig } from "./expected-patients";

describe("HL7v2 configuration", () => {
  it("listens on 2575 in production, is off in development and test mode, and 0 turns it off", () => {
    expect(readHl7Config({ NODE_ENV: "production" }).port).toBe(2575);
    expect(readHl7Config({ NODE_ENV: "production" }).host).toBe("0.0.0.0");
    expect(readHl7Config({ NODE_ENV: "production", ED_TEST_MODE: "1" }).port).toBe(0);
    expect(readHl7Config({ NODE_ENV: "development" }).port).toBe(0);
    expect(readHl7Config({ NODE_ENV: "production", HL7_MLLP_PORT: "0" }).port).toBe(0);
    expect(readHl7Config({ HL7_MLLP_PORT: "25750" }).port).toBe(25750);
    expect(() => readHl7Config({ HL7_MLLP_PORT: "70000" })).toThrow();
    expect(() => readHl7Config({ HL7_MLLP_TLS_CERT_FILE: "/x" })).toThrow(/go together/);
    expect(readHl7Config({ HL7_ED_PATIENT_CLASSES: "e, u" }).patientClasses).toEqual(["E", "U"]);
  });
  it("sends expected patients only when the ED record's address is set, as SIU unless A05 is asked for", () => {
    expect(readOutboundConfig({})).toBeNull();
    expect(readOutboundConfig({ HL7_EPR_HOST: "epr", HL7_EPR_PORT: "2576" })?.kind).toBe("SIU");
    expect(readOutboundConfig({ HL7_EPR_HOST: "epr", HL7_EPR_PORT: "2576", HL7_EXPECTED_MESSAGE: "a05" })?.kind).toBe("A05");
    expect(() => readOutboundConfig({ HL7_EPR_HOST: "epr", HL7_EPR_PORT: "2576", HL7_EXPECTED_MESSAGE: "ORM" })).toThrow();
  });
});
