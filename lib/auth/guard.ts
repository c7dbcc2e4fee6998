import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { preparedRead } from "../db/prepared-read";
import type { StaffActor } from "./actor";
import { authOptions } from "./options";
import { isRole, type Role } from "./roles";
import { idleMinutes } from "./identity-config";
import { isIdle } from "./idle";
import { clientAddress } from "../security/client-address";
import type { AuthMethod } from "../staff/verify-sign-in";

export interface StaffSession extends StaffActor {
  username: string;
  mustChangePassword: boolean;
  /** How this session was proved. */
  method: AuthMethod;
  /** An administrator signed in with a password only: the session may do nothing but set up two-factor sign-in. */
  twoFactorPending: boolean;
  /** Last activity the session token carries (seconds since the epoch). */
  lastActivity: number;
  /** Seconds since then, when the session was read. */
  idleForSeconds: number;
}

/** Read on every staff request: one prepared statement (lib/db/prepared-read.ts), booleans as booleans on both databases. */
const SESSION_USER_SQL = `SELECT "id", "name", "username", "role", "mustChangePassword", "disabled", "sessionVersion" FROM "StaffUser" WHERE "id" = ?`;

async function sessionUser(id: string): Promise<{ id: string; name: string; username: string; role: string; mustChangePassword: boolean; disabled: boolean; sessionVersion: number } | null> {
  const r = (await preparedRead<{ id: string; name: string; username: string; role: string; mustChangePassword: boolean | number; disabled: boolean | number; sessionVersion: number }>({ name: "session.user", sql: SESSION_USER_SQL }, [id]))[0];
  return r ? { ...r, mustChangePassword: r.mustChangePassword === true || r.mustChangePassword === 1, disabled: r.disabled === true || r.disabled === 1 } : null;
}

export type SessionState = { kind: "none" } | { kind: "idle"; minutes: number } | { kind: "staff"; staff: StaffSession };

export const IDLE_LOGIN_PATH = "/login?reason=idle";

/**
 * The signed-in member of staff, checked against the database on every request: a disabled account,
 * a changed role or a password reset ends existing sessions at once (sessionVersion), and a session without
 * activity for STAFF_IDLE_MINUTES has ended.
 */
export async function readStaffSession(): Promise<SessionState> {
  const session = await getServerSession(authOptions);
  const token = session?.user as { id?: string } | undefined;
  if (!token?.id) return { kind: "none" };
  const extra = session as unknown as { sv?: number; amr?: string; la?: number };
  const minutes = idleMinutes();
  if (isIdle(extra.la, minutes)) return { kind: "idle", minutes };
  const user = await sessionUser(token.id);
  if (!user || user.disabled || !isRole(user.role)) return { kind: "none" };
  if (extra.sv !== undefined && extra.sv !== user.sessionVersion) return { kind: "none" };
  const method: AuthMethod = extra.amr === "cis2" || extra.amr === "pwd+otp" ? extra.amr : "pwd";
  const h = await headers();
  const ip = clientAddress(h.get("x-forwarded-for"));
  return {
    kind: "staff",
    staff: {
      type: "staff",
      id: user.id,
      name: user.name,
      username: user.username,
      role: user.role,
      mustChangePassword: user.mustChangePassword,
      method,
      twoFactorPending: user.role === "admin" && method === "pwd",
      lastActivity: extra.la as number,
      idleForSeconds: Math.max(0, Math.floor(Date.now() / 1000) - (extra.la as number)),
      ip,
    },
  };
}

/** The signed-in member of staff with a complete session (not idle, second factor given where required), or null. */
export async function currentStaff(): Promise<StaffSession | null> {
  const s = await readStaffSession();
  return s.kind === "staff" && !s.staff.twoFactorPending ? s.staff : null;
}

/** For pages: signs in, sets up two-factor sign-in, changes a temporary password, or shows 403, as needed. */
export async function requirePageRole(roles: readonly Role[], opts: { allowPasswordChange?: boolean; allowTwoFactorSetup?: boolean } = {}): Promise<StaffSession> {
  const s = await readStaffSession();
  if (s.kind === "idle") redirect(IDLE_LOGIN_PATH);
  if (s.kind === "none") redirect("/login");
  const staff = s.staff;
  if (staff.twoFactorPending && !opts.allowTwoFactorSetup) redirect("/account/two-factor");
  if (staff.mustChangePassword && !opts.allowPasswordChange && !opts.allowTwoFactorSetup) redirect("/account/password");
  if (!roles.includes(staff.role)) forbidden();
  return staff;
}
