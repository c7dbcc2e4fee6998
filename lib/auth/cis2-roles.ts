import { isRole, type Role } from "./roles";

/**
 * NHS CIS2 national RBAC → our roles. CIS2 returns the person's roles in `nhsid_nrbac_roles` (scope
 * `nationalrbacaccess`): one entry per role they hold, each with the organisation (ODS code) it is held at, the
 * job role code ("S8000:G8000:R8000") and the activity codes ("B0264"…). Only roles held at this trust count.
 */
export interface NrbacRole {
  person_roleid?: string;
  org_code?: string;
  role_code?: string;
  role_name?: string;
  activity_codes?: string[];
  activities?: string[];
  [k: string]: unknown;
}

/** Role code or activity code → our role. */
export type Cis2RoleMap = Record<string, Role>;

/**
 * Used when CIS2_ROLE_MAP is not set: the national RBAC access roles (HAZ-075), never local job roles such as R0260
 * General Medical Practitioner, which a GP holds at a practice and which says nothing about work in this ED.
 * Managers and administrators are never granted by default: a trust lists its own codes for them.
 */
export const DEFAULT_CIS2_ROLE_MAP: Cis2RoleMap = {
  R8000: "clinician", // Clinical Practitioner Access Role
  R8001: "clinician", // Nurse Access Role
  // Nurse Manager Access Role: the nurse in charge of a shift holds it and must read the 111 summaries.
  R8002: "clinician",
  R8003: "clinician", // Health Professional Access Role
  R8008: "clerk", // Admin/Clinical Support Access Role
  R8010: "clerk", // Clerical Access Role
};

/**
 * National access roles deliberately left out of the default map, with why. A trust may still map one in
 * CIS2_ROLE_MAP when its own clinical safety officer decides so.
 */
export const UNMAPPED_BY_DEFAULT: Record<string, string> = {
  R8016: "Midwife Access Role: maternity work, not the ED; a midwife working in the ED holds one of the clinical access roles there",
  R8024: "Bank Access Role: says only that the person works bank shifts, not whether as a clinician or a clerk, so it cannot decide what they may see",
};

/**
 * Authentication assurance of a CIS2 sign-in, from its `acr` claim: "AAL3_ANY" is 3, "AAL2_OR_AAL3_ANY" and
 * "AAL2_ANY" are 2 (the weakest it allows), "AAL1_USERPASS" is 1. Null when absent or not a CIS2 value.
 */
export function assuranceLevel(acr: unknown): 1 | 2 | 3 | null {
  if (typeof acr !== "string") return null;
  const m = /^AAL([123])(_|$)/i.exec(acr.trim());
  return m ? (Number(m[1]) as 1 | 2 | 3) : null;
}

/** Clerks and managers are never let in below AAL2: a user name and password alone does not open patient records. */
export const MIN_AAL_ANY_ROLE = 2;

/**
 * Whether the sign-in's assurance is enough for the role: clinicians and administrators need `minClinicalAal`
 * (CIS2_MIN_AAL), everyone else at least AAL2. A sign-in without a readable `acr` is never enough.
 */
export function assuranceEnough(role: Role, acr: unknown, minClinicalAal: 2 | 3): boolean {
  const level = assuranceLevel(acr);
  if (level === null) return false;
  return level >= (role === "clinician" || role === "admin" ? minClinicalAal : MIN_AAL_ANY_ROLE);
}

/** Reads CIS2_MIN_AAL: 2 or 3 (default 3). Throws with a plain message otherwise. */
export function parseMinAal(text: string | undefined): 2 | 3 {
  const t = text?.trim();
  if (!t) return 3;
  if (t === "2" || t === "3") return Number(t) as 2 | 3;
  throw new Error(`CIS2_MIN_AAL must be 2 or 3 (got "${t}")`);
}

/** Reads CIS2_ROLE_MAP (JSON object of code → role). Throws with a plain message when it is not valid. */
export function parseRoleMap(text: string | undefined): Cis2RoleMap {
  if (!text || !text.trim()) return DEFAULT_CIS2_ROLE_MAP;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("CIS2_ROLE_MAP must be a JSON object such as {\"R8000\":\"clinician\"}");
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error("CIS2_ROLE_MAP must be a JSON object of code → role");
  const out: Cis2RoleMap = {};
  for (const [code, role] of Object.entries(raw)) {
    if (!isRole(role)) throw new Error(`CIS2_ROLE_MAP: "${String(role)}" for ${code} is not one of clerk, clinician, manager, admin`);
    out[code.trim().toUpperCase()] = role;
  }
  return out;
}

export type RoleDecision =
  | { ok: true; role: Role; personRoleId?: string; roleCode?: string; matchedBy: string }
  | { ok: false; reason: "no-roles" | "wrong-organisation" | "no-matching-role"; seenOrgs: string[] };

function roleFor(entry: NrbacRole, map: Cis2RoleMap): { role: Role; by: string } | null {
  const codes = (entry.role_code ?? "").split(":").map((c) => c.trim().toUpperCase()).filter(Boolean);
  for (const code of [(entry.role_code ?? "").trim().toUpperCase(), ...codes.reverse()]) {
    if (code && map[code]) return { role: map[code], by: code };
  }
  const activities = [...(Array.isArray(entry.activity_codes) ? entry.activity_codes : []), ...(Array.isArray(entry.activities) ? entry.activities : [])];
  for (const a of activities) {
    const code = String(a).trim().toUpperCase();
    if (map[code]) return { role: map[code], by: code };
  }
  return null;
}

/**
 * Our role for a CIS2 sign-in. The role the person selected at sign-in (`selected_roleid`) is used when given;
 * otherwise the first of their roles held at this trust that the map knows. A mapped role held only at another
 * organisation is refused as "wrong organisation"; roles at this trust that the map does not know, as "no matching role".
 */
export function decideCis2Role(claims: { nhsid_nrbac_roles?: unknown; selected_roleid?: unknown }, trustOds: string, map: Cis2RoleMap): RoleDecision {
  const all = (Array.isArray(claims.nhsid_nrbac_roles) ? claims.nhsid_nrbac_roles : []).filter((r): r is NrbacRole => !!r && typeof r === "object");
  const seenOrgs = [...new Set(all.map((r) => String(r.org_code ?? "").toUpperCase()).filter(Boolean))];
  if (all.length === 0) return { ok: false, reason: "no-roles", seenOrgs };
  const selected = typeof claims.selected_roleid === "string" && claims.selected_roleid ? claims.selected_roleid : null;
  const candidates = selected ? all.filter((r) => r.person_roleid === selected) : all;
  const ours = candidates.filter((r) => String(r.org_code ?? "").toUpperCase() === trustOds.toUpperCase());
  for (const entry of ours) {
    const m = roleFor(entry, map);
    if (m) return { ok: true, role: m.role, personRoleId: entry.person_roleid, roleCode: entry.role_code, matchedBy: m.by };
  }
  if (ours.length === 0) return { ok: false, reason: "wrong-organisation", seenOrgs };
  return { ok: false, reason: "no-matching-role", seenOrgs };
}

export const CIS2_REFUSAL_TEXT: Record<string, string> = {
  "no-roles": "Your NHS Care Identity has no role that can use this system. Ask your Registration Authority to add one, or use your ED account.",
  "wrong-organisation": "Your NHS Care Identity role belongs to another organisation. Choose a role at this trust when you sign in, or ask your Registration Authority.",
  "no-matching-role": "Your NHS Care Identity role does not give access to this system. Ask your Registration Authority or an administrator which role you need.",
  "assurance-too-low": "The way you signed in to NHS Care Identity is not strong enough for your role here. Sign in again with your smartcard or another authenticator your trust has approved for clinical use.",
  disabled: "This account has been disabled. Ask an administrator to enable it.",
  "no-trust": "This system does not know its own organisation code, so NHS Care Identity roles cannot be checked. Tell the service desk (TRUST_ODS_CODE).",
  "no-subject": "NHS Care Identity did not say who you are. Try again, or use your ED account.",
  failed: "Signing in with NHS Care Identity did not work. Try again, or use your ED account.",
};
