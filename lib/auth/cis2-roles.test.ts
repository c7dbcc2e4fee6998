import { describe, expect, it } from "vitest";
import { DEFAULT_CIS2_ROLE_MAP, decideCis2Role, parseRoleMap } from "./cis2-roles";

const MAP = parseRoleMap('{"R8000":"clinician","R8001":"clinician","R0260":"clerk","R1975":"manager","B0360":"clerk"}');

describe("CIS2 role mapping", () => {
  it("maps a role held at this trust by its job role code", () => {
    const d = decideCis2Role({ nhsid_nrbac_roles: [{ person_roleid: "1", org_code: "RZZ", role_code: "S8000:G8000:R8000", activity_codes: ["B0264"] }] }, "RZZ", MAP);
    expect(d).toMatchObject({ ok: true, role: "clinician", matchedBy: "R8000", personRoleId: "1" });
  });

  it("maps by activity code when the role code is not listed", () => {
    const d = decideCis2Role({ nhsid_nrbac_roles: [{ person_roleid: "2", org_code: "rzz", role_code: "S0010:G0020:R9999", activity_codes: ["B0001", "B0360"] }] }, "RZZ", MAP);
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
      { person_roleid: "a", org_code: "RZZ", role_code: "R1975" },
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
});
