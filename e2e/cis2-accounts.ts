/** Test accounts and client of the stand-in NHS CIS2 provider (e2e/cis2-provider.ts). Synthetic people only. */
export interface TestCis2Account {
  sub: string;
  name: string;
  given_name: string;
  family_name: string;
  nhsid_nrbac_roles: { person_orgid: string; person_roleid: string; org_code: string; role_name: string; role_code: string; activity_codes: string[]; activities: string[] }[];
}

function role(org: string, personRoleId: string, roleCode: string, roleName: string, activityCodes: string[] = []) {
  return { person_orgid: `org-${personRoleId}`, person_roleid: personRoleId, org_code: org, role_name: roleName, role_code: roleCode, activity_codes: activityCodes, activities: [] };
}

/** Keyed by what the tester types on the provider's sign-in page. */
export const CIS2_TEST_ACCOUNTS: Record<string, TestCis2Account> = {
  "casey.clinician": {
    sub: "555000000001",
    name: "Dr Casey Smartcard",
    given_name: "Casey",
    family_name: "Smartcard",
    nhsid_nrbac_roles: [role("RZZ", "100000000001", "S8000:G8000:R8000", '"Clinical":"Clinical Provision":"Clinical Practitioner Access Role"', ["B0264", "B0360"])],
  },
  "olly.otherorg": {
    sub: "555000000002",
    name: "Dr Olly Elsewhere",
    given_name: "Olly",
    family_name: "Elsewhere",
    nhsid_nrbac_roles: [role("RXX", "100000000002", "S8000:G8000:R8000", '"Clinical":"Clinical Provision":"Clinical Practitioner Access Role"', ["B0264"])],
  },
  "una.unmapped": {
    sub: "555000000003",
    name: "Una Estates",
    given_name: "Una",
    family_name: "Estates",
    nhsid_nrbac_roles: [role("RZZ", "100000000003", "S0010:G0020:R9999", '"Estates":"Porter"', ["B9999"])],
  },
};

export const CIS2_TEST_CLIENT = { id: "ed-capacity-e2e", secret: "e2e-only-cis2-client-secret" };
export const CIS2_TEST_ROLE_MAP = '{"R8000":"clinician","R8001":"clinician","R0260":"clerk","R1975":"manager"}';

