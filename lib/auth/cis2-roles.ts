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
 * Used when CIS2_ROLE_MAP is not set: the national access roles for clinicians and for clerical/admin support staff.
 * Managers and administrators are never granted by default: a trust lists its own codes for them.
 */
export const DEFAULT_CIS2_ROLE_MAP: Cis2RoleMap = {
  R8000: "clinician", // Clinical Practitioner Access Role
  R8001: "clinician", // Nurse Access Role
  R8003: "clinician", // Health Professional Access Role
  R8008: "clerk", // Admin/Clinical Support Access Role
  R8010: "clerk", // Clerical Access Role
};

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
  disabled: "This account has been disabled. Ask an administrator to enable it.",
  "no-trust": "This system does not know its own organisation code, so NHS Care Identity roles cannot be checked. Tell the service desk (TRUST_ODS_CODE).",
  "no-subject": "NHS Care Identity did not say who you are. Try again, or use your ED account.",
  failed: "Signing in with NHS Care Identity did not work. Try again, or use your ED account.",
};
