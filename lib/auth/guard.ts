import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { db } from "../db/client";
import type { StaffActor } from "./actor";
import { authOptions } from "./options";
import { isRole, type Role } from "./roles";

export interface StaffSession extends StaffActor {
  username: string;
  mustChangePassword: boolean;
}

/**
 * The signed-in member of staff, checked against the database on every request: a disabled account,
 * a changed role or a password reset ends existing sessions at once (sessionVersion).
 */
export async function currentStaff(): Promise<StaffSession | null> {
  const session = await getServerSession(authOptions);
  const token = session?.user as { id?: string } | undefined;
  if (!token?.id) return null;
  const user = await db().staffUser.findUnique({ where: { id: token.id } });
  if (!user || user.disabled || !isRole(user.role)) return null;
  const sv = (session as unknown as { sv?: number }).sv;
  if (sv !== undefined && sv !== user.sessionVersion) return null;
  const h = await headers();
  const ip = h.get("x-forwarded-for")?.split(",")[0].trim() || undefined;
  return { type: "staff", id: user.id, name: user.name, username: user.username, role: user.role, mustChangePassword: user.mustChangePassword, ip };
}

/** For pages: signs in, changes a temporary password, or shows 403, as needed. */
export async function requirePageRole(roles: readonly Role[], opts: { allowPasswordChange?: boolean } = {}): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  if (staff.mustChangePassword && !opts.allowPasswordChange) redirect("/account/password");
  if (!roles.includes(staff.role)) forbidden();
  return staff;
}
