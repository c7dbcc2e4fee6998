import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { assuranceEnough, decideCis2Role, type Cis2RoleMap } from "../auth/cis2-roles";
import { NO_PASSWORD } from "../auth/password";
import { isRole, type Role } from "../auth/roles";

export type Cis2Outcome =
  | { ok: true; staff: { id: string; name: string; role: Role; sessionVersion: number } }
  | { ok: false; reason: "no-roles" | "wrong-organisation" | "no-matching-role" | "assurance-too-low" | "disabled" | "no-trust" | "no-subject" };

export interface Cis2Claims {
  sub?: unknown;
  uid?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  nhsid_nrbac_roles?: unknown;
  selected_roleid?: unknown;
  /** CIS2's authentication assurance (AAL3_ANY, AAL2_OR_AAL3_ANY, AAL1_USERPASS…), from the ID token. */
  acr?: unknown;
}

function displayName(c: Cis2Claims): string {
  const full = typeof c.name === "string" ? c.name.trim() : "";
  if (full) return full.slice(0, 120);
  const parts = [c.given_name, c.family_name].filter((x): x is string => typeof x === "string" && !!x.trim());
  return parts.join(" ").slice(0, 120) || "NHS Care Identity user";
}

/**
 * A sign-in through NHS CIS2: the role comes from the national RBAC claim at every sign-in (never kept from last
 * time), held at this trust, mapped by configuration. The account is created on first sign-in and found by the CIS2
 * subject afterwards. Every sign-in and every refusal is audited.
 */
export async function signInWithCis2(claims: Cis2Claims, opts: { trustOds: string | null; roleMap: Cis2RoleMap; minAal?: 2 | 3; ip?: string; now?: Date }): Promise<Cis2Outcome> {
  const now = opts.now ?? new Date();
  const subject = typeof claims.sub === "string" && claims.sub.trim() ? claims.sub.trim() : typeof claims.uid === "string" ? claims.uid.trim() : "";
  const sys = { type: "system" as const, name: "cis2-sign-in" };
  const refuse = async (reason: Exclude<Cis2Outcome, { ok: true }>["reason"], detail: Record<string, unknown> = {}, entityId?: string) => {
    await recordAudit(sys, { action: "staff.sign-in", entityType: "StaffUser", entityId, outcome: "refused", reason, detail: { method: "cis2", cis2Subject: subject || null, ip: opts.ip, ...detail } });
    return { ok: false as const, reason };
  };
  if (!subject) return refuse("no-subject");
  if (!opts.trustOds) return refuse("no-trust");
  const decision = decideCis2Role(claims, opts.trustOds, opts.roleMap);
  if (!decision.ok) return refuse(decision.reason, { organisations: decision.seenOrgs, trust: opts.trustOds });
  const acr = typeof claims.acr === "string" ? claims.acr.slice(0, 60) : null;
  // Checked before the account is created or its role changed: a weak sign-in changes nothing.
  if (!assuranceEnough(decision.role, claims.acr, opts.minAal ?? 3)) return refuse("assurance-too-low", { acr, role: decision.role, roleCode: decision.roleCode, minAal: opts.minAal ?? 3 });

  const name = displayName(claims);
  const existing = await db().staffUser.findUnique({ where: { cis2Subject: subject } });
  if (existing?.disabled) return refuse("disabled", {}, existing.id);
  let user;
  if (!existing) {
    user = await db().staffUser.create({
      data: { username: `cis2:${subject.toLowerCase()}`.slice(0, 120), name, role: decision.role, passwordHash: NO_PASSWORD, cis2Subject: subject, lastSignInAt: now },
    });
  } else {
    const roleChanged = existing.role !== decision.role;
    user = await db().staffUser.update({
      where: { id: existing.id },
      data: {
        role: decision.role,
        name,
        lastSignInAt: now,
        // A changed role ends the sessions that carried the old one.
        ...(roleChanged ? { sessionVersion: { increment: 1 }, version: { increment: 1 } } : {}),
      },
    });
  }
  if (!isRole(user.role)) return refuse("no-matching-role");
  await recordAudit(
    { type: "staff", id: user.id, name: user.name, role: user.role, ip: opts.ip },
    {
      action: "staff.sign-in",
      entityType: "StaffUser",
      entityId: user.id,
      detail: { method: "cis2", cis2Subject: subject, acr, roleCode: decision.roleCode, personRoleId: decision.personRoleId, matchedBy: decision.matchedBy, created: !existing, ...(existing && existing.role !== decision.role ? { previousRole: existing.role } : {}) },
    },
  );
  return { ok: true, staff: { id: user.id, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}
