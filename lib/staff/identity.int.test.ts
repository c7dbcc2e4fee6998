import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemoStaff, DEMO_PASSWORD, DEMO_ADMIN_TOTP_SECRET } from "../seed/staff";
import { seedTrust } from "../seed/provider";
import { totpCode, totpStep } from "../auth/totp";
import { parseRoleMap } from "../auth/cis2-roles";
import { trustOdsCode } from "../auth/identity-config";
import { MoreNeeded, verifyStaffSignIn } from "./verify-sign-in";
import { signInWithCis2 } from "./cis2-sign-in";
import { confirmTotpEnrolment, startTotpEnrolment } from "./totp-enrolment";
import { createStaffUser } from "./create-staff-user";
import { updateStaffUser } from "./update-staff-user";
import type { StaffActor } from "../auth/actor";

// National access roles, and a code of the trust's own choosing for its managers.
const MAP = parseRoleMap('{"R8000":"clinician","R8001":"clinician","R8010":"clerk","R8011":"manager"}');
let admin: StaffActor;

function rbac(org: string, roleCode: string, personRoleId = "p1", acr = "AAL3_ANY") {
  return { acr, nhsid_nrbac_roles: [{ person_roleid: personRoleId, org_code: org, role_code: roleCode, activity_codes: [] }] };
}

describe("staff identity: break-glass, TOTP, CIS2", () => {
  beforeAll(async () => {
    await seedDemoStaff(db());
    const a = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    admin = { type: "staff", id: a.id, name: a.name, role: "admin" };
  });

  it("with CIS2 configured, a non-admin's password sign-in needs a reason and is audited as break-glass", async () => {
    await expect(verifyStaffSignIn({ username: "clerk", password: DEMO_PASSWORD, cis2Enabled: true })).rejects.toBeInstanceOf(MoreNeeded);
    await expect(verifyStaffSignIn({ username: "clerk", password: DEMO_PASSWORD, cis2Enabled: true, reason: "x".repeat(501) })).rejects.toThrow(/500 characters/);
    const s = await verifyStaffSignIn({ username: "clerk", password: DEMO_PASSWORD, cis2Enabled: true, reason: "  Smartcard   reader broken " });
    expect(s.breakGlass).toBe(true);
    const ev = await db().auditEvent.findFirstOrThrow({ where: { action: "staff.sign-in", entityId: s.id, outcome: "success" }, orderBy: { at: "desc" } });
    expect(ev.reason).toBe("Smartcard reader broken");
    expect(JSON.parse(ev.detail ?? "{}")).toMatchObject({ breakGlass: true, method: "password" });
    // Without CIS2 (the demo), passwords work as before: no reason, not break-glass.
    expect((await verifyStaffSignIn({ username: "clerk", password: DEMO_PASSWORD })).breakGlass).toBe(false);
  });

  it("an administrator's code is good once and only near its time; the demo secret is stored encrypted", async () => {
    const row = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    expect(row.totpSecret).toBeTruthy();
    expect(row.totpSecret).not.toContain(DEMO_ADMIN_TOTP_SECRET);
    const now = new Date(Date.now() + 10 * 60_000); // a step no other test used
    const code = totpCode(DEMO_ADMIN_TOTP_SECRET, now);
    await expect(verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD, code: totpCode(DEMO_ADMIN_TOTP_SECRET, now.getTime() + 5 * 60_000), now })).rejects.toThrow(/not right/);
    expect(await verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD, code, now })).toMatchObject({ method: "pwd+otp" });
    expect((await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } })).totpLastStep).toBe(totpStep(now));
    await expect(verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD, code, now })).rejects.toThrow(/already been used/);
    // An earlier step's code is refused once a later one was used, even inside the drift window.
    await expect(verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD, code: totpCode(DEMO_ADMIN_TOTP_SECRET, now.getTime() - 30_000), now })).rejects.toThrow(/already been used/);
    // Admins never need a break-glass reason: the code is their second factor.
    const later = new Date(now.getTime() + 60_000);
    expect(await verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD, code: totpCode(DEMO_ADMIN_TOTP_SECRET, later), cis2Enabled: true, now: later })).toMatchObject({ breakGlass: false });
    await db().signInThrottle.deleteMany({});
  });

  it("a new administrator enrols: the secret is shown until confirmed, then never; confirming ends their sessions", async () => {
    const { id } = await createStaffUser({ username: "second.admin", name: "Second Admin", role: "admin", temporaryPassword: "Temporary-Pass-123" }, admin);
    const first = await verifyStaffSignIn({ username: "second.admin", password: "Temporary-Pass-123" });
    expect(first.method).toBe("pwd");
    const started = await startTotpEnrolment(id);
    expect(started.state).toBe("pending");
    const secret = started.state === "pending" ? started.secret : "";
    expect(await startTotpEnrolment(id)).toEqual({ state: "pending", secret });
    const actor: StaffActor = { type: "staff", id, name: "Second Admin", role: "admin" };
    await expect(confirmTotpEnrolment(actor, "12345")).rejects.toThrow(/6-digit/);
    const before = await db().staffUser.findUniqueOrThrow({ where: { id } });
    await confirmTotpEnrolment(actor, totpCode(secret));
    const after = await db().staffUser.findUniqueOrThrow({ where: { id } });
    expect(after.totpEnabledAt).not.toBeNull();
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await startTotpEnrolment(id)).state).toBe("enrolled");
    await expect(verifyStaffSignIn({ username: "second.admin", password: "Temporary-Pass-123" })).rejects.toThrow(/6-digit code/);
    // A lost authenticator: another administrator resets it, and the next sign-in enrols again.
    await updateStaffUser({ change: "reset-two-factor", id, version: after.version }, admin);
    expect((await verifyStaffSignIn({ username: "second.admin", password: "Temporary-Pass-123" })).method).toBe("pwd");
    expect(await db().auditEvent.count({ where: { action: "staff.two-factor-enrol", entityId: id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "staff.reset-two-factor", entityId: id } })).toBe(1);
  });

  it("CIS2: creates the account on first sign-in, re-reads the role every time, and refuses other organisations and unmapped roles", async () => {
    await seedTrust(db());
    const trust = await trustOdsCode({});
    expect(trust).toBe("RZZ");
    expect(await trustOdsCode({ TRUST_ODS_CODE: "rxy" })).toBe("RXY");

    const first = await signInWithCis2({ sub: "555000000101", name: "Dr Test Card", ...rbac("RZZ", "S8000:G8000:R8000") }, { trustOds: trust, roleMap: MAP });
    expect(first).toMatchObject({ ok: true, staff: { role: "clinician" } });
    const user = await db().staffUser.findUniqueOrThrow({ where: { cis2Subject: "555000000101" } });
    // No password can sign in to a CIS2-created account.
    await expect(verifyStaffSignIn({ username: user.username, password: "" })).rejects.toThrow();
    await expect(verifyStaffSignIn({ username: user.username, password: "!cis2-only" })).rejects.toThrow(/correct user name and password/);

    const again = await signInWithCis2({ sub: "555000000101", name: "Dr Test Card", ...rbac("RZZ", "R8011") }, { trustOds: trust, roleMap: MAP });
    expect(again).toMatchObject({ ok: true, staff: { id: user.id, role: "manager" } });
    const changed = await db().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(changed.role).toBe("manager");
    expect(changed.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await db().staffUser.count({ where: { cis2Subject: "555000000101" } })).toBe(1);

    const count = await db().staffUser.count();
    expect(await signInWithCis2({ sub: "555000000102", ...rbac("RXX", "R8000") }, { trustOds: trust, roleMap: MAP })).toEqual({ ok: false, reason: "wrong-organisation" });
    expect(await signInWithCis2({ sub: "555000000103", ...rbac("RZZ", "R5555") }, { trustOds: trust, roleMap: MAP })).toEqual({ ok: false, reason: "no-matching-role" });
    expect(await signInWithCis2({ sub: "", ...rbac("RZZ", "R8000") }, { trustOds: trust, roleMap: MAP })).toEqual({ ok: false, reason: "no-subject" });
    expect(await db().staffUser.count()).toBe(count);
    const refusals = await db().auditEvent.findMany({ where: { action: "staff.sign-in", outcome: "refused", reason: { in: ["wrong-organisation", "no-matching-role"] } } });
    expect(refusals.map((r) => JSON.parse(r.detail ?? "{}").cis2Subject).sort()).toEqual(["555000000102", "555000000103"]);

    // A disabled CIS2 account stays disabled whatever CIS2 says.
    await updateStaffUser({ change: "disable", id: user.id, version: changed.version }, admin);
    expect(await signInWithCis2({ sub: "555000000101", ...rbac("RZZ", "R8000") }, { trustOds: trust, roleMap: MAP })).toEqual({ ok: false, reason: "disabled" });
  });

  it("CIS2 (HAZ-075): a clinician or administrator below CIS2_MIN_AAL is refused before any account is made; clerks need AAL2; no acr is never enough", async () => {
    const trust = "RZZ";
    const count = await db().staffUser.count();
    expect(await signInWithCis2({ sub: "555000000201", ...rbac("RZZ", "S8000:G8001:R8001", "p1", "AAL2_OR_AAL3_ANY") }, { trustOds: trust, roleMap: MAP, minAal: 3 })).toEqual({ ok: false, reason: "assurance-too-low" });
    expect(await signInWithCis2({ sub: "555000000202", ...rbac("RZZ", "R8000", "p1", "") }, { trustOds: trust, roleMap: MAP, minAal: 2 })).toEqual({ ok: false, reason: "assurance-too-low" });
    expect(await signInWithCis2({ sub: "555000000203", ...rbac("RZZ", "R8010", "p1", "AAL1_USERPASS") }, { trustOds: trust, roleMap: MAP, minAal: 3 })).toEqual({ ok: false, reason: "assurance-too-low" });
    expect(await db().staffUser.count()).toBe(count);
    const refused = await db().auditEvent.findFirstOrThrow({ where: { action: "staff.sign-in", outcome: "refused", reason: "assurance-too-low", detail: { contains: "555000000201" } } });
    expect(JSON.parse(refused.detail!)).toMatchObject({ acr: "AAL2_OR_AAL3_ANY", role: "clinician", minAal: 3 });

    expect(await signInWithCis2({ sub: "555000000204", ...rbac("RZZ", "R8010", "p1", "AAL2_OR_AAL3_ANY") }, { trustOds: trust, roleMap: MAP, minAal: 3 })).toMatchObject({ ok: true, staff: { role: "clerk" } });
    expect(await signInWithCis2({ sub: "555000000201", ...rbac("RZZ", "R8001", "p1", "AAL2_OR_AAL3_ANY") }, { trustOds: trust, roleMap: MAP, minAal: 2 })).toMatchObject({ ok: true, staff: { role: "clinician" } });
    const signIn = await db().auditEvent.findFirstOrThrow({ where: { action: "staff.sign-in", outcome: "success", detail: { contains: "555000000201" } } });
    expect(JSON.parse(signIn.detail!)).toMatchObject({ acr: "AAL2_OR_AAL3_ANY" });
  });
});
