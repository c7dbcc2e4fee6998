import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemoStaff, DEMO_PASSWORD, DEMO_ADMIN_TOTP_SECRET } from "../seed/staff";
import { totpCode } from "../auth/totp";
import { createStaffUser } from "./create-staff-user";
import { updateStaffUser } from "./update-staff-user";
import { changeOwnPassword } from "./change-own-password";
import { verifyStaffSignIn, WRONG_CREDENTIALS } from "./verify-sign-in";
import { InvalidInput, Throttled, VersionConflict } from "../errors";
import type { StaffActor } from "../auth/actor";

let admin: StaffActor;

describe("staff accounts and sign-in", () => {
  beforeAll(async () => {
    await seedDemoStaff(db());
    const a = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    admin = { type: "staff", id: a.id, name: a.name, role: "admin" };
  });

  it("signs in each demo role and refuses a wrong password with the same message as an unknown user", async () => {
    for (const u of ["clerk", "clinician", "manager"]) {
      const s = await verifyStaffSignIn({ username: u, password: DEMO_PASSWORD });
      expect(s.role).toBe(u);
    }
    // The demo administrator is enrolled for two-factor sign-in: a code as well.
    await expect(verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD })).rejects.toThrow(/6-digit code/);
    const s = await verifyStaffSignIn({ username: "admin", password: DEMO_PASSWORD, code: totpCode(DEMO_ADMIN_TOTP_SECRET) });
    expect(s).toMatchObject({ role: "admin", method: "pwd+otp" });
    await expect(verifyStaffSignIn({ username: "clerk", password: "wrong-password" })).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(verifyStaffSignIn({ username: "nobody", password: "wrong-password" })).rejects.toThrow(WRONG_CREDENTIALS);
  });

  it("slows down repeated failures without ever locking the account", async () => {
    for (let i = 0; i < 3; i++) {
      await expect(verifyStaffSignIn({ username: "manager", password: "guess" })).rejects.toBeInstanceOf(InvalidInput);
    }
    // Three failures impose a wait; during it even the right password is asked to wait (no oracle).
    await expect(verifyStaffSignIn({ username: "manager", password: "guess" })).rejects.toBeInstanceOf(Throttled);
    await expect(verifyStaffSignIn({ username: "manager", password: DEMO_PASSWORD })).rejects.toBeInstanceOf(Throttled);
    // After the wait it works: a delay, not a lockout.
    await db().signInThrottle.update({ where: { key: "user:manager" }, data: { lastFailure: new Date(Date.now() - 60_000) } });
    await expect(verifyStaffSignIn({ username: "manager", password: DEMO_PASSWORD })).resolves.toMatchObject({ role: "manager" });
    expect(await db().signInThrottle.count({ where: { key: "user:manager" } })).toBe(0);
  });

  it("creates an account that must change its temporary password, audited", async () => {
    const { id } = await createStaffUser({ username: "new.clerk", name: "New Clerk", role: "clerk", temporaryPassword: "Temporary-Pass-123" }, admin);
    const s = await verifyStaffSignIn({ username: "new.clerk", password: "Temporary-Pass-123" });
    expect(s).toMatchObject({ id, role: "clerk", mustChangePassword: true });
    await changeOwnPassword(
      { currentPassword: "Temporary-Pass-123", newPassword: "My-Own-Password-9", confirmPassword: "My-Own-Password-9" },
      { type: "staff", id, name: "New Clerk", role: "clerk" },
    );
    expect(await verifyStaffSignIn({ username: "new.clerk", password: "My-Own-Password-9" })).toMatchObject({ mustChangePassword: false });
    expect(await db().auditEvent.count({ where: { action: "staff.create", entityId: id } })).toBe(1);
  });

  it("refuses a taken user name and a weak temporary password, changing nothing", async () => {
    const before = await db().staffUser.count();
    await expect(createStaffUser({ username: "clerk", name: "Dup", role: "clerk", temporaryPassword: "Temporary-Pass-123" }, admin)).rejects.toThrow(/already taken/);
    await expect(createStaffUser({ username: "short.pw", name: "Short", role: "clerk", temporaryPassword: "short" }, admin)).rejects.toThrow(/12 characters/);
    expect(await db().staffUser.count()).toBe(before);
  });

  it("ends sessions on a change, refuses a stale version, and keeps the last administrator", async () => {
    const clerk = await db().staffUser.findUniqueOrThrow({ where: { username: "clerk" } });
    await updateStaffUser({ change: "disable", id: clerk.id, version: clerk.version }, admin);
    const disabled = await db().staffUser.findUniqueOrThrow({ where: { id: clerk.id } });
    expect(disabled.disabled).toBe(true);
    expect(disabled.sessionVersion).toBe(clerk.sessionVersion + 1);
    await expect(verifyStaffSignIn({ username: "clerk", password: DEMO_PASSWORD })).rejects.toThrow(/disabled/);
    await expect(updateStaffUser({ change: "enable", id: clerk.id, version: clerk.version }, admin)).rejects.toBeInstanceOf(VersionConflict);

    const a = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    await expect(updateStaffUser({ change: "role", id: a.id, version: a.version, role: "clerk" }, admin)).rejects.toThrow(/at least one active administrator/);
    await expect(updateStaffUser({ change: "disable", id: a.id, version: a.version }, admin)).rejects.toThrow(/at least one active administrator/);
    expect((await db().staffUser.findUniqueOrThrow({ where: { id: a.id } })).role).toBe("admin");
  });
});
