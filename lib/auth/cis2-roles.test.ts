import { describe, expect, it } from "vitest";
import { assuranceEnough, assuranceLevel, DEFAULT_CIS2_ROLE_MAP, decideCis2Role, parseMinAal, parseRoleMap, UNMAPPED_BY_DEFAULT } from "./cis2-roles";

// As the README's example: the national access roles, plus a trust's own choice of code for its managers.
const MAP = parseRoleMap('{"R8000":"clinician","R8001":"clinician","R8002":"clinician","R8003":"clinician","R8008":"clerk","R8010":"clerk","R8011":"manager"}');
const at = (roleCode: string, org = "RZZ") => ({ nhsid_nrbac_roles: [{ person_roleid: "x", org_code: org, role_code: roleCode }] });

describe("CIS2 role mapping", () => {
  it("maps a role held at this trust by its job role code", () => {
    const d = decideCis2Role({ nhsid_nrbac_roles: [{ person_roleid: "1", org_code: "RZZ", role_code: "S8000:G8000:R8000", activity_codes: ["B0264"] }] }, "RZZ", MAP);
    expect(d).toMatchObject({ ok: true, role: "clinician", matchedBy: "R8000", personRoleId: "1" });
  });

  it("maps by activity code when the role code is not listed", () => {
    const d = decideCis2Role({ nhsid_nrbac_roles: [{ person_roleid: "2", org_code: "rzz", role_code: "S0010:G0020:R9999", activity_codes: ["B0001", "B0360"] }] }, "RZZ", { ...MAP, B0360: "clerk" });
    expect(d).toMatchObject({ ok: true, role: "clerk", matchedBy: "B0360" });
  });

  it("refuses a mapped role held at another organisation", () => {
    const d = decideCis2Role({ nhsid_nrbac_roles: [{ person_roleid: "3", org_code: "RXX", role_code: "S8000:G8000:R8000" }] }, "RZZ", MAP);
    expect(d).toEqual({ ok: false, reason: "wrong-organisation", seenOrgs: ["RXX"] });
  });

  it("refuses a role at this trust that the map does not know, and no roles at all", () => {
    expect(decideCis2Role({ nhsid_nrbac_roles: [{ org_code: "RZZ", role_code: "S1:G1:R5555" }] }, "RZZ", MAP)).toMatchObject({ ok: false, reason: "no-matching-role" });
    expect(decideCis2Role({}, "RZZ", MAP)).toMatchObject({ ok: false, reason: "no-roles" });
    expect(decideCis2Role({ nhsid_nrbac_roles: "nonsense" }, "RZZ", MAP)).toMatchObject({ ok: false, reason: "no-roles" });
  });

  it("uses only the role selected at sign-in when CIS2 says which", () => {
    const roles = [
      { person_roleid: "a", org_code: "RZZ", role_code: "R8011" },
      { person_roleid: "b", org_code: "RXX", role_code: "R8000" },
    ];
    expect(decideCis2Role({ nhsid_nrbac_roles: roles, selected_roleid: "a" }, "RZZ", MAP)).toMatchObject({ ok: true, role: "manager" });
    expect(decideCis2Role({ nhsid_nrbac_roles: roles, selected_roleid: "b" }, "RZZ", MAP)).toMatchObject({ ok: false, reason: "wrong-organisation" });
  });

  it("has a default map and refuses a map naming an unknown role", () => {
    expect(parseRoleMap(undefined)).toBe(DEFAULT_CIS2_ROLE_MAP);
    expect(Object.values(DEFAULT_CIS2_ROLE_MAP)).not.toContain("admin");
    expect(() => parseRoleMap('{"R8000":"surgeon"}')).toThrow(/not one of/);
    expect(() => parseRoleMap("[1]")).toThrow(/JSON object/);
    expect(() => parseRoleMap("{")).toThrow(/JSON object/);
  });

  it("maps the national access roles by default (HAZ-075): clinical ones to clinician, R8008 and R8010 to clerk", () => {
    expect(DEFAULT_CIS2_ROLE_MAP).toEqual({ R8000: "clinician", R8001: "clinician", R8002: "clinician", R8003: "clinician", R8008: "clerk", R8010: "clerk" });
    for (const [code, role] of Object.entries(DEFAULT_CIS2_ROLE_MAP)) expect(decideCis2Role(at(`S0:G0:${code}`), "RZZ", DEFAULT_CIS2_ROLE_MAP)).toMatchObject({ ok: true, role });
  });

  it("never gives a GP's job role, a midwife's or a bank worker's access role any access by default", () => {
    // R0260 General Medical Practitioner and R1975 (a local job role) were the old example: a GP must not become a clerk.
    for (const code of ["R0260", "R1975", "R8016", "R8024"]) {
      expect(decideCis2Role(at(`S0:G0:${code}`), "RZZ", DEFAULT_CIS2_ROLE_MAP)).toMatchObject({ ok: false, reason: "no-matching-role" });
      expect(decideCis2Role(at(code), "RZZ", MAP)).toMatchObject({ ok: false, reason: "no-matching-role" });
    }
    expect(Object.keys(UNMAPPED_BY_DEFAULT).sort()).toEqual(["R8016", "R8024"]);
    for (const code of Object.keys(UNMAPPED_BY_DEFAULT)) expect(DEFAULT_CIS2_ROLE_MAP[code]).toBeUndefined();
  });

  it("reads the assurance level from acr and asks clinicians and administrators for CIS2_MIN_AAL, everyone else AAL2", () => {
    expect(assuranceLevel("AAL3_ANY")).toBe(3);
    expect(assuranceLevel("AAL2_OR_AAL3_ANY")).toBe(2);
    expect(assuranceLevel("AAL1_USERPASS")).toBe(1);
    expect(assuranceLevel(undefined)).toBeNull();
    expect(assuranceLevel("urn:something")).toBeNull();
    expect(assuranceEnough("clinician", "AAL3_ANY", 3)).toBe(true);
    expect(assuranceEnough("clinician", "AAL2_OR_AAL3_ANY", 3)).toBe(false);
    expect(assuranceEnough("admin", "AAL2_OR_AAL3_ANY", 3)).toBe(false);
    expect(assuranceEnough("clinician", "AAL2_OR_AAL3_ANY", 2)).toBe(true);
    expect(assuranceEnough("clerk", "AAL2_OR_AAL3_ANY", 3)).toBe(true);
    expect(assuranceEnough("manager", "AAL1_USERPASS", 3)).toBe(false);
    expect(assuranceEnough("clerk", null, 2)).toBe(false);
    expect(parseMinAal(undefined)).toBe(3);
    expect(parseMinAal("2")).toBe(2);
    expect(() => parseMinAal("1")).toThrow(/2 or 3/);
  });
});
