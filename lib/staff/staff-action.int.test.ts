import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemoStaff } from "../seed/staff";
import type { SessionState } from "../auth/guard";
import { isRole, ROLES } from "../auth/roles";
import { changeOwnPassword } from "./change-own-password";
import { createStaffUser, createStaffUserInput } from "./create-staff-user";
import { updateStaffUser, updateStaffUserInput } from "./update-staff-user";
import { CHANGE_PASSWORD_FIRST, makeStaffAction } from "./staff-action";

/**
 * The wrapper around real use cases on a real database: the session is the one account's row as the guard reads it
 * (only next-auth's cookie is skipped), and the refusals come from the use cases themselves.
 */
let signedInAs = "admin";

async function session(): Promise<SessionState> {
  const user = await db().staffUser.findUniqueOrThrow({ where: { username: signedInAs } });
  if (!isRole(user.role)) throw new Error(`unexpected role ${user.role}`);
  const method = user.role === "admin" ? "pwd+otp" : "pwd";
  const staff = { type: "staff", id: user.id, name: user.name, username: user.username, role: user.role, mustChangePassword: user.mustChangePassword, method, twoFactorPending: false, lastActivity: 0, idleForSeconds: 0 } as const;
  return { kind: "staff", staff };
}

const staffAction = makeStaffAction({
  session,
  headers: async () => new Headers({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin" }),
  revalidate: () => {},
});

const createAccount = staffAction(
  { roles: ["admin"], schema: createStaffUserInput, invalidMessage: "Check the account details", keepValues: ["name", "username", "role"] },
  async (input, admin) => {
    await createStaffUser(input, admin);
    return { ok: `Account created for ${input.name}.` };
  },
);
const updateAccount = staffAction({ roles: ["admin"], schema: updateStaffUserInput }, async (input, admin) => {
  await updateStaffUser(input, admin);
  return { ok: "Changed." };
});
const changePassword = staffAction({ roles: ROLES, allowPasswordChange: true }, async (_input, staff, { values }) => {
  await changeOwnPassword({ currentPassword: values.currentPassword ?? "", newPassword: values.newPassword ?? "", confirmPassword: values.confirmPassword ?? "" }, staff);
  return { ok: "Password changed." };
});
const noteOnClerkDesk = staffAction({ roles: ["clerk"] }, async () => ({ ok: "Done." }));

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

describe("staffAction with real use cases", () => {
  beforeAll(async () => {
    await seedDemoStaff(db());
  });

  it("answers a use case's refusal with its field message and keeps what was typed, changing nothing", async () => {
    signedInAs = "admin";
    const before = await db().staffUser.count();
    const s = await createAccount({}, form({ name: "Another Clerk", username: "clerk", role: "clerk", temporaryPassword: "Temporary-Pass-123" }));
    expect(s).toMatchObject({ error: "That user name is already taken", fields: { username: "That user name is already taken" }, values: { name: "Another Clerk", username: "clerk", role: "clerk" } });
    expect(s.values).not.toHaveProperty("temporaryPassword");
    expect(await db().staffUser.count()).toBe(before);
  });

  it("answers a stale version with the use case's conflict message", async () => {
    signedInAs = "admin";
    const clerk = await db().staffUser.findUniqueOrThrow({ where: { username: "clerk" } });
    const s = await updateAccount({}, form({ change: "role", id: clerk.id, version: String(clerk.version - 1), role: "clinician" }));
    expect(s.error).toBe("Someone else changed this account while you were looking at it. Check the details and try again.");
    expect((await db().staffUser.findUniqueOrThrow({ where: { id: clerk.id } })).role).toBe("clerk");
  });

  it("lets a new account with a temporary password change it, and nothing else until it has", async () => {
    signedInAs = "admin";
    expect(await createAccount({}, form({ name: "New Clerk", username: "new.clerk", role: "clerk", temporaryPassword: "Temporary-Pass-123" }))).toMatchObject({ ok: "Account created for New Clerk." });

    signedInAs = "new.clerk";
    expect(await noteOnClerkDesk({}, form({}))).toMatchObject({ error: CHANGE_PASSWORD_FIRST });
    expect(await changePassword({}, form({ currentPassword: "wrong-password-1", newPassword: "My-Own-Password-9", confirmPassword: "My-Own-Password-9" }))).toMatchObject({
      error: "Your current password is not right",
      fields: { currentPassword: "Your current password is not right" },
    });
    expect(await changePassword({}, form({ currentPassword: "Temporary-Pass-123", newPassword: "My-Own-Password-9", confirmPassword: "My-Own-Password-9" }))).toMatchObject({ ok: "Password changed." });
    expect(await noteOnClerkDesk({}, form({}))).toMatchObject({ ok: "Done." });
  });
});
