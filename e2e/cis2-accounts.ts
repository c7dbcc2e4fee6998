/** Test accounts and client of the stand-in NHS CIS2 provider (e2e/cis2-provider.ts). Synthetic people only. */
export interface TestCis2Account {
  sub: string;
  name: string;
  given_name: string;
  family_name: string;
  /** The authentication assurance the stand-in provider reports for this sign-in (as CIS2's `acr`). */
  acr: "AAL3_ANY" | "AAL2_OR_AAL3_ANY" | "AAL1_USERPASS";
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
    acr: "AAL3_ANY",
    nhsid_nrbac_roles: [role("RZZ", "100000000001", "S8000:G8000:R8000", '"Clinical":"Clinical Provision":"Clinical Practitioner Access Role"', ["B0264", "B0360"])],
  },
  "olly.otherorg": {
    sub: "555000000002",
    name: "Dr Olly Elsewhere",
    given_name: "Olly",
    family_name: "Elsewhere",
    acr: "AAL3_ANY",
    nhsid_nrbac_roles: [role("RXX", "100000000002", "S8000:G8000:R8000", '"Clinical":"Clinical Provision":"Clinical Practitioner Access Role"', ["B0264"])],
  },
  "una.unmapped": {
    sub: "555000000003",
    name: "Una Estates",
    given_name: "Una",
    family_name: "Estates",
    acr: "AAL3_ANY",
    nhsid_nrbac_roles: [role("RZZ", "100000000003", "S0010:G0020:R9999", '"Estates":"Porter"', ["B9999"])],
  },
  "gina.gp": {
    sub: "555000000004",
    name: "Dr Gina Practice",
    given_name: "Gina",
    family_name: "Practice",
    acr: "AAL3_ANY",
    // A GP's job role at this trust's ODS code: it must never give access on its own.
    nhsid_nrbac_roles: [role("RZZ", "100000000004", "S0010:G0020:R0260", '"Clinical":"Clinical Provision":"General Medical Practitioner"', ["B0264"])],
  },
  "nina.nurse.aal2": {
    sub: "555000000005",
    name: "Nina Authenticator",
    given_name: "Nina",
    family_name: "Authenticator",
    acr: "AAL2_OR_AAL3_ANY",
    nhsid_nrbac_roles: [role("RZZ", "100000000005", "S8000:G8000:R8001", '"Clinical":"Clinical Provision":"Nurse Access Role"', ["B0264"])],
  },
  "cal.clerk.aal2": {
    sub: "555000000006",
    name: "Cal Authenticator",
    given_name: "Cal",
    family_name: "Authenticator",
    acr: "AAL2_OR_AAL3_ANY",
    nhsid_nrbac_roles: [role("RZZ", "100000000006", "S8000:G8000:R8010", '"Admin":"Clerical":"Clerical Access Role"', ["B0360"])],
  },
};

export const CIS2_TEST_CLIENT = { id: "ed-capacity-e2e", secret: "e2e-only-cis2-client-secret" };
/** The national access roles, as the README's example; R8016 and R8024 left unmapped as the default map leaves them. */
export const CIS2_TEST_ROLE_MAP = '{"R8000":"clinician","R8001":"clinician","R8002":"clinician","R8003":"clinician","R8008":"clerk","R8010":"clerk"}';

